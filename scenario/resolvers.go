package scenario

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// IsFileRef reports whether ref names a file (a path, or a name ending in
// .yaml or .yml) rather than an embedded scenario.
func IsFileRef(ref string) bool {
	return strings.ContainsAny(ref, `/\`) || strings.HasSuffix(ref, ".yaml") || strings.HasSuffix(ref, ".yml")
}

// FilesOrEmbedded resolves `extends:` as the command line does: a file path
// relative to the extending file, or else an embedded scenario of fsys by
// name ([Embedded]). An embedded scenario cannot extend a file.
func FilesOrEmbedded(fsys fs.FS) Resolver {
	embedded := Embedded(fsys)
	return func(ref, from string) (string, []byte, error) {
		if !IsFileRef(ref) {
			return embedded(ref, from)
		}
		if strings.HasPrefix(from, "embedded:") {
			return "", nil, fmt.Errorf("an embedded scenario cannot extend the file %q", ref)
		}
		p := ref
		if !filepath.IsAbs(p) {
			p = filepath.Join(filepath.Dir(from), ref)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return "", nil, fmt.Errorf("read %s: %w", p, err)
		}
		return p, b, nil
	}
}

// LoadEmbeddedUnder loads dir/NAME.yaml of fsys, a world that extends the
// other worlds of dir by name before the embedded scenarios (as
// data/hindcast's worlds do).
func LoadEmbeddedUnder(fsys fs.FS, dir, name string) (*Scenario, error) {
	p := dir + "/" + name + ".yaml"
	b, err := fs.ReadFile(fsys, p)
	if err != nil {
		return nil, err
	}
	embedded := Embedded(fsys)
	return Load("embedded:"+p, b, func(ref, from string) (string, []byte, error) {
		p := dir + "/" + strings.TrimSuffix(ref, ".yaml") + ".yaml"
		if b, err := fs.ReadFile(fsys, p); err == nil {
			return "embedded:" + p, b, nil
		}
		return embedded(ref, from)
	})
}
