// A backup goroutine tells main it has finished, over an unbuffered channel. The send
// cannot complete until main is there to receive: the two meet at the channel, and the
// message passes hand to hand. Nothing is shared, so nothing needs a lock.
// Scenario: examples/channels/hello-channel.scenario.yaml
package main

import "fmt"

func main() {
	finished := make(chan string)
	go func() {
		finished <- "backup finished" // waits here until main receives
	}()
	fmt.Println("main heard:", <-finished)
}
