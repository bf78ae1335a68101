// label: race scores
// why: Math.max.apply reads every score while another task records a new high score with no lock.
import { spawn } from "interleave";

export default function main() {
  const scores = [12, 40, 7];
  const player = spawn(() => { scores[2] = 99; });
  const best = Math.max.apply(null, scores);
  player.join();
  return best;
}
