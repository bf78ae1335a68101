// A watcher that forwards events until its context is cancelled (the shape of etcd's and
// Kubernetes' informer leaks): it checks ctx.Done() only while it waits for an event, not
// while it hands one on. Once the consumer cancels and stops reading, a watcher that has
// already taken the next event blocks on its send for ever.
package ctxwatch

import (
	"context"
	"testing"
)

func watch(ctx context.Context, events <-chan string, out chan<- string) {
	for {
		select {
		case <-ctx.Done():
			return
		case ev := <-events:
			out <- ev // want: leak
		}
	}
}

// watchFixed gives up a pending send as soon as the context is cancelled.
func watchFixed(ctx context.Context, events <-chan string, out chan<- string) {
	for {
		select {
		case <-ctx.Done():
			return
		case ev := <-events:
			select {
			case out <- ev:
			case <-ctx.Done():
				return
			}
		}
	}
}

func run(t *testing.T, w func(ctx context.Context, events <-chan string, out chan<- string)) {
	ctx, cancel := context.WithCancel(context.Background())
	events := make(chan string, 2)
	events <- "ADDED web-0"
	events <- "MODIFIED web-0"
	out := make(chan string)
	go w(ctx, events, out)
	if ev := <-out; ev != "ADDED web-0" {
		t.Errorf("first event %q", ev)
	}
	// The consumer has what it needs: it cancels the watch and stops reading.
	cancel()
}

func TestWatch(t *testing.T) {
	run(t, watch)
}

func TestWatchFixed(t *testing.T) {
	run(t, watchFixed)
}
