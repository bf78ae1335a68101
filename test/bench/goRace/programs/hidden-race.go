// A race that most real runs do not show: the worker writes x only when it looks at
// `started` before main sets it. On a real machine main nearly always gets there first
// (a new goroutine takes a while to start), so that run has no racing write and
// `go run -race` reports nothing; the schedule where the worker is first races on x.
// `interleave check` explores both. (test/bench/goCompare.ts, `npm run bench -- gocompare`)
package main

import (
	"fmt"
	"sync"
)

func main() {
	var mu sync.Mutex
	started := false
	x := 0
	done := make(chan bool)
	go func() {
		mu.Lock()
		seen := started
		mu.Unlock()
		if !seen {
			x = 1
		}
		done <- true
	}()
	mu.Lock()
	started = true
	mu.Unlock()
	x = 2
	<-done
	fmt.Println(x)
}
