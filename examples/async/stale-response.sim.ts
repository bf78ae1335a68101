// DEMONSTRATES A BUG: an old response lands after a newer one.
// finding: assertion (check)
//
// Search as you type: the user types "c", then "ca"; each keystroke sends a request. The
// server answers in any order, and whichever answer lands last is shown, so the page can show
// the results for "c" while the box says "ca". `check` finds that order of io() completions.
// Fix: after the await, show the answer only if it is still for the latest query
// (`if (query === latest) shown = ...`).
import { io, assert } from "interleave";

let latest = "";
let shown = "";

async function search(query: string) {
  latest = query;
  await io("search " + query);
  shown = "results for " + query;
}

export default async function main() {
  await Promise.all([search("c"), search("ca")]);
  assert(shown === "results for " + latest, `the page shows "${shown}" while the box says "${latest}"`);
}
