// Two goroutines each total the integers below one billion, a few seconds of pure CPU
// work, while main does not wait for them: it sleeps a fixed five seconds and reports
// how long it slept. With two Ps both totals finish at the same time, about half as
// late as with one. The program asks for two Ps with runtime.GOMAXPROCS(2) only when
// the GOMAXPROCS environment variable is unset, so the bench can run it with 1 and 2.
// Scenario: examples/parallelism/go-heavy-work.scenario.yaml
package main

import (
	"fmt"
	"os"
	"runtime"
	"time"
)

var begin time.Time

func total(worker int) {
	sum := 0
	for n := 0; n < 1_000_000_000; n++ {
		sum += n
	}
	// The finish time is what the bench compares with the simulation.
	fmt.Println("worker", worker, "finished after", time.Since(begin).Round(time.Millisecond), "sum", sum)
}

func main() {
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(2)
	}
	begin = time.Now()
	go total(1)
	go total(2)
	time.Sleep(5 * time.Second)
	fmt.Println("main woke after", time.Since(begin))
}
