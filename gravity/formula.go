package gravity

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Formula is a parsed model formula in fixest syntax:
//
//	y ~ x1 + log(x2) + I(x3/100) | fe1 + fe2^fe3
//
// The left-hand side and each regressor are numeric expressions over
// columns: names (letters, digits, '.', '_', or `back-quoted`), numbers,
// + - * / ^ inside parentheses or I(...), and the functions log, log1p,
// exp, sqrt and abs. At the top level of the right-hand side '+' separates
// terms; the term 1 asks for an intercept and 0 or -1 removes it (models
// without fixed effects have one by default, models with fixed effects
// never do). After '|' come fixed-effect terms separated by '+'; a^b^c is
// the interaction (one level per observed combination).
type Formula struct {
	Src          string
	LHS          Expr
	RHS          []Expr
	FE           []FETerm
	NoIntercept  bool // 0 or -1 given
	HasIntercept bool // 1 given explicitly
}

// FETerm is one fixed-effect dimension: one column or an interaction.
type FETerm struct {
	Vars []string
	Pos  []int // 1-based column of each variable in the formula
}

// Label is the fixest name of the dimension, e.g. "exp^year".
func (t FETerm) Label() string { return strings.Join(t.Vars, "^") }

// FormulaError is a syntax or reference error in a formula. Col is the
// 1-based column (in runes) of the offending token.
type FormulaError struct {
	Formula string
	Col     int
	Msg     string
}

func (e *FormulaError) Error() string {
	caret := strings.Repeat(" ", max(e.Col-1, 0)) + "^"
	return fmt.Sprintf("formula column %d: %s\n  %s\n  %s", e.Col, e.Msg, e.Formula, caret)
}

// Expr is a numeric expression over frame columns.
type Expr interface {
	// String returns the canonical label (no spaces), e.g. "log(dist_km)".
	String() string
	// Vars appends the column names the expression reads.
	vars(dst []varRef) []varRef
	eval(f *Frame, n int) ([]float64, error)
}

type varRef struct {
	name string
	pos  int
}

type varExpr struct {
	name string
	pos  int
}
type numExpr struct {
	val float64
	src string
}
type callExpr struct {
	fn  string
	arg Expr
	pos int
}
type binExpr struct {
	op   byte
	l, r Expr
}
type negExpr struct{ x Expr }

func needsQuote(s string) bool {
	for i, r := range s {
		if !(unicode.IsLetter(r) || r == '_' || r == '.' || (i > 0 && unicode.IsDigit(r))) {
			return true
		}
	}
	return s == ""
}

func (e *varExpr) String() string {
	if needsQuote(e.name) {
		return "`" + e.name + "`"
	}
	return e.name
}
func (e *numExpr) String() string  { return e.src }
func (e *callExpr) String() string { return e.fn + "(" + e.arg.String() + ")" }
func (e *binExpr) String() string  { return e.l.String() + string(e.op) + e.r.String() }
func (e *negExpr) String() string  { return "-" + e.x.String() }

func (e *varExpr) vars(d []varRef) []varRef  { return append(d, varRef{e.name, e.pos}) }
func (e *numExpr) vars(d []varRef) []varRef  { return d }
func (e *callExpr) vars(d []varRef) []varRef { return e.arg.vars(d) }
func (e *binExpr) vars(d []varRef) []varRef  { return e.r.vars(e.l.vars(d)) }
func (e *negExpr) vars(d []varRef) []varRef  { return e.x.vars(d) }

// Vars returns the distinct column names an expression reads.
func Vars(e Expr) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range e.vars(nil) {
		if !seen[v.name] {
			seen[v.name] = true
			out = append(out, v.name)
		}
	}
	return out
}

// eval of a column returns the frame's own slice: it must not be
// modified. The operators write their results over their operands' values
// (evalOwned) or into a slice of their own.
func (e *varExpr) eval(f *Frame, n int) ([]float64, error) {
	v, ok := f.Float(e.name)
	if !ok {
		return nil, fmt.Errorf("column %q is not numeric", e.name)
	}
	return v, nil
}

// evalOwned evaluates e into a slice that the caller may overwrite: a
// frame column is copied.
func evalOwned(e Expr, f *Frame, n int) ([]float64, error) {
	v, err := e.eval(f, n)
	if _, shared := e.(*varExpr); shared && err == nil {
		v = append([]float64(nil), v...)
	}
	return v, err
}

func (e *numExpr) eval(f *Frame, n int) ([]float64, error) {
	out := make([]float64, n)
	for i := range out {
		out[i] = e.val
	}
	return out, nil
}

