package hugemem

import "testing"

func TestFloats(t *testing.T) {
	for _, n := range []int{0, 1, 1000, minBytes / 8, minBytes/8 + 12345, 3 * hugePage / 8} {
		f := NewFloats(n)
		if len(f.X) != n {
			t.Fatalf("NewFloats(%d): len %d", n, len(f.X))
		}
		mapped := f.mem != nil
		if n*8 < minBytes && mapped {
			t.Errorf("NewFloats(%d): mapped a buffer under %d bytes", n, minBytes)
		}
		for i, x := range f.X {
			if x != 0 {
				t.Fatalf("NewFloats(%d): X[%d] = %v, want 0", n, i, x)
			}
		}
		for i := range f.X {
			f.X[i] = float64(i)
		}
		for i, x := range f.X {
			if x != float64(i) {
				t.Fatalf("NewFloats(%d): X[%d] = %v after write", n, i, x)
			}
		}
		f.Release()
		f.Release() // a second Release does nothing
		if f.X != nil || f.mem != nil {
			t.Errorf("NewFloats(%d): buffer kept after Release", n)
		}
	}
}

func BenchmarkFill(b *testing.B) {
	const n = 17 << 20 / 8 // the default run's pilot, about 17 MB
	b.Run("make", func(b *testing.B) {
		for b.Loop() {
			x := make([]float64, n)
			for i := 0; i < n; i += 512 {
				x[i] = 1
			}
		}
	})
	b.Run("hugemem", func(b *testing.B) {
		for b.Loop() {
			f := NewFloats(n)
			for i := 0; i < n; i += 512 {
				f.X[i] = 1
			}
			f.Release()
		}
	})
}
