// label: no race
// why: the base constructor registers every node under the registry lock, and the subclass constructor sends its name on a buffered channel; super() runs the base's locked registration before the subclass's fields and body, in each task.
import { spawn, Mutex, Chan } from "interleave";

const mu = new Mutex();
const registry: string[] = [];
const names = new Chan<string>(2);

class Node {
  constructor(readonly name: string) {
    mu.lock();
    registry.push(name);
    mu.unlock();
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
  mu.lock();
  const n = registry.length;
  mu.unlock();
  return n + " " + names.recv() + " " + names.recv();
}
