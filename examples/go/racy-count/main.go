// DEMONSTRATES A BUG: two goroutines increment one shared int with no synchronisation.
// finding: data-race (check)
// The seed's snippet does not wait for the goroutines; a WaitGroup is added so the
// printed value means something. `go run -race .` reports the race.
// Scenario: examples/races/go-racy-count.scenario.yaml
package main

import (
	"fmt"
	"sync"
)

func main() {
	count := 0
	var wg sync.WaitGroup
	wg.Add(2)
	for i := 0; i < 2; i++ {
		go func() {
			defer wg.Done()
			count++ // read, add, write: not atomic
		}()
	}
	wg.Wait()
	fmt.Println("count:", count)
}
