package risk

import (
	"context"
	"sync"
)

// forEach calls do(i) for every i in [0, n) on up to workers goroutines (at
// least one) and waits for them. It stops handing out indices once ctx is
// done, and then returns ctx's error; do records its own results and
// errors by index.
func forEach(ctx context.Context, n, workers int, do func(i int)) error {
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < max(1, workers); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				do(i)
			}
		}()
	}
	var err error
	for i := 0; i < n; i++ {
		if err = ctx.Err(); err != nil {
			break
		}
		work <- i
	}
	close(work)
	wg.Wait()
	return err
}
