package csvfile_test

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/steppe-dev/steppe/csvfile"
)

// A loader reads a table of fixed columns, reports every bad cell with its
// place, and returns nothing from a file with problems.
func ExampleReadTable() {
	src := "country,year\nKAZ,2022\nKGZ,20x2\n,2021\n"
	var years []int
	errs := csvfile.ReadTable(strings.NewReader(src), "crises.csv", []string{"country", "year"}, func(t *csvfile.Table, rec []string) {
		if rec[0] == "" {
			t.Bad(0, errors.New("empty country"))
		}
		y, err := strconv.Atoi(rec[1])
		if err != nil {
			t.Bad(1, fmt.Errorf("%q is not a year", rec[1]))
		}
		years = append(years, y)
	})
	if len(errs) > 0 {
		fmt.Println(errs)
		return
	}
	fmt.Println(years)
	// Output:
	// crises.csv:3:5: year: "20x2" is not a year
	// crises.csv:4:1: country: empty country
}

// A reader of a file with optional columns looks them up by name.
func ExampleReader() {
	src := "exporter,importer,value\nKAZ,CHN,12.5\nUZB,RUS\n"
	r, err := csvfile.NewReader(strings.NewReader(src), "flows.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	idx, _ := r.Need("exporter", "importer", "value|trade")
	err = r.Each(func(rec []string) error {
		fmt.Println(rec[idx[0]], "->", rec[idx[1]], rec[idx[2]])
		return nil
	})
	fmt.Println(err)
	// Output:
	// KAZ -> CHN 12.5
	// flows.csv:3:1: row: got 2 fields, want 3
}