var funcs = map[string]func(float64) float64{
	"log":   math.Log,
	"log1p": math.Log1p,
	"exp":   math.Exp,
	"sqrt":  math.Sqrt,
	"abs":   math.Abs,
	"I":     func(x float64) float64 { return x },
}

func (e *callExpr) eval(f *Frame, n int) ([]float64, error) {
	v, err := evalOwned(e.arg, f, n)
	if err != nil {
		return nil, err
	}
	fn := funcs[e.fn]
	for i, x := range v {
		v[i] = fn(x)
	}
	return v, nil
}

// eval of a binary operation: a constant right operand, as in
// I(tariff/100), is applied as a number rather than a column of copies
// (the same arithmetic).
func (e *binExpr) eval(f *Frame, n int) ([]float64, error) {
	l, err := evalOwned(e.l, f, n)
	if err != nil {
		return nil, err
	}
	if c, ok := e.r.(*numExpr); ok {
		for i := range l {
			l[i] = binOp(e.op, l[i], c.val)
		}
		return l, nil
	}
	r, err := e.r.eval(f, n)
	if err != nil {
		return nil, err
	}
	for i := range l {
		l[i] = binOp(e.op, l[i], r[i])
	}
	return l, nil
}

func binOp(op byte, a, b float64) float64 {
	switch op {
	case '+':
		return a + b
	case '-':
		return a - b
	case '*':
		return a * b
	case '/':
		return a / b
	}
	return math.Pow(a, b) // '^'
}

func (e *negExpr) eval(f *Frame, n int) ([]float64, error) {
	v, err := evalOwned(e.x, f, n)
	if err != nil {
		return nil, err
	}
	for i := range v {
		v[i] = -v[i]
	}
	return v, nil
}

// token kinds
const (
	tEOF = iota
	tIdent
	tNum
	tOp
)

type token struct {
	kind int
	text string
	pos  int // 1-based rune column
}

type parser struct {
	src  string
	toks []token
	i    int
}

func (p *parser) errf(pos int, format string, a ...any) error {
	return &FormulaError{Formula: p.src, Col: pos, Msg: fmt.Sprintf(format, a...)}
}

