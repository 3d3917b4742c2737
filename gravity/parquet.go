package gravity

import "errors"

// ReadParquetFile reads a Parquet file (not yet available).
func ReadParquetFile(path string) (*Frame, error) {
	return nil, errors.New("parquet: reader not built yet")
}
