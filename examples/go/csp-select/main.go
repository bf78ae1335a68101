// CSP (Hoare's Communicating Sequential Processes) in Go: processes share nothing and
// meet only at channels. An unbuffered send is a rendezvous (CSP's `c!v` meets `c?x`),
// and `select` is CSP's external choice: the first alternative ready is taken. Here a
// thermometer sends a reading every 30 ms, a door sensor an event at 50 ms and 110 ms,
// and the monitor chooses among them and a 100 ms quiet-period timeout.
package main

import (
	"fmt"
	"time"
)

func thermometer(readings chan<- int) {
	for t := 20; t < 24; t++ {
		time.Sleep(30 * time.Millisecond)
		readings <- t
	}
	close(readings)
}

func doorSensor(events chan<- string) {
	time.Sleep(50 * time.Millisecond)
	events <- "door opened"
	time.Sleep(60 * time.Millisecond)
	events <- "door closed"
}

func main() {
	readings := make(chan int)
	events := make(chan string)
	go thermometer(readings)
	go doorSensor(events)
	for {
		select {
		case t, ok := <-readings:
			if !ok {
				readings = nil // a nil channel is never ready: this alternative is off
				continue
			}
			fmt.Println("temperature", t)
		case e := <-events:
			fmt.Println(e)
		case <-time.After(100 * time.Millisecond):
			fmt.Println("quiet for 100 ms: monitor stops")
			return
		}
	}
}
