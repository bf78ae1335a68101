/**
 * Go's own race tests as a yardstick (issue 14), inside `npm test`: test/bench/goRace/yardstick.ts
 * extracts every TestRace… and TestNoRace… of the installed Go's runtime/race/testdata (found
 * by `go env GOROOT`; Debian's golang-go, which the README's Quick start and .ci/run install)
 * into a `package main`, checks each one the subset accepts, and scores it against Go's verdict.
 * Without Go the test fails, saying to `apt-get install golang-go`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Budget, extractRaceTests, formatSummary, runRaceYardstick, scoreRaceTest } from '../../bench/goRace/yardstick';

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

/**
 * Each program's search: at most this wall clock or this many schedules, stopping at the
 * first race. `npm run bench -- gorace` gives each 5 s; with 1 s the figures are the same
 * (measured: see the README's Go section), and the whole set takes about a minute here.
 */
const BUDGET: Budget = { timeMs: 1000, schedules: 2000 };

describe('the Go race-test yardstick', () => {
  it('extracts each test into a package main that check scores as Go does', () => {
    const testdata = mkdtempSync(join(tmpdir(), 'go-1.19-testdata-'));
    writeFileSync(join(testdata, 'counter_test.go'), TESTS);
    const tests = extractRaceTests(testdata, 19);
    expect(tests.map((t) => [t.file, t.racy])).toEqual([['counter__TestRaceCounter.go', true], ['counter__TestNoRaceCounter.go', false]]);
    const racy = tests[0].text;
    expect(racy).toContain('func bump(c *counter) { c.n++ }');
    expect(racy).not.toContain('unrelated');
    expect(racy).not.toContain('"testing"');
    expect(racy.startsWith('//go:build go1.19\n')).toBe(true);
    for (const t of tests) {
      const r = scoreRaceTest(t, BUDGET);
      expect(r.accepted, r.error).toBe(true);
      expect(r.raced, t.test).toBe(t.racy);
    }
  });

  it('Go 1.19\'s race tests: at least 150 accepted, precision ≥ 99%, recall ≥ 95%', () => {
    const { summary } = runRaceYardstick(BUDGET);
    console.log(formatSummary(summary, BUDGET));
    expect(summary.tests).toBeGreaterThan(300);
    expect(summary.accepted).toBeGreaterThanOrEqual(150);
    expect(summary.precision).toBeGreaterThanOrEqual(0.99);
    expect(summary.recall).toBeGreaterThanOrEqual(0.95);
  }, 400_000);
});
