package sim

import (
	"net/netip"
	"reflect"
	"sync"

	"github.com/vpcsim/vpcsim/vpc"
)

// Clone returns a deep copy of n: every slice, map and pointer of every
// declaration is copied, so that changing the copy never changes n, nor
// the other way round. Nil slices and maps stay nil and empty ones empty,
// so the copy equals n under go-cmp. The clone of a nil network is nil.
//
// Clone is what a test that varies a base network needs: clone it, edit
// the clone (in place, through the lookups such as [Network.Subnet]),
// compile it.
func (n *Network) Clone() *Network {
	if n == nil {
		return nil
	}
	c := new(Network)
	deepCopy(reflect.ValueOf(c).Elem(), reflect.ValueOf(n).Elem())
	return c
}

// deepCopy sets dst, a settable value of src's type, to a deep copy of
// src. It follows the exported fields of structs; a struct with
// unexported fields is copied as a value, which is right for the
// immutable values the declarations hold (netip.Addr, netip.Prefix,
// vpc.ICMP: see atomicTypes). Every declaration field is covered without
// naming it, so a field added to a declaration type is copied too;
// TestCloneSharesNothing checks that on every field.
func deepCopy(dst, src reflect.Value) { copierOf(src.Type())(dst, src) }

// copier deep-copies src into dst, both of one type.
type copier func(dst, src reflect.Value)

var (
	copiers  sync.Map   // reflect.Type -> copier
	copierMu sync.Mutex // held while building copiers
)

// copierOf returns the copier of type t, building it (and those of the
// types t holds) on first use, so that the reflection on types is done
// once per type rather than once per value.
func copierOf(t reflect.Type) copier {
	if c, ok := copiers.Load(t); ok {
		return c.(copier)
	}
	copierMu.Lock()
	defer copierMu.Unlock()
	b := copierBuilder{cells: map[reflect.Type]*copier{}}
	c := b.of(t)
	for t, cell := range b.cells {
		copiers.Store(t, *cell)
	}
	return c
}

// copierBuilder builds the copiers of a type and the types it holds.
// cells holds those being built, so that a recursive type refers to its
// own copier through its cell.
type copierBuilder struct {
	cells map[reflect.Type]*copier
}

func (b *copierBuilder) of(t reflect.Type) copier {
	if c, ok := copiers.Load(t); ok {
		return c.(copier)
	}
	if cell, ok := b.cells[t]; ok {
		return func(dst, src reflect.Value) { (*cell)(dst, src) }
	}
	cell := new(copier)
	b.cells[t] = cell
	*cell = b.build(t)
	return *cell
}

func (b *copierBuilder) build(t reflect.Type) copier {
	if flat(t) {
		return func(dst, src reflect.Value) { dst.Set(src) }
	}
	switch t.Kind() {
	case reflect.Pointer:
		elem := b.of(t.Elem())
		return func(dst, src reflect.Value) {
			if src.IsNil() {
				return
			}
			p := reflect.New(t.Elem())
			elem(p.Elem(), src.Elem())
			dst.Set(p)
		}
	case reflect.Slice:
		if flat(t.Elem()) {
			return func(dst, src reflect.Value) {
				if src.IsNil() {
					return
				}
				s := reflect.MakeSlice(t, src.Len(), src.Len())
				reflect.Copy(s, src)
				dst.Set(s)
			}
		}
		elem := b.of(t.Elem())
		return func(dst, src reflect.Value) {
			if src.IsNil() {
				return
			}
			s := reflect.MakeSlice(t, src.Len(), src.Len())
			for i := range src.Len() {
				elem(s.Index(i), src.Index(i))
			}
			dst.Set(s)
		}
	case reflect.Map:
		key, elem := b.of(t.Key()), b.of(t.Elem())
		return func(dst, src reflect.Value) {
			if src.IsNil() {
				return
			}
			m := reflect.MakeMapWithSize(t, src.Len())
			k, v := reflect.New(t.Key()).Elem(), reflect.New(t.Elem()).Elem()
			for it := src.MapRange(); it.Next(); {
				k.SetZero()
				v.SetZero()
				key(k, it.Key())
				elem(v, it.Value())
				m.SetMapIndex(k, v)
			}
			dst.Set(m)
		}
	case reflect.Array:
		elem := b.of(t.Elem())
		return func(dst, src reflect.Value) {
			for i := range src.Len() {
				elem(dst.Index(i), src.Index(i))
			}
		}
	case reflect.Struct:
		type field struct {
			i    int
			copy copier
		}
		var deep []field
		for i := range t.NumField() {
			if sf := t.Field(i); sf.IsExported() && !flat(sf.Type) {
				deep = append(deep, field{i, b.of(sf.Type)})
			}
		}
		return func(dst, src reflect.Value) {
			dst.Set(src) // the fields copied as values, unexported ones included
			for _, f := range deep {
				f.copy(dst.Field(f.i), src.Field(f.i))
			}
		}
	case reflect.Interface:
		return func(dst, src reflect.Value) {
			if src.IsNil() {
				return
			}
			v := reflect.New(src.Elem().Type()).Elem()
			deepCopy(v, src.Elem())
			dst.Set(v)
		}
	}
	// Functions and channels, which declarations do not hold.
	return func(dst, src reflect.Value) { dst.Set(src) }
}

// atomicTypes are the struct types with unexported fields that the
// declarations hold: immutable values, copied by assignment.
var atomicTypes = map[reflect.Type]bool{
	reflect.TypeFor[netip.Addr]():   true,
	reflect.TypeFor[netip.Prefix](): true,
	reflect.TypeFor[vpc.ICMP]():     true,
}

// flat reports whether a value of type t refers to no memory that a copy
// must not share: numbers, booleans, strings (immutable), atomic types,
// and arrays and structs of those.
func flat(t reflect.Type) bool {
	f := false
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128, reflect.String:
		f = true
	case reflect.Array:
		f = flat(t.Elem())
	case reflect.Struct:
		f = true
		if !atomicTypes[t] {
			for i := range t.NumField() {
				if sf := t.Field(i); sf.IsExported() && !flat(sf.Type) {
					f = false
					break
				}
			}
		}
	}
	return f
}
