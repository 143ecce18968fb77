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
	"strings"
	"sync"
)

// Load reads a [Network] from its JSON form (as written by [Network.Save]).
//
// Field names must match exactly: a field the model does not know, at any
// depth, is an [ErrUnknownField] error whose Field is its JSON path
// ("subnets[2].cidrr"). A value of the wrong type or that does not parse
// (such as the CIDR "10.0.0.0/33") is an [ErrInvalidValue] error naming its
// path. Each such error is a [*FieldError] with Resource "network" and, for
// a problem inside a resource, that resource's ID (or "#index" when it has
// none); all of them are returned together with [errors.Join].
//
// Load does not validate the network (see [Network.Validate]) and never
// panics.
func Load(r io.Reader) (*Network, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	if err := checkJSONSyntax(data); err != nil {
		return nil, err
	}
	w := &jsonWalker{}
	w.walk(data, reflect.TypeFor[Network](), "", 0, "")
	if len(w.errs) > 0 {
		return nil, errors.Join(w.errs...)
	}
	var n Network
	if err := json.Unmarshal(data, &n); err != nil {
		// The walk has checked every leaf, so this is not expected.
		fe := &FieldError{Resource: "network", Kind: ErrInvalidValue, Msg: err.Error()}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			fe.Field = te.Field
		}
		return nil, fe
	}
	return &n, nil
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
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(n); err != nil {
		return nil, fmt.Errorf("save: %w", err)
	}
	return buf.Bytes(), nil
}

// checkJSONSyntax reports malformed JSON with its line and column.
func checkJSONSyntax(data []byte) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return &FieldError{Resource: "network", Kind: ErrInvalidValue, Msg: "empty document: want a json object"}
	}
	if json.Valid(data) {
		return nil
	}
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

var (
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
)

// jsonWalker checks a JSON document against a Go type before it is decoded:
// every object key must name a field, and every leaf must decode. It
// collects each problem with its path.
type jsonWalker struct {
	errs []error
}

func (w *jsonWalker) errf(path, id string, kind error, format string, args ...any) {
	w.errs = append(w.errs, &FieldError{
		Resource: "network", ID: id, Field: path, Kind: kind, Msg: fmt.Sprintf(format, args...),
	})
}

// walk checks raw, the JSON value at path, against type t. level counts the
// structs entered: the Network is level 0 and its resources level 1, whose
// "id" becomes the id of errors inside them.
func (w *jsonWalker) walk(raw json.RawMessage, t reflect.Type, path string, level int, id string) {
	if jsonKind(raw) == "null" {
		return // null leaves any Go value as it is
	}
	for t.Kind() == reflect.Pointer && !isJSONLeaf(t) {
		t = t.Elem()
	}
	if isJSONLeaf(t) {
		w.leaf(raw, t, path, id)
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		w.object(raw, t, path, level, id)
	case reflect.Slice, reflect.Array:
		var elems []json.RawMessage
		if jsonKind(raw) != "array" || json.Unmarshal(raw, &elems) != nil {
			w.errf(path, id, ErrInvalidValue, "got json %s, want an array", jsonKind(raw))
			return
		}
		if t.Kind() == reflect.Array && len(elems) > t.Len() {
			w.errf(path, id, ErrInvalidValue, "got %d elements, want at most %d", len(elems), t.Len())
		}
		for i, e := range elems {
			eid := id
			if level == 1 {
				eid = fmt.Sprintf("#%d", i)
			}
			w.walk(e, t.Elem(), fmt.Sprintf("%s[%d]", path, i), level, eid)
		}
	case reflect.Map:
		members, err := jsonObject(raw)
		if err != nil {
			w.errf(path, id, ErrInvalidValue, "got json %s, want an object", jsonKind(raw))
			return
		}
		for _, m := range members {
			w.walk(m.val, t.Elem(), jsonPathKey(path, m.key), level, id)
		}
	default:
		w.leaf(raw, t, path, id)
	}
}

