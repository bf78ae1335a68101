// label: race Ticket.next
// why: the static counter is class state every task reaches; Ticket.issue increments it with no lock.
import { spawn } from "interleave";

class Ticket {
  static next = 1;
  constructor(readonly id: number) {}
  static issue(): Ticket { const id = Ticket.next; Ticket.next = id + 1; return new Ticket(id); }
}

export default function main() {
  const a = spawn(() => Ticket.issue());
  const b = spawn(() => Ticket.issue());
  return a.join().id + b.join().id;
}
