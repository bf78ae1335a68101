// label: race service.conn
// why: the first check of conn is outside the lock, so it races with the write made under the lock.
import { spawn, Mutex } from "interleave";

class Service {
  conn: { id: number } | null = null;
  private mu = new Mutex();
  connection() {
    if (this.conn === null) {
      this.mu.lock();
      if (this.conn === null) this.conn = { id: 1 };
      this.mu.unlock();
    }
    return this.conn;
  }
}

export default function main() {
  const service = new Service();
  const a = spawn(() => service.connection());
  const b = spawn(() => service.connection());
  a.join();
  b.join();
}
