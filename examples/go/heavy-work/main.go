// Two goroutines each add up the integers below one billion; main sleeps five seconds
// and prints how long that took. The seed fixes GOMAXPROCS at 2 in code; here that
// call is made only when the GOMAXPROCS environment variable is unset, so the bench
// can run the same program with GOMAXPROCS=1 and 2.
// Scenario: examples/parallelism/go-heavy-work.scenario.yaml
package main

import (
	"fmt"
	"os"
	"runtime"
	"time"
)

var begin time.Time

func crunch(id int) {
	total := 0
	for n := 0; n < 1_000_000_000; n++ {
		total += n
	}
	// The finish time is extra output (not in the seed): it is what the bench compares.
	fmt.Println("Done:", id, "after", time.Since(begin).Round(time.Millisecond), "sum", total)
}

func main() {
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(2)
	}
	begin = time.Now()
	go crunch(1)
	go crunch(2)
	time.Sleep(5 * time.Second)
	fmt.Println("Time:", time.Since(begin))
}
