// label: race registry
// why: the base constructor pushes onto the shared registry without a lock; two tasks construct subclasses at once, so the two pushes (each a read and write of the array's length) are not ordered.
import { spawn, Chan } from "interleave";

const registry: string[] = [];
const names = new Chan<string>(2);

class Node {
  constructor(readonly name: string) {
    registry.push(name);
  }
}

class Leaf extends Node {
  weight = 1;
  constructor(name: string, readonly parent: string) {
    super(name);
    names.send(this.name + "<" + parent);
  }
}

export default function main() {
  const a = spawn(() => new Leaf("x", "root"));
  const b = spawn(() => new Leaf("y", "root"));
  a.join();
  b.join();
  return registry.length;
}
