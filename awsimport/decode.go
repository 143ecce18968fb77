package awsimport

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	lattice "github.com/aws/aws-sdk-go-v2/service/vpclattice/types"
)

// This file decodes the JSON the AWS CLI prints into the output structs of
// the AWS SDK for Go v2. The SDK types carry no json tags: their field
// names are the API member names, which the CLI prints (PascalCase for EC2
// and ELBv2, camelCase for VPC Lattice; encoding/json matches names
// without regard to case, so both fit). Three things do not decode with
// encoding/json alone, and the slow path below handles them:
//
//   - timestamps the CLI prints in a form time.Time does not accept (epoch
//     seconds, as CLI v1 prints rest-json timestamps, or ISO 8601 without a
//     zone);
//   - unions (VPC Lattice rule actions and matches, health-check matchers,
//     resource definitions), which the SDK declares as interfaces and the
//     CLI prints as an object with one member;
//   - errors: encoding/json names the struct field but not the array index,
//     so a bad value among 10,000 interfaces could not be found.
//
// decodeJSON tries encoding/json first (fast, and enough for nearly all
// EC2 and ELBv2 output) and falls back to decoding a generic tree with
// reflection over the SDK type, which converts timestamps, fills unions
// and names the JSON path of any mismatch.

// decodeJSON decodes data into out, a pointer to an SDK output struct (or
// to a struct embedding one).
func decodeJSON(data []byte, out any) error {
	if err := json.Unmarshal(data, out); err == nil {
		return nil
	}
	rv := reflect.ValueOf(out).Elem()
	rv.SetZero()
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var tree any
	if err := d.Decode(&tree); err != nil {
		return syntaxError(data, err)
	}
	return setValue("", tree, rv)
}

// syntaxError turns an encoding/json syntax error into one naming the line,
// column and JSON path where the document broke.
func syntaxError(data []byte, err error) error {
	var se *json.SyntaxError
	off := int64(-1)
	if errors.As(err, &se) {
		off = se.Offset
	} else if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		off = int64(len(data))
	}
	if off < 0 {
		return fmt.Errorf("malformed JSON: %v", err)
	}
	line, col := lineCol(data, off)
	p := pathAt(data)
	if p == "" {
		p = "top level"
	}
	return fmt.Errorf("malformed JSON at line %d, column %d (%s): %v", line, col, p, err)
}

