/**
 * `os` and `net` calls block as Go's do, without touching a file or the network: a file
 * read is a blocking syscall (the M leaves its P, sysmon hands the P to another M), a
 * connection's read parks the G on the netpoller (no M blocks). sysio.ts.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core/index';
import { EVENT_NAMES } from '../../../src/core/trace/events';
import type { RunResult } from '../../../src/core/index';
import { compileSource } from '../../../src/frontends/index';
import { checkFile } from '../../../src/service/index';

const FILE = '/w/prog/main.go';
const N = 6;

function run(text: string): RunResult {
  const r = compileSource(text, FILE);
  expect(r.errors).toEqual([]);
  const result = simulate(r.program!, { mode: 'timed', seed: 1, set: { 'machine.cores': 4 }, trace: true });
  expect(result.error).toBeUndefined();
  return result;
}

/** N goroutines at GOMAXPROCS=1, each doing `work`; main prints how long they all took. */
function workers(imports: string, work: string): string {
  return `package main

import (
	"fmt"
	${imports}
	"runtime"
	"sync"
	"time"
)

func main() {
	runtime.GOMAXPROCS(1)
	start := time.Now()
	var wg sync.WaitGroup
	for i := 0; i < ${N}; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
${work}
		}()
	}
	wg.Wait()
	fmt.Println(time.Since(start).Microseconds())
}
`;
}

/** The runtime's sentences (the panel's "Why?"), from the trace's note events. */
function notes(r: RunResult): string[] {
  const t = r.trace as { log: { length: number; kind: ArrayLike<number>; objectAt(i: number): string | null } };
  const out: string[] = [];
  for (let i = 0; i < t.log.length; i++) if (t.log.kind[i] === EVENT_NAMES.indexOf('note')) out.push(t.log.objectAt(i) ?? '');
  return out;
}

function elapsedUs(r: RunResult): number {
  return Number(r.log[r.log.length - 1].text);
}

