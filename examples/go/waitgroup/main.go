// main renders a thumbnail and a preview of one photo in two goroutines and uses a
// WaitGroup to know when both are ready: Add before starting them, Done as each ends,
// Wait until the count is back at zero. "photo ready" is always the last line.
// Scenario: examples/waitgroup/two-tasks.scenario.yaml
package main

import (
	"fmt"
	"sync"
)

func render(size string, ready *sync.WaitGroup) {
	defer ready.Done()
	fmt.Println(size, "rendered")
}

func main() {
	var ready sync.WaitGroup
	sizes := []string{"thumbnail", "preview"}
	ready.Add(len(sizes))
	for _, size := range sizes {
		go render(size, &ready)
	}
	ready.Wait()
	fmt.Println("photo ready")
}