func lineCol(data []byte, off int64) (int, int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	line, col := 1, 1
	for _, c := range data[:off] {
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

// pathAt walks the tokens of data up to the first error and returns the
// JSON path of the value being read there.
func pathAt(data []byte) string {
	type frame struct {
		obj   bool
		key   string
		index int
		want  bool // object: the next string is a key
	}
	var stack []frame
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	path := func() string {
		var b strings.Builder
		for _, f := range stack {
			if f.obj {
				if f.key != "" {
					if b.Len() > 0 {
						b.WriteByte('.')
					}
					b.WriteString(f.key)
				}
			} else {
				fmt.Fprintf(&b, "[%d]", f.index)
			}
		}
		return b.String()
	}
	value := func() { // a value ended inside the top frame
		if n := len(stack); n > 0 {
			if stack[n-1].obj {
				stack[n-1].want = true
			} else {
				stack[n-1].index++
			}
		}
	}
	for {
		tok, err := d.Token()
		if err != nil {
			return path()
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				stack = append(stack, frame{obj: true, want: true})
			case '[':
				stack = append(stack, frame{})
			case '}', ']':
				stack = stack[:len(stack)-1]
				value()
			}
			continue
		case string:
			if n := len(stack); n > 0 && stack[n-1].obj && stack[n-1].want {
				stack[n-1].key, stack[n-1].want = t, false
				continue
			}
		}
		value()
	}
}

// unionMembers maps each SDK union interface to its members: the JSON
// member name and the member struct, whose Value field holds the content.
var unionMembers = map[reflect.Type]map[string]reflect.Type{
	reflect.TypeFor[lattice.RuleAction](): {
		"forward":       reflect.TypeFor[lattice.RuleActionMemberForward](),
		"fixedResponse": reflect.TypeFor[lattice.RuleActionMemberFixedResponse](),
	},
	reflect.TypeFor[lattice.RuleMatch](): {
		"httpMatch": reflect.TypeFor[lattice.RuleMatchMemberHttpMatch](),
	},
	reflect.TypeFor[lattice.HeaderMatchType](): {
		"exact":    reflect.TypeFor[lattice.HeaderMatchTypeMemberExact](),
		"prefix":   reflect.TypeFor[lattice.HeaderMatchTypeMemberPrefix](),
		"contains": reflect.TypeFor[lattice.HeaderMatchTypeMemberContains](),
	},
	reflect.TypeFor[lattice.PathMatchType](): {
		"exact":  reflect.TypeFor[lattice.PathMatchTypeMemberExact](),
		"prefix": reflect.TypeFor[lattice.PathMatchTypeMemberPrefix](),
	},
	reflect.TypeFor[lattice.Matcher](): {
		"httpCode": reflect.TypeFor[lattice.MatcherMemberHttpCode](),
	},
	reflect.TypeFor[lattice.ResourceConfigurationDefinition](): {
		"dnsResource": reflect.TypeFor[lattice.ResourceConfigurationDefinitionMemberDnsResource](),
		"ipResource":  reflect.TypeFor[lattice.ResourceConfigurationDefinitionMemberIpResource](),
		"arnResource": reflect.TypeFor[lattice.ResourceConfigurationDefinitionMemberArnResource](),
	},
}

var timeType = reflect.TypeFor[time.Time]()

// fieldIndex caches, per struct type, the exported fields by lower-cased
// name. Exact matches are tried first, as encoding/json does.
var fieldIndex sync.Map // reflect.Type -> map[string][]int

func fields(t reflect.Type) map[string][]int {
	if m, ok := fieldIndex.Load(t); ok {
		return m.(map[string][]int)
	}
	m := map[string][]int{}
	for _, f := range reflect.VisibleFields(t) {
		if !f.IsExported() || f.Anonymous {
			continue
		}
		k := strings.ToLower(f.Name)
		if old, ok := m[k]; ok && len(old) <= len(f.Index) {
			continue // the shallower field wins, as in encoding/json
		}
		m[k] = f.Index
	}
	fieldIndex.Store(t, m)
	return m
}

func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

func mismatch(path string, want string, v any) error {
	if path == "" {
		path = "top level"
	}
	return fmt.Errorf("%s: want %s, got %s", path, want, kindOf(v))
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// setValue stores the generic JSON value v (from a decoder with UseNumber)
// into rv, converting timestamps and filling unions, and names the path of
// the first value that does not fit.
func setValue(path string, v any, rv reflect.Value) error {
	if v == nil {
		return nil // null leaves the zero value, as encoding/json does
	}
	t := rv.Type()
	switch {
	case t == timeType:
		tm, err := parseTime(v)
		if err != nil {
			return fmt.Errorf("%s: %v", orTop(path), err)
		}
		rv.Set(reflect.ValueOf(tm))
		return nil
	case t.Kind() == reflect.Pointer:
		p := reflect.New(t.Elem())
		if err := setValue(path, v, p.Elem()); err != nil {
			return err
		}
		rv.Set(p)
		return nil
	case t.Kind() == reflect.Interface:
		return setUnion(path, v, rv)
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			return mismatch(path, "an object", v)
		}
		idx := fields(t)
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			fi, ok := idx[strings.ToLower(k)]
			if !ok {
				continue // members the SDK does not know yet are ignored
			}
			fv, err := rv.FieldByIndexErr(fi)
			if err != nil {
				return fmt.Errorf("%s: %v", join(path, k), err)
			}
			if err := setValue(join(path, k), obj[k], fv); err != nil {
				return err
			}
		}
		return nil
	case reflect.Slice:
		arr, ok := v.([]any)
		if !ok {
			return mismatch(path, "an array", v)
		}
		s := reflect.MakeSlice(t, len(arr), len(arr))
		for i, e := range arr {
			if err := setValue(fmt.Sprintf("%s[%d]", path, i), e, s.Index(i)); err != nil {
				return err
			}
		}
		rv.Set(s)
		return nil
	case reflect.Map:
		obj, ok := v.(map[string]any)
		if !ok || t.Key().Kind() != reflect.String {
			return mismatch(path, "an object", v)
		}
		m := reflect.MakeMapWithSize(t, len(obj))
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			e := reflect.New(t.Elem()).Elem()
			if err := setValue(join(path, k), obj[k], e); err != nil {
				return err
			}
			m.SetMapIndex(reflect.ValueOf(k).Convert(t.Key()), e)
		}
		rv.Set(m)
		return nil
	case reflect.String:
		s, ok := v.(string)
		if !ok {
			return mismatch(path, "a string", v)
		}
		rv.SetString(s)
		return nil
	case reflect.Bool:
		b, ok := v.(bool)
		if !ok {
			return mismatch(path, "a boolean", v)
		}
		rv.SetBool(b)
		return nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := v.(json.Number)
		if !ok {
			return mismatch(path, "an integer", v)
		}
		i, err := strconv.ParseInt(string(n), 10, 64)
		if err != nil || rv.OverflowInt(i) {
			return fmt.Errorf("%s: %s: want an integer that fits %s", orTop(path), n, t.Kind())
		}
		rv.SetInt(i)
		return nil
	case reflect.Float32, reflect.Float64:
		n, ok := v.(json.Number)
		if !ok {
			return mismatch(path, "a number", v)
		}
		f, err := strconv.ParseFloat(string(n), 64)
		if err != nil {
			return fmt.Errorf("%s: %s: want a number", orTop(path), n)
		}
		rv.SetFloat(f)
		return nil
	}
	return fmt.Errorf("%s: values of Go type %s cannot be read", orTop(path), t)
}

