// The contended workload: many goroutines take one global mutex to bump one counter.
// Here 100 goroutines each do 1000 locked increments (100,000 in all, about 800,000
// simulated events: within `interleave run`'s default budget), and main reports the
// elapsed time.
// Scenario: examples/workloads/contended.scenario.yaml
package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	var (
		mu      sync.Mutex
		counter int
		wg      sync.WaitGroup
	)
	start := time.Now()
	const goroutines, rounds = 100, 1000
	wg.Add(goroutines)
	for g := 0; g < goroutines; g++ {
		go func() {
			defer wg.Done()
			for r := 0; r < rounds; r++ {
				mu.Lock()
				counter++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	fmt.Println("counter:", counter, "elapsed:", time.Since(start))
}
