package tfimport

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// attrs is an attribute object of a resource (or of a nested block) with
// the matching part of the plan's after_unknown: true where a value is
// known only after apply.
type attrs struct {
	v map[string]any
	u any // after_unknown subtree: true, a map, a list, or nil
}

func mkAttrs(v any, u any) attrs {
	m, _ := v.(map[string]any)
	return attrs{v: m, u: u}
}

// unknownTree reports whether u marks anything unknown.
func unknownTree(u any) bool {
	switch x := u.(type) {
	case bool:
		return x
	case map[string]any:
		for _, v := range x {
			if unknownTree(v) {
				return true
			}
		}
	case []any:
		for _, v := range x {
			if unknownTree(v) {
				return true
			}
		}
	}
	return false
}

func (a attrs) sub(key string) any {
	if b, ok := a.u.(bool); ok {
		return b
	}
	if m, ok := a.u.(map[string]any); ok {
		return m[key]
	}
	return nil
}

// unknown reports whether the value of key, or a part of it, is known only
// after apply.
func (a attrs) unknown(key string) bool { return unknownTree(a.sub(key)) }

// has reports whether key is present and not null.
func (a attrs) has(key string) bool { return a.v[key] != nil }

func (a attrs) raw(key string) any { return a.v[key] }

// str returns the string value of key ("" when absent, null or unknown).
func (a attrs) str(key string) string {
	switch x := a.v[key].(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return ""
}

// boolean returns the value of key and whether it is a known bool.
func (a attrs) boolean(key string) (bool, bool) {
	switch x := a.v[key].(type) {
	case bool:
		return x, true
	case string:
		b, err := strconv.ParseBool(x)
		return b, err == nil
	}
	return false, false
}

func (a attrs) boolp(key string) *bool {
	b, ok := a.boolean(key)
	if !ok {
		return nil
	}
	return &b
}

// num returns the value of key as an integer and whether it is a known
// integral number.
func (a attrs) num(key string) (int, bool) { return toInt(a.v[key]) }

func toInt(v any) (int, bool) {
	switch x := v.(type) {
	case json.Number:
		if n, err := strconv.ParseInt(x.String(), 10, 64); err == nil {
			return int(n), true
		}
		f, err := x.Float64()
		if err != nil || f != math.Trunc(f) {
			return 0, false
		}
		return int(f), true
	case float64:
		if x != math.Trunc(x) {
			return 0, false
		}
		return int(x), true
	case string:
		n, err := strconv.Atoi(strings.TrimSpace(x))
		return n, err == nil
	}
	return 0, false
}

// strs returns the known string elements of a list or set attribute.
func (a attrs) strs(key string) []string { return toStrs(a.v[key]) }

func toStrs(v any) []string {
	l, _ := v.([]any)
	var out []string
	for _, e := range l {
		switch x := e.(type) {
		case string:
			out = append(out, x)
		case json.Number:
			out = append(out, x.String())
		}
	}
	return out
}

// blocks returns the elements of a nested block list (or an attribute
// holding a list of objects), each with its after_unknown part. A nested
// object that is itself unknown is returned as an empty element marked
// unknown.
func (a attrs) blocks(key string) []attrs {
	l, _ := a.v[key].([]any)
	ul, _ := a.sub(key).([]any)
	var out []attrs
	for i, e := range l {
		var u any
		if i < len(ul) {
			u = ul[i]
		}
		if b, ok := a.sub(key).(bool); ok {
			u = b
		}
		out = append(out, mkAttrs(e, u))
	}
	return out
}

// block returns the first element of a nested block list (or the object
// under key), and whether there is one.
func (a attrs) block(key string) (attrs, bool) {
	if m, ok := a.v[key].(map[string]any); ok {
		return mkAttrs(m, a.sub(key)), true
	}
	bs := a.blocks(key)
	if len(bs) == 0 {
		return attrs{u: a.sub(key)}, false
	}
	return bs[0], true
}

// tags returns the string map under key.
func (a attrs) tags(key string) map[string]string {
	m, _ := a.v[key].(map[string]any)
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		switch x := v.(type) {
		case string:
			out[k] = x
		case json.Number:
			out[k] = x.String()
		case bool:
			out[k] = strconv.FormatBool(x)
		}
	}
	return out
}
