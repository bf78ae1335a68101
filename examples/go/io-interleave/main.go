// Two goroutines do five steps each with a 200 ms wait after every step (standing in
// for I/O); main sleeps two seconds and exits.
// Scenario: examples/concurrency/go-io-interleave.scenario.yaml
package main

import (
	"fmt"
	"time"
)

func waiter(label string) {
	for step := 1; step <= 5; step++ {
		fmt.Println(label, "step", step)
		time.Sleep(200 * time.Millisecond)
	}
}

func main() {
	go waiter("A")
	go waiter("B")
	time.Sleep(2 * time.Second)
}
