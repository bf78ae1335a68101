// Share memory by communicating: two polling stations count their ballots and send the
// count to main, which alone adds them up. No variable is written by two goroutines, so
// there is nothing to race on: compare racy-count, where both write one counter.
// Scenario: examples/channels/share-by-communicating.scenario.yaml
package main

import "fmt"

func station(ballots int, counts chan<- int) {
	counts <- ballots
}

func main() {
	counts := make(chan int)
	go station(1, counts)
	go station(1, counts)
	total := 0
	for i := 0; i < 2; i++ {
		total += <-counts
	}
	fmt.Println("ballots:", total)
}
