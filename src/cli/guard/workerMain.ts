/**
 * The command's worker (dist/cliWorker.js), started by supervisor.ts: runs `main()`
 * with output and progress posted to the supervising thread, then posts the exit status.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { main } from '../main';
import { nodeIo, type CliIo } from '../io';
import type { WorkerData, WorkerMessage } from './protocol';

const data = workerData as WorkerData;
const port = parentPort!;
const post = (message: WorkerMessage): void => port.postMessage(message);
const io: CliIo = {
  ...nodeIo(),
  out: (text) => post({ t: 'out', text }),
  err: (text) => post({ t: 'err', text }),
  progress: { cells: new Int32Array(data.cells), post, resumeAt: data.resumeAt },
};
post({ t: 'exit', code: main(data.argv, io) });
