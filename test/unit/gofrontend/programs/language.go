package main

// The Go the subset takes beyond the basics: interfaces, type switches and assertions,
// methods on named non-struct types, embedding, variadic calls, panic/recover, labels,
// fallthrough, anonymous structs. language.out is what `go run language.go` prints.

import (
	"errors"
	"fmt"
	"sync"
)

type Shape interface {
	Area() float64
	Name() string
}

type Rect struct{ w, h float64 }
type Circle struct{ r float64 }

func (r Rect) Area() float64    { return r.w * r.h }
func (r Rect) Name() string      { return "rect" }
func (c *Circle) Area() float64 { return 3 * c.r * c.r }
func (c *Circle) Name() string   { return "circle" }

type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1fC", float64(c)) }

type stack []int

func (s *stack) push(x int) { *s = append(*s, x) }
func (s *stack) pop() int {
	i := len(*s)
	n := (*s)[i-1]
	*s = (*s)[:i-1]
	return n
}

type Base struct{ id int }

func (b *Base) ID() int { return b.id }

type Derived struct {
	Base
	sync.Mutex
	name string
}

func sum(label string, xs ...int) string {
	t := 0
	for _, x := range xs {
		t += x
	}
	return fmt.Sprint(label, t, len(xs))
}

func safeDiv(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	q = a / b
	return q, nil
}

func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "nil"
	case int:
		return fmt.Sprint("int ", x+1)
	case string, bool:
		return fmt.Sprint("string or bool ", x)
	case Shape:
		return "shape " + x.Name()
	default:
		return "other"
	}
}

func main() {
	shapes := []Shape{Rect{2, 3}, &Circle{1}}
	for _, s := range shapes {
		fmt.Println(s.Name(), s.Area())
	}
	var c Celsius = 21.5
	fmt.Println(c.String())
	var st stack
	st.push(1)
	st.push(2)
	fmt.Println(st.pop(), len(st))
	d := &Derived{Base: Base{id: 7}, name: "d"}
	d.Lock()
	d.id++
	d.Unlock()
	fmt.Println(d.ID(), d.id, d.name)
	xs := []int{1, 2, 3}
	fmt.Println(sum("a"), sum("b", 1, 2), sum("c", xs...))
	ys := append([]int{0}, xs...)
	fmt.Println(ys)
	fmt.Println(safeDiv(7, 2))
	fmt.Println(safeDiv(1, 0))
	fmt.Println(describe(nil), describe(3), describe("s"), describe(Rect{1, 1}), describe(2.5))
	var sh Shape = Rect{1, 2}
	r, ok := sh.(Rect)
	_, ok2 := sh.(*Circle)
	fmt.Println(r, ok, ok2)
	err := errors.New("boom")
	fmt.Println(err, err.Error(), err == nil)
	anon := struct {
		a int
		b string
	}{1, "x"}
	var done struct{}
	_ = done
	fmt.Println(anon, anon.a)
	n := 0
outer:
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			if j == 2 {
				continue outer
			}
			if i == 2 {
				break outer
			}
			n += 10*i + j
		}
	}
	fmt.Println(n)
	switch {
	case n > 0:
		fmt.Println("pos")
		fallthrough
	case n > 100:
		fmt.Println("fell")
	default:
		fmt.Println("no")
	}
	ch := make(chan struct{})
	go func() {
		defer close(ch)
		defer func() { fmt.Println("recovered:", recover()) }()
		var m map[string]int
		m["a"] = 1
	}()
	<-ch
}
