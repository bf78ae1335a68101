// label: race log[*]
// why: a task reads the log's length while another appends to it.
import { spawn } from "interleave";

const log: string[] = [];

export default function main() {
  const a = spawn(() => { log.push("start"); });
  const n = log.length;
  a.join();
  return n;
}
