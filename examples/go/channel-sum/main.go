// Share memory by communicating: two goroutines each send a 1, and main adds up what
// it receives. No variable is shared, so there is nothing to race on.
// Scenario: examples/channels/share-by-communicating.scenario.yaml
package main

import "fmt"

func main() {
	ones := make(chan int)
	for i := 0; i < 2; i++ {
		go func() { ones <- 1 }()
	}
	sum := <-ones + <-ones
	fmt.Println(sum)
}
