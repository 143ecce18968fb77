package sim

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// ErrDuplicateKey: a JSON object gives the same key twice (a field of a
// resource, or a tag key). [Load] rejects it instead of keeping the last
// value silently, as encoding/json would. (It is declared here rather than
// with the other kinds in errors.go as only [Load] reports it.)
var ErrDuplicateKey = errors.New("duplicate key")

// maxLoadProblems is the number of problems [Load] lists; the rest are
// counted.
const maxLoadProblems = 20

// maxJSONDepth is the deepest nesting of arrays and objects [Load] reads,
// as in encoding/json.
const maxJSONDepth = 10000

// Load reads a [Network] from its JSON form (as written by [Network.Save]).
//
// Field names must match exactly: a field the model does not know, at any
// depth, is an [ErrUnknownField] error whose Field is its JSON path
// ("subnets[2].cidrr"). A key given twice in one object is an
// [ErrDuplicateKey] error naming the lines and columns of both. Keys are
// compared after unescaping, case included: a field name in another case
// ("VPCs") is an unknown field already, and tag keys that differ only in
// case are different tags, as in AWS. Inside a value of a type that
// decodes itself (a json.Unmarshaler), keys equal but for case are
// duplicates too, since encoding/json matches fields regardless of case.
// The columns count bytes. A value of the wrong type or that
// does not parse (such as the CIDR "10.0.0.0/33") is an [ErrInvalidValue]
// error naming its path. Each such error is a [*FieldError] with Resource
// "network" and, for a problem inside a resource, that resource's ID (or
// "#index" when it has none); they are returned together with
// [errors.Join], in document order. Only the first 20 are listed: a last
// [*FieldError] says how many more there are, and [errors.Is] matches the
// kinds of those too.
//
// Malformed JSON is a single [ErrInvalidValue] error giving the line and
// column. Long keys and values are shortened in messages. Load reads the
// whole document, decodes it in one pass over it, does not validate the
// network (see [Network.Validate]) and never panics.
func Load(r io.Reader) (*Network, error) {
	if r == nil {
		return nil, nilErr("reader", "want an io.Reader holding a JSON network")
	}
	data, err := readAll(r)
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &FieldError{Resource: "network", Kind: ErrInvalidValue, Msg: "empty document: want a json object"}
	}
	n := new(Network)
	if err := decode(data, reflect.ValueOf(n).Elem(), networkPlan()); err != nil {
		return nil, err
	}
	return n, nil
}

// decode decodes the JSON document data into v, of plan p, and returns the
// problems found or the syntax error.
func decode(data []byte, v reflect.Value, p *typePlan) error {
	d := &decoder{data: data}
	if len(data) >= internMinInput {
		d.strs = make([]string, internSlots)
	}
	if !d.document(v, p) {
		return syntaxError(data)
	}
	return d.err()
}

// maxSizeHint bounds the buffer readAll allocates up front.
const maxSizeHint = 1 << 30

