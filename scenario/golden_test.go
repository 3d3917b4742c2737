package scenario_test

import (
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/internal/golden"
	"github.com/steppe-dev/steppe/scenario"
)

// TestEmbeddedWorldGolden holds the world each embedded scenario resolves
// to, and the resolved YAML, against golden files. The goldens were
// written by this test (go test ./scenario -run Golden -update) from the
// code before resolveWorld was split into per-section resolvers (issue 12),
// so that the split, and any later change to loading, must leave every
// field, value, distribution and position of the embedded scenarios
// unchanged. Their source is data/scenarios/*.yaml.
func TestEmbeddedWorldGolden(t *testing.T) {
	for _, name := range scenario.EmbeddedNames(data.FS()) {
		t.Run(name, func(t *testing.T) {
			src, err := data.ReadFile("scenarios/" + name + ".yaml")
			if err != nil {
				t.Fatal(err)
			}
			sc, err := scenario.Load(name+".yaml", src, scenario.Embedded(data.FS()))
			if err != nil {
				t.Fatalf("%s:\n%v", name, err)
			}
			var b strings.Builder
			fmt.Fprintf(&b, "files: %q\n", sc.Files)
			dump(&b, "world", reflect.ValueOf(sc.World))
			goldenText(t, filepath.Join("testdata", name+".world.golden"), b.String())
			goldenText(t, filepath.Join("testdata", name+".resolved.golden"), string(sc.Resolved))
		})
	}
}

func goldenText(t *testing.T, file, got string) {
	t.Helper()
	golden.Check(t, file, []byte(got), "go test ./scenario -run Golden -update")
}

// dump writes v as one "path = value" line per leaf that is not zero,
// with the dynamic type of every interface and pointers followed, so that
// the text is stable across runs (no addresses) and shows every field that
// is set (a field added to package world changes it only where a scenario
// sets it).
func dump(b *strings.Builder, path string, v reflect.Value) {
	if v.IsZero() {
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			fmt.Fprintf(b, "%s = nil\n", path)
			return
		}
		dump(b, path, v.Elem())
	case reflect.Interface:
		if v.IsNil() {
			fmt.Fprintf(b, "%s = nil\n", path)
			return
		}
		dump(b, path+".("+v.Elem().Type().String()+")", v.Elem())
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			dump(b, path+"."+t.Field(i).Name, v.Field(i))
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			fmt.Fprintf(b, "%s = nil\n", path)
			return
		}
		fmt.Fprintf(b, "%s len %d\n", path, v.Len())
		for i := range v.Len() {
			dump(b, fmt.Sprintf("%s[%d]", path, i), v.Index(i))
		}
	case reflect.Map:
		if v.IsNil() {
			fmt.Fprintf(b, "%s = nil\n", path)
			return
		}
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		fmt.Fprintf(b, "%s len %d\n", path, len(keys))
		for _, k := range keys {
			dump(b, fmt.Sprintf("%s[%v]", path, k), v.MapIndex(k))
		}
	default:
		fmt.Fprintf(b, "%s = %#v\n", path, v)
	}
}
