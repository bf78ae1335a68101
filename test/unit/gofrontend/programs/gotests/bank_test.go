package bank

import (
	"fmt"
	"sync"
	"testing"
)

func TestDeposits(t *testing.T) {
	var a Account
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a.Deposit(10)
		}()
	}
	wg.Wait()
	if got := a.Balance(); got != 20 {
		t.Errorf("balance %d, want 20", got)
	}
	t.Logf("balance %d", a.Balance())
}

func TestWrongTotal(t *testing.T) {
	var a Account
	a.Deposit(5)
	if a.Balance() != 10 {
		t.Errorf("balance %d, want 10", a.Balance())
	}
	t.Log("Errorf goes on")
}

func check(t *testing.T, got, want int) {
	t.Helper()
	if got != want {
		t.Fatalf("got %d, want %d", got, want)
	}
}

func TestFatalEndsTheTest(t *testing.T) {
	defer func() { t.Log("deferred calls run after FailNow") }()
	t.Cleanup(func() { t.Log("cleanup 1") })
	t.Cleanup(func() { t.Log("cleanup 2 runs first") })
	check(t, 1, 2)
	t.Log("not reached")
}

func TestSubtests(t *testing.T) {
	for _, n := range []int{1, 2, 3} {
		n := n
		t.Run(fmt.Sprintf("deposit %d", n), func(t *testing.T) {
			var a Account
			a.Deposit(n)
			t.Logf("%s: %d", t.Name(), a.Balance())
			if n == 3 {
				t.Error("three fails")
			}
		})
	}
	t.Log("after the subtests")
}

func TestSkipped(t *testing.T) {
	if !testing.Short() {
		t.Skip("skipped unless -short")
	}
	t.Error("not reached")
}
