package policy

import (
	"strings"
)

// family is the kind of comparison a condition operator makes.
type family uint8

const (
	famString family = iota + 1
	famStringIgnoreCase
	famStringLike
	famNumeric
	famBool
	famIP
	famArn
	famNull
)

// numCmp is the comparison of a numeric operator.
type numCmp uint8

const (
	cmpEq numCmp = iota
	cmpLt
	cmpLe
	cmpGt
	cmpGe
)

// setQual is a condition's set qualifier.
type setQual uint8

const (
	setNone setQual = iota
	setAnyValue
	setAllValues
)

// opSpec is a parsed condition operator.
type opSpec struct {
	fam      family
	cmp      numCmp
	negated  bool
	set      setQual
	ifExists bool
}

// baseOps are the operators modelled, by name.
var baseOps = map[string]opSpec{
	"StringEquals":              {fam: famString},
	"StringNotEquals":           {fam: famString, negated: true},
	"StringEqualsIgnoreCase":    {fam: famStringIgnoreCase},
	"StringNotEqualsIgnoreCase": {fam: famStringIgnoreCase, negated: true},
	"StringLike":                {fam: famStringLike},
	"StringNotLike":             {fam: famStringLike, negated: true},
	"NumericEquals":             {fam: famNumeric, cmp: cmpEq},
	"NumericNotEquals":          {fam: famNumeric, cmp: cmpEq, negated: true},
	"NumericLessThan":           {fam: famNumeric, cmp: cmpLt},
	"NumericLessThanEquals":     {fam: famNumeric, cmp: cmpLe},
	"NumericGreaterThan":        {fam: famNumeric, cmp: cmpGt},
	"NumericGreaterThanEquals":  {fam: famNumeric, cmp: cmpGe},
	"Bool":                      {fam: famBool},
	"IpAddress":                 {fam: famIP},
	"NotIpAddress":              {fam: famIP, negated: true},
	"ArnEquals":                 {fam: famArn},
	"ArnLike":                   {fam: famArn},
	"ArnNotEquals":              {fam: famArn, negated: true},
	"ArnNotLike":                {fam: famArn, negated: true},
	"Null":                      {fam: famNull},
}

// unmodelledOps are IAM operators this package rejects as [ErrUnsupported].
var unmodelledOps = map[string]string{
	"DateEquals":            "date",
	"DateNotEquals":         "date",
	"DateLessThan":          "date",
	"DateLessThanEquals":    "date",
	"DateGreaterThan":       "date",
	"DateGreaterThanEquals": "date",
	"BinaryEquals":          "binary",
}

// parseOperator parses a condition operator. On failure it returns what
// was expected and the sentinel kind.
func parseOperator(s string) (opSpec, string, error) {
	base := s
	var set setQual
	switch {
	case strings.HasPrefix(s, "ForAnyValue:"):
		set, base = setAnyValue, s[len("ForAnyValue:"):]
	case strings.HasPrefix(s, "ForAllValues:"):
		set, base = setAllValues, s[len("ForAllValues:"):]
	}
	ifExists := false
	if b, ok := strings.CutSuffix(base, "IfExists"); ok {
		ifExists, base = true, b
	}
	if what, ok := unmodelledOps[base]; ok {
		return opSpec{}, "the " + what + " condition operators are not modelled; " +
			"use String, Numeric, Bool, IpAddress, Arn or Null operators", ErrUnsupported
	}
	op, ok := baseOps[base]
	if !ok {
		return opSpec{}, "unknown condition operator " + quote(s) +
			"; want String{Equals,NotEquals,EqualsIgnoreCase,NotEqualsIgnoreCase,Like,NotLike}, " +
			"Numeric{Equals,NotEquals,LessThan,LessThanEquals,GreaterThan,GreaterThanEquals}, " +
			"Bool, IpAddress, NotIpAddress, Arn{Equals,Like,NotEquals,NotLike} or Null, " +
			"optionally with an IfExists suffix and a ForAnyValue: or ForAllValues: prefix (case matters)", ErrInvalidValue
	}
	if op.fam == famNull && (ifExists || set != setNone) {
		return opSpec{}, "Null takes neither an IfExists suffix nor a set qualifier; " +
			"it already tests whether the key is present", ErrInvalidValue
	}
	op.set, op.ifExists = set, ifExists
	return op, "", nil
}

// verb returns the phrase for the operator's base relation holding (yes)
// or not: "equals" / "does not equal".
func (o opSpec) verb(yes bool) string {
	pick := func(a, b string) string {
		if yes {
			return a
		}
		return b
	}
	switch o.fam {
	case famString:
		return pick("equals", "does not equal")
	case famStringIgnoreCase:
		return pick("equals (ignoring case)", "does not equal (ignoring case)")
	case famStringLike, famArn:
		return pick("matches", "does not match")
	case famNumeric:
		switch o.cmp {
		case cmpLt:
			return pick("is less than", "is not less than")
		case cmpLe:
			return pick("is at most", "is more than")
		case cmpGt:
			return pick("is greater than", "is not greater than")
		case cmpGe:
			return pick("is at least", "is less than")
		}
		return pick("equals", "does not equal")
	case famBool:
		return pick("is", "is not")
	case famIP:
		return pick("is in", "is not in")
	}
	return pick("holds", "does not hold")
}
