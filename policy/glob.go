package policy

import (
	"strings"
	"unicode/utf8"
)

// globMode says how a pattern's wildcards behave.
type globMode uint8

const (
	// globPlain: '*' matches any run of characters and '?' any one
	// character (StringLike, and each part of an ARN for ArnLike).
	globPlain globMode = iota
	// globFold: as globPlain, ignoring case (Action and NotAction).
	globFold
	// globResource: the Resource element's rule. '?' and '*' stay inside
	// one colon-separated segment of the ARN, except that a '*' that ends a
	// segment (followed by ':' or by the end of the pattern) may run past
	// colons.
	globResource
)

// globShape picks a matcher by the pattern's shape, so the common shapes
// never reach the general matcher.
type globShape uint8

const (
	shapeExact  globShape = iota // no wildcard: equality
	shapeAny                     // "*" that may match anything
	shapePrefix                  // literal then one unrestricted '*'
	shapeSuffix                  // one unrestricted '*' then literal
	shapeGeneral
)

type tokKind uint8

const (
	tokLit  tokKind = iota // a literal run
	tokOne                 // '?'
	tokStar                // '*'
)

type globTok struct {
	kind tokKind
	// noColon: this wildcard may not match ':' (globResource only).
	noColon bool
	lit     string
}

// glob is a compiled wildcard pattern. It is immutable once built, so one
// glob serves concurrent evaluations.
type glob struct {
	shape globShape
	fold  bool
	lit   string // exact, prefix or suffix literal
	toks  []globTok
}

// compileGlob compiles pattern p for mode m. Every string is a valid
// pattern: there is no escape character, as in IAM.
func compileGlob(p string, m globMode) glob {
	g := glob{fold: m == globFold}
	var toks []globTok
	lit := 0 // start of the pending literal run
	flush := func(end int) {
		if end > lit {
			toks = append(toks, globTok{kind: tokLit, lit: p[lit:end]})
		}
	}
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '*':
			flush(i)
			noColon := m == globResource && i+1 < len(p) && p[i+1] != ':'
			// Consecutive stars act as one: keep the least restricted.
			if n := len(toks); n > 0 && toks[n-1].kind == tokStar {
				toks[n-1].noColon = toks[n-1].noColon && noColon
			} else {
				toks = append(toks, globTok{kind: tokStar, noColon: noColon})
			}
			lit = i + 1
		case '?':
			flush(i)
			toks = append(toks, globTok{kind: tokOne, noColon: m == globResource})
			lit = i + 1
		}
	}
	flush(len(p))

	switch {
	case len(toks) == 0:
		g.shape, g.lit = shapeExact, ""
	case len(toks) == 1 && toks[0].kind == tokLit:
		g.shape, g.lit = shapeExact, toks[0].lit
	case len(toks) == 1 && toks[0].kind == tokStar && !toks[0].noColon:
		g.shape = shapeAny
	case len(toks) == 2 && toks[0].kind == tokLit && toks[1].kind == tokStar && !toks[1].noColon:
		g.shape, g.lit = shapePrefix, toks[0].lit
	case len(toks) == 2 && toks[0].kind == tokStar && !toks[0].noColon && toks[1].kind == tokLit:
		g.shape, g.lit = shapeSuffix, toks[1].lit
	default:
		g.shape, g.toks = shapeGeneral, toks
	}
	return g
}

// match reports whether s matches the pattern. It does not allocate for
// strings up to 4095 bytes.
func (g *glob) match(s string) bool {
	switch g.shape {
	case shapeExact:
		return g.eq(s, g.lit)
	case shapeAny:
		return true
	case shapePrefix:
		return len(s) >= len(g.lit) && g.eq(s[:len(g.lit)], g.lit)
	case shapeSuffix:
		return len(s) >= len(g.lit) && g.eq(s[len(s)-len(g.lit):], g.lit)
	}
	return g.matchGeneral(s)
}

func (g *glob) eq(a, b string) bool {
	if g.fold {
		return strings.EqualFold(a, b)
	}
	return a == b
}

// matchGeneral runs the pattern as a set of positions in s reachable after
// each token (a bit set over 0..len(s)), so any pattern matches in time
// proportional to tokens × len(s), with no backtracking.
func (g *glob) matchGeneral(s string) bool {
	n := len(s)
	var buf [64]uint64
	words := (n + 1 + 63) / 64
	var set []uint64
	if words <= len(buf) {
		set = buf[:words]
	} else {
		set = make([]uint64, words)
	}
	has := func(p int) bool { return set[p>>6]&(1<<(uint(p)&63)) != 0 }
	put := func(p int) { set[p>>6] |= 1 << (uint(p) & 63) }
	del := func(p int) { set[p>>6] &^= 1 << (uint(p) & 63) }

	put(0)
	lo, hi := 0, 0 // every set position lies in lo..hi
	for _, t := range g.toks {
		nlo, nhi := n+1, -1
		switch t.kind {
		case tokLit, tokOne:
			// Each position p moves forward by the token's width; walking
			// down keeps the old bits below p intact.
			for p := hi; p >= lo; p-- {
				if !has(p) {
					continue
				}
				del(p)
				k := 0
				if t.kind == tokLit {
					if p+len(t.lit) <= n && g.eq(s[p:p+len(t.lit)], t.lit) {
						k = len(t.lit)
					}
				} else if p < n && !(t.noColon && s[p] == ':') {
					_, k = utf8.DecodeRuneInString(s[p:])
				}
				if k == 0 {
					continue
				}
				put(p + k)
				nlo, nhi = min(nlo, p+k), max(nhi, p+k)
			}
		case tokStar:
			// A star keeps every position and extends each one character by
			// character; walking up lets the extensions chain.
			for p := lo; p <= n; p++ {
				if !has(p) {
					continue
				}
				nlo, nhi = min(nlo, p), max(nhi, p)
				if p == n || (t.noColon && s[p] == ':') {
					continue
				}
				_, k := utf8.DecodeRuneInString(s[p:])
				put(p + k)
			}
		}
		if nhi < 0 {
			return false
		}
		lo, hi = nlo, nhi
	}
	return hi == n && has(n)
}

// hasWildcard reports whether s holds '*' or '?'.
func hasWildcard(s string) bool { return strings.ContainsAny(s, "*?") }
