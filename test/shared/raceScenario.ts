/** The smallest racy scenario: two threads each increment `counter` twice, no lock (line 13). Shared by the lens's unit and VS Code tests. */
export const RACE = `name: two incrementers
runtime: { kind: threads }
vars:
  counter: 0
tasks:
  main:
    - go: inc
      count: 2
    - join: inc
  inc:
    - repeat: 2
      do:
        - counter.incr
`;
