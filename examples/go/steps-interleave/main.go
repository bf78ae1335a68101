// Two cooks share one stove: each checks its pot three times and walks away for half a
// second after every check. With GOMAXPROCS=1 only one goroutine runs at a time, yet the
// lines interleave: while one cook waits (its goroutine parked on a timer) the other
// gets the P. That is concurrency without parallelism. main keeps the kitchen open for
// three seconds instead of waiting for the cooks.
// Scenario: examples/concurrency/go-steps-interleave.scenario.yaml
package main

import (
	"fmt"
	"time"
)

func cook(pot string) {
	for check := 1; check <= 3; check++ {
		fmt.Println(pot, "checked", check)
		time.Sleep(500 * time.Millisecond)
	}
}

func main() {
	go cook("soup")
	go cook("rice")
	time.Sleep(3 * time.Second)
}
