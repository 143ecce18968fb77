package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
)

// Parse reads a policy document in the IAM JSON grammar and validates it
// (see [Document.Validate]). Statement may be one object or a list;
// Action, Resource, principal and condition values may be one value or a
// list; condition values may be strings, numbers or booleans, and are kept
// as strings. Element names are case-sensitive. Every problem is returned
// at once, as an [errors.Join] of [*Error] values, each naming the
// statement (index and Sid), the element and what was expected.
func Parse(data []byte) (*Document, error) {
	d, err := decode(data)
	if err != nil {
		return nil, err
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return d, nil
}

// UnmarshalJSON reads the IAM JSON grammar into d, rejecting malformed
// JSON, wrong types, unknown elements and duplicate keys, but not checking
// values: call [Document.Validate] (or use [Parse], which does both). It
// lets a Document sit in a larger JSON configuration.
func (d *Document) UnmarshalJSON(data []byte) error {
	if d == nil {
		return &Error{Statement: -1, Kind: ErrMissing, Msg: "UnmarshalJSON into a nil *Document"}
	}
	nd, err := decode(data)
	if err != nil {
		return err
	}
	*d = *nd
	return nil
}

// maxDepth bounds JSON nesting; a policy needs five levels.
const maxDepth = 16

type jkind uint8

const (
	jString jkind = iota + 1
	jNumber
	jBool
	jNull
	jObject
	jArray
)

func (k jkind) String() string {
	return [...]string{"", "a string", "a number", "a boolean", "null", "an object", "a list"}[k]
}

// jval is a JSON value with its object members in document order.
type jval struct {
	kind jkind
	s    string // string, number text, "true"/"false"
	obj  []jmember
	arr  []jval
}

type jmember struct {
	key string
	val jval
}

func syntaxErr(format string, args ...any) error {
	var c errs
	c.add(-1, "", "", ErrSyntax, format, args...)
	return c.err()
}

// readJSON reads one JSON value and nothing after it.
func readJSON(data []byte) (jval, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := readValue(dec, 0)
	if err != nil {
		return jval{}, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return jval{}, syntaxErr("unexpected data after the policy document, at offset %d", dec.InputOffset())
	}
	return v, nil
}

// tokenErr describes an error of the JSON tokenizer.
func tokenErr(err error) error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return syntaxErr("invalid JSON at offset %d: %v", se.Offset, se)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return syntaxErr("unexpected end of input")
	}
	return syntaxErr("invalid JSON: %v", err)
}

func readValue(dec *json.Decoder, depth int) (jval, error) {
	tok, err := dec.Token()
	if err != nil {
		return jval{}, tokenErr(err)
	}
	switch t := tok.(type) {
	case json.Delim:
		if depth >= maxDepth {
			return jval{}, syntaxErr("JSON nested deeper than %d levels at offset %d", maxDepth, dec.InputOffset())
		}
		if t == '{' {
			v := jval{kind: jObject}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return jval{}, tokenErr(err)
				}
				key, ok := kt.(string)
				if !ok {
					return jval{}, syntaxErr("invalid JSON: object key is not a string at offset %d", dec.InputOffset())
				}
				mv, err := readValue(dec, depth+1)
				if err != nil {
					return jval{}, err
				}
				v.obj = append(v.obj, jmember{key: key, val: mv})
			}
			if _, err := dec.Token(); err != nil {
				return jval{}, tokenErr(err)
			}
			return v, nil
		}
		v := jval{kind: jArray, arr: []jval{}}
		for dec.More() {
			ev, err := readValue(dec, depth+1)
			if err != nil {
				return jval{}, err
			}
			v.arr = append(v.arr, ev)
		}
		if _, err := dec.Token(); err != nil {
			return jval{}, tokenErr(err)
		}
		return v, nil
	case string:
		return jval{kind: jString, s: t}, nil
	case json.Number:
		return jval{kind: jNumber, s: t.String()}, nil
	case bool:
		return jval{kind: jBool, s: strconv.FormatBool(t)}, nil
	case nil:
		return jval{kind: jNull}, nil
	}
	return jval{}, syntaxErr("invalid JSON token %v", tok)
}

