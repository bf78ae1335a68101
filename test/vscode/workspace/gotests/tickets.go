// A ticket office whose Sell forgets its lock: the tests beside it are Go tests
// the editor's Testing view and lenses explore schedule by schedule.
package tickets

import "sync"

type Office struct {
	mu   sync.Mutex
	sold int
}

// Sell counts one ticket without the lock: two sellers at once can lose a sale.
func (o *Office) Sell() {
	o.sold++
}

// SellLocked counts one ticket under the lock.
func (o *Office) SellLocked() {
	o.mu.Lock()
	o.sold++
	o.mu.Unlock()
}
