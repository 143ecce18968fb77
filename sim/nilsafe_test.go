package sim

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// exportedTypes lists every exported type of the package, so that the
// nil-safety test below can reach their methods by reflection (Go cannot
// list a package's types at run time). TestExportedTypesListed keeps it
// complete: a new exported type fails it until it is added here.
var exportedTypes = []reflect.Type{
	reflect.TypeFor[APICall](),
	reflect.TypeFor[Block](),
	reflect.TypeFor[Branch](),
	reflect.TypeFor[HTTPRequest](),
	reflect.TypeFor[Proxy](),
	reflect.TypeFor[ComponentKind](),
	reflect.TypeFor[Edge](),
	reflect.TypeFor[Endpoint](),
	reflect.TypeFor[Exposed](),
	reflect.TypeFor[FieldError](),
	reflect.TypeFor[Hop](),
	reflect.TypeFor[InterfaceInfo](),
	reflect.TypeFor[Matrix](),
	reflect.TypeFor[MatrixCell](),
	reflect.TypeFor[MatrixGroup](),
	reflect.TypeFor[Model](),
	reflect.TypeFor[NATGatewayInfo](),
	reflect.TypeFor[Network](),
	reflect.TypeFor[Node](),
	reflect.TypeFor[OpenRange](),
	reflect.TypeFor[Packet](),
	reflect.TypeFor[Query](),
	reflect.TypeFor[Reacher](),
	reflect.TypeFor[Reason](),
	reflect.TypeFor[Result](),
	reflect.TypeFor[RuleRef](),
	reflect.TypeFor[Selection](),
	reflect.TypeFor[Status](),
	reflect.TypeFor[Step](),
	reflect.TypeFor[SubnetInfo](),
	reflect.TypeFor[Verdict](),
	reflect.TypeFor[VPCInfo](),
}

// TestExportedTypesListed parses the package's source and checks that
// exportedTypes names every exported type, and nothing else.
func TestExportedTypesListed(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var declared []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.TYPE {
				continue
			}
			for _, s := range g.Specs {
				if ts := s.(*ast.TypeSpec); ts.Name.IsExported() {
					declared = append(declared, ts.Name.Name)
				}
			}
		}
	}
	slices.Sort(declared)
	var listed []string
	for _, typ := range exportedTypes {
		listed = append(listed, typ.Name())
	}
	slices.Sort(listed)
	if !slices.Equal(declared, listed) {
		t.Errorf("exportedTypes lists %v,\nthe package declares %v:\nlist every exported type in exportedTypes", listed, declared)
	}
}

// TestNilSafety calls every exported method of every exported type on a
// nil receiver (pointer methods) or a zero receiver (value methods), and
// pointer methods also on a zero value and on working values, with zero
// arguments: none may panic. Methods of a nil *Model that return an error
// return one wrapping ErrNil. What the methods return is exercised in
// turn: iterators are ranged over, and the returned values' own methods
// are called the same way.
func TestNilSafety(t *testing.T) {
	m := mustCompile(t, threeTier())
	working := map[reflect.Type][]reflect.Value{
		reflect.TypeFor[Model]():   {reflect.ValueOf(m)},
		reflect.TypeFor[Network](): {reflect.ValueOf(threeTier())},
	}
	for _, typ := range exportedTypes {
		ptr := reflect.PointerTo(typ)
		for i := range ptr.NumMethod() {
			meth := ptr.Method(i)
			_, valueMethod := typ.MethodByName(meth.Name)
			if valueMethod {
				name := fmt.Sprintf("%s{}.%s", typ.Name(), meth.Name)
				callZero(t, name, reflect.Zero(typ).MethodByName(meth.Name), 1)
				continue
			}
			name := fmt.Sprintf("(*%s)(nil).%s", typ.Name(), meth.Name)
			outs := callZero(t, name, reflect.Zero(ptr).MethodByName(meth.Name), 1)
			if typ == reflect.TypeFor[Model]() || typ == reflect.TypeFor[Network]() {
				for _, out := range outs {
					if out.Type() != reflect.TypeFor[error]() {
						continue
					}
					if err, _ := out.Interface().(error); !errors.Is(err, ErrNil) {
						t.Errorf("%s: error %v, want one wrapping ErrNil", name, err)
					}
				}
			}
			callZero(t, fmt.Sprintf("new(%s).%s", typ.Name(), meth.Name), reflect.New(typ).MethodByName(meth.Name), 1)
			for _, w := range working[typ] {
				callZero(t, fmt.Sprintf("(*%s).%s", typ.Name(), meth.Name), w.MethodByName(meth.Name), 1)
			}
		}
	}
}

