// label: no race
// why: the reset is joined before the list is formatted, so toString's count follows it.
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
  const resetter = spawn(() => { printed = 0; });
  resetter.join();
  const printer = spawn(() => items.join(", "));
  return printer.join() + printed;
}
