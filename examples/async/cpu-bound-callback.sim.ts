// A CPU-bound callback stalls the whole event loop.
//
// One thread runs every callback to completion. The 10 ms heartbeat below is due at 10 ms,
// but a callback that computes for 200 ms holds the thread, so the heartbeat runs only
// when it ends (~200 ms late), and so would every I/O completion. Look at: the heartbeat's
// callback starting at ~200 ms in the timeline. The fix on one thread: cut the work into
// chunks and yield between them (`chunked = true`: `await sleep(1)` after each 20 ms chunk),
// so the heartbeat runs at ~21 ms; or move the work to a worker thread (Node's worker_threads).
import { compute, sleep } from "interleave";

const chunked = false;
let beats = 0;

async function crunch() {
  if (!chunked) {
    compute("200ms");           // e.g. JSON.parse of a huge body, a synchronous hash
    return;
  }
  for (let i = 0; i < 10; i++) {
    compute("20ms");
    await sleep(1);             // give the loop a turn: timers and I/O run here
  }
}

export default async function main() {
  setTimeout(() => { beats++; }, 10);
  await crunch();
  await sleep(20);
  return beats;
}
