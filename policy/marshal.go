package policy

import (
	"bytes"
	"encoding/json"
)

// MarshalJSON writes the document in the IAM JSON grammar: elements in a
// fixed order (Version, Id, Statement; Sid, Effect, Principal or
// NotPrincipal, Action or NotAction, Resource or NotResource, Condition),
// Statement always a list, one-value lists as a plain string, and
// conditions grouped by operator in the order operators first appear.
// [Parse] reads the output back to an equal Document (when the conditions
// were already grouped by operator, as Parse leaves them).
func (d Document) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	sep := false
	field := func(name string) {
		if sep {
			b.WriteByte(',')
		}
		sep = true
		writeString(&b, name)
		b.WriteByte(':')
	}
	if d.Version != "" {
		field("Version")
		writeString(&b, d.Version)
	}
	if d.ID != "" {
		field("Id")
		writeString(&b, d.ID)
	}
	field("Statement")
	b.WriteByte('[')
	for i := range d.Statements {
		if i > 0 {
			b.WriteByte(',')
		}
		d.Statements[i].write(&b)
	}
	b.WriteString("]}")
	return b.Bytes(), nil
}

func (s *Statement) write(b *bytes.Buffer) {
	b.WriteByte('{')
	sep := false
	field := func(name string) {
		if sep {
			b.WriteByte(',')
		}
		sep = true
		writeString(b, name)
		b.WriteByte(':')
	}
	if s.Sid != "" {
		field("Sid")
		writeString(b, s.Sid)
	}
	if s.Effect != "" {
		field("Effect")
		writeString(b, string(s.Effect))
	}
	for _, p := range []struct {
		name string
		v    *Principals
	}{{"Principal", s.Principal}, {"NotPrincipal", s.NotPrincipal}} {
		if p.v == nil {
			continue
		}
		field(p.name)
		p.v.write(b)
	}
	for _, l := range []struct {
		name string
		v    []string
	}{{"Action", s.Action}, {"NotAction", s.NotAction}, {"Resource", s.Resource}, {"NotResource", s.NotResource}} {
		if len(l.v) == 0 {
			continue
		}
		field(l.name)
		writeList(b, l.v)
	}
	if len(s.Condition) > 0 {
		field("Condition")
		writeConditions(b, s.Condition)
	}
	b.WriteByte('}')
}

func (p *Principals) write(b *bytes.Buffer) {
	if p.All {
		writeString(b, "*")
		return
	}
	b.WriteByte('{')
	if len(p.AWS) > 0 {
		writeString(b, "AWS")
		b.WriteByte(':')
		writeList(b, p.AWS)
	}
	if len(p.Service) > 0 {
		if len(p.AWS) > 0 {
			b.WriteByte(',')
		}
		writeString(b, "Service")
		b.WriteByte(':')
		writeList(b, p.Service)
	}
	b.WriteByte('}')
}

// writeConditions groups conditions by operator, operators in order of
// first appearance and keys in order within each.
func writeConditions(b *bytes.Buffer, conds []Condition) {
	b.WriteByte('{')
	done := make([]bool, len(conds))
	first := true
	for i := range conds {
		if done[i] {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		op := conds[i].Operator
		writeString(b, op)
		b.WriteString(":{")
		for j := i; j < len(conds); j++ {
			if done[j] || conds[j].Operator != op {
				continue
			}
			done[j] = true
			if j > i {
				b.WriteByte(',')
			}
			writeString(b, conds[j].Key)
			b.WriteByte(':')
			writeList(b, conds[j].Values)
		}
		b.WriteByte('}')
	}
	b.WriteByte('}')
}

func writeList(b *bytes.Buffer, l []string) {
	if len(l) == 1 {
		writeString(b, l[0])
		return
	}
	b.WriteByte('[')
	for i, s := range l {
		if i > 0 {
			b.WriteByte(',')
		}
		writeString(b, s)
	}
	b.WriteByte(']')
}

func writeString(b *bytes.Buffer, s string) {
	q, err := json.Marshal(s)
	if err != nil { // a string always marshals; keep the output valid anyway
		q = []byte(`""`)
	}
	b.Write(q)
}
