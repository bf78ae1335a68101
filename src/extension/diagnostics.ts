/**
 * The `interleave` diagnostic collection and the checks that fill it. Each scenario and
 * `.sim.ts` document is checked in the worker on open, on save and while typing
 * (debounced): its input errors, or else its findings from a bounded exploration, go into
 * this one collection. A newer check of the same document cancels the older one, so a
 * stale result never overwrites a fresh one. The checking is the race lens's
 * (lens/fileChecks.ts); this class keeps the collection and the API tests use.
 */
import * as vscode from 'vscode';
import type { FileChecks } from './lens/fileChecks';
import { createChecks, type LensChecks } from './lens/raceLens';
import type { TrustGate } from './lens/trust';
import type { SimulationHost } from './simulationHost';

export class ScenarioDiagnostics implements vscode.Disposable, LensChecks {
  readonly collection = vscode.languages.createDiagnosticCollection('interleave');
  readonly checks: FileChecks;
  readonly trust: TrustGate;
  private readonly owned: vscode.Disposable;

  constructor(host: SimulationHost) {
    const created = createChecks(host, this.collection);
    this.checks = created.checks;
    this.trust = created.trust;
    this.owned = created;
  }

  /** Checks one document now; resolves when its diagnostics are in the collection. */
  async check(document: vscode.TextDocument): Promise<void> {
    await this.checks.check(document);
  }

  dispose(): void {
    this.owned.dispose();
    this.collection.dispose();
  }
}
