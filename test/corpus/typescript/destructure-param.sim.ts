// label: race position
// why: distance() destructures the shared position while the mover task writes x with no lock.
import { spawn } from "interleave";

interface Point { x: number; y: number }

function distance({ x, y }: Point): number {
  return Math.sqrt(x * x + y * y);
}

export default function main() {
  const position: Point = { x: 3, y: 4 };
  const mover = spawn(() => { position.x = 6; });
  const d = distance(position);
  mover.join();
  return d;
}
