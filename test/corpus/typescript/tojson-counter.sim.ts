// label: race serialised
// why: JSON.stringify calls the order's toJSON by itself, which counts into a shared total; another task resets the total at the same time with nothing ordering the two.
import { spawn } from "interleave";

let serialised = 0;

class Order {
  constructor(readonly id: number, readonly items: string[]) {}
  toJSON(): object {
    serialised += 1;
    return { id: this.id, n: this.items.length };
  }
}

export default function main() {
  const orders = [new Order(1, ["tea"]), new Order(2, ["jam", "bread"])];
  const writer = spawn(() => JSON.stringify(orders));
  const resetter = spawn(() => { serialised = 0; });
  const text = writer.join();
  resetter.join();
  return text;
}
