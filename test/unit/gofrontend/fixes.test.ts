/**
 * The race lens's quick fixes for Go files are written in Go, and applying one makes the
 * finding go away when the file is checked again.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/index';
import { findingView } from '../../../src/extension/lens/findingView';
import { fixesFor } from '../../../src/extension/lens/fixes';
import { applyEdits } from '../../shared/applyEdits';
import { checkFile } from '../../../src/service/index';

const FILE = '/w/racy/main.go';

async function findings(text: string): Promise<readonly Finding[]> {
  const r = await checkFile({ file: FILE, text, schedules: 500 });
  expect(r.errors).toEqual([]);
  return r.findings;
}

const RACY = readFileSync('examples/go/racy-count/main.go', 'utf8');

describe('Go quick fixes', () => {
  it('offers a mutex wrap and atomic.AddInt64 for racy-count\'s visitors++', async () => {
    const race = (await findings(RACY)).find((f) => f.kind === 'data-race')!;
    expect(fixesFor(RACY, 'go', findingView(race), FILE).map((f) => f.title)).toEqual([
      'Wrap in `mu.Lock()` / `mu.Unlock()` (declares `var mu sync.Mutex`)',
      'Use `atomic.AddInt64(&visitors, 1)`',
    ]);
  });

  it('the mutex wrap is Go, and the race is gone', async () => {
    const race = (await findings(RACY)).find((f) => f.kind === 'data-race')!;
    const fixed = applyEdits(RACY, fixesFor(RACY, 'go', findingView(race), FILE)[0].edits);
    expect(fixed).toContain('var mu sync.Mutex\n\nfunc main() {');
    expect(fixed).toContain('\t\t\tmu.Lock()\n\t\t\tvisitors++ // read, add, write: not atomic\n\t\t\tmu.Unlock()\n');
    expect(await findings(fixed)).toEqual([]);
  });

  it('the atomic fix declares an int64, imports sync/atomic, and the race is gone', async () => {
    const race = (await findings(RACY)).find((f) => f.kind === 'data-race')!;
    const fixed = applyEdits(RACY, fixesFor(RACY, 'go', findingView(race), FILE)[1].edits);
    expect(fixed).toContain('\tvisitors := int64(0)\n');
    expect(fixed).toContain('\t"sync"\n\t"sync/atomic"\n');
    expect(fixed).toContain('\t\t\tatomic.AddInt64(&visitors, 1) // read, add, write: not atomic\n');
    expect(await findings(fixed)).toEqual([]);
  });

  it('moves wg.Add(1) out of the goroutine, before its go statement', async () => {
    const text = `package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	for i := 0; i < 2; i++ {
		go func() {
			wg.Add(1)
			defer wg.Done()
			mu.Lock()
			total++
			mu.Unlock()
		}()
	}
	wg.Wait()
	fmt.Println(total)
}
`;
    const wgRace = (await findings(text)).find((f) => f.kind === 'data-race' && f.message.startsWith('Data race on WaitGroup'))!;
    const fixes = fixesFor(text, 'go', findingView(wgRace), FILE);
    expect(fixes.map((f) => f.title)).toEqual(['Move `wg.Add(1)` before `go`']);
    const fixed = applyEdits(text, fixes[0].edits);
    expect(fixed).toContain('\t\twg.Add(1)\n\t\tgo func() {\n\t\t\tdefer wg.Done()\n');
    expect(await findings(fixed)).toEqual([]);
  });
});
