// Start 100 000 goroutines that only signal a WaitGroup, and wait for all of them.
// Scenario: examples/goroutines/many-goroutines.scenario.yaml
package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

const launches = 100_000

func main() {
	fmt.Println("NumCPU:", runtime.NumCPU())
	start := time.Now()
	var wg sync.WaitGroup
	wg.Add(launches)
	for i := 0; i < launches; i++ {
		go func() { wg.Done() }()
	}
	wg.Wait()
	// The elapsed time is extra output (not in the seed): the bench compares it.
	fmt.Println("Launched and waited for", launches, "goroutines in", time.Since(start))
}
