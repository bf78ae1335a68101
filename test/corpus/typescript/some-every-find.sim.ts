// label: race flags[1]
// why: the find callback reads every element while another task clears element 1.
import { spawn } from "interleave";

const flags = [false, true, false];

export default function main() {
  const t = spawn(() => { flags[1] = false; });
  const i = flags.findIndex((f) => f);
  t.join();
  return i;
}
