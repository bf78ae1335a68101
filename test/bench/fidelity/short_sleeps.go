// A goroutine sleeping 100 µs, 100 times, with nothing else to run (GOMAXPROCS=1): each
// sleep ends when the idle M's epoll_wait returns, and epoll_wait's timeout is in whole
// milliseconds (runtime/netpoll_epoll.go: netpoll, delay < 1e6 → waitms = 1; proc.go:
// findRunnable → netpoll(delay)). Prints the 100 sleeps' elapsed ms.
package main

import (
	"fmt"
	"os"
	"time"
)

func main() {
	d := 100 * time.Microsecond
	if len(os.Args) > 1 {
		if v, err := time.ParseDuration(os.Args[1]); err == nil {
			d = v
		}
	}
	time.Sleep(time.Millisecond) // the timer and the netpoller are set up
	t0 := time.Now()
	for i := 0; i < 100; i++ {
		time.Sleep(d)
	}
	fmt.Printf("%.3f\n", float64(time.Since(t0).Microseconds())/1e3)
}
