import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChromeTraceEvent } from '../../../src/core';
import { cli, GOLDEN } from './helpers';

const pool = join(GOLDEN, 'semaphore-pool.scenario.yaml');

describe('interleave export', () => {
  it('writes Chrome trace event JSON with -o', () => {
    const r = cli('export', pool, '--format', 'chrome', '-o', '/tmp/out.json');
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    const trace = JSON.parse(r.written.get('/tmp/out.json')!) as { traceEvents: ChromeTraceEvent[] };
    expect(Array.isArray(trace.traceEvents)).toBe(true);
    const names = trace.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => e.args?.name);
    expect(names.some((n) => /worker#5/.test(String(n)))).toBe(true);
    expect(trace.traceEvents.some((e) => e.ph === 'X' && (e.dur ?? 0) > 0)).toBe(true);
  });

  it('writes to standard output without -o', () => {
    const r = cli('export', pool, '--format=chrome');
    expect(JSON.parse(r.out).traceEvents.length).toBeGreaterThan(0);
  });

  it('writes a Markdown report with the tasks, metrics, findings and sweep', () => {
    const r = cli('export', join(GOLDEN, 'gomaxprocs.scenario.yaml'), '--format', 'markdown');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^# Two busy goroutines$/m);
    expect(r.out).toMatch(/^## Tasks$/m);
    expect(r.out).toMatch(/^\| G1 \| main \|/m); // goroutines are G1, G2, … as Go names them
    expect(r.out).toMatch(/^## Sweep$/m);
    expect(r.out).toMatch(/^\| runtime\.gomaxprocs=2 \|/m);
    const dl = cli('export', join(GOLDEN, 'lock-order-deadlock.scenario.yaml'), '--format', 'markdown');
    expect(dl.code).toBe(1);
    expect(dl.out).toMatch(/^- \*\*deadlock\*\* \(error\) at `.*lock-order-deadlock\.scenario\.yaml:\d+:\d+`/m);
  });

  it('usage errors: no format, unknown format', () => {
    expect(cli('export', pool).err).toMatch(/export needs --format/);
    expect(cli('export', pool, '--format', 'pdf').code).toBe(2);
    expect(cli('export', pool, '--format', 'pdf').err).toMatch(/--format pdf is unknown; use chrome, markdown or html/);
  });
});

describe('interleave export --check', () => {
  const lostUpdate = join(GOLDEN, 'lost-update.scenario.yaml');

  it('adds the race that only exploring finds, with the command that replays it (Markdown)', () => {
    const plain = cli('export', lostUpdate, '--format', 'markdown');
    expect(plain.out).not.toMatch(/data-race/);
    expect(plain.out).not.toMatch(/Found by exploring/);
    const r = cli('export', lostUpdate, '--format', 'markdown', '--check', '--schedules', '50');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^## Found by exploring schedules\n\nExplored 50 schedules in the untimed model/m);
    expect(r.out).toMatch(/^- \*\*data-race\*\* \(warning\) at `[^`]+lost-update\.scenario\.yaml:\d+:\d+`: Data race on `counter`/m);
    const replay = /^ {2}- replay: `interleave replay (\S+) --schedule '(v1:[^']+)'`$/m.exec(r.out);
    expect(replay?.[1]).toBe(lostUpdate);
    // The schedule it prints replays the race.
    const again = cli('replay', lostUpdate, '--schedule', replay![2]);
    expect(again.out).toMatch(/data-race|Data race/);
  });

  it('adds the same section to the HTML report, and leaves out what the run itself shows', () => {
    const r = cli('export', lostUpdate, '--format', 'html', '--check', '--schedules', '50');
    expect(r.out).toContain('<h2>Found by exploring schedules</h2>');
    expect(r.out).toMatch(/<strong>data-race<\/strong>[\s\S]*replay: <code>interleave replay /);
    const deadlock = cli('export', join(GOLDEN, 'lock-order-deadlock.scenario.yaml'), '--format', 'markdown', '--check');
    const explored = deadlock.out.slice(deadlock.out.indexOf('## Found by exploring schedules'));
    const runSection = deadlock.out.slice(deadlock.out.indexOf('## Findings'), deadlock.out.indexOf('## Found by exploring schedules'));
    expect(runSection).toMatch(/\*\*deadlock\*\*/);
    for (const line of runSection.split('\n').filter((l) => l.startsWith('- **'))) expect(explored).not.toContain(line);
  });

  it('a run with more than 1,000 tasks lists the first 1,000 and says how many it left out', () => {
    const file = scenario('many.scenario.yaml', [
      'name: Many', 'runtime: { kind: go }', 'tasks:', '  main:', '    - go: w', '      count: 1500', '  w:', '    - compute: 1us',
    ].join('\n') + '\n');
    const md = cli('export', file, '--format', 'markdown');
    expect(all(md.out, /^\| G\d+ \|/gm)).toHaveLength(1_000);
    expect(md.out).toContain('The first 1000 of 1501 tasks; the metrics count them all, and a Chrome trace export (--format chrome) has every task.');
    const html = cli('export', file, '--format', 'html');
    expect(all(html.out, /<tr><td>G\d+<\/td>/g)).toHaveLength(1_000);
    expect(html.out).toContain('<p class="note">The first 1000 of 1501 tasks;');
  });

  it('usage errors: --check on a trace, --schedules without --check, a bad count', () => {
    expect(cli('export', pool, '--format', 'chrome', '--check').err).toMatch(/--check adds findings to a report/);
    expect(cli('export', pool, '--format', 'markdown', '--schedules', '5').err).toMatch(/--schedules goes with --check/);
    expect(cli('export', pool, '--format', 'markdown', '--check', '--schedules', '0').code).toBe(2);
  });
});

/** The page's elements of one kind, as strings (enough for a page we generate ourselves). */
function all(html: string, re: RegExp): string[] {
  return html.match(re) ?? [];
}

/** A scenario written to a fresh directory, for inputs the goldens do not have. */
function scenario(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'interleave-html-')), name);
  writeFileSync(file, text);
  return file;
}

