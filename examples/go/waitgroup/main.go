// main waits on a WaitGroup for two goroutines that each report and call Done.
// Scenario: examples/waitgroup/two-tasks.scenario.yaml
package main

import (
	"fmt"
	"sync"
)

func main() {
	var pending sync.WaitGroup
	pending.Add(2)
	for _, label := range []string{"Task 1", "Task 2"} {
		go func(label string) {
			defer pending.Done()
			fmt.Println(label, "done")
		}(label)
	}
	pending.Wait()
	fmt.Println("All done")
}
