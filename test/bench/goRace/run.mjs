// Runs `interleave check` on every test extract.mjs wrote and scores it against Go's own
// verdicts: how many the subset accepts, and on those, precision and recall of the data-race
// findings (a `TestRace*` must get one, a `TestNoRace*` must not). Also the most common
// reasons a test was not accepted, which say what the subset lacks.
//
//   node esbuild.mjs && node test/bench/goRace/extract.mjs && node test/bench/goRace/run.mjs [OUT] [SECONDS]
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const out = process.argv[2] ?? 'test/bench/goRace/out';
const seconds = process.argv[3] ?? '5';
const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8'));

const results = [];
const BATCH = 25;
const started = Date.now();
for (let i = 0; i < index.length; i += BATCH) {
  const batch = index.slice(i, i + BATCH);
  let text;
  try {
    text = execFileSync('node', ['dist/cli.js', 'check', ...batch.map((t) => join(out, t.file)), '--format', 'json', '--time', seconds, '--threads', '1'],
      { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) {
    text = e.stdout; // exit status 1 (findings) or 2 (a refused file) still prints the report
  }
  const report = JSON.parse(text);
  for (const t of batch) {
    const r = report.files.find((f) => f.file.endsWith(t.file));
    const errors = r?.errors ?? [{ message: 'no answer' }];
    const races = (r?.findings ?? []).filter((f) => f.kind === 'data-race' || /concurrent map/.test(f.message));
    results.push({ ...t, accepted: errors.length === 0, error: errors[0]?.message, raced: races.length > 0, complete: r?.complete ?? false });
  }
  process.stderr.write(`${Math.min(i + BATCH, index.length)}/${index.length}\r`);
}
const accepted = results.filter((r) => r.accepted);
const tp = accepted.filter((r) => r.racy && r.raced).length;
const fp = accepted.filter((r) => !r.racy && r.raced).length;
const fn = accepted.filter((r) => r.racy && !r.raced).length;
const tn = accepted.filter((r) => !r.racy && !r.raced).length;
const pct = (a, b) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)}%`);
const reasons = new Map();
for (const r of results.filter((x) => !x.accepted)) {
  const key = (r.error ?? '').replace(/`[^`]*`/g, '`…`').replace(/\b[A-Z]\w*\.\w+/g, 'X.Y').slice(0, 80);
  reasons.set(key, (reasons.get(key) ?? 0) + 1);
}
const summary = {
  tests: results.length,
  accepted: accepted.length,
  racy: { accepted: accepted.filter((r) => r.racy).length, found: tp, missed: fn },
  raceFree: { accepted: accepted.filter((r) => !r.racy).length, clean: tn, falseRaces: fp },
  precision: pct(tp, tp + fp),
  recall: pct(tp, tp + fn),
  seconds: Math.round((Date.now() - started) / 1000),
  notAccepted: [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 15),
  falseRaces: accepted.filter((r) => !r.racy && r.raced).map((r) => r.file),
  missed: accepted.filter((r) => r.racy && !r.raced).map((r) => r.file),
};
writeFileSync(join(out, 'results.json'), JSON.stringify({ summary, results }, null, 1));
console.log(`Go race tests: ${summary.accepted} of ${summary.tests} accepted; precision ${summary.precision}, recall ${summary.recall}`
  + ` (${tp} races found, ${fn} missed, ${fp} false, ${tn} clean) in ${summary.seconds} s`);
console.log('not accepted, most common reasons:');
for (const [reason, n] of summary.notAccepted) console.log(`  ${String(n).padStart(4)}  ${reason}`);
if (summary.falseRaces.length > 0) console.log(`false races: ${summary.falseRaces.join(', ')}`);
if (summary.missed.length > 0) console.log(`missed: ${summary.missed.join(', ')}`);
