// label: no race
// why: the best score is read only after joining the task that records it.
import { spawn } from "interleave";

export default function main() {
  const scores = [12, 40, 7];
  const player = spawn(() => { scores[2] = 99; });
  player.join();
  return Math.max.apply(null, scores) + new Set(scores).size;
}
