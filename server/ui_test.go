package server

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// sourceDigest mirrors sourceDigest in ui/build.mjs.
func sourceDigest(t *testing.T, dir string) string {
	t.Helper()
	files := []string{"build.mjs", "package.json", "package-lock.json"}
	ents, err := os.ReadDir(filepath.Join(dir, "src"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		files = append(files, "src/"+e.Name())
	}
	sort.Strings(files)
	h := sha256.New()
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "%s\n%d\n", f, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// TestUIBuildUpToDate fails when ui/src (or the pinned tool versions)
// changed after the committed build in ui/dist was made. Where Node.js and
// the pinned esbuild are installed it also rebuilds and compares bytes.
func TestUIBuildUpToDate(t *testing.T) {
	want := sourceDigest(t, "ui")
	for _, f := range []string{"ui/dist/SOURCES.sha256", "../report/assets/SOURCES.sha256"} {
		got, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.TrimSpace(string(got)) != want {
			t.Errorf("%s records sources %s, but ui/ now hashes to %s: run `npm ci && npm run build` in server/ui and commit the outputs", f, strings.TrimSpace(string(got)), want)
		}
	}
	for _, f := range []string{"index.html", "app.js", "app.css"} {
		if _, err := uiFiles.ReadFile("ui/dist/" + f); err != nil {
			t.Errorf("embedded dashboard lacks %s", f)
		}
	}
	if _, err := os.Stat("ui/node_modules/esbuild"); err != nil {
		t.Log("esbuild not installed in server/ui: checked the source digest only")
		return
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Log("node not found: checked the source digest only")
		return
	}
	out, err := exec.Command(node, "ui/build.mjs", "--check").CombinedOutput()
	if err != nil {
		t.Errorf("rebuild differs from the committed outputs: %v\n%s", err, out)
	}
}
