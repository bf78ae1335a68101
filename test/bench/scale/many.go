// The real-Go side of the bench's scale rows (test/bench/scaleBench.ts): the program of
// examples/goroutines/many-goroutines.scenario.yaml (examples/go/many-goroutines) with the
// count as an argument. It prints the line the scenario prints, then its own peak RSS
// (getrusage ru_maxrss, KiB on Linux) on stderr, so the bench needs no `time` binary.
package main

import (
	"fmt"
	"os"
	"strconv"
	"sync"
	"syscall"
)

func main() {
	n := 100000
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func() { wg.Done() }()
	}
	wg.Wait()
	fmt.Printf("Launched and waited for %d goroutines\n", n)
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	fmt.Fprintf(os.Stderr, "maxrss_kb %d\n", ru.Maxrss)
}
