// Two goroutines sleep 1 ms (started A then B) at GOMAXPROCS=1; prints who wakes first.
package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	var wg sync.WaitGroup
	var mu sync.Mutex
	order := ""
	for _, name := range []string{"A", "B"} {
		wg.Add(1)
		go func(n string) {
			defer wg.Done()
			time.Sleep(time.Millisecond)
			mu.Lock()
			order += n
			mu.Unlock()
		}(name)
	}
	wg.Wait()
	fmt.Println(order)
}