// decoder maps the JSON tree onto a Document, collecting problems.
type decoder struct {
	c   errs
	i   int // statement index, -1 outside statements
	sid string
}

func (p *decoder) errf(elem string, kind error, format string, args ...any) {
	p.c.add(p.i, p.sid, elem, kind, format, args...)
}

func decode(data []byte) (*Document, error) {
	root, err := readJSON(data)
	if err != nil {
		return nil, err
	}
	p := &decoder{i: -1}
	d := &Document{}
	if root.kind != jObject {
		p.errf("", ErrSyntax, "want a JSON object with a Statement; got %v", root.kind)
		return nil, p.c.err()
	}
	for _, m := range p.members("", root.obj, "Version", "Id", "Statement") {
		switch m.key {
		case "Version":
			d.Version, _ = p.str("Version", m.val)
		case "Id":
			d.ID, _ = p.str("Id", m.val)
		case "Statement":
			switch m.val.kind {
			case jObject:
				d.Statements = []Statement{p.statement(0, m.val)}
			case jArray:
				if len(m.val.arr) == 0 {
					p.errf("Statement", ErrSyntax, "empty list; want at least one statement")
				}
				d.Statements = make([]Statement, len(m.val.arr))
				for i, sv := range m.val.arr {
					d.Statements[i] = p.statement(i, sv)
				}
			default:
				p.errf("Statement", ErrSyntax, "want a statement object or a list of them; got %v", m.val.kind)
			}
		}
	}
	if err := p.c.err(); err != nil {
		return nil, err
	}
	return d, nil
}

// members returns obj's members whose keys are known, reporting unknown
// and duplicate keys.
func (p *decoder) members(elem string, obj []jmember, known ...string) []jmember {
	out := make([]jmember, 0, len(obj))
	seen := make(map[string]bool, len(obj))
	for _, m := range obj {
		el := join(elem, m.key)
		if seen[m.key] {
			p.errf(el, ErrDuplicate, "%q appears twice; IAM allows each key once per object", m.key)
			continue
		}
		seen[m.key] = true
		if known != nil && !contains(known, m.key) {
			msg := "want one of " + strings.Join(known, ", ")
			for _, k := range known {
				if strings.EqualFold(k, m.key) {
					msg = "element names are case-sensitive: did you mean " + k + "?"
				}
			}
			p.errf(el, ErrUnknownElement, "%s", msg)
			continue
		}
		out = append(out, m)
	}
	return out
}

