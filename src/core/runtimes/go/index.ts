/** The `go` runtime (Go's G/M/P scheduler); its descriptor is listed in ../registry.ts. */
export { GoRuntime, GOROUTINE_STACK_BYTES, NEWPROC_COST_NS } from './go-runtime';
export { goRuntime } from './descriptor';
export type { GoMState, GoPState, GoSchedState } from './inspect';
