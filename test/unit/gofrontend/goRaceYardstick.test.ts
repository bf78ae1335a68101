/**
 * test/bench/goRace/extract.mjs turns Go's race tests into programs the front end takes:
 * each TestRace… and TestNoRace… body becomes func main, with the helpers it uses.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile } from '../../../src/service/index';

const TESTS = `package race_test

import (
	"sync"
	"testing"
)

type counter struct {
	n int
}

func bump(c *counter) { c.n++ }

var unrelated = 3

func TestRaceCounter(t *testing.T) {
	c := &counter{}
	done := make(chan bool)
	go func() {
		bump(c)
		done <- true
	}()
	bump(c)
	<-done
}

func TestNoRaceCounter(t *testing.T) {
	var mu sync.Mutex
	c := &counter{}
	done := make(chan bool)
	go func() {
		mu.Lock()
		bump(c)
		mu.Unlock()
		done <- true
	}()
	mu.Lock()
	bump(c)
	mu.Unlock()
	<-done
}
`;

describe('the Go race-test yardstick', () => {
  it('extracts each test into a package main that check scores as Go does', async () => {
    const testdata = mkdtempSync(join(tmpdir(), 'go-1.19-testdata-'));
    const out = mkdtempSync(join(tmpdir(), 'go-race-out-'));
    writeFileSync(join(testdata, 'counter_test.go'), TESTS);
    execFileSync('node', ['test/bench/goRace/extract.mjs', testdata, out]);
    const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as { file: string; test: string; racy: boolean }[];
    expect(index.map((t) => [t.test, t.racy])).toEqual([['TestRaceCounter', true], ['TestNoRaceCounter', false]]);
    const racy = readFileSync(join(out, index[0].file), 'utf8');
    expect(racy).toContain('func bump(c *counter) { c.n++ }');
    expect(racy).not.toContain('unrelated');
    expect(racy).not.toContain('"testing"');
    expect(racy.startsWith('//go:build go1.19\n')).toBe(true);
    for (const t of index) {
      const file = join(out, t.file);
      const r = await checkFile({ file, text: readFileSync(file, 'utf8'), schedules: 300 });
      expect(r.errors).toEqual([]);
      expect(r.findings.some((f) => f.kind === 'data-race'), t.test).toBe(t.racy);
    }
  });
});
