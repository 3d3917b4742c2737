package explore

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
)

// CartOptions configures a classification tree.
type CartOptions struct {
	// MaxDepth bounds the depth of the tree (default 5).
	MaxDepth int
	// MinLeaf is the smallest number of experiments in a leaf (default the
	// larger of 5 and 1% of the experiments).
	MinLeaf int
}

// CartLeaf is one leaf of the tree read as a scenario-discovery box.
type CartLeaf struct {
	// Rules are the conditions on the path from the root, e.g. "x0 <= 0.41"
	// or "policy in {a, b}".
	Rules  []string `json:"rules"`
	Limits Limits   `json:"-"`
	BoxStats
	// Class is true where cases of interest are the majority.
	Class bool `json:"class"`
}

// CartResult is a fitted tree's leaves, ordered by decreasing density.
type CartResult struct {
	Leaves []CartLeaf `json:"leaves"`
	Depth  int        `json:"depth"`
}

// Cart grows a classification tree (Breiman, Friedman, Olshen & Stone
// 1984) with Gini impurity on inputs and a binary outcome, and returns its
// leaves as boxes, the alternative to PRIM used in scenario discovery
// (Lempert et al. 2008). Numeric inputs split at midpoints between
// neighbouring values; categorical and boolean inputs split into two sets
// of levels, found by ordering levels by their share of cases of interest
// (Breiman et al. 1984, section 4.2.2), which is optimal for two classes.
func Cart(inputs []Input, y []bool, opt CartOptions) (*CartResult, error) {
	n := len(y)
	if len(inputs) == 0 {
		return nil, errors.New("cart: no inputs")
	}
	if n < 10 {
		return nil, fmt.Errorf("cart: %d experiments; need at least 10", n)
	}
	if opt.MaxDepth == 0 {
		opt.MaxDepth = 5
	}
	if opt.MinLeaf == 0 {
		opt.MinLeaf = max(5, n/100)
	}
	// Reuse PRIM's checks and initial limits.
	p, err := NewPrim(inputs, y, PrimOptions{})
	if err != nil {
		return nil, fmt.Errorf("cart: %s", strings.TrimPrefix(err.Error(), "prim: "))
	}
	c := &cart{p: p, opt: opt}
	rows := make([]bool, n)
	for i := range rows {
		rows[i] = true
	}
	c.grow(rows, p.init.clone(), nil, 0)
	sort.SliceStable(c.res.Leaves, func(a, b int) bool { return c.res.Leaves[a].Density > c.res.Leaves[b].Density })
	return &c.res, nil
}

type cart struct {
	p   *Prim
	opt CartOptions
	res CartResult
}

func gini(n, k int) float64 {
	if n == 0 {
		return 0
	}
	q := float64(k) / float64(n)
	return 2 * q * (1 - q) * float64(n)
}

func (c *cart) grow(rows []bool, lim Limits, rules []string, depth int) {
	p := c.p
	n, k := 0, 0
	for r, in := range rows {
		if in {
			n++
			if p.y[r] {
				k++
			}
		}
	}
	c.res.Depth = max(c.res.Depth, depth)
	leaf := func() {
		s := BoxStats{N: n, K: k}
		p.finish(&s, &lim)
		c.res.Leaves = append(c.res.Leaves, CartLeaf{Rules: append([]string(nil), rules...), Limits: lim.clone(), BoxStats: s, Class: 2*k > n})
	}
	if depth >= c.opt.MaxDepth || k == 0 || k == n || n < 2*c.opt.MinLeaf {
		leaf()
		return
	}
	parent := gini(n, k)
	bestGain := 1e-12
	bestJ := -1
	var bestThr float64
	var bestSet []bool
	for j, in := range p.in {
		if in.categorical() {
			L := len(in.Levels)
			cn, ck := make([]int, L), make([]int, L)
			for r, ok := range rows {
				if ok {
					lv := int(in.Values[r])
					cn[lv]++
					if p.y[r] {
						ck[lv]++
					}
				}
			}
			var present []int
			for lv := range cn {
				if cn[lv] > 0 {
					present = append(present, lv)
				}
			}
			sort.SliceStable(present, func(a, b int) bool {
				return float64(ck[present[a]])/float64(cn[present[a]]) < float64(ck[present[b]])/float64(cn[present[b]])
			})
			ln, lk := 0, 0
			for i := 0; i+1 < len(present); i++ {
				ln += cn[present[i]]
				lk += ck[present[i]]
				if ln < c.opt.MinLeaf || n-ln < c.opt.MinLeaf {
					continue
				}
				if g := parent - gini(ln, lk) - gini(n-ln, k-lk); g > bestGain {
					set := make([]bool, L)
					for _, lv := range present[:i+1] {
						set[lv] = true
					}
					bestGain, bestJ, bestSet = g, j, set
				}
			}
			continue
		}
		ln, lk := 0, 0
		ord := p.order[j]
		prev := -1
		for _, r32 := range ord {
			r := int(r32)
			if !rows[r] {
				continue
			}
			if prev >= 0 && in.Values[r] > in.Values[prev] && ln >= c.opt.MinLeaf && n-ln >= c.opt.MinLeaf {
				if g := parent - gini(ln, lk) - gini(n-ln, k-lk); g > bestGain {
					bestGain, bestJ, bestSet = g, j, nil
					bestThr = (in.Values[prev] + in.Values[r]) / 2
				}
			}
			ln++
			if p.y[r] {
				lk++
			}
			prev = r
		}
	}
	if bestJ < 0 {
		leaf()
		return
	}
	in := p.in[bestJ]
	left, right := make([]bool, len(rows)), make([]bool, len(rows))
	for r, ok := range rows {
		if !ok {
			continue
		}
		var goLeft bool
		if bestSet != nil {
			goLeft = bestSet[int(in.Values[r])]
		} else {
			goLeft = in.Values[r] <= bestThr
		}
		if goLeft {
			left[r] = true
		} else {
			right[r] = true
		}
	}
	ll, rl := lim.clone(), lim.clone()
	var lr, rr string
	if bestSet != nil {
		var ls, rs []string
		for lv, a := range lim.Allowed[bestJ] {
			if !a {
				continue
			}
			if bestSet[lv] {
				ls = append(ls, in.Levels[lv])
				rl.Allowed[bestJ][lv] = false
			} else {
				rs = append(rs, in.Levels[lv])
				ll.Allowed[bestJ][lv] = false
			}
		}
		lr = fmt.Sprintf("%s in {%s}", in.Name, joinComma(ls))
		rr = fmt.Sprintf("%s in {%s}", in.Name, joinComma(rs))
	} else {
		ll.Hi[bestJ] = math.Min(ll.Hi[bestJ], bestThr)
		rl.Lo[bestJ] = math.Max(rl.Lo[bestJ], bestThr)
		lr = fmt.Sprintf("%s <= %.6g", in.Name, bestThr)
		rr = fmt.Sprintf("%s > %.6g", in.Name, bestThr)
	}
	c.grow(left, ll, append(append([]string(nil), rules...), lr), depth+1)
	c.grow(right, rl, append(append([]string(nil), rules...), rr), depth+1)
}

func joinComma(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return out
}
