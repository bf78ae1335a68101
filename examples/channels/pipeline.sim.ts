// @interleave runtime=go gomaxprocs=2 cores=2
// A three-stage pipeline: generate numbers, square them, add them up.
//
// Each stage is a goroutine that owns its data and talks to the next only through a
// channel: no shared variables, so nothing to lock and nothing to race on. Closing a
// channel tells the next stage that no more values will come; `range()` ends then.
// The result is the same on every schedule: 1² + 2² + ... + 10² = 385.
import { go, Chan, compute, assert } from "interleave";

function generate(out: Chan<number>, count: number): void {
  for (let n = 1; n <= count; n++) out.send(n);
  out.close();
}

function square(input: Chan<number>, out: Chan<number>): void {
  for (const n of input.range()) {
    compute("1ms");                  // stand-in for real work per item
    out.send(n * n);
  }
  out.close();
}

export default function main() {
  const numbers = new Chan<number>(2);
  const squares = new Chan<number>(2);
  go(generate, numbers, 10);
  go(square, numbers, squares);
  let total = 0;
  for (const sq of squares.range()) total += sq;
  assert(total === 385, `expected 385, got ${total}`);
  return total;
}