func join(elem, key string) string {
	if elem == "" {
		return key
	}
	return elem + "." + key
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (p *decoder) str(elem string, v jval) (string, bool) {
	if v.kind != jString {
		p.errf(elem, ErrSyntax, "want a string; got %v", v.kind)
		return "", false
	}
	return v.s, true
}

// strList reads a string or a non-empty list of strings.
func (p *decoder) strList(elem string, v jval) []string {
	switch v.kind {
	case jString:
		return []string{v.s}
	case jArray:
		if len(v.arr) == 0 {
			p.errf(elem, ErrSyntax, "empty list; want at least one value")
			return nil
		}
		out := make([]string, 0, len(v.arr))
		for j, e := range v.arr {
			if s, ok := p.str(elem+"["+strconv.Itoa(j)+"]", e); ok {
				out = append(out, s)
			}
		}
		return out
	}
	p.errf(elem, ErrSyntax, "want a string or a list of strings; got %v", v.kind)
	return nil
}

// scalarList reads condition values: a string, number or boolean, or a
// non-empty list of them.
func (p *decoder) scalarList(elem string, v jval) []string {
	scalar := func(el string, e jval) (string, bool) {
		switch e.kind {
		case jString, jNumber, jBool:
			return e.s, true
		}
		p.errf(el, ErrSyntax, "want a string, number or boolean; got %v", e.kind)
		return "", false
	}
	if v.kind != jArray {
		if s, ok := scalar(elem, v); ok {
			return []string{s}
		}
		return nil
	}
	if len(v.arr) == 0 {
		p.errf(elem, ErrSyntax, "empty list; want at least one value")
		return nil
	}
	out := make([]string, 0, len(v.arr))
	for j, e := range v.arr {
		if s, ok := scalar(elem+"["+strconv.Itoa(j)+"]", e); ok {
			out = append(out, s)
		}
	}
	return out
}

var statementElements = []string{"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"}

func (p *decoder) statement(i int, v jval) Statement {
	p.i, p.sid = i, ""
	defer func() { p.i, p.sid = -1, "" }()
	var s Statement
	if v.kind != jObject {
		p.errf("", ErrSyntax, "want a statement object; got %v", v.kind)
		return s
	}
	for _, m := range v.obj {
		if m.key == "Sid" && m.val.kind == jString {
			p.sid = m.val.s // so every error of the statement names it
		}
	}
	for _, m := range p.members("", v.obj, statementElements...) {
		switch m.key {
		case "Sid":
			s.Sid, _ = p.str("Sid", m.val)
		case "Effect":
			e, _ := p.str("Effect", m.val)
			s.Effect = Effect(e)
		case "Principal":
			s.Principal = p.principals("Principal", m.val)
		case "NotPrincipal":
			s.NotPrincipal = p.principals("NotPrincipal", m.val)
		case "Action":
			s.Action = p.strList("Action", m.val)
		case "NotAction":
			s.NotAction = p.strList("NotAction", m.val)
		case "Resource":
			s.Resource = p.strList("Resource", m.val)
		case "NotResource":
			s.NotResource = p.strList("NotResource", m.val)
		case "Condition":
			s.Condition = p.conditions(m.val)
		}
	}
	return s
}

func (p *decoder) principals(elem string, v jval) *Principals {
	ps := &Principals{}
	switch v.kind {
	case jString:
		if v.s != "*" {
			p.errf(elem, ErrInvalidValue, `want "*" or an object such as {"AWS": "123456789012"}; got %q`, v.s)
		}
		ps.All = true
		return ps
	case jObject:
	default:
		p.errf(elem, ErrSyntax, `want "*" or an object such as {"AWS": "123456789012"}; got %v`, v.kind)
		return ps
	}
	for _, m := range p.members(elem, v.obj, "AWS", "Service", "Federated", "CanonicalUser") {
		switch m.key {
		case "AWS":
			ps.AWS = p.strList(elem+".AWS", m.val)
		case "Service":
			ps.Service = p.strList(elem+".Service", m.val)
		default:
			p.errf(elem+"."+m.key, ErrUnsupported, "%s principals are not modelled; use AWS or Service principals", m.key)
		}
	}
	return ps
}

func (p *decoder) conditions(v jval) []Condition {
	if v.kind != jObject {
		p.errf("Condition", ErrSyntax, `want an object such as {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}; got %v`, v.kind)
		return nil
	}
	var out []Condition
	for _, om := range p.members("Condition", v.obj) {
		el := "Condition." + om.key
		if om.val.kind != jObject {
			p.errf(el, ErrSyntax, `want an object of condition keys and values, such as {"aws:SourceVpce": "vpce-1a2b3c4d"}; got %v`, om.val.kind)
			continue
		}
		if len(om.val.obj) == 0 {
			p.errf(el, ErrSyntax, "empty block; want at least one condition key")
			continue
		}
		for _, km := range p.members(el, om.val.obj) {
			vals := p.scalarList(el+"."+km.key, km.val)
			if vals != nil {
				out = append(out, Condition{Operator: om.key, Key: km.key, Values: vals})
			}
		}
	}
	return out
}
