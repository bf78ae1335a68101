// A resolver call with a deadline (the shape of gRPC's and Kubernetes' leaked lookups): the
// caller gives up when time.After fires first, and the worker's send on the unbuffered result
// channel then has no receiver, so the worker blocks for ever. go test does not notice a
// goroutine left blocked; goleak (and check) does.
package selecttimeout

import (
	"errors"
	"testing"
	"time"
)

func resolve(name string) string {
	time.Sleep(2 * time.Millisecond)
	return name + ":443"
}

func lookup(name string, timeout time.Duration, buffered bool) (string, error) {
	var result chan string
	if buffered {
		// The fix: room for the one result, so the worker's send never waits.
		result = make(chan string, 1)
	} else {
		result = make(chan string)
	}
	go func() {
		result <- resolve(name) // want: leak
	}()
	select {
	case addr := <-result:
		return addr, nil
	case <-time.After(timeout):
		return "", errors.New("lookup " + name + ": timed out")
	}
}

func TestLookup(t *testing.T) {
	if _, err := lookup("api", time.Millisecond, false); err != nil {
		t.Log(err)
	}
}

func TestLookupFixed(t *testing.T) {
	if _, err := lookup("api", time.Millisecond, true); err != nil {
		t.Log(err)
	}
}
