package golden

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	for _, c := range []struct {
		name, want, got, out string
	}{
		{"equal", "a\nb\n", "a\nb\n", ""},
		{"one line", "a\nb\n", "a\nc\n", "line 2:\n  want \"b\"\n  got  \"c\"\n"},
		{"got longer", "a", "a\nz", "line 2:\n  want \"\"\n  got  \"z\"\n"},
	} {
		if got := Diff(c.want, c.got); got != c.out {
			t.Errorf("%s: Diff = %q, want %q", c.name, got, c.out)
		}
	}
	many := Diff(strings.Repeat("x\n", 30), strings.Repeat("y\n", 30))
	if n := strings.Count(many, "line "); n != 10 {
		t.Errorf("Diff of 30 differing lines shows %d, want the first 10", n)
	}
}

// recorder is a testing.TB that records failures instead of stopping.
type recorder struct {
	testing.TB
	failed bool
	msg    string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.failed = true
	r.msg = format
}
func (r *recorder) Fatalf(format string, args ...any) { r.Errorf(format, args...) }

func TestCheck(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "x.golden")
	var r recorder
	Check(&r, path, []byte("a\n"), "how")
	if !r.failed {
		t.Fatal("Check passed without a golden file")
	}
	*Update = true
	r = recorder{}
	Check(&r, path, []byte("a\n"), "how")
	*Update = false
	if r.failed {
		t.Fatal("Check -update failed")
	}
	if b, _ := os.ReadFile(path); string(b) != "a\n" {
		t.Fatalf("-update wrote %q", b)
	}
	r = recorder{}
	Check(&r, path, []byte("a\n"), "how")
	if r.failed {
		t.Error("Check failed on equal output")
	}
	Check(&r, path, []byte("b\n"), "how")
	if !r.failed {
		t.Error("Check passed on different output")
	}
}
