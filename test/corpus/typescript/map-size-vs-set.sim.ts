// label: race seen[*]
// why: m.size reads the whole Map while another task adds a key.
import { spawn } from "interleave";

const seen = new Map<string, boolean>();

export default function main() {
  const t = spawn(() => { seen.set("a", true); });
  const n = seen.size;
  t.join();
  return n;
}
