package browsertest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStartRetries launches through a wrapper that fails its first launch,
// as a CI machine under load sometimes does, and checks that New still
// gives a working browser: the retry uses a fresh allocator, so chromedp
// never allocates twice on one context (which panicked in CI, stop 24).
func TestStartRetries(t *testing.T) {
	Skip(t)
	bin := Chromium()
	dir := t.TempDir()
	count := filepath.Join(dir, "launches")
	wrapper := filepath.Join(dir, "chromium")
	script := "#!/bin/sh\necho x >> " + count + "\n" +
		"if [ $(wc -l < " + count + ") -eq 1 ]; then exit 1; fi\n" +
		"exec " + bin + " \"$@\"\n"
	if err := os.WriteFile(wrapper, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("STEPPE_CHROMIUM", wrapper)
	b := New(t, Options{Origin: "data:"})
	var title string
	b.Do("evaluate", b.Eval(`"ok"`, &title))
	if title != "ok" {
		t.Fatalf("evaluate in the browser: got %q, want ok", title)
	}
	data, err := os.ReadFile(count)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), "x"); n != 2 {
		t.Fatalf("launches: got %d, want 2 (one failed, one retried)", n)
	}
}
