// Two goroutines each poll a slow sensor five times, waiting 200 ms for every reading
// (the wait stands in for I/O). A goroutine that waits holds no P, so on one P both
// finish after about one second, not two. main closes after two seconds.
// Scenario: examples/concurrency/go-io-interleave.scenario.yaml
package main

import (
	"fmt"
	"time"
)

func poll(sensor string) {
	for reading := 1; reading <= 5; reading++ {
		fmt.Println(sensor, "reading", reading)
		time.Sleep(200 * time.Millisecond)
	}
}

func main() {
	go poll("light")
	go poll("sound")
	time.Sleep(2 * time.Second)
}
