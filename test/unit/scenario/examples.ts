// The worked examples of scenario-format.md, verbatim.
export const LOST_UPDATE = `name: Two unsynchronised incrementers
runtime: { kind: threads }
vars: { counter: 0 }
tasks:
  main:
    - go: inc
      count: 2
    - join: inc
  inc:
    - repeat: 1000
      do:
        - counter.incr
expect:
  - final: { counter: 2000 }     # fails: some schedule loses updates
`;

export const GOMAXPROCS = `name: Two busy goroutines
machine: { cores: 2, smt: 1 }
runtime: { kind: go, gomaxprocs: 1 }
sync: { wg: waitgroup }
tasks:
  main:
    - wg.add: 2
    - go: busy
      count: 2
    - wg.wait
  busy:
    - compute: 200ms
    - wg.done
sweep:
  runtime.gomaxprocs: [1, 2]     # makespan about 400ms, then about 200ms
`;
