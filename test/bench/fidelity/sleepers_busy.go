// A sleeps 1 ms and B 2 ms while main computes 5 ms at GOMAXPROCS=1: both timers expire on
// the running P and are readied at main's wg.Wait in one checkTimers pass, each into
// runnext; prints who runs first (the last readied: "BA").
package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

var sink int

func main() {
	var wg sync.WaitGroup
	var mu sync.Mutex
	order := ""
	for _, s := range []struct {
		name string
		d    time.Duration
	}{{"A", time.Millisecond}, {"B", 2 * time.Millisecond}} {
		wg.Add(1)
		go func(n string, d time.Duration) {
			defer wg.Done()
			time.Sleep(d)
			mu.Lock()
			order += n
			mu.Unlock()
		}(s.name, s.d)
	}
	runtime.Gosched() // both start sleeping
	start := time.Now()
	for time.Since(start) < 5*time.Millisecond {
		sink++
	}
	wg.Wait()
	fmt.Println(order)
}
