// Two goroutines each sum the integers below 200 million; main waits for both with a
// WaitGroup and prints the elapsed time. The seed sets GOMAXPROCS to NumCPU in code;
// here that happens only when the GOMAXPROCS environment variable is unset, so the
// same binary runs with GOMAXPROCS=1 and 2.
// Scenario: examples/parallelism/go-parallel-cpu.scenario.yaml
package main

import (
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"
)

func sumBelow(id, limit int) {
	total := 0
	for n := 0; n < limit; n++ {
		total += n
	}
	fmt.Println("done", id, "sum", total)
}

func main() {
	cpus := runtime.NumCPU()
	fmt.Println("NumCPU:", cpus)
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(cpus)
	}
	fmt.Println("GOMAXPROCS:", runtime.GOMAXPROCS(0))

	start := time.Now()
	var wg sync.WaitGroup
	wg.Add(2)
	for id := 1; id <= 2; id++ {
		go func(id int) {
			defer wg.Done()
			sumBelow(id, 200_000_000)
		}(id)
	}
	wg.Wait()
	fmt.Println("Elapsed:", time.Since(start))
}
