/**
 * The subset's Go, run on the simulated G/M/P: what each program prints and what the
 * checks find is what `go run` (and `go run -race`) would show.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core/index';
import type { RunResult } from '../../../src/core/index';
import { compileSource } from '../../../src/frontends/index';
import { checkFile } from '../../../src/service/index';

const FILE = '/w/prog/main.go';

function program(text: string) {
  const r = compileSource(text, FILE);
  expect(r.errors).toEqual([]);
  return r.program!;
}

function runGo(text: string, seed = 1): RunResult {
  return simulate(program(text), { mode: 'timed', seed, set: { 'machine.cores': 2 } });
}

function printed(text: string): string[] {
  const r = runGo(text);
  expect(r.error).toBeUndefined();
  return r.log.map((l) => l.text);
}

async function check(text: string, schedules = 400) {
  const r = await checkFile({ file: FILE, text, schedules });
  expect(r.errors).toEqual([]);
  return r.findings;
}

describe('Go semantics in the interpreter', () => {
  it('structs, pointer-receiver methods, slices, arrays, maps, strings and fmt', () => {
    expect(printed(`package main

import "fmt"

type Counter struct {
	name string
	n    int
}

func (c *Counter) Inc(by int) { c.n += by }
func (c Counter) Twice() int  { return c.n * 2 }

func main() {
	c := &Counter{name: "hits"}
	c.Inc(2)
	c.Inc(3)
	var arr [3]int
	arr[1] = 7
	s := []int{1, 2}
	s = append(s, 3)
	m := map[string]int{"b": 2}
	m["a"] = 1
	v, ok := m["z"]
	total := 0
	for _, x := range s {
		total += x
	}
	fmt.Println(c.name, c.n, c.Twice(), arr, s, len(s), m, v, ok, total)
	fmt.Printf("%s=%03d %v %q %.2f\\n", c.name, c.n, *c, "x", 1.5)
	fmt.Println(fmt.Sprintf("%d-%d", 7/2, -7%3), "héllo"[1], len("héllo"))
}
`)).toEqual([
      'hits 5 10 [0 7 0] [1 2 3] 3 map[a:1 b:2] 0 false 6',
      'hits=005 {hits 5} "x" 1.50',
      '3--1 195 6',
    ]);
  });

  it('Go 1.22 loop variables: each goroutine started in the loop sees its own i', () => {
    const lines = printed(`package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	var mu sync.Mutex
	seen := map[int]bool{}
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			defer mu.Unlock()
			seen[i] = true
		}()
	}
	wg.Wait()
	fmt.Println(seen)
}
`);
    expect(lines).toEqual(['map[0:true 1:true 2:true]']);
  });

  it('a local that never escapes is not a shared variable; a captured one is', async () => {
    const findings = await check(`package main

import "sync"

func main() {
	var wg sync.WaitGroup
	shared := 0
	wg.Add(2)
	for i := 0; i < 2; i++ {
		go func() {
			defer wg.Done()
			local := 0
			local++
			shared = local
		}()
	}
	wg.Wait()
}
`);
    const races = findings.filter((f) => f.kind === 'data-race');
    expect(races.length).toBeGreaterThan(0);
    expect(races.every((f) => f.message.includes('`shared`'))).toBe(true);
  });

  it('the mutex-protected counter has no race; struct fields reached through a pointer race without it', async () => {
    const withLock = `package main

import "sync"

type Stats struct {
	mu   sync.Mutex
	hits int
}

func (s *Stats) Hit() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hits++
}

func main() {
	st := &Stats{}
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st.Hit()
		}()
	}
	wg.Wait()
	if st.hits != 2 {
		panic("lost update")
	}
}
`;
    expect(await check(withLock)).toEqual([]);
    const without = withLock.replace('\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n', '');
    const findings = await check(without);
    expect(findings.map((f) => f.kind)).toContain('data-race');
    expect(findings.find((f) => f.kind === 'data-race')!.message).toContain('Stats.hits');
    // The lost update is reachable: the panic is Go's, at its line.
    expect(findings.some((f) => f.message.includes('panic: lost update'))).toBe(true);
  });

  it('concurrent map writes are the runtime\'s fatal error, on some schedule', async () => {
    const findings = await check(`package main

import "sync"

func main() {
	m := map[int]int{}
	var wg sync.WaitGroup
	wg.Add(2)
	for i := 0; i < 2; i++ {
		go func() {
			defer wg.Done()
			m[i] = i
		}()
	}
	wg.Wait()
}
`, 2000);
    expect(findings.some((f) => f.message.includes('fatal error: concurrent map writes'))).toBe(true);
  });

  it('atomic.AddInt64 and atomic.Int64 make the count exact and race-free', async () => {
    const text = `package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

func main() {
	var n int64
	var typed atomic.Int64
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			atomic.AddInt64(&n, 1)
			typed.Add(2)
		}()
	}
	wg.Wait()
	fmt.Println(atomic.LoadInt64(&n), typed.Load())
}
`;
    expect(printed(text)).toEqual(['3 6']);
    expect(await check(text)).toEqual([]);
  });

  it('select with default, buffered channels, len and cap, close and range, nil channels', () => {
    expect(printed(`package main

import "fmt"

func main() {
	ch := make(chan int, 3)
	select {
	case v := <-ch:
		fmt.Println("got", v)
	default:
		fmt.Println("empty")
	}
	ch <- 1
	ch <- 2
	fmt.Println(len(ch), cap(ch))
	close(ch)
	for v := range ch {
		fmt.Println(v)
	}
	v, ok := <-ch
	fmt.Println(v, ok)
	var none chan int
	select {
	case none <- 1:
		fmt.Println("impossible")
	default:
		fmt.Println("nil channel never ready")
	}
}
`)).toEqual(['empty', '2 3', '1', '2', '<nil> false', 'nil channel never ready']);
  });

  it('a receive on a nil channel blocks forever: a deadlock, as Go says', () => {
    const r = runGo('package main\n\nfunc main() {\n\tvar ch chan int\n\t<-ch\n}\n');
    expect(r.stopped).toBe('deadlock');
  });

  it('sync.Once runs its function once; Cond waits for a Broadcast; RWMutex readers', () => {
    expect(printed(`package main

import (
	"fmt"
	"sync"
)

func main() {
	var once sync.Once
	var wg sync.WaitGroup
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	var rw sync.RWMutex
	ready := false
	calls := 0
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			once.Do(func() { calls++ })
			mu.Lock()
			for !ready {
				cond.Wait()
			}
			mu.Unlock()
			rw.RLock()
			_ = calls
			rw.RUnlock()
		}()
	}
	mu.Lock()
	ready = true
	cond.Broadcast()
	mu.Unlock()
	wg.Wait()
	fmt.Println("calls", calls)
}
`)).toEqual(['calls 1']);
  });

  it('time.After in a select times out; time.Sleep takes simulated time', () => {
    const r = runGo(`package main

import (
	"fmt"
	"time"
)

func main() {
	never := make(chan int)
	select {
	case <-never:
		fmt.Println("no")
	case <-time.After(30 * time.Millisecond):
		fmt.Println("timeout")
	}
	time.Sleep(20 * time.Millisecond)
	fmt.Println("done")
}
`);
    expect(r.log.map((l) => `${l.text}@${Math.round(l.ns / 1e6)}`)).toEqual(['timeout@30', 'done@50']);
  });

  it('defer runs on return and while a panic unwinds; the panic ends the program at its line', () => {
    const r = runGo(`package main

import "fmt"

func work() {
	defer fmt.Println("deferred 1")
	defer fmt.Println("deferred 2")
	var s []int
	_ = s[3]
}

func main() {
	work()
	fmt.Println("not reached")
}
`);
    expect(r.log.map((l) => l.text)).toEqual(['deferred 2', 'deferred 1']);
    const f = r.findings.find((x) => x.message.includes('panic:'))!;
    expect(f.message).toContain('panic: runtime error: index out of range [3] with length 0');
    expect(f.at.line).toBe(9);
  });

  it('//interleave:cost prices a loop\'s iteration; plain statements cost 0.625 ns each', () => {
    const timed = (loop: string): number => runGo(`package main

func main() {
	n := 0
${loop}
	for i := 0; i < 10; i++ {
		n += i
	}
	_ = n
}
`).makespan_ns;
    const base = timed('');
    const priced = timed('\t//interleave:cost 2ms');
    expect(priced - base).toBeGreaterThan(19_999_000);
    expect(priced - base).toBeLessThan(20_001_000);
  });

  it('a billion-iteration summing loop folds to its exact result and 1.25 s of CPU', () => {
    const r = runGo(`package main

import "fmt"

func main() {
	total := 0
	for n := 0; n < 1_000_000_000; n++ {
		total += 2*n + 1
	}
	fmt.Println(total)
}
`);
    expect(r.log.map((l) => l.text)).toEqual(['1000000000000000000']);
    expect(r.makespan_ns / 1e6).toBeCloseTo(1250, -1);
  });

  it('an endless loop that touches nothing shared stops with a positioned error, not a hang', () => {
    const r = runGo('package main\n\nfunc main() {\n\tx := 0\n\tfor {\n\t\tx++\n\t}\n}\n');
    expect(r.stopped).toBe('error');
    expect(r.error).toContain('main.go:6:3');
    expect(r.error).toContain('without a step another goroutine could see');
    // 20 million statements: ≈36 s alone, 84 s on a machine at load 12.
  }, 180_000);
});

describe('numbers', () => {
  it('a division of floats does not truncate; one of ints does', () => {
    expect(printed(`package main

import "fmt"

type P struct {
	w float64
}

func half(x float64) float64 { return x / 2 }

func main() {
	a := 7.0
	b := a * 2
	p := P{w: 3}
	n := 7
	fmt.Println(a/2, b/4, half(3), p.w/2, float64(n)/2, n/2, 7/2, 1.5)
}
`)).toEqual(['3.5 3.5 1.5 1.5 3.5 3 3 1.5']);
  });
});

describe('whole values and versions', () => {
  it('copying or overwriting a whole struct or array touches every field: the race on one field is seen', async () => {
    const racy = (stmt: string) => `package main

type Inner struct {
	x int
}

type S struct {
	in  Inner
	arr [3]int
}

func main() {
	c := make(chan bool, 1)
	var s S
	go func() {
		s.in.x = 1
		s.arr[2] = 1
		c <- true
	}()
	${stmt}
	<-c
}
`;
    for (const stmt of ['s = S{}', 't := s\n\t_ = t', 's.arr = [3]int{1, 2, 3}']) {
      expect((await check(racy(stmt))).map((f) => f.kind), stmt).toContain('data-race');
    }
  });

  it('a pointer to a struct sees the struct overwritten in place', () => {
    expect(printed('package main\n\nimport "fmt"\n\ntype P struct {\n\tn int\n}\n\nfunc main() {\n\tvar s P\n\tp := &s\n\ts = P{n: 5}\n\tfmt.Println(p.n, s)\n}\n'))
      .toEqual(['5 {5}']);
  });

  it('the third index of a slice expression is evaluated (and its read seen)', async () => {
    const findings = await check('package main\n\nfunc main() {\n\tdone := make(chan bool)\n\tx := make([]int, 10)\n\ti := 2\n\tgo func() {\n\t\ti = 3\n\t\tdone <- true\n\t}()\n\t_ = x[:1:i]\n\t<-done\n}\n');
    expect(findings.map((f) => f.kind)).toContain('data-race');
  });

  it('a //go:build go1.21 file keeps one loop variable for the whole loop, as Go before 1.22 does', async () => {
    const loop = (head: string) => `${head}package main

import "sync"

func main() {
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = i
		}()
	}
	wg.Wait()
}
`;
    expect((await check(loop(''))).map((f) => f.kind)).not.toContain('data-race');
    expect((await check(loop('//go:build go1.21\n\n'))).map((f) => f.kind)).toContain('data-race');
  });
});
