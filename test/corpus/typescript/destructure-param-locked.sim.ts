// label: no race
// why: the mover and the reader both hold the position's lock while they touch it.
import { spawn, Mutex } from "interleave";

interface Point { x: number; y: number }

function distance({ x, y }: Point): number {
  return Math.sqrt(x * x + y * y);
}

export default function main() {
  const position: Point = { x: 3, y: 4 };
  const mu = new Mutex();
  const mover = spawn(() => { mu.lock(); position.x = 6; mu.unlock(); });
  mu.lock();
  const d = distance(position);
  mu.unlock();
  mover.join();
  return d;
}
