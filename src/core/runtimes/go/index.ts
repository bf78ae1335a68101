/** The `go` runtime (Go's G/M/P scheduler); registered in ../registry.ts. */
export { GoRuntime, GOROUTINE_STACK_BYTES, NEWPROC_COST_NS } from './go-runtime';
