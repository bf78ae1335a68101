// label: no race
// why: the ids come from an atomic counter, and nothing else is shared.
import { spawn, AtomicInt } from "interleave";

const nextId = new AtomicInt(0);

class Ticket {
  readonly id: number;
  constructor(id: number) { this.id = id; }
  static issue(): Ticket { return new Ticket(nextId.add(1)); }
}

export default function main() {
  const a = spawn(() => Ticket.issue());
  const b = spawn(() => Ticket.issue());
  return a.join().id + b.join().id;
}
