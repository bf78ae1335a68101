// label: no race
// why: the price's toString, which a template literal calls by itself, reads the shared rate; main changes the rate only after joining the printer, so the join orders the read before the write.
import { spawn } from "interleave";

let rate = 2;

class Price {
  constructor(readonly amount: number) {}
  toString(): string {
    return (this.amount * rate).toFixed(2);
  }
}

export default function main() {
  const p = new Price(10);
  const printer = spawn(() => `total: ${p}`);
  const line = printer.join();
  rate = 3;
  return line + " then " + p;
}
