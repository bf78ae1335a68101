// A pod cache whose Get refreshes a stale entry while it holds the cache's lock, and the
// refresh takes the lock again (the shape of several Kubernetes kubelet bugs). sync.Mutex is
// not reentrant: the second Lock waits for the first, which waits for it.
package doublelock

import (
	"sync"
	"testing"
)

type podCache struct {
	mu    sync.Mutex
	state map[string]string
	stale map[string]bool
}

func newPodCache() *podCache {
	c := &podCache{state: map[string]string{}, stale: map[string]bool{}}
	c.state["web-0"] = "Pending"
	c.stale["web-0"] = true
	return c
}

// Get returns a pod's state, refreshing it first if it is stale.
func (c *podCache) Get(name string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stale[name] {
		c.refresh(name)
	}
	return c.state[name]
}

func (c *podCache) refresh(name string) {
	c.mu.Lock() // want: deadlock
	defer c.mu.Unlock()
	c.refreshLocked(name)
}

// refreshLocked is refresh for a caller that holds c.mu.
func (c *podCache) refreshLocked(name string) {
	c.state[name] = "Running"
	c.stale[name] = false
}

// GetFixed is Get calling the refresh that expects the lock held.
func (c *podCache) GetFixed(name string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stale[name] {
		c.refreshLocked(name)
	}
	return c.state[name]
}

func TestPodCache(t *testing.T) {
	c := newPodCache()
	if got := c.Get("web-0"); got != "Running" {
		t.Errorf("state %q, want Running", got)
	}
}

func TestPodCacheFixed(t *testing.T) {
	c := newPodCache()
	if got := c.GetFixed("web-0"); got != "Running" {
		t.Errorf("state %q, want Running", got)
	}
}
