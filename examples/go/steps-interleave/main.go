// Two goroutines print three numbered steps each, pausing half a second after every
// step, while main waits three seconds before returning.
// Scenario: examples/concurrency/go-steps-interleave.scenario.yaml
package main

import (
	"fmt"
	"time"
)

func stepper(label string) {
	for step := 1; step <= 3; step++ {
		fmt.Println(label, "step", step)
		time.Sleep(500 * time.Millisecond)
	}
}

func main() {
	go stepper("A")
	go stepper("B")
	// main does not wait for A and B explicitly: it just outlives them.
	time.Sleep(3 * time.Second)
}
