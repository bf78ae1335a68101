// label: race s[0]
// why: concat reads every element while another task writes element 0.
import { spawn } from "interleave";

const s = [1, 2, 3];

export default function main() {
  const t = spawn(() => { s[0] = 5; });
  const copy = s.concat([4]);
  t.join();
  return copy.length;
}