describe('interleave export --format html', () => {
  const gomaxprocs = join(GOLDEN, 'gomaxprocs.scenario.yaml');

  it('has the task table, the makespan and a timeline lane per task', () => {
    const r = cli('export', gomaxprocs, '--format', 'html');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^<!DOCTYPE html>/);
    expect(r.out).toMatch(/<h1>Two busy goroutines<\/h1>/);
    const md = cli('export', gomaxprocs, '--format', 'markdown').out;
    const makespan = /\*\*Makespan ([^*]+)\*\*/.exec(md)![1];
    expect(r.out).toContain(`<strong>Makespan ${makespan}</strong>`);
    expect(r.out).toMatch(/<tr><td>G1<\/td><td>main<\/td><td>goroutine<\/td>/);
    const taskRows = all(md, /^\| G\d+ \|/gm).length;
    expect(taskRows).toBe(3);
    expect(all(r.out, /<rect class="lane"/g)).toHaveLength(taskRows);
    expect(all(r.out, /<svg role="img"/g)).toHaveLength(1);
    // Each lane is labelled, each bar says what it is, and the legend names every state drawn.
    for (const lane of ['G1 main', 'G2 busy#1', 'G3 busy#2']) expect(r.out).toContain(`<title>${lane}</title>`);
    const bars = all(r.out, /<rect class="bar"[^>]*><title>[^<]+<\/title><\/rect>/g);
    expect(bars.length).toBeGreaterThan(taskRows);
    expect(bars.some((b) => /G2 busy#1: running, .* on hw thread \d/.test(b))).toBe(true);
    for (const state of ['running', 'runnable', 'blocked']) expect(r.out).toMatch(new RegExp(`<strong>${state}</strong>: `));
    expect(r.out).toMatch(/<text [^>]*>time \(ms\)<\/text>/);
    expect(r.out).toContain('<p>None on this schedule.</p>');
  });

  it('has the sweep table when the file has a sweep, and none otherwise', () => {
    const r = cli('export', gomaxprocs, '--format', 'html');
    expect(r.out).toContain('<h2>Sweep</h2>');
    expect(r.out).toMatch(/<tr><td>runtime\.gomaxprocs=1<\/td><td class="num">[^<]+ ms<\/td>/);
    expect(r.out).toMatch(/<tr><td>runtime\.gomaxprocs=2<\/td>/);
    expect(cli('export', pool, '--format', 'html').out).not.toContain('<h2>Sweep</h2>');
  });

  it('lists findings with kind, severity, file:line:column and related locations (exit 1)', () => {
    const r = cli('export', join(GOLDEN, 'lock-order-deadlock.scenario.yaml'), '--format', 'html');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /<li><strong>deadlock<\/strong> <span class="sev sev-error">\(error\)<\/span> at <code>[^<]*lock-order-deadlock\.scenario\.yaml:\d+:\d+<\/code>: Deadlock/);
    expect(all(r.out, /<li><code>[^<]*lock-order-deadlock\.scenario\.yaml:\d+:\d+<\/code>: T\d waits on \w \(lock\)<\/li>/g)).toHaveLength(2);
    expect(r.out).not.toContain('None on this schedule.');
  });

  it('escapes the name, description, log text and file path', () => {
    const file = scenario('a<b>&c.scenario.yaml', [
      'name: "Hostile <script>alert(1)</script> & co"',
      'description: |',
      '  Tries <img src=x onerror=alert(2)> & "quotes".',
      'tasks:',
      '  main:',
      "    - print: \"<script>alert('log')</script> & more\"",
    ].join('\n') + '\n');
    const r = cli('export', file, '--format', 'html');
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/<script|<img|<b>/i);
    expect(r.out).toContain('<h1>Hostile &lt;script&gt;alert(1)&lt;/script&gt; &amp; co</h1>');
    expect(r.out).toContain('<title>Hostile &lt;script&gt;alert(1)&lt;/script&gt; &amp; co · Interleave report</title>');
    expect(r.out).toContain('Tries &lt;img src=x onerror=alert(2)&gt; &amp; &quot;quotes&quot;.');
    expect(r.out).toContain('&lt;script&gt;alert(&#39;log&#39;)&lt;/script&gt; &amp; more');
    expect(r.out).toContain('a&lt;b&gt;&amp;c.scenario.yaml</code>');
  });

  it('shows the description\'s Markdown as formatted text, not as asterisks and backticks (issue 16 item 11)', () => {
    const r = cli('export', 'examples/races/lost-update.scenario.yaml', '--format', 'html');
    expect(r.out).toContain('<p><strong>This example demonstrates a bug; <code>check</code> is meant to report it.</strong></p>');
    expect(r.out).toContain('<code>counter.incr</code> is what <code>counter += 1</code> really is: <em>read</em> the value');
    const description = /<div class="description">([\s\S]*?)<\/div>/.exec(r.out)![1];
    expect(description).not.toMatch(/\*\*|`/);
  });

  it('is one self-contained page: no scripts, no remote URLs, a CSP pinning its one stylesheet', () => {
    const r = cli('export', join(GOLDEN, 'lock-order-deadlock.scenario.yaml'), '--format', 'html');
    expect(r.out).not.toMatch(/<script/i);
    expect(r.out).not.toMatch(/https?:/i);
    expect(r.out).not.toMatch(/ style="|<link|<img|@import|@font-face/i);
    expect(all(r.out, /<style>/g)).toHaveLength(1);
    const style = /<style>([\s\S]*?)<\/style>/.exec(r.out)![1];
    expect(style).toMatch(/@media \(prefers-color-scheme: dark\)/);
    const hash = createHash('sha256').update(style, 'utf8').digest('base64');
    expect(r.out).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-${hash}'">`);
    // Every fill pattern a bar or the legend uses is defined in the page.
    const used = new Set(all(r.out, /url\(#[\w-]+\)/g).map((u) => u.slice(5, -1)));
    for (const id of used) expect(r.out).toContain(`<pattern id="${id}"`);
  });

  it('writes the page with -o', () => {
    const r = cli('export', pool, '--format', 'html', '-o', '/tmp/report.html');
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toBe('wrote /tmp/report.html\n');
    expect(r.written.get('/tmp/report.html')).toMatch(/^<!DOCTYPE html>[\s\S]*<svg role="img"[\s\S]*<\/html>\n$/);
  });

  it('caps the timeline of a big run and says so on the page', () => {
    const file = scenario('crowd.scenario.yaml', [
      'name: Crowd',
      'machine: { cores: 2 }',
      // No mutex spinning: every contended lock parks and wakes, thousands of short intervals.
      'runtime: { kind: go, mutex_spin: 0ns }',
      'sync: { mu: mutex, wg: waitgroup }',
      'tasks:',
      '  main:',
      '    - wg.add: 120',
      '    - go: worker',
      '      count: 120',
      '    - wg.wait',
      '  worker:',
      '    - repeat: 40',
      '      do: [mu.lock, { compute: 5us }, mu.unlock, { compute: 1us }]',
      '    - wg.done',
    ].join('\n') + '\n');
    const r = cli('export', file, '--format', 'html');
    expect(r.code).toBe(0);
    expect(all(r.out, /<rect class="lane"/g)).toHaveLength(100);
    expect(r.out).toContain('Showing the first 100 of 121 tasks.');
    expect(all(r.out, /<tr><td>G\d+<\/td>/g)).toHaveLength(121);
    expect(all(r.out, /<rect class="bar"/g).length).toBeLessThanOrEqual(3000);
    expect(r.out).toMatch(/To keep the drawing under 3000 rectangles, \d+ intervals shorter than [^<]+ are drawn merged/);
    expect(r.out).toMatch(/<g class="merged"><title>G\d+ worker#\d+: mostly \w+: [^<]*running [^<]*<\/title>/);
  });
});