// readAll reads r to its end. When r knows its length (a bytes or strings
// reader or buffer, a regular file) the buffer is allocated once at that
// size.
func readAll(r io.Reader) ([]byte, error) {
	size := -1
	switch s := r.(type) {
	case *bytes.Reader:
		size = s.Len()
	case *bytes.Buffer:
		size = s.Len()
	case *strings.Reader:
		size = s.Len()
	case *os.File:
		if fi, err := s.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() <= maxSizeHint {
			size = int(fi.Size())
		}
	}
	if size < 0 || size > maxSizeHint {
		return io.ReadAll(r)
	}
	buf := make([]byte, 0, size+1) // +1: the read that meets the end does not grow it
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// LoadFile reads a [Network] from the JSON file at path, as [Load] does.
func LoadFile(path string) (*Network, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	n, err := Load(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return n, nil
}

// Save writes the network as indented JSON with a trailing newline. The
// output is deterministic (map keys are sorted) and [Load] reads it back to
// an equal network. Nothing is written when the network cannot be encoded
// (for example a protocol number out of range).
func (n *Network) Save(w io.Writer) error {
	if w == nil {
		return nilErr("writer", "want an io.Writer to save the network to")
	}
	b, err := n.marshal()
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// SaveFile writes the network to the file at path as [Network.Save] does,
// creating or truncating it. The file is not touched when encoding fails.
func (n *Network) SaveFile(path string) error {
	b, err := n.marshal()
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

func (n *Network) marshal() ([]byte, error) {
	if n == nil {
		return nil, errNilNetwork()
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(n); err != nil {
		return nil, fmt.Errorf("save: %w", err)
	}
	return buf.Bytes(), nil
}

// syntaxError reports malformed JSON with its line and column.
func syntaxError(data []byte) error {
	var raw json.RawMessage
	err := json.Unmarshal(data, &raw)
	msg := "malformed json"
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off := min(max(se.Offset, 0), int64(len(data)))
		before := data[:off]
		line := bytes.Count(before, []byte("\n")) + 1
		col := int(off) - (bytes.LastIndexByte(before, '\n') + 1)
		msg = fmt.Sprintf("malformed json at line %d, column %d: %s", line, col, strings.TrimPrefix(se.Error(), "json: "))
	}
	return &FieldError{Resource: "network", Kind: ErrInvalidValue, Msg: msg}
}

// position gives the line and column (both from 1) of the byte at offset
// off of data.
func position(data []byte, off int) string {
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := off - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("line %d, column %d", line, col)
}

// A typePlan says how to decode JSON into values of one Go type, following
// encoding/json's rules; plans are built once, for the Network type and
// every type under it.
type typePlan struct {
	kind planKind
	t    reflect.Type
	// elem is the plan of the pointed-to type (planPointer), of the
	// elements (planSlice, planArray) or of the map values (planMap).
	elem *typePlan
	// For planStruct: the JSON fields in declaration order, their index by
	// name, their names, and those names joined for messages.
	fields   []fieldPlan
	index    map[string]int
	names    []string
	nameList string
	// opener is the first byte of the JSON values that decode into this
	// type other than null, or 0 when several can.
	opener byte
}

// fieldPlan is one JSON field of a struct.
type fieldPlan struct {
	name  string
	index []int // as reflect.Value.FieldByIndex takes it
	plan  *typePlan
}

type planKind uint8

const (
	planLeaf    planKind = iota // decoded by encoding/json on its own
	planString                  // a string kind: a JSON string
	planBool                    // a bool kind: true or false
	planInt                     // a signed integer kind: a JSON integer
	planUint                    // an unsigned integer kind: a JSON integer
	planText                    // an encoding.TextUnmarshaler: a JSON string
	planPointer                 // a pointer to a non-leaf type
	planStruct                  // a struct: a JSON object of its fields
	planSlice                   // a slice: a JSON array
	planArray                   // an array: a JSON array, no longer
	planMap                     // a map with string keys: a JSON object
)

var (
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	jsonNumberType      = reflect.TypeFor[json.Number]()
)

// networkPlan is the plan of the Network type.
var networkPlan = sync.OnceValue(func() *typePlan {
	return newPlan(reflect.TypeFor[Network](), map[reflect.Type]*typePlan{})
})

// newPlan builds the plan of type t; done holds the plans built or being
// built, so that recursive types end.
func newPlan(t reflect.Type, done map[reflect.Type]*typePlan) *typePlan {
	if p, ok := done[t]; ok {
		return p
	}
	p := &typePlan{t: t}
	done[t] = p
	switch k := t.Kind(); {
	case k == reflect.Pointer:
		p.kind, p.elem = planPointer, newPlan(t.Elem(), done)
	case implements(t, jsonUnmarshalerType) || t == jsonNumberType:
		p.kind = planLeaf
	case implements(t, textUnmarshalerType):
		p.kind, p.opener = planText, '"'
	case k == reflect.String:
		p.kind, p.opener = planString, '"'
	case k == reflect.Bool:
		p.kind = planBool
	case k >= reflect.Int && k <= reflect.Int64:
		p.kind = planInt
	case k >= reflect.Uint && k <= reflect.Uintptr:
		p.kind = planUint
	case k == reflect.Struct:
		p.kind, p.opener = planStruct, '{'
		p.index = make(map[string]int)
		p.collectFields(t, nil, 0, done)
		p.nameList = strings.Join(p.names, ", ")
	case k == reflect.Slice && t.Elem().Kind() != reflect.Uint8: // []byte is base64
		p.kind, p.opener, p.elem = planSlice, '[', newPlan(t.Elem(), done)
	case k == reflect.Array:
		p.kind, p.opener, p.elem = planArray, '[', newPlan(t.Elem(), done)
	case k == reflect.Map && t.Key().Kind() == reflect.String && !implements(t.Key(), textUnmarshalerType):
		p.kind, p.opener, p.elem = planMap, '{', newPlan(t.Elem(), done)
	default:
		p.kind = planLeaf
	}
	return p
}

// implements reports whether t or a pointer to it implements iface, as
// encoding/json looks for its unmarshalers.
func implements(t, iface reflect.Type) bool {
	return t.Implements(iface) || t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(iface)
}

// collectFields adds the JSON fields of struct type t, whose index is
// index from the planned type, following encoding/json's tag rules, with
// the fields of untagged embedded structs promoted.
func (p *typePlan) collectFields(t reflect.Type, index []int, depth int, done map[reflect.Type]*typePlan) {
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		idx := append(slices.Clip(index), i)
		if sf.Anonymous && name == "" {
			et := sf.Type
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct && depth < 16 {
				p.collectFields(et, idx, depth+1, done)
				continue
			}
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		if _, dup := p.index[name]; !dup {
			p.index[name] = len(p.fields)
			p.fields = append(p.fields, fieldPlan{name: name, index: idx, plan: newPlan(sf.Type, done)})
			p.names = append(p.names, name)
		}
	}
}

// field returns the field of struct value v that f names, allocating the
// embedded structs it is reached through; false when one of those is an
// unexported pointer, which cannot be set.
func (f *fieldPlan) field(v reflect.Value) (reflect.Value, bool) {
	if len(f.index) == 1 {
		return v.Field(f.index[0]), true
	}
	for i, x := range f.index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				if !v.CanSet() {
					return reflect.Value{}, false
				}
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}

// decoder decodes a JSON document into a Go value in one pass, checking
// its syntax as encoding/json does and collecting the problems of a
// well-formed document with their paths. Its methods that read a value
// return false when the JSON is malformed; decoding stops there.
type decoder struct {
	data []byte
	pos  int
	errs []*FieldError // the problems listed, at most maxLoadProblems
	more int           // the problems found past those
	// moreKinds are the kinds of those, in the order first found.
	moreKinds problemKinds
	path      []pathStep // where the value being decoded is
	id        string     // the "id" of the resource being decoded
	buf       []byte     // unquoted strings that have escapes
	leafDups  []leafDup  // see skipChecked
	// strs holds recent short strings by hash, so that a value repeated
	// (a subnet or group ID, an interface kind) is allocated once.
	strs []string
}

// pathStep is one step of a JSON path: an object key, or when index >= 0
// an array index.
type pathStep struct {
	key   string
	index int
}

// problemKinds is the Kind of the error that stands for the problems Load
// found past those it lists: [errors.Is] matches each of their kinds.
type problemKinds []error

// Error lists the kinds: "unknown field, invalid value".
func (k problemKinds) Error() string {
	s := make([]string, len(k))
	for i, e := range k {
		s[i] = e.Error()
	}
	return strings.Join(s, ", ")
}

// Unwrap returns the kinds.
func (k problemKinds) Unwrap() []error { return k }

// document decodes the whole document into v, of plan p.
func (d *decoder) document(v reflect.Value, p *typePlan) bool {
	if !d.value(v, p, 0, 0) {
		return false
	}
	d.space()
	return d.pos == len(d.data)
}

// err joins the problems found, or returns nil.
func (d *decoder) err() error {
	if len(d.errs) == 0 {
		return nil
	}
	errs := make([]error, 0, len(d.errs)+1)
	for _, fe := range d.errs {
		errs = append(errs, fe)
	}
	if d.more > 0 {
		var kind error = d.moreKinds
		if len(d.moreKinds) == 1 {
			kind = d.moreKinds[0]
		}
		msg := fmt.Sprintf("and %d more problems", d.more)
		if d.more == 1 {
			msg = "and 1 more problem"
		}
		errs = append(errs, &FieldError{Resource: "network", Kind: kind, Msg: msg})
	}
	return errors.Join(errs...)
}

// problem records a problem of the given kind with the value being
// decoded and returns its error, for the caller to complete, or nil when
// maxLoadProblems are listed already and the problem is only counted.
func (d *decoder) problem(kind error) *FieldError {
	if len(d.errs) >= maxLoadProblems {
		d.more++
		if !slices.Contains(d.moreKinds, kind) {
			d.moreKinds = append(d.moreKinds, kind)
		}
		return nil
	}
	fe := &FieldError{Resource: "network", Field: d.pathString(), Kind: kind}
	d.errs = append(d.errs, fe)
	return fe
}

// pathString is the JSON path of the value being decoded:
// "subnets[2].cidr".
func (d *decoder) pathString() string {
	return appendPath("", d.path)
}

// appendPath appends steps to the JSON path s.
func appendPath(s string, steps []pathStep) string {
	for _, st := range steps {
		if st.index >= 0 {
			s += "[" + strconv.Itoa(st.index) + "]"
		} else {
			s = jsonPathKey(s, clip(st.key, maxKeyShown))
		}
	}
	return s
}

// innerPath returns the steps from the well-formed value at offset start
// to the value at offset target inside it.
func (d *decoder) innerPath(start, target int) []pathStep {
	s := decoder{data: d.data, pos: start}
	var steps []pathStep
	for {
		s.space()
		c := s.peek()
		if s.pos >= target || c != '{' && c != '[' {
			return steps
		}
		s.pos++
		for i := 0; ; i++ {
			s.space()
			step := pathStep{index: i}
			if c == '{' {
				k, ok := s.key()
				if !ok {
					return steps
				}
				step = pathStep{key: string(k), index: -1}
				s.space()
			}
			from := s.pos
			if !s.skip(0) {
				return steps
			}
			if from <= target && target < s.pos {
				steps = append(steps, step)
				s.pos = from
				break
			}
			s.space()
			if s.peek() != ',' {
				return steps
			}
			s.pos++
		}
	}
}

// value decodes the JSON value at d.pos into v, of plan p. depth counts the
// arrays and objects around the value, level the structs entered: the
// Network is level 0 and its resources level 1.
func (d *decoder) value(v reflect.Value, p *typePlan, depth, level int) bool {
	d.space()
	if d.pos >= len(d.data) {
		return false
	}
	if p.kind == planLeaf {
		return d.leaf(v, p, depth)
	}
	c := d.data[d.pos]
	if c == 'n' {
		if !d.literal("null") {
			return false
		}
		// null sets pointers, slices and maps to nil and leaves the rest.
		switch p.kind {
		case planPointer, planSlice, planMap:
			v.SetZero()
		}
		return true
	}
	start := d.pos
	switch p.kind {
	case planString:
		if c != '"' {
			return d.mismatch(v, p, depth)
		}
		s, ok := d.str()
		if !ok {
			return false
		}
		v.SetString(d.intern(s))
	case planBool:
		switch c {
		case 't':
			v.SetBool(true)
			return d.literal("true")
		case 'f':
			v.SetBool(false)
			return d.literal("false")
		}
		return d.mismatch(v, p, depth)
	case planInt:
		if c != '-' && (c < '0' || c > '9') {
			return d.mismatch(v, p, depth)
		}
		num, ok := d.number()
		if !ok {
			return false
		}
		n, err := strconv.ParseInt(string(num), 10, 64)
		if err != nil || v.OverflowInt(n) {
			d.invalid(v, p, start)
			return true
		}
		v.SetInt(n)
	case planUint:
		if c != '-' && (c < '0' || c > '9') {
			return d.mismatch(v, p, depth)
		}
		num, ok := d.number()
		if !ok {
			return false
		}
		n, err := strconv.ParseUint(string(num), 10, 64)
		if err != nil || v.OverflowUint(n) {
			d.invalid(v, p, start)
			return true
		}
		v.SetUint(n)
	case planText:
		if c != '"' {
			return d.mismatch(v, p, depth)
		}
		s, ok := d.str()
		if !ok {
			return false
		}
		if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText(s); err != nil {
			d.invalid(v, p, start)
		}
	case planPointer:
		e := reflect.New(p.elem.t)
		if !d.value(e.Elem(), p.elem, depth, level) {
			return false
		}
		v.Set(e)
	case planStruct:
		if c != '{' {
			return d.wrongShape("an object", depth)
		}
		return d.object(v, p, depth, level)
	case planMap:
		if c != '{' {
			return d.wrongShape("an object", depth)
		}
		return d.mapObject(v, p, depth, level)
	case planSlice, planArray:
		if c != '[' {
			return d.wrongShape("an array", depth)
		}
		return d.array(v, p, depth, level)
	}
	return true
}

// Documents of internMinInput bytes or more share their short strings
// through a table of internSlots (a power of two).
const (
	internMinInput = 64 << 10
	internSlots    = 4096
	internMaxLen   = 64
)

// intern returns b as a string, the one made for the last equal b when it
// is still in d.strs.
func (d *decoder) intern(b []byte) string {
	if d.strs == nil || len(b) == 0 || len(b) > internMaxLen {
		return string(b)
	}
	h := uint32(2166136261) // FNV-1a
	for _, c := range b {
		h = (h ^ uint32(c)) * 16777619
	}
	slot := &d.strs[h&(internSlots-1)]
	if *slot != string(b) {
		*slot = string(b)
	}
	return *slot
}

// leaf decodes the value at d.pos into v with encoding/json.
// The keys given twice inside it are reported first: the type's own decoder
// may well keep the last one silently.
func (d *decoder) leaf(v reflect.Value, p *typePlan, depth int) bool {
	start := d.pos
	d.leafDups = d.leafDups[:0]
	if !d.skipChecked(depth) {
		return false
	}
	for _, dup := range d.leafDups {
		d.duplicate(dup.open, dup.at, dup.key, start)
	}
	if err := json.Unmarshal(d.data[start:d.pos], v.Addr().Interface()); err != nil {
		d.leafProblem(p.t, d.data[start:d.pos], err)
	}
	return true
}

// leafDup is a key given twice in an object inside a value decoded whole.
type leafDup struct {
	open, at int // the offsets of the object and of the key given again
	key      string
}

// skipChecked reads a value of any type, as skip does, noting in
// d.leafDups the keys given twice in its objects. As encoding/json matches
// keys to fields regardless of case, keys equal but for case count as the
// same: the value decodes itself, perhaps with encoding/json.
func (d *decoder) skipChecked(depth int) bool {
	d.space()
	c := d.peek()
	if c != '{' && c != '[' {
		return d.skip(depth)
	}
	if depth >= maxJSONDepth {
		return false
	}
	open := d.pos
	d.pos++
	d.space()
	if c == '[' {
		if d.peek() == ']' {
			d.pos++
			return true
		}
		for {
			if !d.skipChecked(depth + 1) {
				return false
			}
			d.space()
			switch d.peek() {
			case ',':
				d.pos++
			case ']':
				d.pos++
				return true
			default:
				return false
			}
		}
	}
	if d.peek() == '}' {
		d.pos++
		return true
	}
	var few [8][]byte // the keys seen, while there are few
	keys := few[:0]
	var folded map[string]bool // the keys seen, folded, past those
	for {
		d.space()
		at := d.pos
		if d.peek() != '"' {
			return false
		}
		k, plain, ok := d.scanString()
		if !ok {
			return false
		}
		if !plain {
			k = bytes.Clone(d.unquote(k)) // kept past the next string
		}
		d.space()
		if d.peek() != ':' {
			return false
		}
		d.pos++
		dup := false
		if folded == nil {
			for _, x := range keys {
				dup = dup || bytes.EqualFold(x, k)
			}
		} else {
			dup = folded[foldKey(k)]
		}
		switch {
		case dup:
			d.leafDups = append(d.leafDups, leafDup{open, at, string(k)})
		case folded != nil:
			folded[foldKey(k)] = true
		case len(keys) < len(few):
			keys = append(keys, k)
		default:
			folded = make(map[string]bool)
			for _, x := range append(keys, k) {
				folded[foldKey(x)] = true
			}
		}
		if !d.skipChecked(depth + 1) {
			return false
		}
		d.space()
		switch d.peek() {
		case ',':
			d.pos++
		case '}':
			d.pos++
			return true
		default:
			return false
		}
	}
}

// foldKey maps k to the same string as every key bytes.EqualFold to it:
// each rune becomes the least of its case-folding orbit.
func foldKey(k []byte) string {
	b := make([]byte, 0, len(k))
	for _, r := range string(k) {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		b = utf8.AppendRune(b, least)
	}
	return string(b)
}

// mismatch skips a value of a JSON type that v, a leaf, does not take, and
// records the problem.
func (d *decoder) mismatch(v reflect.Value, p *typePlan, depth int) bool {
	start := d.pos
	if !d.skip(depth) {
		return false
	}
	d.invalid(v, p, start)
	return true
}

// invalid records the problem with the value from start to d.pos, which v,
// a leaf, does not take. encoding/json words the message.
func (d *decoder) invalid(v reflect.Value, p *typePlan, start int) {
	if len(d.errs) >= maxLoadProblems {
		d.problem(ErrInvalidValue)
		return
	}
	raw := d.data[start:d.pos]
	if err := json.Unmarshal(raw, v.Addr().Interface()); err != nil {
		d.leafProblem(p.t, raw, err)
	}
}

// leafProblem records err, the error of decoding raw into a value of type
// t, saying what was expected.
func (d *decoder) leafProblem(t reflect.Type, raw []byte, err error) {
	fe := d.problem(ErrInvalidValue)
	if fe == nil {
		return
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		fe.Msg = clip(fmt.Sprintf("got json %s, want %s", te.Value, describeJSONType(t)), maxMsgShown)
		return
	}
	fe.Msg = clip(strings.TrimPrefix(err.Error(), "json: "), maxMsgShown)
}

// Keys and messages quoting the document are clipped to these lengths (in
// bytes), so that each listed problem stays short.
const (
	maxKeyShown = 64
	maxMsgShown = 320
)

// clip shortens s to about n bytes when it is longer, keeping its start
// and its end around "...".
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	head, tail := n*3/4, len(s)-n/4
	for head > 0 && !utf8.RuneStart(s[head]) {
		head--
	}
	for tail < len(s) && !utf8.RuneStart(s[tail]) {
		tail++
	}
	return s[:head] + "..." + s[tail:]
}

// wrongShape skips a value that is not the object or array (want) the Go
// value takes, and records the problem.
func (d *decoder) wrongShape(want string, depth int) bool {
	c := d.data[d.pos]
	if !d.skip(depth) {
		return false
	}
	if fe := d.problem(ErrInvalidValue); fe != nil {
		fe.Msg = fmt.Sprintf("got json %s, want %s", jsonKind(c), want)
	}
	return true
}

// object decodes the JSON object at d.pos into v, a struct.
func (d *decoder) object(v reflect.Value, p *typePlan, depth, level int) bool {
	if depth >= maxJSONDepth {
		return false
	}
	open := d.pos
	d.pos++
	var seen uint64 // the fields set, when there are at most 64
	var seenMany []bool
	if len(p.fields) > 64 {
		seenMany = make([]bool, len(p.fields))
	}
	d.space()
	if d.peek() == '}' {
		d.pos++
		return true
	}
	for {
		d.space()
		at := d.pos
		key, ok := d.key()
		if !ok {
			return false
		}
		i, known := p.index[string(key)]
		switch {
		case !known:
			if fe := d.problem(ErrUnknownField); fe != nil {
				k := string(key)
				fe.Field = jsonPathKey(fe.Field, clip(k, maxKeyShown))
				fe.Msg = fmt.Sprintf("%q is not a field here%s; want one of %s", clip(k, maxKeyShown), suggestField(k, p.names), p.nameList)
			}
			if !d.skip(depth + 1) {
				return false
			}
		case seenMany == nil && seen&(1<<i) != 0, seenMany != nil && seenMany[i]:
			d.duplicate(open, at, p.fields[i].name, -1)
			if !d.skip(depth + 1) {
				return false
			}
		default:
			if seenMany != nil {
				seenMany[i] = true
			} else {
				seen |= 1 << i
			}
			f := &p.fields[i]
			d.path = append(d.path, pathStep{key: f.name, index: -1})
			fv, settable := f.field(v)
			if !settable {
				if fe := d.problem(ErrInvalidValue); fe != nil {
					fe.Msg = "cannot set a field of an unexported embedded struct pointer"
				}
				ok = d.skip(depth + 1)
			} else {
				ok = d.value(fv, f.plan, depth+1, level+1)
			}
			d.path = d.path[:len(d.path)-1]
			if !ok {
				return false
			}
			if level == 1 && f.name == "id" && fv.Kind() == reflect.String {
				d.id = fv.String()
			}
		}
		d.space()
		switch d.peek() {
		case ',':
			d.pos++
		case '}':
			d.pos++
			return true
		default:
			return false
		}
	}
}

// mapObject decodes the JSON object at d.pos into v, a map with string
// keys.
func (d *decoder) mapObject(v reflect.Value, p *typePlan, depth, level int) bool {
	if depth >= maxJSONDepth {
		return false
	}
	open := d.pos
	d.pos++
	if v.IsNil() {
		v.Set(reflect.MakeMap(p.t))
	}
	kv := reflect.New(p.t.Key()).Elem()
	ev := reflect.New(p.elem.t).Elem()
	d.space()
	if d.peek() == '}' {
		d.pos++
		return true
	}
	for {
		d.space()
		at := d.pos
		kb, ok := d.key()
		if !ok {
			return false
		}
		key := string(kb)
		kv.SetString(key)
		if v.MapIndex(kv).IsValid() {
			d.duplicate(open, at, key, -1)
			if !d.skip(depth + 1) {
				return false
			}
		} else {
			ev.SetZero()
			d.path = append(d.path, pathStep{key: key, index: -1})
			ok := d.value(ev, p.elem, depth+1, level)
			d.path = d.path[:len(d.path)-1]
			if !ok {
				return false
			}
			v.SetMapIndex(kv, ev)
		}
		d.space()
		switch d.peek() {
		case ',':
			d.pos++
		case '}':
			d.pos++
			return true
		default:
			return false
		}
	}
}

// array decodes the JSON array at d.pos into v, a slice or an array. The
// elements of a resource list (level 1) give their ID, or "#index", to the
// problems found inside them.
func (d *decoder) array(v reflect.Value, p *typePlan, depth, level int) bool {
	if depth >= maxJSONDepth {
		return false
	}
	isArray := p.kind == planArray
	if !isArray {
		v.Set(reflect.MakeSlice(p.t, 0, countElements(d.data, d.pos, p.elem.opener)))
	} else if n := countElements(d.data, d.pos, 0); n > v.Len() {
		if fe := d.problem(ErrInvalidValue); fe != nil {
			fe.Msg = fmt.Sprintf("got %d elements, want at most %d", n, v.Len())
		}
	}
	d.pos++
	var spare reflect.Value // decodes what is not kept
	d.space()
	if d.peek() == ']' {
		d.pos++
		return true
	}
	for i := 0; ; i++ {
		var ev reflect.Value
		switch {
		case isArray && i < v.Len():
			ev = v.Index(i)
		case !isArray && len(d.errs) == 0:
			// Once there is a problem the network is not returned, so
			// that a long list of wrong values cannot grow it.
			if i == v.Cap() {
				v.Grow(1)
			}
			v.SetLen(i + 1)
			ev = v.Index(i)
		default:
			if !spare.IsValid() {
				spare = reflect.New(p.elem.t).Elem()
			}
			spare.SetZero()
			ev = spare
		}
		errStart := len(d.errs)
		if level == 1 {
			d.id = ""
		}
		d.path = append(d.path, pathStep{index: i})
		ok := d.value(ev, p.elem, depth+1, level)
		d.path = d.path[:len(d.path)-1]
		if !ok {
			return false
		}
		if level == 1 && len(d.errs) > errStart {
			id := d.id
			if id == "" {
				id = "#" + strconv.Itoa(i)
			}
			for _, fe := range d.errs[errStart:] {
				fe.ID = id
			}
		}
		d.space()
		switch d.peek() {
		case ',':
			d.pos++
		case ']':
			d.pos++
			return true
		default:
			return false
		}
	}
}

// duplicate records that the key at offset at of the object opening at
// offset open was given before in it. leafStart is -1, or the offset of the
// value decoded whole that holds the object (whose keys compare regardless
// of case).
func (d *decoder) duplicate(open, at int, key string, leafStart int) {
	fe := d.problem(ErrDuplicateKey)
	if fe == nil {
		return
	}
	fold := leafStart >= 0
	if fold {
		fe.Field = appendPath(fe.Field, d.innerPath(leafStart, open))
	}
	fe.Field = jsonPathKey(fe.Field, clip(key, maxKeyShown))
	first := "earlier"
	if off := d.firstKey(open, key, fold); off >= 0 {
		first = "first at " + position(d.data, off)
	}
	fe.Msg = fmt.Sprintf("%q appears again at %s (%s); give it once", clip(key, maxKeyShown), position(d.data, at), first)
}

// firstKey returns the offset of the first member of the object opening at
// offset open whose key is key (or equal but for case, with fold), or -1.
// The object is well-formed up to the key given again.
func (d *decoder) firstKey(open int, key string, fold bool) int {
	s := decoder{data: d.data, pos: open + 1}
	for {
		s.space()
		at := s.pos
		k, ok := s.key()
		if !ok {
			return -1
		}
		if string(k) == key || fold && bytes.EqualFold(k, []byte(key)) {
			return at
		}
		if !s.skip(0) {
			return -1
		}
		s.space()
		if s.peek() != ',' {
			return -1
		}
		s.pos++
	}
}

// countElements counts the elements of the JSON array opening at data[at]
// that start with opener or are null (all of them when opener is 0), to
// size the slice they decode into. It checks nothing: on malformed JSON
// the count is only a wrong guess.
func countElements(data []byte, at int, opener byte) int {
	depth, n, start := 0, 0, true
	for i := at + 1; i < len(data); i++ {
		c := data[i]
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		}
		if start && depth == 0 {
			start = false
			if c == ']' {
				return n
			}
			if opener == 0 || c == opener || c == 'n' {
				n++
			}
		}
		switch c {
		case '"':
			for i++; i < len(data) && data[i] != '"'; i++ {
				if data[i] == '\\' {
					i++
				}
			}
		case '[', '{':
			depth++
		case ']', '}':
			if depth == 0 {
				return n
			}
			depth--
		case ',':
			start = depth == 0
		}
	}
	return n
}

// The scanner. Its rules are encoding/json's: whitespace is space, tab,
// newline and carriage return; strings hold no control characters and only
// the escapes \" \\ \/ \b \f \n \r \t \uXXXX; numbers are
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?.

// peek returns the byte at d.pos, or 0 at the end.
func (d *decoder) peek() byte {
	if d.pos < len(d.data) {
		return d.data[d.pos]
	}
	return 0
}

// space skips whitespace.
func (d *decoder) space() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// literal reads the word true, false or null.
func (d *decoder) literal(word string) bool {
	if !bytes.HasPrefix(d.data[d.pos:], []byte(word)) {
		return false
	}
	d.pos += len(word)
	return true
}

// number reads a number and returns its text.
func (d *decoder) number() ([]byte, bool) {
	start := d.pos
	if d.peek() == '-' {
		d.pos++
	}
	switch c := d.peek(); {
	case c == '0':
		d.pos++
	case '1' <= c && c <= '9':
		d.digits()
	default:
		return nil, false
	}
	if d.peek() == '.' {
		d.pos++
		if !d.digits() {
			return nil, false
		}
	}
	if c := d.peek(); c == 'e' || c == 'E' {
		d.pos++
		if c := d.peek(); c == '+' || c == '-' {
			d.pos++
		}
		if !d.digits() {
			return nil, false
		}
	}
	return d.data[start:d.pos], true
}

// digits reads one or more decimal digits.
func (d *decoder) digits() bool {
	start := d.pos
	for d.pos < len(d.data) && '0' <= d.data[d.pos] && d.data[d.pos] <= '9' {
		d.pos++
	}
	return d.pos > start
}

// key reads an object key and its colon and returns the key, unquoted.
func (d *decoder) key() ([]byte, bool) {
	if d.peek() != '"' {
		return nil, false
	}
	k, ok := d.str()
	if !ok {
		return nil, false
	}
	d.space()
	if d.peek() != ':' {
		return nil, false
	}
	d.pos++
	return k, true
}

// str reads a string and returns its contents unquoted. They are valid
// UTF-8 (invalid bytes and lone surrogates become U+FFFD, as encoding/json
// does) and are only good until the next call.
func (d *decoder) str() ([]byte, bool) {
	s, plain, ok := d.scanString()
	if !ok || plain {
		return s, ok
	}
	return d.unquote(s), true
}

// scanString reads a string and returns its raw contents, and whether they
// are ASCII without escapes.
func (d *decoder) scanString() (s []byte, plain, ok bool) {
	start := d.pos + 1
	plain = true
	for i := start; i < len(d.data); {
		switch c := d.data[i]; {
		case c == '"':
			d.pos = i + 1
			return d.data[start:i], plain, true
		case c == '\\':
			plain = false
			if i+1 >= len(d.data) {
				return nil, false, false
			}
			switch d.data[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(d.data) || hex4(d.data[i+2:i+6]) < 0 {
					return nil, false, false
				}
				i += 6
			default:
				return nil, false, false
			}
		case c < 0x20:
			return nil, false, false
		case c >= utf8.RuneSelf:
			plain = false
			i++
		default:
			i++
		}
	}
	return nil, false, false
}

// unquote resolves the escapes of s, the well-formed contents of a string,
// and makes it valid UTF-8, as encoding/json does.
func (d *decoder) unquote(s []byte) []byte {
	if bytes.IndexByte(s, '\\') < 0 && utf8.Valid(s) {
		return s
	}
	b := d.buf[:0]
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\':
			switch e := s[i+1]; e {
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r := rune(hex4(s[i+2 : i+6]))
				i += 6
				if utf16.IsSurrogate(r) {
					if i+6 <= len(s) && s[i] == '\\' && s[i+1] == 'u' {
						if pair := utf16.DecodeRune(r, rune(hex4(s[i+2:i+6]))); pair != utf8.RuneError {
							r = pair
							i += 6
						} else {
							r = utf8.RuneError
						}
					} else {
						r = utf8.RuneError
					}
				}
				b = utf8.AppendRune(b, r)
				continue
			default: // '"', '\\', '/'
				b = append(b, e)
			}
			i += 2
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		default:
			r, size := utf8.DecodeRune(s[i:])
			b = utf8.AppendRune(b, r)
			i += size
		}
	}
	d.buf = b
	return b
}