describe('blocking os and net calls on the Go runtime', () => {
  it('file reads are blocking syscalls: at GOMAXPROCS=1 sysmon hands the P to new Ms, so the reads overlap', () => {
    const r = run(workers('"os"', `			data, err := os.ReadFile("/etc/hosts")
			if err != nil {
				panic(err)
			}
			fmt.Println(len(data))`));
    // One P, and more Ms than that: each read's M blocked in the kernel and the P moved on (proc.go: retake, handoffp).
    expect(r.metrics.threads_created).toBeGreaterThan(1);
    expect(Number(r.metrics.handoffs)).toBeGreaterThanOrEqual(N - 1);
    expect(notes(r).filter((n) => /^M\d entered a blocking syscall; after [\d.]+µs sysmon handed P0 to M\d$/.test(n)).length).toBeGreaterThanOrEqual(N - 1);
    // Six 1 ms reads one after the other would take 6 ms; overlapped they take about 1 ms plus the handoffs.
    expect(elapsedUs(r)).toBeGreaterThan(1000);
    expect(elapsedUs(r)).toBeLessThan(N * 1000 * 0.5);
    // The files read as empty: nothing is read from the real /etc/hosts.
    expect(r.log.slice(0, N).map((l) => l.text)).toEqual(Array(N).fill('0'));
  });

  it('os.Open, f.Read and f.Close: the read is the long syscall, an empty file is io.EOF', () => {
    const r = run(workers('"io"\n\t"os"', `			f, err := os.Open("data.txt")
			if err != nil {
				panic(err)
			}
			defer f.Close()
			buf := make([]byte, 16)
			n, err := f.Read(buf)
			fmt.Println(n, err == io.EOF, f.Name())`));
    expect(r.metrics.threads_created).toBeGreaterThan(1);
    expect(elapsedUs(r)).toBeLessThan(N * 1000 * 0.5);
    expect(r.log.slice(0, N).map((l) => l.text)).toEqual(Array(N).fill('0 true data.txt'));
  });

  it('a connection read parks the G on the netpoller: no M is created, and the waits still overlap', () => {
    const r = run(workers('"net"', `			conn, err := net.Dial("tcp", "example.com:80")
			if err != nil {
				panic(err)
			}
			defer conn.Close()
			conn.Write([]byte("GET / HTTP/1.0\\r\\n\\r\\n"))
			buf := make([]byte, 8)
			n, _ := conn.Read(buf)
			fmt.Println(n)`));
    expect(r.metrics.threads_created).toBe(1);
    expect(Number(r.metrics.handoffs)).toBe(0);
    expect(notes(r).some((n) => /syscall/.test(n))).toBe(false);
    // A dial and a read, each a 1 ms round trip, for every G at once: about 2 ms, not 12.
    expect(elapsedUs(r)).toBeGreaterThan(2000);
    expect(elapsedUs(r)).toBeLessThan(3000);
    expect(r.log.slice(0, N).map((l) => l.text)).toEqual(Array(N).fill('8'));
  });

  it('net.Listen and Accept: each Accept waits on the netpoller for the next client', () => {
    const r = run(`package main

import (
	"fmt"
	"net"
	"time"
)

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:8080")
	if err != nil {
		panic(err)
	}
	defer ln.Close()
	start := time.Now()
	for i := 0; i < 3; i++ {
		conn, _ := ln.Accept()
		conn.Close()
	}
	fmt.Println(time.Since(start) >= 3*time.Millisecond)
}
`);
    expect(r.log.map((l) => l.text)).toEqual(['true']);
    expect(r.metrics.threads_created).toBe(1);
  });

  it('//interleave:cost on the call sets how long it blocks', () => {
    const r = run(`package main

import (
	"fmt"
	"os"
	"time"
)

func main() {
	start := time.Now()
	//interleave:cost 25ms
	os.WriteFile("out.txt", []byte("hi"), 0o644)
	fmt.Println(time.Since(start).Milliseconds())
}
`);
    expect(r.log.map((l) => l.text)).toEqual(['25']);
  });

  it('the race lens sees a connection read write into its buffer (syscall.Read: race.WriteRange)', async () => {
    const text = `package main

import (
	"fmt"
	"net"
)

func main() {
	conn, _ := net.Dial("tcp", "example.com:80")
	buf := make([]byte, 2)
	done := make(chan bool)
	go func() {
		conn.Read(buf)
		done <- true
	}()
	fmt.Println(buf[0])
	<-done
}
`;
    const r = await checkFile({ file: FILE, text, schedules: 200 });
    expect(r.errors).toEqual([]);
    const races = r.findings.filter((f) => f.kind === 'data-race');
    expect(races.length).toBeGreaterThan(0);
    expect(races[0].message).toContain('buf[0]');
  });

  it('an os or net call outside the subset is a positioned error that names it', () => {
    const text = 'package main\n\nimport (\n\t"net"\n\t"os"\n)\n\nfunc main() {\n\tos.Exit(1)\n\t_, _ = net.ResolveTCPAddr("tcp", "x:1")\n}\n';
    const r = compileSource(text, FILE);
    expect(r.errors.map((e) => `${e.at.line}:${e.at.column} ${e.message}`)).toEqual([
      '9:2 os.Exit is not supported yet',
      '10:9 net.ResolveTCPAddr is not supported yet',
    ]);
  });

  it('an //interleave:cost above neither a loop nor a blocking call is a positioned error', () => {
    const text = 'package main\n\nimport "os"\n\nfunc main() {\n\t//interleave:cost 1ms\n\t_ = os.Getenv("HOME")\n}\n';
    const r = compileSource(text, FILE);
    expect(r.errors.map((e) => `${e.at.line}:${e.at.column} ${e.message}`)).toEqual([
      '6:2 `//interleave:cost` is not on or above a `for` statement or a blocking os/net call',
    ]);
  });
});
