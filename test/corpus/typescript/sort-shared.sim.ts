// label: race board[0]
// why: one task sorts the shared array in place while another reads its first element.
import { spawn } from "interleave";

const board = [3, 1, 2];

export default function main() {
  const a = spawn(() => { board.sort((x, y) => x - y); });
  const b = spawn(() => board[0]);
  a.join();
  return b.join();
}
