// label: race printed
// why: Item's toString counts into a shared total while join() formats the list, concurrently with a reset by another task.
import { spawn } from "interleave";

let printed = 0;

class Item {
  constructor(readonly name: string) {}
  toString(): string {
    printed += 1;
    return this.name;
  }
}

export default function main() {
  const items = [new Item("a"), new Item("b")];
  const printer = spawn(() => items.join(", "));
  const resetter = spawn(() => { printed = 0; });
  const line = printer.join();
  resetter.join();
  return line;
}
