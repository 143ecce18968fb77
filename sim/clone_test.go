package sim

import (
	"fmt"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/vpc"
)

var cloneCmpOpts = cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{})

// filler sets every field of a value, at any depth, to a value that is not
// zero: slices and maps get two elements, pointers a target, numbers and
// strings distinct values. It fails the test on what it cannot fill (a
// struct with unexported fields that is not in atomicTypes, an interface,
// a function), as deepCopy could not copy it either.
type filler struct {
	t    *testing.T
	n    int // the next number to use
	path []string
}

func (f *filler) next() int { f.n++; return f.n }

func (f *filler) fill(v reflect.Value, depth int) {
	f.t.Helper()
	t := v.Type()
	switch t {
	case reflect.TypeFor[netip.Addr]():
		n := f.next()
		v.Set(reflect.ValueOf(netip.AddrFrom4([4]byte{10, byte(n >> 16), byte(n >> 8), byte(n)})))
		return
	case reflect.TypeFor[netip.Prefix]():
		n := f.next()
		v.Set(reflect.ValueOf(netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(n >> 8), byte(n), 0}), 24)))
		return
	case reflect.TypeFor[vpc.ICMP]():
		n := f.next()
		v.Set(reflect.ValueOf(vpc.ICMPMessage(uint8(n), uint8(n+1))))
		return
	}
	where := strings.Join(f.path, "")
	switch t.Kind() {
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(f.next() % 100))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(f.next() % 100))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(f.next()))
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d", f.next()))
	case reflect.Pointer:
		if depth == 0 {
			return
		}
		p := reflect.New(t.Elem())
		f.fill(p.Elem(), depth-1)
		v.Set(p)
	case reflect.Slice:
		if depth == 0 {
			return
		}
		s := reflect.MakeSlice(t, 2, 2)
		for i := range 2 {
			f.path = append(f.path, fmt.Sprintf("[%d]", i))
			f.fill(s.Index(i), depth-1)
			f.path = f.path[:len(f.path)-1]
		}
		v.Set(s)
	case reflect.Map:
		if depth == 0 {
			return
		}
		m := reflect.MakeMap(t)
		for range 2 {
			k, e := reflect.New(t.Key()).Elem(), reflect.New(t.Elem()).Elem()
			f.fill(k, depth-1)
			f.fill(e, depth-1)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Array:
		for i := range v.Len() {
			f.fill(v.Index(i), depth)
		}
	case reflect.Struct:
		for i := range t.NumField() {
			sf := t.Field(i)
			if !sf.IsExported() {
				f.t.Fatalf("%s: %s has unexported field %s: deepCopy copies it as a value; add %s to atomicTypes if it is immutable, else teach deepCopy",
					where, t, sf.Name, t)
			}
			f.path = append(f.path, "."+sf.Name)
			f.fill(v.Field(i), depth)
			f.path = f.path[:len(f.path)-1]
		}
	default:
		f.t.Fatalf("%s: cannot fill a %s (%s): declarations are plain data", where, t, t.Kind())
	}
}

