// DEMONSTRATES A BUG: two goroutines count visitors into one int with no synchronisation.
// finding: data-race (check)
// `visitors++` is a read, an add and a write; when the two goroutines' steps interleave,
// one write overwrites the other and a visitor is lost. A WaitGroup makes main wait, so
// the printed count means something. `go run -race .` reports the race on some runs;
// `interleave check` on every schedule that shows it.
// Scenario: examples/races/go-racy-count.scenario.yaml
package main

import (
	"fmt"
	"sync"
)

func main() {
	visitors := 0
	var gates sync.WaitGroup
	gates.Add(2)
	for gate := 0; gate < 2; gate++ {
		go func() {
			defer gates.Done()
			visitors++ // read, add, write: not atomic
		}()
	}
	gates.Wait()
	fmt.Println("visitors:", visitors)
}
