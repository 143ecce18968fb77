package httpmatch

import "strings"

// GlobOptions select how a wildcard pattern compares.
type GlobOptions struct {
	// FoldCase compares without regard to ASCII case.
	FoldCase bool
	// Escapes makes a backslash quote the next character, so that "\*"
	// and "\?" match a literal * and ?. Without it a backslash is an
	// ordinary character.
	Escapes bool
}

type globShape uint8

const (
	shapeExact    globShape = iota // no wildcards
	shapeAny                       // "*", "**", ...
	shapePrefix                    // "lit*"
	shapeSuffix                    // "*lit"
	shapeContains                  // "*lit*"
	shapeGeneral                   // anything else
)

// Glob is a compiled wildcard pattern in which * matches any run of
// characters (including none, and including "/" and ".") and ? matches
// exactly one. Characters are bytes: ALB rules compare visible ASCII, so
// a multi-byte UTF-8 character counts as several. The zero Glob matches
// only the empty string. A Glob is immutable and safe for concurrent use;
// matching does not allocate.
type Glob struct {
	src   string
	opts  GlobOptions
	shape globShape
	lit   string // exact, prefix, suffix, contains: the literal, folded to lower case if FoldCase
	pat   []byte // general: literal bytes, folded to lower case if FoldCase
	meta  []byte // general: 0 for a literal byte, '?' or '*' for a wildcard
}

// CompileGlob compiles pattern. It never fails: every string is a
// pattern. An Escapes pattern ending in a lone backslash matches a
// literal backslash there.
func CompileGlob(pattern string, opts GlobOptions) Glob {
	g := Glob{src: pattern, opts: opts}
	var pat, meta []byte
	for i := 0; i < len(pattern); i++ {
		c := pattern[i]
		switch {
		case opts.Escapes && c == '\\' && i+1 < len(pattern):
			i++
			pat, meta = append(pat, pattern[i]), append(meta, 0)
		case c == '*':
			if n := len(meta); n > 0 && meta[n-1] == '*' {
				continue // runs of * are one *
			}
			pat, meta = append(pat, c), append(meta, '*')
		case c == '?':
			pat, meta = append(pat, c), append(meta, '?')
		default:
			pat, meta = append(pat, c), append(meta, 0)
		}
	}
	if opts.FoldCase {
		for i, m := range meta {
			if m == 0 {
				pat[i] = lower(pat[i])
			}
		}
	}
	g.shape, g.lit = classify(pat, meta)
	if g.shape == shapeGeneral {
		g.pat, g.meta = pat, meta
	}
	return g
}

// classify picks the fastest matcher for the pattern's shape.
func classify(pat, meta []byte) (globShape, string) {
	n := len(meta)
	stars, qs := 0, 0
	for _, m := range meta {
		switch m {
		case '*':
			stars++
		case '?':
			qs++
		}
	}
	switch {
	case qs > 0:
		return shapeGeneral, ""
	case stars == 0:
		return shapeExact, string(pat)
	case n == 1:
		return shapeAny, ""
	case stars == 1 && meta[n-1] == '*':
		return shapePrefix, string(pat[:n-1])
	case stars == 1 && meta[0] == '*':
		return shapeSuffix, string(pat[1:])
	case stars == 2 && meta[0] == '*' && meta[n-1] == '*':
		return shapeContains, string(pat[1 : n-1])
	}
	return shapeGeneral, ""
}

// String returns the pattern as written.
func (g Glob) String() string { return g.src }

// Match reports whether the whole of s matches the pattern.
func (g *Glob) Match(s string) bool {
	fold := g.opts.FoldCase
	switch g.shape {
	case shapeExact:
		if fold {
			return equalFold(s, g.lit)
		}
		return s == g.lit
	case shapeAny:
		return true
	case shapePrefix:
		return len(s) >= len(g.lit) && equalFoldIf(fold, s[:len(g.lit)], g.lit)
	case shapeSuffix:
		return len(s) >= len(g.lit) && equalFoldIf(fold, s[len(s)-len(g.lit):], g.lit)
	case shapeContains:
		if !fold {
			return strings.Contains(s, g.lit)
		}
		if g.lit == "" {
			return true
		}
		first := g.lit[0]
		for i := 0; i+len(g.lit) <= len(s); i++ {
			if lower(s[i]) == first && equalFold(s[i:i+len(g.lit)], g.lit) {
				return true
			}
		}
		return false
	}
	return g.matchGeneral(s)
}

// matchGeneral is the classic iterative wildcard match: advance through
// the pattern, remember the last * and the input position it was tried
// at, and on a mismatch let that * swallow one more byte. One remembered
// * is enough, because a later * can absorb whatever an earlier one would
// have; the worst case is O(len(s)·len(pattern)).
func (g *Glob) matchGeneral(s string) bool {
	pat, meta, fold := g.pat, g.meta, g.opts.FoldCase
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		if p < len(pat) {
			switch meta[p] {
			case '*':
				star, mark = p, i
				p++
				continue
			case '?':
				p++
				i++
				continue
			default:
				c := s[i]
				if fold {
					c = lower(c)
				}
				if c == pat[p] {
					p++
					i++
					continue
				}
			}
		}
		if star < 0 {
			return false
		}
		p = star + 1
		mark++
		i = mark
	}
	for p < len(pat) && meta[p] == '*' {
		p++
	}
	return p == len(pat)
}

// Wildcards counts the wildcard characters (* and ?) of pattern, as the
// ELB quota on wildcards per rule counts them. With escapes, a quoted *
// or ? does not count.
func Wildcards(pattern string, escapes bool) int {
	n := 0
	for i := 0; i < len(pattern); i++ {
		switch c := pattern[i]; {
		case escapes && c == '\\':
			i++
		case c == '*' || c == '?':
			n++
		}
	}
	return n
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// equalFold reports whether s equals lit, which is already lower case,
// without regard to ASCII case.
func equalFold(s, lit string) bool {
	if len(s) != len(lit) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if lower(s[i]) != lit[i] {
			return false
		}
	}
	return true
}

func equalFoldIf(fold bool, s, lit string) bool {
	if fold {
		return equalFold(s, lit)
	}
	return s == lit
}

// asciiEqualFold compares two strings without regard to ASCII case (for
// header names, neither of which is pre-folded).
func asciiEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if lower(a[i]) != lower(b[i]) {
			return false
		}
	}
	return true
}
