// Two transfers between the same accounts in opposite directions, each locking its source
// then its destination (the AB-BA order of etcd's and CockroachDB's lock-order bugs). If both
// take their first lock before either takes its second, each waits for the other for ever.
package abba

import (
	"sync"
	"testing"
)

type account struct {
	id      int
	mu      sync.Mutex
	balance int
}

func transfer(from, to *account, amount int) {
	from.mu.Lock()
	defer from.mu.Unlock()
	to.mu.Lock() // want: deadlock
	defer to.mu.Unlock()
	from.balance -= amount
	to.balance += amount
}

// transferOrdered takes the two locks in one global order (by account id) whatever the direction.
func transferOrdered(from, to *account, amount int) {
	first, second := from, to
	if to.id < from.id {
		first, second = to, from
	}
	first.mu.Lock()
	defer first.mu.Unlock()
	second.mu.Lock()
	defer second.mu.Unlock()
	from.balance -= amount
	to.balance += amount
}

func run(t *testing.T, move func(from, to *account, amount int)) {
	a := &account{id: 1, balance: 100}
	b := &account{id: 2, balance: 100}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		move(a, b, 10)
	}()
	go func() {
		defer wg.Done()
		move(b, a, 20)
	}()
	wg.Wait()
	if a.balance+b.balance != 200 {
		t.Errorf("money created or lost: %d", a.balance+b.balance)
	}
}

func TestTransfer(t *testing.T) {
	run(t, transfer)
}

func TestTransferFixed(t *testing.T) {
	run(t, transferOrdered)
}