// scribble changes every value v holds in place, at any depth: it
// writes into the elements of slices, the entries of maps and the targets
// of pointers rather than replacing them, so that whatever shares their
// memory sees the change.
func scribble(v reflect.Value) {
	switch t := v.Type(); {
	case t == reflect.TypeFor[netip.Addr]():
		a := v.Interface().(netip.Addr)
		if a.Is4() {
			v.Set(reflect.ValueOf(netip.AddrFrom4([4]byte{203, 0, 113, 9})))
		} else {
			v.Set(reflect.ValueOf(netip.MustParseAddr("2001:db8::9")))
		}
		return
	case t == reflect.TypeFor[netip.Prefix]():
		v.Set(reflect.ValueOf(netip.MustParsePrefix("203.0.113.0/24")))
		return
	case t == reflect.TypeFor[vpc.ICMP]():
		v.Set(reflect.ValueOf(vpc.ICMPMessage(42, 42)))
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(v.Int() + 1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(v.Uint() + 1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(v.Float() + 1)
	case reflect.String:
		v.SetString(v.String() + "-x")
	case reflect.Pointer:
		if !v.IsNil() {
			scribble(v.Elem())
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			scribble(v.Index(i))
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(it.Value())
			scribble(e)
			v.SetMapIndex(it.Key(), e)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				scribble(v.Field(i))
			}
		}
	}
}

// memory records the memory a value refers to, for sharing checks: the
// targets of pointers, the backing arrays of slices, the maps.
type memory struct {
	spans []span
}

type span struct {
	lo, hi uintptr
	path   string
}

func (m *memory) walk(v reflect.Value, path string) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		m.spans = append(m.spans, span{v.Pointer(), v.Pointer() + max(v.Type().Elem().Size(), 1), path})
		m.walk(v.Elem(), path)
	case reflect.Slice:
		if v.Cap() == 0 {
			return
		}
		m.spans = append(m.spans, span{v.Pointer(), v.Pointer() + uintptr(v.Cap())*max(v.Type().Elem().Size(), 1), path})
		for i := range v.Len() {
			m.walk(v.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.Map:
		if v.IsNil() {
			return
		}
		m.spans = append(m.spans, span{v.Pointer(), v.Pointer() + 1, path})
		for it := v.MapRange(); it.Next(); {
			m.walk(it.Value(), fmt.Sprintf("%s[%v]", path, it.Key()))
		}
	case reflect.Struct:
		if atomicTypes[v.Type()] {
			return
		}
		for i := range v.NumField() {
			m.walk(v.Field(i), path+"."+v.Type().Field(i).Name)
		}
	case reflect.Array:
		for i := range v.Len() {
			m.walk(v.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.Interface:
		if !v.IsNil() {
			m.walk(v.Elem(), path)
		}
	}
}

// shared returns the paths of a whose memory overlaps memory of b.
func shared(a, b *memory) []string {
	var out []string
	for _, x := range a.spans {
		for _, y := range b.spans {
			if x.lo < y.hi && y.lo < x.hi {
				out = append(out, fmt.Sprintf("%s and %s", x.path, y.path))
			}
		}
	}
	return out
}

// checkDeepCopy fills a value of type T, copies it with copyOf and checks
// that the copy equals it and shares no memory with it, and that changing
// every field of the copy leaves the original as it was.
func checkDeepCopy[T any](t *testing.T, copyOf func(*T) *T) {
	t.Helper()
	orig := new(T)
	f := &filler{t: t}
	f.fill(reflect.ValueOf(orig).Elem(), 6)
	c := copyOf(orig)
	if diff := cmp.Diff(orig, c, cloneCmpOpts); diff != "" {
		t.Fatalf("%T: copy differs (-orig +copy):\n%s", orig, diff)
	}
	var mo, mc memory
	mo.walk(reflect.ValueOf(orig).Elem(), "orig")
	mc.walk(reflect.ValueOf(c).Elem(), "copy")
	if s := shared(&mo, &mc); len(s) > 0 {
		t.Errorf("%T: the copy shares memory with the original:\n%s", orig, strings.Join(s, "\n"))
	}
	keep := copyOf(orig)
	scribble(reflect.ValueOf(c).Elem())
	if diff := cmp.Diff(keep, orig, cloneCmpOpts); diff != "" {
		t.Errorf("%T: changing the copy changed the original (-before +after):\n%s", orig, diff)
	}
}

// TestCloneSharesNothing fills every field of a Network, at any depth, and
// checks that Clone copies all of it and shares no memory with it. A field
// added to any declaration type is filled too, so it is checked without
// changing this test.
func TestCloneSharesNothing(t *testing.T) {
	checkDeepCopy(t, (*Network).Clone)
}

// TestCloneFutureDeclarations runs the same check on the declaration types
// the engine is about to take (endpoints, load balancers, Lattice), so
// that Clone covers them the day they join Network.
func TestCloneFutureDeclarations(t *testing.T) {
	type future struct {
		VPCEndpoints        []endpoint.Endpoint
		EndpointServices    []endpoint.Service
		EndpointConnections []endpoint.Connection
		LoadBalancers       []elb.LoadBalancer
		Listeners           []elb.Listener
		TargetGroups        []elb.TargetGroup
		ServiceNetworks     []lattice.ServiceNetwork
		VPCAssociations     []lattice.ServiceNetworkVPCAssociation
		ServiceAssociations []lattice.ServiceNetworkServiceAssociation
		ResourceAssocs      []lattice.ServiceNetworkResourceAssociation
		LatticeServices     []lattice.Service
		LatticeTargetGroups []lattice.TargetGroup
		ResourceGateways    []lattice.ResourceGateway
		ResourceConfigs     []lattice.ResourceConfiguration
		ResourceShares      []lattice.ResourceShare
		Accounts            []lattice.Account
	}
	checkDeepCopy(t, func(x *future) *future {
		c := new(future)
		deepCopy(reflect.ValueOf(c).Elem(), reflect.ValueOf(x).Elem())
		return c
	})
}

// TestCloneKeepsNilAndEmpty: nil slices and maps stay nil, empty ones
// empty, as go-cmp tells them apart.
func TestCloneKeepsNilAndEmpty(t *testing.T) {
	n := &Network{
		VPCs:    []vpc.VPC{{ID: "vpc-1", CIDRs: []netip.Prefix{}, Tags: map[string]string{}}},
		Subnets: []vpc.Subnet{},
	}
	c := n.Clone()
	if c.Subnets == nil || c.VPCs[0].CIDRs == nil || c.VPCs[0].Tags == nil || c.RouteTables != nil || c.VPCs[0].EnableDNSSupport != nil {
		t.Errorf("clone %+v: nil and empty not kept", c)
	}
	if diff := cmp.Diff(n, c, cloneCmpOpts); diff != "" {
		t.Errorf("clone differs (-orig +clone):\n%s", diff)
	}
	if (*Network)(nil).Clone() != nil {
		t.Error("the clone of a nil network is not nil")
	}
}

// TestNetworkLookups: every Network field declaring resources with an ID
// has a lookup named after it (the field name without its final "s"),
// which returns a pointer to the declaration in the slice.
func TestNetworkLookups(t *testing.T) {
	n := new(Network)
	(&filler{t: t}).fill(reflect.ValueOf(n).Elem(), 4)
	nv := reflect.ValueOf(n)
	nt := reflect.TypeFor[Network]()
	for i := range nt.NumField() {
		sf := nt.Field(i)
		if sf.Type.Kind() != reflect.Slice || sf.Type.Elem().Kind() != reflect.Struct {
			continue
		}
		idf, ok := sf.Type.Elem().FieldByName("ID")
		if !ok || idf.Type.Kind() != reflect.String {
			continue
		}
		name := strings.TrimSuffix(sf.Name, "s")
		if base, ok := strings.CutSuffix(sf.Name, "ies"); ok {
			name = base + "y" // ResourcePolicies: ResourcePolicy
		}
		meth := nv.MethodByName(name)
		want := reflect.TypeOf(func(string) (*int, bool) { return nil, false })
		if !meth.IsValid() || meth.Type().NumIn() != 1 || meth.Type().NumOut() != 2 ||
			meth.Type().In(0) != want.In(0) || meth.Type().Out(0) != reflect.PointerTo(sf.Type.Elem()) || meth.Type().Out(1) != want.Out(1) {
			t.Errorf("Network.%s: want a lookup func (n *Network) %s(id string) (*%s, bool) for field %s", name, name, sf.Type.Elem(), sf.Name)
			continue
		}
		s := nv.Elem().Field(i)
		for j := range s.Len() {
			id := s.Index(j).FieldByName("ID").String()
			out := meth.Call([]reflect.Value{reflect.ValueOf(id)})
			if !out[1].Bool() || out[0].UnsafePointer() != unsafe.Pointer(s.Index(j).Addr().Pointer()) {
				t.Errorf("Network.%s(%q): %v, %v; want a pointer to %s[%d]", name, id, out[0], out[1], sf.Name, j)
			}
		}
		if out := meth.Call([]reflect.Value{reflect.ValueOf("no-such-id")}); out[1].Bool() || !out[0].IsNil() {
			t.Errorf("Network.%s(no-such-id) found %v", name, out[0])
		}
		var nilNet *Network
		if out := reflect.ValueOf(nilNet).MethodByName(name).Call([]reflect.Value{reflect.ValueOf(id0(s))}); out[1].Bool() {
			t.Errorf("(*Network)(nil).%s found something", name)
		}
	}
}

func id0(s reflect.Value) string { return s.Index(0).FieldByName("ID").String() }

// TestCloneEditCompile is the use Clone is for: vary a base network in a
// test. The base keeps its answers.
func TestCloneEditCompile(t *testing.T) {
	base := threeTier()
	q := Query{From: ENI("eni-app-a"), To: ENI("eni-db-a"), Port: 5432}
	c := base.Clone()
	g, ok := c.SecurityGroup("sg-db")
	if !ok {
		t.Fatal("no sg-db")
	}
	g.Ingress = nil
	g.Egress = append(g.Egress, vpc.AllowAllEgress())
	if e, ok := c.NetworkInterface("eni-db-a"); ok {
		e.PrivateIPs = []netip.Addr{addr("10.0.20.50")}
	}
	for _, tc := range []struct {
		n    *Network
		want Verdict
		addr netip.Addr
	}{
		{base, Verdict{Reachable, NoReason}, addr("10.0.20.4")},
		{c, Verdict{Blocked, SGIngress}, addr("10.0.20.50")},
	} {
		m := mustCompile(t, tc.n)
		v, err := m.Verdict(q)
		if err != nil {
			t.Fatal(err)
		}
		if v != tc.want {
			t.Errorf("%s: %v, want %v", q, v, tc.want)
		}
		if e, _ := m.Interface("eni-db-a"); e.PrivateIPs[0] != tc.addr {
			t.Errorf("eni-db-a at %s, want %s", e.PrivateIPs[0], tc.addr)
		}
	}
	if len(base.SecurityGroups[2].Ingress) != 1 || len(base.SecurityGroups[2].Egress) != 0 {
		t.Errorf("editing the clone changed the base: %+v", base.SecurityGroups[2])
	}
}

// TestModelKeepsNoReference: compile copies what it keeps of the network;
// scribbling over every field of the network afterwards changes none of
// the model's answers.
func TestModelKeepsNoReference(t *testing.T) {
	for _, n := range []*Network{threeTier(), readBack(), dualStack(), peerNet(), tgwNet(), hubSpoke(), graphEdges()} {
		m := mustCompile(t, n)
		before := modelText(t, m)
		scribble(reflect.ValueOf(n).Elem())
		if diff := cmp.Diff(before, modelText(t, m)); diff != "" {
			t.Errorf("changing the network after compile changed the model (-before +after):\n%s", diff)
		}
	}
}

// modelText is everything the model tells: what compile decided, the
// answers between all interfaces and the internet, the picture.
func modelText(t *testing.T, m *Model) string {
	var b strings.Builder
	var ends []Endpoint
	for x := range m.Interfaces() {
		fmt.Fprintf(&b, "%+v\n", x)
		if x.NATGateway == "" {
			ends = append(ends, ENI(x.ID))
		}
	}
	for x := range m.Subnets() {
		fmt.Fprintf(&b, "%+v\n", x)
	}
	for x := range m.VPCs() {
		fmt.Fprintf(&b, "%+v\n", x)
	}
	for x := range m.NATGateways() {
		fmt.Fprintf(&b, "%+v\n", x)
	}
	ends = append(ends, Internet())
	for _, a := range ends {
		for _, z := range ends {
			for _, q := range []Query{{From: a, To: z, Port: 443}, {From: a, To: z, Protocol: vpc.ProtocolICMP}} {
				if r, err := m.Reach(q); err == nil {
					b.WriteString(r.String())
				}
				if o, err := m.OpenPorts(q); err == nil {
					fmt.Fprintf(&b, "%v\n", o)
				}
			}
		}
	}
	b.WriteString(m.Mermaid(nil))
	return b.String()
}

// TestDeepCopyRecursiveConcurrent: the copier of a recursive type, built
// by several goroutines at once (run with -race), copies it deeply.
func TestDeepCopyRecursiveConcurrent(t *testing.T) {
	type tree struct {
		Name string
		Kids []tree
		Next *tree
		ByID map[string]*tree
	}
	orig := &tree{Name: "a", Kids: []tree{{Name: "b", Next: &tree{Name: "c"}}},
		ByID: map[string]*tree{"d": {Name: "d", Kids: []tree{{Name: "e"}}}}}
	copies := make([]*tree, 4)
	done := make(chan int)
	for i := range copies {
		go func() {
			c := new(tree)
			deepCopy(reflect.ValueOf(c).Elem(), reflect.ValueOf(orig).Elem())
			copies[i] = c
			done <- i
		}()
	}
	for range copies {
		<-done
	}
	for _, c := range copies {
		if diff := cmp.Diff(orig, c); diff != "" {
			t.Fatalf("copy differs (-orig +copy):\n%s", diff)
		}
		c.Kids[0].Next.Name = "x"
		c.ByID["d"].Kids[0].Name = "y"
	}
	if orig.Kids[0].Next.Name != "c" || orig.ByID["d"].Kids[0].Name != "e" {
		t.Errorf("changing a copy changed the original: %+v", orig)
	}
}
