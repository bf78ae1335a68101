// The actor model in Go: an actor is a goroutine that alone owns its state and reads one
// mailbox (a buffered channel). Others change that state only by sending messages, which
// the actor handles one at a time, so the state needs no lock. A reply travels on a
// channel carried inside the message. Two tellers deposit into one account actor; the
// balance is always right, because only the actor ever touches it.
package main

import (
	"fmt"
	"sync"
)

type message struct {
	deposit int
	reply   chan int // nil for a deposit; set to ask for the balance
}

func account(mailbox <-chan message) {
	balance := 0 // the actor's own state: no other goroutine can reach it
	for m := range mailbox {
		if m.reply != nil {
			m.reply <- balance
			continue
		}
		balance += m.deposit
	}
}

func teller(mailbox chan<- message, amount, times int, wg *sync.WaitGroup) {
	defer wg.Done()
	for i := 0; i < times; i++ {
		mailbox <- message{deposit: amount}
	}
}

func main() {
	mailbox := make(chan message, 4)
	go account(mailbox)

	var wg sync.WaitGroup
	wg.Add(2)
	go teller(mailbox, 10, 3, &wg)
	go teller(mailbox, 5, 3, &wg)
	wg.Wait()

	reply := make(chan int)
	mailbox <- message{reply: reply}
	fmt.Println("balance:", <-reply)
	close(mailbox)
}
