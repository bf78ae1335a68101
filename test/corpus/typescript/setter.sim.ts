// label: race t.celsius
// why: the setter writes the field behind the property; two tasks set it concurrently.
import { spawn } from "interleave";

class Thermo {
  celsius = 0;
  get fahrenheit() { return this.celsius * 9 / 5 + 32; }
  set fahrenheit(f: number) { this.celsius = (f - 32) * 5 / 9; }
}

export default function main() {
  const t = new Thermo();
  const a = spawn(() => { t.fahrenheit = 212; });
  const b = spawn(() => { t.fahrenheit = 32; });
  a.join();
  b.join();
  return t.fahrenheit;
}
