import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, GOLDEN } from './helpers';

const pool = join(GOLDEN, 'semaphore-pool.scenario.yaml');

describe('interleave export', () => {
  it('writes Chrome trace event JSON with -o', () => {
    const r = cli('export', pool, '--format', 'chrome', '-o', '/tmp/out.json');
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    const trace = JSON.parse(r.written.get('/tmp/out.json')!);
    expect(Array.isArray(trace.traceEvents)).toBe(true);
    const names = trace.traceEvents.filter((e: any) => e.ph === 'M' && e.name === 'thread_name').map((e: any) => e.args.name);
    expect(names.some((n: string) => /worker#5/.test(n))).toBe(true);
    expect(trace.traceEvents.some((e: any) => e.ph === 'X' && e.dur > 0)).toBe(true);
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

  it('usage errors: no format, unknown format, html not yet supported', () => {
    expect(cli('export', pool).err).toMatch(/export needs --format/);
    expect(cli('export', pool, '--format', 'pdf').code).toBe(2);
    const html = cli('export', pool, '--format', 'html');
    expect(html.code).toBe(2);
    expect(html.err).toMatch(/not supported yet/);
  });
});
