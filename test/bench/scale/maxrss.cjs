// Preloaded by test/bench/scaleBench.ts into `node dist/cli.js`: prints the process's peak
// RSS (KiB; the supervisor and its worker thread share the process) on stderr at exit
// (stderr to a pipe is synchronous on Linux, so the line is out before the process ends).
process.on('exit', () => {
  process.stderr.write(`\nmaxrss_kb ${process.resourceUsage().maxRSS}\n`);
});
