/**
 * `interleave` as a program (dist/cli.js, package `bin`): the supervising thread.
 * The command itself runs in dist/cliWorker.js (guard/workerMain.ts) under the budgets
 * guard/supervisor.ts enforces. Tests call `main()` (main.ts) in-process instead.
 */
import { join } from 'node:path';
import { supervise } from './guard/supervisor';

// `interleave run x --json | head` closes the pipe early; that is not a crash.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
supervise(process.argv.slice(2), join(__dirname, 'cliWorker.js'));
