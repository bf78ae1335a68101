// label: no race
// why: items pass from the producer to the consumer over a channel; each side keeps its own state.
import { spawn, Chan } from "interleave";

class Producer {
  constructor(private out: Chan<number>) {}
  run(n: number) { for (let i = 1; i <= n; i++) this.out.send(i); this.out.close(); }
}

class Consumer {
  sum = 0;
  constructor(private input: Chan<number>) {}
  run() { for (const v of this.input.range()) this.sum += v; return this.sum; }
}

export default function main() {
  const ch = new Chan<number>(1);
  const p = new Producer(ch);
  const c = new Consumer(ch);
  spawn(() => p.run(3));
  const t = spawn(() => c.run());
  return t.join();
}
