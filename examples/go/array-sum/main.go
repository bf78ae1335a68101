// Data parallelism: one slice of numbers, split into equal parts, each part worked on by
// its own goroutine (here: the total length of the numbers' Collatz sequences), the
// partial results sent back on a channel and added up. The parts share nothing (each
// goroutine reads only its part and writes only its own send), so with GOMAXPROCS Ps
// the work runs up to that many times faster: compare `GOMAXPROCS=1 go run ./array-sum`
// with 4, or `interleave run` with `--set runtime.gomaxprocs=1` and 4. 2,000 numbers keep
// the simulation quick; real Go needs a larger n (20,000) before the speed-up outweighs
// starting the goroutines.
package main

import (
	"fmt"
	"time"
)

// steps is how many Collatz steps n takes to reach 1.
func steps(n int) int {
	count := 0
	for n != 1 {
		if n%2 == 0 {
			n /= 2
		} else {
			n = 3*n + 1
		}
		count++
	}
	return count
}

func worker(part []int, out chan<- int) {
	total := 0
	for _, n := range part {
		total += steps(n)
	}
	out <- total
}

func main() {
	const n, workers = 2_000, 4
	numbers := make([]int, n)
	for i := range numbers {
		numbers[i] = i + 1
	}

	start := time.Now()
	results := make(chan int, workers)
	size := n / workers
	for w := 0; w < workers; w++ {
		go worker(numbers[w*size:(w+1)*size], results)
	}
	total := 0
	for w := 0; w < workers; w++ {
		total += <-results
	}
	fmt.Println("total steps:", total, "in", time.Since(start).Round(100*time.Microsecond))
}