// object checks a JSON object against struct type t.
func (w *jsonWalker) object(raw json.RawMessage, t reflect.Type, path string, level int, id string) {
	members, err := jsonObject(raw)
	if err != nil {
		w.errf(path, id, ErrInvalidValue, "got json %s, want an object", jsonKind(raw))
		return
	}
	fields := jsonFields(t)
	if level == 1 {
		for _, m := range members {
			var s string
			if m.key == "id" && json.Unmarshal(m.val, &s) == nil && s != "" {
				id = s
			}
		}
	}
	for _, m := range members {
		ft, ok := fields.types[m.key]
		if !ok {
			w.errf(jsonPathKey(path, m.key), id, ErrUnknownField, "%q is not a field here%s; want one of %s",
				m.key, suggestField(m.key, fields.names), strings.Join(fields.names, ", "))
			continue
		}
		w.walk(m.val, ft, jsonPathKey(path, m.key), level+1, id)
	}
}

// leaf decodes raw into a new value of type t, reporting why it cannot.
func (w *jsonWalker) leaf(raw json.RawMessage, t reflect.Type, path, id string) {
	err := json.Unmarshal(raw, reflect.New(t).Interface())
	if err == nil {
		return
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		w.errf(path, id, ErrInvalidValue, "got json %s, want %s", te.Value, describeJSONType(t))
		return
	}
	w.errf(path, id, ErrInvalidValue, "%s", strings.TrimPrefix(err.Error(), "json: "))
}

// isJSONLeaf reports whether values of type t decode themselves or are
// scalars, so that the walk hands them to encoding/json whole.
func isJSONLeaf(t reflect.Type) bool {
	for _, u := range []reflect.Type{textUnmarshalerType, jsonUnmarshalerType} {
		if t.Implements(u) || (t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(u)) {
			return true
		}
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Array, reflect.Pointer:
		return false
	case reflect.Slice:
		return t.Elem().Kind() == reflect.Uint8 // []byte is a base64 string
	case reflect.Map:
		return t.Key().Kind() != reflect.String
	}
	return true
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

// jsonKind names the kind of a JSON value by its first byte.
func jsonKind(raw json.RawMessage) string {
	b := bytes.TrimLeft(raw, " \t\r\n")
	if len(b) == 0 {
		return "nothing"
	}
	switch b[0] {
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

type jsonMember struct {
	key string
	val json.RawMessage
}

// jsonObject splits a JSON object into its members, in document order.
func jsonObject(raw json.RawMessage) ([]jsonMember, error) {
	if jsonKind(raw) != "object" {
		return nil, errors.New("not an object")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	var members []jsonMember
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, ok := tok.(string)
		if !ok {
			return nil, errors.New("object key is not a string")
		}
		var val json.RawMessage
		if err := dec.Decode(&val); err != nil {
			return nil, err
		}
		members = append(members, jsonMember{key, val})
	}
	return members, nil
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

// structFields are the JSON fields of a struct type: their names in
// declaration order and their types.
type structFields struct {
	names []string
	types map[string]reflect.Type
}

var jsonFieldCache sync.Map // reflect.Type -> structFields

// jsonFields returns the JSON fields of struct type t, following
// encoding/json's tag rules, with the fields of untagged embedded structs
// promoted.
func jsonFields(t reflect.Type) structFields {
	if f, ok := jsonFieldCache.Load(t); ok {
		return f.(structFields)
	}
	f := structFields{types: make(map[string]reflect.Type)}
	var collect func(t reflect.Type, depth int)
	collect = func(t reflect.Type, depth int) {
		for i := range t.NumField() {
			sf := t.Field(i)
			tag := sf.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, _, _ := strings.Cut(tag, ",")
			ft := sf.Type
			if sf.Anonymous && name == "" {
				et := ft
				if et.Kind() == reflect.Pointer {
					et = et.Elem()
				}
				if et.Kind() == reflect.Struct && depth < 16 {
					collect(et, depth+1)
					continue
				}
			}
			if !sf.IsExported() {
				continue
			}
			if name == "" {
				name = sf.Name
			}
			if _, dup := f.types[name]; !dup {
				f.types[name] = ft
				f.names = append(f.names, name)
			}
		}
	}
	collect(t, 0)
	jsonFieldCache.Store(t, f)
	return f
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
