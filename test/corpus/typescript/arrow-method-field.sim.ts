// label: race clicks.count
// why: an arrow function stored in a class field is simulated code; two tasks call it with no lock.
import { spawn } from "interleave";

class Clicks {
  count = 0;
  press = () => { this.count++; };
}

export default function main() {
  const clicks = new Clicks();
  const a = spawn(clicks.press);
  const b = spawn(clicks.press);
  a.join();
  b.join();
  return clicks.count;
}
