// Unbuffered channel ping-pong: the round trip in ns (test/bench/fidelityBench.ts).
package main

import (
	"fmt"
	"time"
)

func main() {
	const rounds = 500_000
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v
		}
	}()
	start := time.Now()
	for i := 0; i < rounds; i++ {
		ping <- i
		<-pong
	}
	fmt.Println(float64(time.Since(start).Nanoseconds()) / rounds)
}
