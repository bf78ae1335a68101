// Probes started in goroutines that each call wg.Add(1) themselves (a Kubernetes and Docker
// bug shape): wg.Wait can run before any Add, return at once, and the caller reads the total
// while the probes still write it.
package wgaddinside

import (
	"sync"
	"testing"
)

func probeAll(latencies []int, addInside bool) int {
	var mu sync.Mutex
	var wg sync.WaitGroup
	total := 0
	for _, l := range latencies {
		l := l
		if !addInside {
			wg.Add(1)
		}
		go func() {
			if addInside {
				wg.Add(1)
			}
			defer wg.Done()
			mu.Lock()
			total += l
			mu.Unlock()
		}()
	}
	wg.Wait()
	return total // want: data-race
}

func TestProbeAll(t *testing.T) {
	t.Logf("total latency %d", probeAll([]int{3, 5}, true))
}

func TestProbeAllFixed(t *testing.T) {
	if got := probeAll([]int{3, 5}, false); got != 8 {
		t.Errorf("total %d, want 8", got)
	}
}
