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
	shapeExact   globShape = iota // no wildcard: equality
	shapeAny                      // "*" that may match anything
	shapePrefix                   // literal then one unrestricted '*'
	shapeSuffix                   // one unrestricted '*' then literal
	shapeSplit                    // unrestricted stars between pieces, with case
	shapeGeneral                  // anything else: position sets
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
	// shapeSplit: the runs of literals and '?' between stars, and whether
	// the pattern starts or ends with a star.
	pieces             [][]globTok
	openStart, openEnd bool
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
		if !g.fold {
			g.split()
		}
	}
	return g
}

// split switches a general pattern whose stars may all match anything to
// shapeSplit, which matches each piece between stars at its leftmost place.
func (g *glob) split() {
	var pieces [][]globTok
	var cur []globTok
	for _, t := range g.toks {
		if t.noColon {
			return
		}
		if t.kind == tokStar {
			pieces = append(pieces, cur)
			cur = nil
			continue
		}
		cur = append(cur, t)
	}
	pieces = append(pieces, cur)
	g.shape, g.pieces = shapeSplit, pieces
	g.openStart = g.toks[0].kind == tokStar
	g.openEnd = g.toks[len(g.toks)-1].kind == tokStar
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
	case shapeSplit:
		return g.matchSplit(s)
	}
	return g.matchGeneral(s)
}

// matchSplit matches pieces separated by stars that match anything: the
// first piece at the start (unless the pattern starts with a star), the
// last at the end (unless it ends with one), each other piece at its
// leftmost place after the previous one, which leaves the most room.
func (g *glob) matchSplit(s string) bool {
	pos := 0
	last := len(g.pieces) - 1
	for i, pc := range g.pieces {
		switch {
		case i == 0 && i == last && !g.openStart && !g.openEnd:
			return pieceAt(pc, s, 0) == len(s)
		case i == last && !g.openEnd:
			// Anchored at the end: some start at or after pos must end at len(s).
			if len(pc) == 1 && pc[0].kind == tokLit {
				return len(s)-len(pc[0].lit) >= pos && s[len(s)-len(pc[0].lit):] == pc[0].lit
			}
			for st := pos; st <= len(s); st++ {
				if pieceAt(pc, s, st) == len(s) {
					return true
				}
			}
			return false
		case i == 0 && !g.openStart:
			if pos = pieceAt(pc, s, 0); pos < 0 {
				return false
			}
		case len(pc) == 0:
		case len(pc) == 1 && pc[0].kind == tokLit:
			j := strings.Index(s[pos:], pc[0].lit)
			if j < 0 {
				return false
			}
			pos += j + len(pc[0].lit)
		default:
			end := -1
			for st := pos; st <= len(s) && end < 0; st++ {
				end = pieceAt(pc, s, st)
			}
			if end < 0 {
				return false
			}
			pos = end
		}
	}
	return true
}

// pieceAt matches a run of literals and '?' at s[st:], returning where the
// match ends or -1.
func pieceAt(pc []globTok, s string, st int) int {
	p := st
	for _, t := range pc {
		if t.kind == tokLit {
			if !strings.HasPrefix(s[p:], t.lit) {
				return -1
			}
			p += len(t.lit)
			continue
		}
		if p >= len(s) {
			return -1
		}
		_, k := utf8.DecodeRuneInString(s[p:])
		p += k
	}
	return p
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