func orTop(path string) string {
	if path == "" {
		return "top level"
	}
	return path
}

// setUnion fills an SDK union: an object with exactly one member.
func setUnion(path string, v any, rv reflect.Value) error {
	members, ok := unionMembers[rv.Type()]
	if !ok {
		return fmt.Errorf("%s: values of Go type %s cannot be read", orTop(path), rv.Type())
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return mismatch(path, "an object with one member", v)
	}
	names := slices.Sorted(maps.Keys(members))
	if len(obj) != 1 {
		return fmt.Errorf("%s: want an object with exactly one of %s, got %d members", orTop(path), strings.Join(names, ", "), len(obj))
	}
	for k, val := range obj {
		mt, ok := members[k]
		if !ok {
			return fmt.Errorf("%s: unknown member %q: want one of %s", orTop(path), k, strings.Join(names, ", "))
		}
		m := reflect.New(mt)
		fv := m.Elem().FieldByName("Value")
		if !fv.IsValid() {
			return fmt.Errorf("%s: internal: %s has no Value field", orTop(path), mt)
		}
		if err := setValue(join(path, k), val, fv); err != nil {
			return err
		}
		if !m.Type().Implements(rv.Type()) {
			return fmt.Errorf("%s: internal: %s does not implement %s", orTop(path), m.Type(), rv.Type())
		}
		rv.Set(m)
	}
	return nil
}

// timeLayouts are the timestamp forms the AWS CLI prints: ISO 8601 with or
// without fractional seconds and zone (CLI v2 prints "+00:00", the EC2 wire
// format "Z" with milliseconds).
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02",
}

// parseTime reads a timestamp: a string in one of timeLayouts (UTC when
// it names no zone) or a number of seconds since 1970 (what CLI v1 prints
// for rest-json services).
func parseTime(v any) (time.Time, error) {
	switch x := v.(type) {
	case string:
		for _, l := range timeLayouts {
			if t, err := time.Parse(l, x); err == nil {
				return t, nil
			}
		}
		return time.Time{}, fmt.Errorf("timestamp %q: want ISO 8601 (2006-01-02T15:04:05Z) or seconds since 1970", x)
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1e12 {
			return time.Time{}, fmt.Errorf("timestamp %s: want seconds since 1970", x)
		}
		sec, frac := math.Modf(f)
		return time.Unix(int64(sec), int64(frac*1e9)).UTC(), nil
	}
	return time.Time{}, fmt.Errorf("want a timestamp, got %s", kindOf(v))
}
