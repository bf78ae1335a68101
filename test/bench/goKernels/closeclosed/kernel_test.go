// A stopper that two failing workers both call (the shape of Docker's and gRPC's double
// close): Stop checks whether done is closed, then closes it, and the check and the close are
// not one step, so both workers can pass the check and the second close panics.
package closeclosed

import (
	"sync"
	"testing"
)

type stopper struct {
	done chan struct{}
	once sync.Once
}

func (s *stopper) Stop() {
	select {
	case <-s.done:
	default:
		close(s.done) // want: misuse
	}
}

// StopOnce closes done exactly once, whoever calls it first.
func (s *stopper) StopOnce() {
	s.once.Do(func() { close(s.done) })
}

func run(t *testing.T, stop func(s *stopper)) {
	s := &stopper{done: make(chan struct{})}
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// ... the worker fails, and stops everything.
			stop(s)
		}()
	}
	wg.Wait()
	<-s.done
}

func TestStop(t *testing.T) {
	run(t, func(s *stopper) { s.Stop() })
}

func TestStopFixed(t *testing.T) {
	run(t, func(s *stopper) { s.StopOnce() })
}