func lex(src string) ([]token, error) {
	var toks []token
	col := 0
	for i := 0; i < len(src); {
		r, w := utf8.DecodeRuneInString(src[i:])
		col++
		pos := col
		switch {
		case r == utf8.RuneError && w == 1:
			return nil, &FormulaError{src, pos, "invalid UTF-8"}
		case unicode.IsSpace(r):
			i += w
		case r == '`':
			j := strings.IndexByte(src[i+1:], '`')
			if j < 0 {
				return nil, &FormulaError{src, pos, "unterminated back-quoted name"}
			}
			name := src[i+1 : i+1+j]
			if name == "" {
				return nil, &FormulaError{src, pos, "empty back-quoted name"}
			}
			toks = append(toks, token{tIdent, name, pos})
			col += utf8.RuneCountInString(src[i:i+2+j]) - 1
			i += j + 2
		case unicode.IsLetter(r) || r == '_' || r == '.' && !(i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9'):
			j := i
			for j < len(src) {
				r2, w2 := utf8.DecodeRuneInString(src[j:])
				if !(unicode.IsLetter(r2) || unicode.IsDigit(r2) || r2 == '_' || r2 == '.') {
					break
				}
				j += w2
			}
			toks = append(toks, token{tIdent, src[i:j], pos})
			col += utf8.RuneCountInString(src[i:j]) - 1
			i = j
		case r >= '0' && r <= '9' || r == '.':
			j := i
			for j < len(src) && (src[j] >= '0' && src[j] <= '9' || src[j] == '.') {
				j++
			}
			if j < len(src) && (src[j] == 'e' || src[j] == 'E') {
				k := j + 1
				if k < len(src) && (src[k] == '+' || src[k] == '-') {
					k++
				}
				if k < len(src) && src[k] >= '0' && src[k] <= '9' {
					for k < len(src) && src[k] >= '0' && src[k] <= '9' {
						k++
					}
					j = k
				}
			}
			toks = append(toks, token{tNum, src[i:j], pos})
			col += j - i - 1
			i = j
		case strings.ContainsRune("~|+-*/^(),", r):
			toks = append(toks, token{tOp, string(r), pos})
			i += w
		default:
			return nil, &FormulaError{src, pos, fmt.Sprintf("unexpected character %q", r)}
		}
	}
	toks = append(toks, token{tEOF, "", col + 1})
	return toks, nil
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}
func (p *parser) isOp(s string) bool { t := p.peek(); return t.kind == tOp && t.text == s }

// ParseFormula parses a fixest-style formula. Errors are *FormulaError
// values that name the column of the offending token.
func ParseFormula(src string) (*Formula, error) {
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &parser{src: src, toks: toks}
	f := &Formula{Src: src}
	if p.peek().kind == tEOF {
		return nil, p.errf(1, "empty formula; want y ~ x | fe")
	}
	if p.isOp("~") {
		return nil, p.errf(p.peek().pos, "missing outcome before '~'")
	}
	f.LHS, err = p.expr()
	if err != nil {
		return nil, err
	}
	if !p.isOp("~") {
		t := p.peek()
		if t.kind == tEOF {
			return nil, p.errf(t.pos, "missing '~' after the outcome")
		}
		return nil, p.errf(t.pos, "unexpected %q; want '~'", t.text)
	}
	p.next()
	// Right-hand side terms.
	for {
		t := p.peek()
		neg := false
		if t.kind == tOp && t.text == "-" && len(f.RHS) == 0 || t.kind == tOp && t.text == "-" && p.i > 0 {
			// "-1" removes the intercept; other "-term" is not supported.
			nt := p.toks[p.i+1]
			if nt.kind == tNum && nt.text == "1" {
				p.next()
				neg = true
			} else {
				return nil, p.errf(t.pos, "only -1 may follow '-' at the top level (removing the intercept)")
			}
		}
		if neg || p.peek().kind == tNum && (p.peek().text == "0" || p.peek().text == "1") && p.followsTermEnd() {
			nt := p.next()
			switch {
			case neg || nt.text == "0":
				f.NoIntercept = true
			default:
				f.HasIntercept = true
			}
		} else {
			e, err := p.term()
			if err != nil {
				return nil, err
			}
			f.RHS = append(f.RHS, e)
		}
		t = p.peek()
		if t.kind == tOp && (t.text == "+" || t.text == "-") {
			if t.text == "+" {
				p.next()
			}
			if p.peek().kind == tEOF || p.isOp("|") {
				return nil, p.errf(p.peek().pos, "missing term after '+'")
			}
			continue
		}
		break
	}
	if p.isOp("|") {
		p.next()
		for {
			var fe FETerm
			for {
				t := p.next()
				if t.kind != tIdent {
					return nil, p.errf(t.pos, "want a fixed-effect column name, got %s", describe(t))
				}
				fe.Vars = append(fe.Vars, t.text)
				fe.Pos = append(fe.Pos, t.pos)
				if !p.isOp("^") {
					break
				}
				p.next()
			}
			f.FE = append(f.FE, fe)
			if !p.isOp("+") {
				break
			}
			p.next()
		}
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, p.errf(t.pos, "unexpected %s", describe(t))
	}
	if len(f.RHS) == 0 && len(f.FE) == 0 && !f.HasIntercept {
		return nil, p.errf(len([]rune(src))+1, "no regressors and no fixed effects")
	}
	seen := map[string]int{}
	for _, e := range f.RHS {
		if _, dup := seen[e.String()]; dup {
			return nil, p.errf(1, "regressor %s appears twice", e.String())
		}
		seen[e.String()] = 1
	}
	feSeen := map[string]bool{}
	for _, fe := range f.FE {
		if feSeen[fe.Label()] {
			return nil, p.errf(fe.Pos[0], "fixed effect %s appears twice", fe.Label())
		}
		feSeen[fe.Label()] = true
	}
	return f, nil
}

// followsTermEnd reports whether the token after the current one ends a term.
func (p *parser) followsTermEnd() bool {
	nt := p.toks[p.i+1]
	return nt.kind == tEOF || nt.kind == tOp && (nt.text == "+" || nt.text == "|" || nt.text == "-")
}

func describe(t token) string {
	switch t.kind {
	case tEOF:
		return "end of formula"
	case tIdent:
		return fmt.Sprintf("name %q", t.text)
	case tNum:
		return fmt.Sprintf("number %s", t.text)
	}
	return fmt.Sprintf("%q", t.text)
}

// term parses a top-level regressor: products, quotients and powers, but no
// binary + or - (those separate terms, as in R formulas).
func (p *parser) term() (Expr, error) { return p.mul() }

// expr parses a full arithmetic expression (inside parentheses).
func (p *parser) expr() (Expr, error) { return p.leftAssoc(p.mul, "+", "-") }

// mul parses products and quotients.
func (p *parser) mul() (Expr, error) { return p.leftAssoc(p.unary, "*", "/") }

// leftAssoc parses operand (op operand)... for the binary operators a and
// b of one precedence level, grouping to the left.
func (p *parser) leftAssoc(operand func() (Expr, error), a, b string) (Expr, error) {
	l, err := operand()
	if err != nil {
		return nil, err
	}
	for p.isOp(a) || p.isOp(b) {
		op := p.next().text[0]
		r, err := operand()
		if err != nil {
			return nil, err
		}
		l = &binExpr{op, l, r}
	}
	return l, nil
}

func (p *parser) unary() (Expr, error) {
	if p.isOp("-") {
		p.next()
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &negExpr{x}, nil
	}
	return p.pow()
}

func (p *parser) pow() (Expr, error) {
	b, err := p.atom()
	if err != nil {
		return nil, err
	}
	if p.isOp("^") {
		p.next()
		e, err := p.unary() // right associative
		if err != nil {
			return nil, err
		}
		return &binExpr{'^', b, e}, nil
	}
	return b, nil
}

func (p *parser) atom() (Expr, error) {
	t := p.next()
	switch t.kind {
	case tNum:
		v, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			return nil, p.errf(t.pos, "bad number %q", t.text)
		}
		return &numExpr{v, t.text}, nil
	case tIdent:
		if p.isOp("(") {
			if _, ok := funcs[t.text]; !ok {
				return nil, p.errf(t.pos, "unknown function %q (known: abs, exp, I, log, log1p, sqrt)", t.text)
			}
			p.next()
			if p.isOp(")") {
				return nil, p.errf(p.peek().pos, "%s() needs an argument", t.text)
			}
			arg, err := p.expr()
			if err != nil {
				return nil, err
			}
			if c := p.next(); c.kind != tOp || c.text != ")" {
				return nil, p.errf(c.pos, "want ')' to close %s( at column %d, got %s", t.text, t.pos, describe(c))
			}
			return &callExpr{t.text, arg, t.pos}, nil
		}
		return &varExpr{t.text, t.pos}, nil
	case tOp:
		if t.text == "(" {
			e, err := p.expr()
			if err != nil {
				return nil, err
			}
			if c := p.next(); c.kind != tOp || c.text != ")" {
				return nil, p.errf(c.pos, "want ')' to close '(' at column %d, got %s", t.pos, describe(c))
			}
			return e, nil
		}
	}
	return nil, p.errf(t.pos, "want a column name, number or function, got %s", describe(t))
}

