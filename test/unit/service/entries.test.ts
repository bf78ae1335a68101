/**
 * Go tests in the editor (issue 25, item 3), below the `vscode` layer: the lens's check of a
 * `_test.go` document explores each test on its own (as `interleave check` does), a request's
 * `entry` picks one test for the Testing view, the debugger and the panel, the document's
 * unsaved text stands in for the file on disk, and a finding in another file of the package
 * is shown at the test that meets it. The VS Code suite drives the same through the real editor.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDebugHost } from '../../../src/debug/host';
import { documentViews } from '../../../src/extension/lens/findingView';
import type { CheckFilePartial } from '../../../src/protocol/fileWork';
import { checkFile, explainSchedule, runDocument } from '../../../src/service/fileWork';
import { documentKind, documentSource, lensEntries, readSource } from '../../../src/service/files';

const DIR = join(__dirname, '..', '..', 'vscode', 'workspace', 'gotests');
const TEST_FILE = join(DIR, 'tickets_test.go');
const TEXT = readFileSync(TEST_FILE, 'utf8');

const params = (extra: { text?: string; entry?: string } = {}) => ({
  file: TEST_FILE, text: documentSource(TEST_FILE, extra.text ?? TEXT), schedules: 5_000, timeLimitMs: 20_000, ...(extra.entry ? { entry: extra.entry } : {}),
});

describe('a Go test file in the editor', () => {
  it('offers a lens row and a Testing view item per func TestXxx(t *testing.T), at its line, and nothing for other files', () => {
    const kind = documentKind(TEST_FILE, TEXT)!;
    expect(kind).toBe('go');
    expect(lensEntries(TEXT, kind, TEST_FILE)).toEqual([
      { name: 'TestTwoSellers', line: 7 }, { name: 'TestTwoSellersLocked', line: 23 }, { name: 'TestSkipped', line: 39 },
    ]);
    // Not a test: a helper taking *testing.T, a lowercase name after Test, a non-test file.
    const other = 'package p\nimport "testing"\nfunc Testify(t *testing.T) {}\nfunc helper(t *testing.T) {}\nfunc TestX(b *testing.B) {}\n';
    expect(lensEntries(other, 'go', join(DIR, 'x_test.go'))).toEqual([]);
    expect(lensEntries(TEXT, 'go', join(DIR, 'tickets.go'))).toEqual([]);
  });

  it('is checked test by test with the package beside it: the race and the failed Errorf in TestTwoSellers, nothing in the locked one, the skip said', async () => {
    const r = await checkFile(params());
    expect(r.errors).toEqual([]);
    expect(r.entries?.map((e) => [e.name, e.line, e.complete, e.skipped ?? false])).toEqual([
      ['TestTwoSellers', 8, true, false], ['TestTwoSellersLocked', 24, true, false], ['TestSkipped', 40, true, true],
    ]);
    const [racy, locked] = r.entries!;
    expect(racy.findings.map((f) => f.kind).sort()).toEqual(['assertion', 'data-race']);
    expect(locked.findings).toEqual([]);
    expect(r.findings).toHaveLength(2);
    expect(r.complete).toBe(true);
    // The race is in tickets.go: the editor shows it on the test's line, says where it is, and links there.
    const views = documentViews(TEST_FILE, r.errors, r.findings, r.warnings, r.entries);
    const race = views.find((v) => v.code === 'data-race')!;
    expect(race.range.startLine).toBe(7);
    expect(race.message).toMatch(/^tickets\.go:14: Data race on `o\.sold`/);
    expect(race.related[0]).toMatchObject({ file: join(DIR, 'tickets.go'), range: { startLine: 13 } });
    expect(race.entry).toBe('TestTwoSellers');
    const failed = views.find((v) => v.code === 'assertion')!;
    expect(failed.range.startLine).toBe(19);
    expect(failed.message).toContain('sold 1 tickets, want 2');
  });

  it('a finding met while the search goes on is placed at its test too (the partial answer names each test\'s findings)', async () => {
    const partials: CheckFilePartial[] = [];
    await checkFile(params(), undefined, (p) => partials.push(p));
    const first = partials.find((p) => p.findings.some((f) => f.kind === 'data-race'))!;
    expect(first.entries?.map((e) => e.name)).toEqual(['TestTwoSellers']);
    const race = documentViews(TEST_FILE, [], first.findings, [], first.entries).find((v) => v.code === 'data-race')!;
    expect(race.range.startLine).toBe(7);
    expect(race.entry).toBe('TestTwoSellers');
  });

  it('entry picks one test for the Testing view, a run and an explanation; its schedule replays there; an unknown test is an error naming the tests', async () => {
    const one = await checkFile(params({ entry: 'TestTwoSellers' }));
    expect(one.entries).toBeUndefined();
    expect(one.findings.map((f) => f.kind).sort()).toEqual(['assertion', 'data-race']);
    const lost = one.findings.find((f) => f.kind === 'assertion')!;
    const explained = await explainSchedule({ ...params({ entry: 'TestTwoSellers' }), schedule: lost.schedule! });
    // The interleaving that loses a sale, step by step in the test's own program.
    expect(explained.errors).toEqual([]);
    expect(explained.steps.filter((s) => /(reads|writes) `o\.sold`/.test(s)).length).toBeGreaterThanOrEqual(5);
    expect(explained.steps.join('\n')).toContain('G1 reads `o.sold` (line 20:');
    expect((await checkFile(params({ entry: 'TestSkipped' }))).skipped).toBe(true);
    const run = await runDocument(params({ entry: 'TestTwoSellersLocked' }));
    expect(run.errors).toEqual([]);
    expect(run.tasks.map((t) => t.name)).toContain('TestTwoSellersLocked');
    const missing = await checkFile(params({ entry: 'TestNone' }));
    expect(missing.errors[0].message).toContain('has no test TestNone');
    expect(missing.errors[0].hint).toBe('its tests: TestTwoSellers, TestTwoSellersLocked, TestSkipped');
  });

  it('the unsaved text of the test file is what is checked, the package\'s other files are read from disk', async () => {
    const fixed = TEXT.replace('o.Sell()\n\t\t}()\n\t}\n\twg.Wait()\n\tif o.sold != 2 {\n\t\tt.Errorf("sold %d tickets, want 2", o.sold)\n\t}\n}\n\nfunc TestTwoSellersLocked', 'o.SellLocked()\n\t\t}()\n\t}\n\twg.Wait()\n\tif o.sold != 2 {\n\t\tt.Errorf("sold %d tickets, want 2", o.sold)\n\t}\n}\n\nfunc TestTwoSellersLocked');
    expect(fixed).not.toBe(TEXT);
    const r = await checkFile(params({ text: fixed, entry: 'TestTwoSellers' }));
    expect(r.errors).toEqual([]);
    expect(r.findings).toEqual([]);
    expect(r.complete).toBe(true);
  });

  it('the debugger steps through one test, read as the command line reads it', async () => {
    const host = createDebugHost(readSource);
    const timeline = await host.open({ program: TEST_FILE, test: 'TestTwoSellers', stopOnEntry: true });
    expect(timeline.length).toBeGreaterThan(3);
    await expect(host.open({ program: TEST_FILE, test: 'TestNope' })).rejects.toThrow(/has no test TestNope/);
  });
});
