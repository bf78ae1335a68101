// One goroutine sends a greeting over an unbuffered channel; main receives and prints it.
// Scenario: examples/channels/hello-channel.scenario.yaml
package main

import "fmt"

func main() {
	greetings := make(chan string)
	go func() {
		greetings <- "Hello from goroutine" // blocks until main is ready to receive
	}()
	fmt.Println(<-greetings)
}
