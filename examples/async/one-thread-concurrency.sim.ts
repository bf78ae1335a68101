// Concurrency without parallelism: three requests on one thread.
//
// An async function runs until its first `await`, then gives the thread back to the event
// loop. The three requests below each take 200 ms, and they are all in flight at once: the
// run ends after ~200 ms, not 600 ms, on one thread (the eventloop runtime; cores do not
// matter). Look at: the timeline's one busy lane, idle while all three wait; compare
// `sequential = true`, which awaits each request before starting the next (~600 ms).
import { io } from "interleave";

const sequential = false;
let done = 0;

async function fetchPage(url: string) {
  await io("200ms");            // a request: the loop runs other callbacks meanwhile
  done++;
  return url.length;
}

export default async function main() {
  const urls = ["/a", "/bb", "/ccc"];
  if (sequential) {
    for (const u of urls) await fetchPage(u);
  } else {
    await Promise.all(urls.map((u) => fetchPage(u)));
  }
  return done;
}
