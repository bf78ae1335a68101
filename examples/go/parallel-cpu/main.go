// Two goroutines each total the integers below 200 million; main waits for both with a
// WaitGroup and reports the wall time. With one P the totals take turns (about twice as
// long); with two they run side by side. The program uses every CPU
// (runtime.GOMAXPROCS(runtime.NumCPU())) only when the GOMAXPROCS environment variable
// is unset, so the same binary runs with GOMAXPROCS=1 and 2.
// Scenario: examples/parallelism/go-parallel-cpu.scenario.yaml
package main

import (
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"
)

func totalBelow(part, limit int) {
	sum := 0
	for n := 0; n < limit; n++ {
		sum += n
	}
	fmt.Println("part", part, "total", sum)
}

func main() {
	cpus := runtime.NumCPU()
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(cpus)
	}
	fmt.Println("CPUs:", cpus, "Ps:", runtime.GOMAXPROCS(0))

	start := time.Now()
	var parts sync.WaitGroup
	parts.Add(2)
	for part := 1; part <= 2; part++ {
		go func(part int) {
			defer parts.Done()
			totalBelow(part, 200_000_000)
		}(part)
	}
	parts.Wait()
	fmt.Println("both parts took", time.Since(start))
}
