// Preloaded by test/bench/scaleBench.ts into `node dist/cli.js`: prints the process's peak
// RSS (KiB; the supervisor and its worker thread share the process) on stderr at exit.
process.on('exit', () => {
  require('node:fs').writeSync(2, `\nmaxrss_kb ${process.resourceUsage().maxRSS}\n`);
});
