package jsonnum_test

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/steppe-dev/steppe/internal/jsonnum"
)

// Finite values are written as encoding/json writes a float64; NaN and
// both infinities as null.
func ExampleFloat() {
	b, err := json.Marshal([]jsonnum.Float{0.25, -3, 1e21, jsonnum.Float(math.NaN()), jsonnum.Float(math.Inf(1)), jsonnum.Float(math.Inf(-1))})
	fmt.Println(string(b), err)
	// Output: [0.25,-3,1e+21,null,null,null] <nil>
}
