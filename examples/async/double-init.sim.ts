// DEMONSTRATES A BUG: a lazy initialisation that runs twice.
// finding: data-race, assertion (check)
//
// Check, await, act: both callers see `config` unset, both start loading it, and both
// assign it. `check` reports the race across await at the check (line 15) and the
// assertion that it loaded once. The usual fix caches the promise, not the value:
// `configPromise ??= load();` then `return await configPromise;` (no await between the
// check and the assignment).
import { io, assert } from "interleave";

let config: { text: string } | undefined;
let loads = 0;

async function getConfig() {
  if (config === undefined) {
    await io("read config file");
    loads++;
    config = { text: "port=8080" };
  }
  return config;
}

export default async function main() {
  await Promise.all([getConfig(), getConfig()]);
  assert(loads === 1, `the config was loaded ${loads} times`);
}
