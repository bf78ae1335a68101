// A member registry whose map is written by two joining members at once without its lock
// (etcd's and Istio's unguarded maps): a data race, and Go's runtime may stop the program
// with "fatal error: concurrent map writes".
package racymap

import (
	"sync"
	"testing"
)

type registry struct {
	mu      sync.Mutex
	members map[string]int
}

func (r *registry) join(name string, id int) {
	r.members[name] = id // want: data-race
}

func (r *registry) joinLocked(name string, id int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.members[name] = id
}

func run(t *testing.T, join func(r *registry, name string, id int)) {
	r := &registry{members: map[string]int{}}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		join(r, "node-a", 1)
	}()
	go func() {
		defer wg.Done()
		join(r, "node-b", 2)
	}()
	wg.Wait()
	if len(r.members) != 2 {
		t.Errorf("%d members, want 2", len(r.members))
	}
}

func TestJoin(t *testing.T) {
	run(t, func(r *registry, name string, id int) { r.join(name, id) })
}

func TestJoinFixed(t *testing.T) {
	run(t, func(r *registry, name string, id int) { r.joinLocked(name, id) })
}