// callZero calls f with zero arguments, reporting a panic, and returns its
// results after exercising them (down to depth levels of method calls).
func callZero(t *testing.T, name string, f reflect.Value, depth int) (outs []reflect.Value) {
	t.Helper()
	defer func() {
		if p := recover(); p != nil {
			t.Errorf("%s panics: %v", name, p)
			outs = nil
		}
	}()
	ft := f.Type()
	args := make([]reflect.Value, ft.NumIn())
	for i := range args {
		args[i] = reflect.Zero(ft.In(i))
	}
	if ft.IsVariadic() {
		outs = f.CallSlice(args)
	} else {
		outs = f.Call(args)
	}
	for i, out := range outs {
		exercise(t, fmt.Sprintf("%s result %d", name, i), out, depth)
	}
	return outs
}

// exercise ranges over an iterator result and calls the exported methods
// of other results with zero arguments, depth levels down.
func exercise(t *testing.T, name string, v reflect.Value, depth int) {
	t.Helper()
	switch {
	case v.Kind() == reflect.Func && !v.IsNil():
		ft := v.Type()
		if ft.NumIn() != 1 || ft.NumOut() != 0 || ft.In(0).Kind() != reflect.Func {
			return
		}
		// An iterator: range over it, stopping after a few values (which
		// also checks that it honours a false from yield).
		yt := ft.In(0)
		n := 0
		yield := reflect.MakeFunc(yt, func([]reflect.Value) []reflect.Value {
			n++
			return []reflect.Value{reflect.ValueOf(n < 3)}
		})
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("%s: ranging panics: %v", name, p)
				}
			}()
			v.Call([]reflect.Value{yield})
		}()
	case depth > 0 && v.IsValid() && v.Kind() != reflect.Func:
		if (v.Kind() == reflect.Interface || v.Kind() == reflect.Pointer) && v.IsNil() {
			return
		}
		if v.Kind() == reflect.Interface {
			v = v.Elem()
		}
		for i := range v.NumMethod() {
			callZero(t, name+"."+v.Type().Method(i).Name, v.Method(i), depth-1)
		}
	}
}

// TestNilArguments checks the package functions and methods that take a
// pointer: nil gives an error wrapping ErrNil, not a panic.
func TestNilArguments(t *testing.T) {
	m := mustCompile(t, threeTier())
	for _, tc := range []struct {
		name string
		f    func() error
	}{
		{"Compile(nil)", func() error { _, err := Compile(nil); return err }},
		{"Load(nil)", func() error { _, err := Load(nil); return err }},
		{"ReachInto(nil, q)", func() error { return m.ReachInto(nil, Query{From: ENI("eni-app-a"), To: ENI("eni-db-a"), Port: 5432}) }},
		{"Save(nil)", func() error { return threeTier().Save(nil) }},
	} {
		err := func() (err error) {
			defer func() {
				if p := recover(); p != nil {
					err = fmt.Errorf("panic: %v", p)
				}
			}()
			return tc.f()
		}()
		if !errors.Is(err, ErrNil) {
			t.Errorf("%s: %v, want an error wrapping ErrNil", tc.name, err)
		}
	}
}
