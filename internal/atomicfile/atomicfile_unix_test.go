//go:build unix

package atomicfile

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestWriteFilePermissions: the file gets perm less the umask, exactly as
// os.WriteFile gives a new file, whatever the umask and whether or not the
// file existed.
func TestWriteFilePermissions(t *testing.T) {
	for _, tc := range []struct {
		umask int
		perm  fs.FileMode
		want  fs.FileMode
	}{
		{0o022, 0o644, 0o644},
		{0o022, 0o666, 0o644},
		{0o077, 0o644, 0o600},
		{0o002, 0o664, 0o664},
		{0o022, 0o600, 0o600},
		{0o022, 0o444, 0o444},
	} {
		old := syscall.Umask(tc.umask)
		dir := t.TempDir()
		ref := filepath.Join(dir, "ref")
		if err := os.WriteFile(ref, []byte("x"), tc.perm); err != nil {
			t.Fatal(err)
		}
		got := filepath.Join(dir, "got")
		// Once new, once replacing a file with other permissions.
		for range 2 {
			if err := WriteFile(got, tc.perm, func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err }); err != nil {
				t.Fatal(err)
			}
			fi, err := os.Stat(got)
			if err != nil {
				t.Fatal(err)
			}
			rfi, _ := os.Stat(ref)
			if fi.Mode().Perm() != tc.want || fi.Mode().Perm() != rfi.Mode().Perm() {
				t.Errorf("umask %03o perm %03o: mode %03o, want %03o (os.WriteFile: %03o)", tc.umask, tc.perm, fi.Mode().Perm(), tc.want, rfi.Mode().Perm())
			}
			if err := os.Chmod(got, 0o640); err != nil {
				t.Fatal(err)
			}
		}
		syscall.Umask(old)
		assertOnly(t, dir, "got", "ref")
	}
}
