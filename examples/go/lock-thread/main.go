// main wires its goroutine to the current OS thread for as long as it runs, the way
// code that calls C libraries with thread-local state must.
// Scenario: examples/gmp/lock-os-thread.scenario.yaml
package main

import (
	"fmt"
	"runtime"
)

func main() {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	fmt.Println("this goroutine now runs only on the OS thread it is locked to")
}
