/**
 * `interleave` as a program (dist/cli.js, package `bin`). Three layers, so that no input
 * can hang it or crash it with a V8 dump: the guardian process (guard/guardian.ts) runs
 * this script again as its child; the child supervises the budgets (guard/supervisor.ts);
 * the command itself runs in the child's worker, dist/cliWorker.js (guard/workerMain.ts).
 * Tests call `main()` (main.ts) in-process instead.
 */
import { join } from 'node:path';
import { memoryMbFromArgv } from './budgets';
import { guard, GUARDED_ENV } from './guard/guardian';
import { supervise } from './guard/supervisor';

const argv = process.argv.slice(2);
if (process.env[GUARDED_ENV] === '1') {
  // `interleave run x --json | head` closes the pipe early; that is not a crash.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  supervise(argv, join(__dirname, 'cliWorker.js'));
} else {
  guard(argv, __filename, memoryMbFromArgv(argv));
}
