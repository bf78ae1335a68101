// label: race rate
// why: the price's toString, which a template literal calls by itself, reads the shared rate while another task changes it, with nothing ordering the read and the write.
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
  const updater = spawn(() => { rate = 3; });
  const line = printer.join();
  updater.join();
  return line;
}
