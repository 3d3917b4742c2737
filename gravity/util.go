package gravity

import "math"

var nan = math.NaN()
