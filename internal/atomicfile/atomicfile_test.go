package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// assertOnly fails unless dir holds exactly the named entries (no
// temporary file left behind).
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range es {
		got = append(got, e.Name())
	}
	slices.Sort(names)
	if !slices.Equal(got, names) {
		t.Errorf("%s holds %q, want %q", dir, got, names)
	}
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	// Larger than bufio's buffer, written in small pieces.
	want := strings.Repeat("a,b,c\n", 5000)
	write := func(w io.Writer) error {
		for range 5000 {
			if _, err := io.WriteString(w, "a,b,c\n"); err != nil {
				return err
			}
		}
		return nil
	}
	if err := WriteFile(path, 0o644, write); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil || string(b) != want {
		t.Fatalf("read back %d bytes (%v), want %d", len(b), err, len(want))
	}
	// Replacing an existing file.
	if err := WriteFile(path, 0o644, func(w io.Writer) error { _, err := io.WriteString(w, "new\n"); return err }); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new\n" {
		t.Errorf("after replacing: %q", b)
	}
	assertOnly(t, dir, "out.csv")
}

// TestWriteFileRelative: a bare file name is written in the working
// directory.
func TestWriteFileRelative(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := WriteFile("plain.txt", 0o644, func(w io.Writer) error { _, err := io.WriteString(w, "ok"); return err }); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile("plain.txt"); err != nil || string(b) != "ok" {
		t.Errorf("read %q, %v", b, err)
	}
	assertOnly(t, ".", "plain.txt")
}

// TestWriteFileWriteError: when write fails, its error comes back, the old
// file is untouched and no temporary file remains.
func TestWriteFileWriteError(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "posterior.json")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := WriteFile(path, 0o644, func(w io.Writer) error {
		io.WriteString(w, strings.Repeat("partial", 2000))
		return boom
	})
	if err != boom {
		t.Errorf("error %v, want the write function's own", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("old file changed to %q", b)
	}
	assertOnly(t, dir, "posterior.json")
}

// TestWriteFileErrors: file-system errors name the target path, say which
// step failed and keep the cause for errors.Is.
func TestWriteFileErrors(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	ok := func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err }
	for _, tc := range []struct {
		name, path, op string
		is             error
	}{
		{"missing directory", filepath.Join(dir, "nope", "out.csv"), "create", fs.ErrNotExist},
		{"target is a directory", filepath.Join(dir, "sub"), "rename", nil},
	} {
		err := WriteFile(tc.path, 0o644, ok)
		var pe *fs.PathError
		if !errors.As(err, &pe) {
			t.Errorf("%s: error %v (%T), want *fs.PathError", tc.name, err, err)
			continue
		}
		if pe.Op != tc.op || pe.Path != tc.path {
			t.Errorf("%s: op %q path %q, want %q %q", tc.name, pe.Op, pe.Path, tc.op, tc.path)
		}
		if tc.is != nil && !errors.Is(err, tc.is) {
			t.Errorf("%s: %v is not %v", tc.name, err, tc.is)
		}
		if strings.Contains(err.Error(), ".tmp") {
			t.Errorf("%s: error names the temporary file: %v", tc.name, err)
		}
	}
	assertOnly(t, dir, "sub")
	if es, _ := os.ReadDir(filepath.Join(dir, "sub")); len(es) != 0 {
		t.Errorf("sub holds %d entries", len(es))
	}
}
