// The contended workload: many goroutines take one global mutex to bump one counter.
// The seed shows one such goroutine and says "multiply that by thousands"; here 1000
// goroutines each do 1000 locked increments, and main reports the elapsed time.
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
	const goroutines, rounds = 1000, 1000
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
