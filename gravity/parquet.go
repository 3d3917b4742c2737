package gravity

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"github.com/parquet-go/parquet-go"
)

// ReadParquetFile reads a Parquet file into a Frame. See ReadParquet.
func ReadParquetFile(path string) (*Frame, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return nil, err
	}
	f, err := ReadParquet(fh, st.Size())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

// ReadParquet reads the flat (non-repeated) columns of a Parquet file:
// booleans and integer and floating-point types become numeric columns,
// byte arrays (strings) categorical ones; nulls are missing values. Nested
// fields are named by their dotted path. Repeated (list) columns are an
// error. Values are streamed page by page, so a panel of tens of millions
// of rows needs no text round trip.
func ReadParquet(r io.ReaderAt, size int64) (*Frame, error) {
	pf, err := parquet.OpenFile(r, size)
	if err != nil {
		return nil, fmt.Errorf("parquet: %w", err)
	}
	schema := pf.Schema()
	paths := schema.Columns()
	n := int(pf.NumRows())
	frame := NewFrame()
	for ci, path := range paths {
		leaf, ok := schema.Lookup(path...)
		if !ok {
			return nil, fmt.Errorf("parquet: column %s not found in schema", strings.Join(path, "."))
		}
		name := strings.Join(path, ".")
		if leaf.MaxRepetitionLevel > 0 {
			return nil, fmt.Errorf("parquet: column %q is repeated (a list); only flat columns are supported", name)
		}
		kind := leaf.Node.Type().Kind()
		var num []float64
		var codes []int32
		var levels []string
		index := map[string]int32{}
		isString := kind == parquet.ByteArray || kind == parquet.FixedLenByteArray
		if isString {
			codes = make([]int32, 0, n)
		} else {
			num = make([]float64, 0, n)
		}
		buf := make([]parquet.Value, 4096)
		for _, rg := range pf.RowGroups() {
			pages := rg.ColumnChunks()[ci].Pages()
			for {
				page, err := pages.ReadPage()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					pages.Close()
					return nil, fmt.Errorf("parquet: column %q: %w", name, err)
				}
				vr := page.Values()
				for {
					k, err := vr.ReadValues(buf)
					for _, v := range buf[:k] {
						if isString {
							if v.IsNull() {
								codes = append(codes, -1)
								continue
							}
							s := string(v.ByteArray())
							c, ok := index[s]
							if !ok {
								c = int32(len(levels))
								index[s] = c
								levels = append(levels, s)
							}
							codes = append(codes, c)
							continue
						}
						num = append(num, valueFloat(v))
					}
					if errors.Is(err, io.EOF) {
						break
					}
					if err != nil {
						parquet.Release(page)
						pages.Close()
						return nil, fmt.Errorf("parquet: column %q: %w", name, err)
					}
					if k == 0 {
						break
					}
				}
				parquet.Release(page)
			}
			pages.Close()
		}
		if isString {
			if len(codes) != n {
				return nil, fmt.Errorf("parquet: column %q has %d values, want %d", name, len(codes), n)
			}
			err = frame.AddCategorical(name, codes, levels)
		} else {
			if len(num) != n {
				return nil, fmt.Errorf("parquet: column %q has %d values, want %d", name, len(num), n)
			}
			err = frame.AddFloat(name, num)
		}
		if err != nil {
			return nil, fmt.Errorf("parquet: %w", err)
		}
	}
	if frame.n < 0 {
		frame.n = n
	}
	return frame, nil
}

// valueFloat converts a non-string Parquet value; null is NaN.
func valueFloat(v parquet.Value) float64 {
	if v.IsNull() {
		return math.NaN()
	}
	switch v.Kind() {
	case parquet.Boolean:
		if v.Boolean() {
			return 1
		}
		return 0
	case parquet.Int32:
		return float64(v.Int32())
	case parquet.Int64:
		return float64(v.Int64())
	case parquet.Float:
		return float64(v.Float())
	case parquet.Double:
		return v.Double()
	}
	return math.NaN()
}
