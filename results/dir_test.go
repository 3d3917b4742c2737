package results

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStageCommit checks that a new output directory appears whole with the
// three files, that an existing one gets them file by file beside what it
// holds, that no staging directory exists between Stage and Commit (while
// the run simulates, when a kill would leave it behind) nor after, and
// that a file in the way is refused.
func TestStageCommit(t *testing.T) {
	r := Summarize(fakeOutput(), nil)
	var js bytes.Buffer
	if err := r.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	for _, dir := range []string{filepath.Join(root, "new", "out"), filepath.Join(root, "old")} {
		if strings.HasSuffix(dir, "old") {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "keep"), nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		s, err := Stage(dir)
		if err != nil {
			t.Fatal(err)
		}
		if left, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), ".steppe-out-*")); len(left) != 0 {
			t.Errorf("staging exists before Commit: %v", left)
		}
		if err := s.Commit(r, []byte("name: x\n")); err != nil {
			t.Fatal(err)
		}
		s.Remove()
		got, err := os.ReadFile(filepath.Join(dir, "results.json"))
		if err != nil || !bytes.Equal(got, js.Bytes()) {
			t.Errorf("%s/results.json: %v, equal %v", dir, err, bytes.Equal(got, js.Bytes()))
		}
		if y, _ := os.ReadFile(filepath.Join(dir, "scenario.yaml")); string(y) != "name: x\n" {
			t.Errorf("%s/scenario.yaml = %q", dir, y)
		}
		if _, err := os.Stat(filepath.Join(dir, "results.csv")); err != nil {
			t.Error(err)
		}
		left, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), ".steppe-out-*"))
		if len(left) != 0 {
			t.Errorf("staging left behind: %v", left)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "old", "keep")); err != nil {
		t.Errorf("an existing directory lost its files: %v", err)
	}
	file := filepath.Join(root, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Stage(file); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("Stage(a file) = %v, want not a directory", err)
	}
}
