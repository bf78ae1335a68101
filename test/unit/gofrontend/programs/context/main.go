package main

import (
	"context"
	"fmt"
	"time"
)

type key string

func main() {
	bg := context.Background()
	fmt.Println(bg, context.TODO(), bg.Done() == nil, bg.Err())
	_, ok := bg.Deadline()
	fmt.Println("background has a deadline:", ok)

	ctx, cancel := context.WithCancel(bg)
	fmt.Println(ctx, ctx.Err())
	child, cancelChild := context.WithCancel(ctx)
	defer cancelChild()
	select {
	case <-child.Done():
		fmt.Println("child done too early")
	default:
		fmt.Println("child not done")
	}
	cancel()
	cancel() // idempotent
	<-ctx.Done()
	<-child.Done()
	fmt.Println(ctx.Err(), child.Err(), ctx.Err() == context.Canceled, child.Err() == context.Canceled)

	// Cancelling a child leaves its parent alone.
	parent, cancelParent := context.WithCancel(bg)
	leaf, cancelLeaf := context.WithCancel(parent)
	cancelLeaf()
	fmt.Println(leaf.Err(), parent.Err())
	cancelParent()

	// A child of a cancelled parent is cancelled at once.
	late, cancelLate := context.WithCancel(parent)
	defer cancelLate()
	fmt.Println("late:", late.Err())

	tctx, cancelT := context.WithTimeout(bg, 5*time.Millisecond)
	defer cancelT()
	_, ok = tctx.Deadline()
	fmt.Println("timeout has a deadline:", ok, tctx.Err())
	start := time.Now()
	<-tctx.Done()
	fmt.Println(tctx.Err(), tctx.Err() == context.DeadlineExceeded, time.Since(start) >= 4*time.Millisecond)

	// A child asking for a later deadline keeps its parent's.
	p2, c2 := context.WithTimeout(bg, time.Second)
	defer c2()
	k2, ck2 := context.WithTimeout(p2, time.Hour)
	defer ck2()
	d1, _ := p2.Deadline()
	d2, _ := k2.Deadline()
	fmt.Println("same deadline:", d1.Equal(d2))

	// A deadline in the past: cancelled before WithDeadline returns.
	past, cp := context.WithDeadline(bg, time.Now().Add(-time.Second))
	defer cp()
	fmt.Println("past:", past.Err())

	// Cancelling a timeout before it fires: Canceled, not DeadlineExceeded.
	early, ce := context.WithTimeout(bg, time.Hour)
	ce()
	fmt.Println("early:", early.Err())

	v := context.WithValue(ctx, key("user"), "ada")
	fmt.Println(v.Value(key("user")), v.Value(key("role")), v.Err())

	// A goroutine waits for the cancel and reports the error it sees.
	work, stop := context.WithCancel(bg)
	result := make(chan error)
	go func() {
		<-work.Done()
		result <- work.Err()
	}()
	stop()
	fmt.Println("worker saw:", <-result)
}
