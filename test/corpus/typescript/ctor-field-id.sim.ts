// label: race nextId
// why: a field initializer takes the next id from a module counter; two tasks construct tickets at once, so the counter's read and write in one initializer are not ordered with the other's.
import { spawn } from "interleave";

let nextId = 1;

class Ticket {
  id = nextId++;
  constructor(readonly title: string) {}
}

export default function main() {
  const a = spawn(() => new Ticket("a"));
  const b = spawn(() => new Ticket("b"));
  return a.join().id + b.join().id;
}
