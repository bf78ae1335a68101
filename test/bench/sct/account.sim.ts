// @interleave runtime=threads
// Bank account (after the shape of SCTBench's account; our own code).
// Bug (assertion): deposit and withdraw each update `balance` under the lock, but
// withdraw raises its `withdrawn` flag before it takes the money out. The auditor, seeing
// both flags, expects 100 + 50 - 30 = 120 and can find 150.
import { spawn, Mutex, assert } from "interleave";

export default function main() {
  let balance = 100;
  let deposited = false;
  let withdrawn = false;
  const lock = new Mutex();
  const deposit = () => {
    lock.lock();
    balance += 50;
    deposited = true;
    lock.unlock();
  };
  const withdraw = () => {
    withdrawn = true;
    lock.lock();
    balance -= 30;
    lock.unlock();
  };
  const audit = () => {
    if (deposited && withdrawn) {
      lock.lock();
      assert(balance === 120, `balance ${balance} after both transactions, expected 120`);
      lock.unlock();
    }
  };
  const tasks = [spawn(deposit), spawn(withdraw), spawn(audit)];
  for (const t of tasks) t.join();
}
