// label: no race
// why: the state is owned by one task; others send it requests over a channel and wait for replies.
import { spawn, Chan } from "interleave";

type Request = { delta: number; reply: Chan<number> };

class CounterServer {
  private value = 0;
  readonly requests = new Chan<Request>();
  serve(n: number) {
    for (let i = 0; i < n; i++) {
      const r = this.requests.recv();
      this.value += r.delta;
      r.reply.send(this.value);
    }
  }
}

function call(server: CounterServer, delta: number): number {
  const reply = new Chan<number>();
  server.requests.send({ delta, reply });
  return reply.recv();
}

export default function main() {
  const server = new CounterServer();
  spawn(() => server.serve(2));
  const a = spawn(() => call(server, 1));
  const b = spawn(() => call(server, 2));
  return a.join() + b.join();
}