// ParseExpr parses a single numeric expression (as used for an offset),
// e.g. "log(tau)" or "ln_tij".
func ParseExpr(src string) (Expr, error) {
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &parser{src: src, toks: toks}
	if p.peek().kind == tEOF {
		return nil, p.errf(1, "empty expression")
	}
	e, err := p.expr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, p.errf(t.pos, "unexpected %s", describe(t))
	}
	return e, nil
}

// checkExprColumns verifies an expression's columns exist and are numeric.
// CheckExpr parses an expression over the frame's columns, such as an
// offset, and checks that every column it reads exists and is numeric.
func CheckExpr(f *Frame, src string) error {
	e, err := ParseExpr(src)
	if err != nil {
		return err
	}
	return checkExprColumns(e, f, src)
}

func checkExprColumns(e Expr, f *Frame, src string) error {
	for _, r := range e.vars(nil) {
		if _, ok := f.cols[r.name]; !ok {
			return &FormulaError{src, r.pos, fmt.Sprintf("unknown column %q; available: %s", r.name, f.availableColumns())}
		}
		if !f.IsNumeric(r.name) {
			return &FormulaError{src, r.pos, fmt.Sprintf("column %q is not numeric", r.name)}
		}
	}
	return nil
}

// checkColumns verifies every column the formula names exists in the frame,
// returning a *FormulaError that points at the first unknown one and lists
// the available columns.
func (fm *Formula) checkColumns(f *Frame) error {
	var refs []varRef
	refs = fm.LHS.vars(refs)
	for _, e := range fm.RHS {
		refs = e.vars(refs)
	}
	for _, fe := range fm.FE {
		for i, v := range fe.Vars {
			refs = append(refs, varRef{v, fe.Pos[i]})
		}
	}
	for _, r := range refs {
		if _, ok := f.cols[r.name]; !ok {
			return &FormulaError{fm.Src, r.pos, fmt.Sprintf("unknown column %q; available: %s", r.name, f.availableColumns())}
		}
	}
	for _, e := range append([]Expr{fm.LHS}, fm.RHS...) {
		for _, r := range e.vars(nil) {
			if !f.IsNumeric(r.name) {
				return &FormulaError{fm.Src, r.pos, fmt.Sprintf("column %q is not numeric; only fixed effects (after '|') may be categorical", r.name)}
			}
		}
	}
	return nil
}
