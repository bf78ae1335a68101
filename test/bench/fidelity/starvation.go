// Mutex starvation: a hog goroutine relocks at once after each 20 µs critical section;
// main (the victim) waits for the lock once. Prints the victim's wait in ms.
package main

import (
	"fmt"
	"sync"
	"time"
)

func busy(d time.Duration) {
	t0 := time.Now()
	for time.Since(t0) < d {
	}
}

func main() {
	var mu sync.Mutex
	go func() {
		for {
			mu.Lock()
			busy(20 * time.Microsecond)
			mu.Unlock()
		}
	}()
	time.Sleep(time.Millisecond)
	start := time.Now()
	mu.Lock()
	wait := time.Since(start)
	mu.Unlock()
	fmt.Println(float64(wait.Nanoseconds()) / 1e6)
}
