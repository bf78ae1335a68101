import { DporSearch } from './dpor';
import { StatefulSearch } from './stateful';
import type { ScheduleDriver, SearchStrategy } from './strategy';

/**
 * The search behind `--strategy dpor` and the portfolio's complete member: stateful search
 * (stateful.ts) while the program's state can be observed, else stateless dpor (dpor.ts).
 * A state that cannot be observed (a task body given an object) ends the stateful search
 * after the run that met it, and dpor starts over from the beginning; what the stateful runs
 * found stays found. `complete` is the complete-ness of the search that finished.
 */
export class ExhaustiveSearch implements SearchStrategy {
  private stateful: StatefulSearch | null = new StatefulSearch();
  private stateless: DporSearch | null = null;
  /** Why a search asked to be stateful is stateless. */
  fallback: string | null = null;

  constructor(stateful = true) {
    if (!stateful) {
      this.stateful = null;
      this.stateless = new DporSearch();
    }
  }

  readonly name = 'dpor';

  /** How the search runs now. */
  get mode(): 'stateful' | 'stateless' {
    return this.stateful ? 'stateful' : 'stateless';
  }

  private get current(): SearchStrategy {
    return (this.stateful ?? this.stateless)!;
  }

  get exhausted(): boolean {
    return this.current.exhausted;
  }

  get complete(): boolean {
    return this.current.complete;
  }

  /** Distinct states the stateful search stored (0 once it fell back). */
  get states(): number {
    return this.stateful?.states ?? 0;
  }

  get divergence(): string | null {
    return this.stateful ? this.stateful.divergence : this.stateless!.divergence;
  }

  get tooLarge(): boolean {
    return this.stateless?.tooLarge ?? false;
  }

  /** The dpor search, once the search is stateless. */
  get dpor(): DporSearch | null {
    return this.stateless;
  }

  startRun(): ScheduleDriver {
    return this.current.startRun();
  }

  finishRun(run: ScheduleDriver): void {
    const stateful = this.stateful;
    if (stateful) {
      stateful.finishRun(run);
      if (stateful.opaque) this.switchToDpor('a task was given an object its state cannot be compared by (engine/stateKey.ts)');
    } else this.stateless!.finishRun(run);
  }

  private switchToDpor(why: string): void {
    this.stateful = null;
    this.stateless = new DporSearch();
    this.fallback = why;
  }
}
