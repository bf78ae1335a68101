/**
 * Where the engine gets its sync objects. The sync layer (src/core/sync/index.ts,
 * `createSyncObject`) registers itself from src/core/index.ts; tests may pass their own
 * factory in `SimulateDeps`. Keeping the link here lets the engine build and be tested
 * without depending on the sync layer's files.
 */
import type { SyncFactory } from './world';

let registered: SyncFactory | null = null;

export function registerSyncFactory(f: SyncFactory): void {
  registered = f;
}

export function defaultSyncFactory(): SyncFactory {
  return registered ?? ((decl) => {
    throw new Error(`no sync objects are available to create \`${decl.name}\` (${decl.kind}): import the core through src/core/index.ts, which registers them`);
  });
}
