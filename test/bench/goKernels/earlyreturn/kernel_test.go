// A work queue whose Pop returns early on an empty queue without unlocking (the shape of
// many "missing Unlock on an error path" bugs in Kubernetes and Moby): the next caller's Lock
// waits for ever.
package earlyreturn

import (
	"sync"
	"testing"
)

type queue struct {
	mu    sync.Mutex
	items []string
}

func (q *queue) Push(item string) {
	q.mu.Lock() // want: deadlock
	defer q.mu.Unlock()
	q.items = append(q.items, item)
}

func (q *queue) Pop() (string, bool) {
	q.mu.Lock()
	if len(q.items) == 0 {
		return "", false
	}
	item := q.items[0]
	q.items = q.items[1:]
	q.mu.Unlock()
	return item, true
}

// PopFixed unlocks on every path.
func (q *queue) PopFixed() (string, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 {
		return "", false
	}
	item := q.items[0]
	q.items = q.items[1:]
	return item, true
}

func run(t *testing.T, pop func(q *queue) (string, bool)) {
	q := &queue{}
	if _, ok := pop(q); ok {
		t.Error("popped from an empty queue")
	}
	q.Push("job-1")
	if item, ok := pop(q); !ok || item != "job-1" {
		t.Errorf("popped %q, %v", item, ok)
	}
}

func TestPop(t *testing.T) {
	run(t, func(q *queue) (string, bool) { return q.Pop() })
}

func TestPopFixed(t *testing.T) {
	run(t, func(q *queue) (string, bool) { return q.PopFixed() })
}