// hex4 returns the value of four hexadecimal digits, or -1.
func hex4(b []byte) int {
	n := 0
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		n = n<<4 | int(c)
	}
	return n
}

// skip reads a value of any type.
func (d *decoder) skip(depth int) bool {
	d.space()
	switch d.peek() {
	case '{', '[':
		if depth >= maxJSONDepth {
			return false
		}
		end := byte(']')
		isObject := d.data[d.pos] == '{'
		if isObject {
			end = '}'
		}
		d.pos++
		d.space()
		if d.peek() == end {
			d.pos++
			return true
		}
		for {
			if isObject {
				d.space()
				if d.peek() != '"' {
					return false
				}
				if _, _, ok := d.scanString(); !ok {
					return false
				}
				d.space()
				if d.peek() != ':' {
					return false
				}
				d.pos++
			}
			if !d.skip(depth + 1) {
				return false
			}
			d.space()
			switch d.peek() {
			case ',':
				d.pos++
			case end:
				d.pos++
				return true
			default:
				return false
			}
		}
	case '"':
		_, _, ok := d.scanString()
		return ok
	case 't':
		return d.literal("true")
	case 'f':
		return d.literal("false")
	case 'n':
		return d.literal("null")
	}
	_, ok := d.number()
	return ok
}

// jsonKind names the kind of a JSON value by its first byte.
func jsonKind(c byte) string {
	switch c {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// describeJSONType says what JSON a value of type t takes.
func describeJSONType(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(textUnmarshalerType) {
		return "a string holding a " + t.String()
	}
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		bits := t.Bits()
		return fmt.Sprintf("an integer from %d to %d", int64(-1)<<(bits-1), int64(1)<<(bits-1)-1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return fmt.Sprintf("an integer from 0 to %d", uint64(math.MaxUint64)>>(64-t.Bits()))
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "an array"
	}
	return "a " + t.String()
}

// jsonPathKey appends an object key to a path: "subnets[2]" and "cidr" make
// "subnets[2].cidr"; keys that are not identifiers are quoted in brackets.
func jsonPathKey(path, key string) string {
	ident := key != ""
	for i, c := range key {
		if !(c == '_' || c == '-' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && '0' <= c && c <= '9') {
			ident = false
			break
		}
	}
	switch {
	case !ident:
		return fmt.Sprintf("%s[%q]", path, key)
	case path == "":
		return key
	}
	return path + "." + key
}

// suggestField returns ` (did you mean "x"?)` for the known field closest to
// key, when one is close enough to be a likely typo, or "".
func suggestField(key string, names []string) string {
	if len(key) > 64 {
		return ""
	}
	best, bestDist := "", 3
	for _, n := range names {
		d := editDistance(strings.ToLower(key), strings.ToLower(n))
		if strings.EqualFold(key, n) {
			d = 0
		}
		if d < bestDist {
			best, bestDist = n, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = slices.Min([]int{prev[j] + 1, cur[j-1] + 1, prev[j-1] + cost})
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
