package sim_test

// Property tests of VPC Lattice on random networks with service networks,
// associations, services, listeners, rules and target groups (see
// gen.Options.Lattice): the engine agrees with the reference evaluator's
// independent Lattice evaluation; adding an Allow statement to an auth
// policy never removes access and adding a Deny never adds any; the order
// of a listener's rules does not matter (validation makes equal
// priorities impossible, which is checked too); answers are
// deterministic; and every Lattice type survives a JSON round trip.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"

	"github.com/vpcsim/vpcsim/internal/gen"
	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// propLatticeNet draws a network with Lattice, every address declared.
func propLatticeNet(t *rapid.T) *sim.Network {
	return gen.NetworkWith(t, gen.Options{ExplicitAddresses: true, Lattice: true})
}

// propLatticeQuery draws a request from an interface to a service of n
// (named by ID, DNS name or custom domain name): mostly TCP to a port some
// listener may have, sometimes another protocol; a request of generated
// method, path and headers (or none) and a generated caller (or none).
func propLatticeQuery(t *rapid.T, n *sim.Network) sim.Query {
	s := rapid.SampledFrom(n.LatticeServices).Draw(t, "lq-svc")
	name := s.ID
	switch rapid.IntRange(0, 3).Draw(t, "lq-name") {
	case 0:
		name = s.DomainName()
	case 1:
		if s.CustomDomainName != "" {
			name = strings.ToUpper(s.CustomDomainName)
		}
	}
	q := sim.Query{From: propLatticeFrom(t, n, "lq-from"), To: sim.LatticeService(name)}
	switch rapid.IntRange(0, 11).Draw(t, "lq-proto") { // rapid favours small numbers
	case 9:
		q.Protocol = vpc.ProtocolUDP
	case 10:
		q.Protocol = vpc.ProtocolICMP
		q.ICMP = rapid.SampledFrom(propICMPs).Draw(t, "lq-icmp")
	case 11:
		q.Protocol = 47
	default:
		q.Protocol = vpc.ProtocolTCP
	}
	if q.Protocol.HasPorts() {
		ports := []uint16{80, 443, 8080, 22}
		for _, l := range s.Listeners {
			ports = append(ports, l.EffectivePort(), l.EffectivePort())
		}
		q.Port = ports[len(ports)-1-rapid.IntRange(0, len(ports)-1).Draw(t, "lq-port")] // mostly a listener's
		q.EphemeralPorts = rapid.SampledFrom(propEph).Draw(t, "lq-eph")
	}
	if rapid.IntRange(0, 5).Draw(t, "lq-request") > 0 {
		r := &sim.HTTPRequest{Path: rapid.SampledFrom(gen.LatticePaths).Draw(t, "lq-path")}
		if rapid.IntRange(0, 4).Draw(t, "lq-method") > 0 {
			r.Method = rapid.SampledFrom(gen.LatticeMethods).Draw(t, "lq-method-value")
		}
		for range rapid.IntRange(0, 2).Draw(t, "lq-headers") {
			if r.Header == nil {
				r.Header = http.Header{}
			}
			v := rapid.SampledFrom(gen.LatticeHeaders).Draw(t, "lq-header-value")
			switch rapid.IntRange(0, 3).Draw(t, "lq-header-name") {
			case 0:
				r.Header["x-tenant"] = append(r.Header["x-tenant"], v) // not canonical
			case 1:
				r.Header.Add("X-Env", v)
			default:
				r.Header.Add("X-Tenant", v)
			}
		}
		q.Request = r
	}
	q.Caller = rapid.SampledFrom(gen.LatticeCallers).Draw(t, "lq-caller")
	return q
}

// propLatticeQueries draws k queries to services of n and, when n has
// any, to its resource configurations (see propResourceQuery).
func propLatticeQueries(t *rapid.T, n *sim.Network, k int) []sim.Query {
	var qs []sim.Query
	for range k {
		if len(n.ResourceConfigurations) > 0 && rapid.IntRange(0, 3).Draw(t, "lq-resource") == 3 {
			qs = append(qs, propResourceQuery(t, n))
			continue
		}
		qs = append(qs, propLatticeQuery(t, n))
	}
	return qs
}

// =========================================================================
// The engine agrees with the reference.
// =========================================================================

func TestPropLatticeReference(t *testing.T) { propCheck(t, propLatticeReference) }

func propLatticeReference(t *rapid.T) {
	n := propLatticeNet(t)
	m := propCompile(t, n)
	ref := propLatticeRef(m, n)
	propAgree(t, n, m, ref, propLatticeQueries(t, n, 10))
}

// =========================================================================
// Auth policies: an Allow never removes access, a Deny never adds any.
// =========================================================================

// propAddStatement returns a copy of n with a statement of the given
// effect added to the auth policy of a random service network or
// service, and names which.
func propAddStatement(t *rapid.T, n *sim.Network, effect string) (*sim.Network, string) {
	out := propClone(t, n)
	st := gen.LatticeStatement(t, n, effect)
	var doc *json.RawMessage
	var which string
	if k := rapid.IntRange(0, len(out.ServiceNetworks)+len(out.LatticeServices)-1).Draw(t, "stmt-level"); k < len(out.ServiceNetworks) {
		doc, which = &out.ServiceNetworks[k].AuthPolicy, out.ServiceNetworks[k].ID
	} else {
		s := &out.LatticeServices[k-len(out.ServiceNetworks)]
		doc, which = &s.AuthPolicy, s.ID
	}
	d, err := gen.WithStatement(*doc, st)
	if err != nil {
		t.Fatal(err)
	}
	*doc = d
	return out, fmt.Sprintf("%s gets %s", which, d)
}

func TestPropLatticeAuthMonotonic(t *testing.T) { propCheck(t, propLatticeAuthMonotonic) }

func propLatticeAuthMonotonic(t *rapid.T) {
	n := propLatticeNet(t)
	qs := propLatticeQueries(t, n, 8)
	before := propVerdicts(t, propCompile(t, n), qs)
	denied := sim.Verdict{Status: sim.Blocked, Reason: sim.AuthDenied}
	allow, what := propAddStatement(t, n, "Allow")
	after := propVerdicts(t, propCompile(t, allow), qs)
	for i, q := range qs {
		// An Allow can only turn a denial into something else.
		if before[i] != denied && after[i] != before[i] {
			t.Fatalf("%s: %v, then %v once %s", q, before[i], after[i], what)
		}
	}
	deny, what := propAddStatement(t, n, "Deny")
	after = propVerdicts(t, propCompile(t, deny), qs)
	for i, q := range qs {
		// A Deny can only turn something into a denial.
		if after[i] != denied && after[i] != before[i] {
			t.Fatalf("%s: %v, then %v once %s", q, before[i], after[i], what)
		}
	}
}

// =========================================================================
// Rules: equal priorities are rejected; the order of the others does not
// matter.
// =========================================================================

func TestPropLatticeRuleOrder(t *testing.T) { propCheck(t, propLatticeRuleOrder) }

func propLatticeRuleOrder(t *rapid.T) {
	n := propLatticeNet(t)
	qs := propLatticeQueries(t, n, 6)
	want := propVerdicts(t, propCompile(t, n), qs)
	shuffled := propClone(t, n)
	for i := range shuffled.LatticeServices {
		s := &shuffled.LatticeServices[i]
		s.Listeners = propPerm(t, "listeners", s.Listeners)
		for j := range s.Listeners {
			s.Listeners[j].Rules = propPerm(t, "rules", s.Listeners[j].Rules)
		}
	}
	if d := gocmp.Diff(want, propVerdicts(t, propCompile(t, shuffled), qs)); d != "" {
		t.Fatalf("reordering listeners and rules changes the answers (-before +after):\n%s", d)
	}

	// A second rule of an existing priority, anywhere in the listener.
	type at struct{ s, l int }
	var withRules []at
	for i, s := range n.LatticeServices {
		for j, l := range s.Listeners {
			if len(l.Rules) > 0 {
				withRules = append(withRules, at{i, j})
			}
		}
	}
	if len(withRules) == 0 {
		return
	}
	w := rapid.SampledFrom(withRules).Draw(t, "dup-listener")
	dup := propClone(t, n)
	l := &dup.LatticeServices[w.s].Listeners[w.l]
	src := rapid.IntRange(0, len(l.Rules)-1).Draw(t, "dup-rule")
	copyOf := l.Rules[src]
	copyOf.ID += "-again"
	copyOf.Action = lattice.Respond(500)
	pos := rapid.IntRange(0, len(l.Rules)).Draw(t, "dup-pos")
	l.Rules = append(l.Rules[:pos], append([]lattice.Rule{copyOf}, l.Rules[pos:]...)...)
	err := dup.Validate()
	// The later of the two rules of that priority carries the error.
	later := max(pos, src+1)
	if pos > src {
		later = pos
	}
	field := fmt.Sprintf("listeners[%d].rules[%d].priority", w.l, later)
	var found bool
	for _, e := range propFieldErrors(err) {
		found = found || e.ID == dup.LatticeServices[w.s].ID && e.Field == field && errors.Is(e.Kind, sim.ErrConflict)
	}
	if !found {
		t.Fatalf("a second rule of priority %d at %s: validation says %v", copyOf.Priority, field, err)
	}
	if _, err := sim.Compile(dup); err == nil {
		t.Fatalf("a listener with two rules of priority %d compiles", copyOf.Priority)
	}
}

// propFieldErrors returns the field errors err joins.
func propFieldErrors(err error) []*sim.FieldError {
	var out []*sim.FieldError
	var walk func(error)
	walk = func(e error) {
		var fe *sim.FieldError
		if errors.As(e, &fe) {
			out = append(out, fe)
		}
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
		}
	}
	if err != nil {
		walk(err)
	}
	return out
}

// =========================================================================
// Determinism across compiles, goroutines and GOMAXPROCS.
// =========================================================================

func TestPropLatticeDeterministic(t *testing.T) { propCheck(t, propLatticeDeterministic) }

func propLatticeDeterministic(t *rapid.T) {
	n := propLatticeNet(t)
	qs := propLatticeQueries(t, n, 6)
	m := propCompile(t, n)
	want := propReachAll(m, qs)
	if d := propDiff(want, propReachAll(propCompile(t, n), qs)); d != "" {
		t.Fatalf("a second compile answers differently:\n%s", d)
	}
	got := make([][]*sim.Result, 6)
	var wg sync.WaitGroup
	for g := range got {
		wg.Go(func() {
			out := make([]*sim.Result, len(qs))
			for k := range qs {
				i := (k + g) % len(qs)
				out[i], _ = m.Reach(qs[i])
			}
			got[g] = out
		})
	}
	wg.Wait()
	for g := range got {
		if d := propDiff(want, got[g]); d != "" {
			t.Fatalf("goroutine %d answers differently:\n%s", g, d)
		}
	}
	old := runtime.GOMAXPROCS(1)
	one := propReachAll(propCompile(t, n), qs)
	runtime.GOMAXPROCS(old)
	if d := propDiff(want, one); d != "" {
		t.Fatalf("GOMAXPROCS(1) answers differently:\n%s", d)
	}
	for i, q := range qs {
		s1, s2 := want[i].String(), one[i].String()
		if s1 != s2 {
			t.Fatalf("%s: explanations differ:\n%s\n---\n%s", q, s1, s2)
		}
	}
}

// =========================================================================
// JSON round trip of every Lattice type.
// =========================================================================

var propLatticeCmp = gocmp.Options{
	gocmp.FilterPath(func(p gocmp.Path) bool { return p.Last().Type() != reflect.TypeFor[json.RawMessage]() }, cmpopts.EquateEmpty()),
	cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{}), propPolicyCmp,
}

// propPolicyCmp compares auth policy documents as JSON, not as bytes:
// Network.Save indents them with the rest of the network.
var propPolicyCmp = gocmp.Comparer(func(a, b json.RawMessage) bool {
	var x, y bytes.Buffer
	if json.Compact(&x, a) != nil || json.Compact(&y, b) != nil {
		return bytes.Equal(a, b)
	}
	return bytes.Equal(x.Bytes(), y.Bytes())
})

// propRoundTrip marshals v, unmarshals it into a new T and compares.
func propRoundTrip[T any](t *rapid.T, v T) {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal %T: %v", v, err)
	}
	var back T
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("unmarshal %T: %v\n%s", v, err, b)
	}
	if d := gocmp.Diff(v, back, propLatticeCmp); d != "" {
		t.Fatalf("%T changed in a round trip (-before +after):\n%s\n%s", v, d, b)
	}
}

// propText draws a short string of any runes.
var propText = rapid.StringN(0, 12, -1)

// propResourceConfiguration draws a resource configuration of any type
// and definition.
func propResourceConfiguration(t *rapid.T) lattice.ResourceConfiguration {
	c := lattice.ResourceConfiguration{ID: propText.Draw(t, "rc-id"), Name: propText.Draw(t, "rc-name"), Account: propText.Draw(t, "rc-account"),
		Type:            rapid.SampledFrom([]lattice.ResourceConfigurationType{lattice.ResourceSingle, lattice.ResourceGroup, lattice.ResourceChild, lattice.ResourceARN}).Draw(t, "rc-type"),
		ResourceGateway: propText.Draw(t, "rc-gw"), Group: propText.Draw(t, "rc-group"), Protocol: rapid.SampledFrom([]lattice.ResourceProtocol{"", lattice.ResourceTCP}).Draw(t, "rc-proto"),
		AllowShareableServiceNetworks: rapid.Bool().Draw(t, "rc-shareable"), CustomDomainName: propText.Draw(t, "rc-domain"),
		DomainVerified: rapid.Bool().Draw(t, "rc-verified"), GroupDomain: propText.Draw(t, "rc-group-domain"),
		Tags: rapid.MapOfN(propText, propText, 0, 2).Draw(t, "rc-tags")}
	switch rapid.IntRange(0, 3).Draw(t, "rc-def") {
	case 0:
		c.Definition.IP = netip.AddrFrom4([4]byte{10, 0, 0, rapid.Byte().Draw(t, "rc-ip")})
	case 1:
		c.Definition.IP = netip.MustParseAddr("2001:db8::7")
	case 2:
		c.Definition.DomainName = propText.Draw(t, "rc-dn")
		c.Definition.DomainIPAddressType = rapid.SampledFrom([]lattice.IPAddressType{"", lattice.IPv4, lattice.IPv6}).Draw(t, "rc-dn-type")
	default:
		c.Definition.ARN = propText.Draw(t, "rc-arn")
	}
	for range rapid.IntRange(0, 3).Draw(t, "rc-ports") {
		from := rapid.Uint16().Draw(t, "rc-from")
		c.PortRanges = append(c.PortRanges, vpc.Ports(from, rapid.Uint16Min(from).Draw(t, "rc-to")))
	}
	return c
}

func TestPropLatticeJSONRoundTrip(t *testing.T) { propCheck(t, propLatticeJSONRoundTrip) }

func propLatticeJSONRoundTrip(t *rapid.T) {
	n := propLatticeNet(t)
	// The whole network, through Save and Load.
	var buf bytes.Buffer
	if err := n.Save(&buf); err != nil {
		t.Fatalf("save: %v", err)
	}
	text := buf.String()
	back, err := sim.Load(&buf)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	if d := gocmp.Diff(n, back, propCmpOpts, propPolicyCmp); d != "" {
		t.Fatalf("round trip changed the network (-saved +loaded):\n%s", d)
	}
	var again bytes.Buffer
	if err := back.Save(&again); err != nil {
		t.Fatalf("save again: %v", err)
	}
	if d := gocmp.Diff(text, again.String()); d != "" {
		t.Fatalf("second save differs:\n%s", d)
	}
	// Each declared value, type by type.
	for _, x := range n.ServiceNetworks {
		propRoundTrip(t, x)
	}
	for _, x := range n.ServiceNetworkVPCAssociations {
		propRoundTrip(t, x)
	}
	for _, x := range n.ServiceNetworkServiceAssociations {
		propRoundTrip(t, x)
	}
	for _, s := range n.LatticeServices {
		propRoundTrip(t, s)
		for _, l := range s.Listeners {
			propRoundTrip(t, l)
			propRoundTrip(t, l.DefaultAction)
			for _, r := range l.Rules {
				propRoundTrip(t, r)
				propRoundTrip(t, r.Match)
				if r.Match.PathMatch != nil {
					propRoundTrip(t, *r.Match.PathMatch)
				}
				for _, h := range r.Match.HeaderMatches {
					propRoundTrip(t, h)
				}
				if f := r.Action.Forward; f != nil {
					propRoundTrip(t, *f)
					for _, w := range f.TargetGroups {
						propRoundTrip(t, w)
					}
				}
				if f := r.Action.FixedResponse; f != nil {
					propRoundTrip(t, *f)
				}
			}
		}
	}
	for _, g := range n.LatticeTargetGroups {
		propRoundTrip(t, g)
		if g.HealthCheck != nil {
			propRoundTrip(t, *g.HealthCheck)
		}
		for _, x := range g.Targets {
			propRoundTrip(t, x)
		}
	}
	// The types random networks do not declare, drawn field by field.
	propRoundTrip(t, rapid.Make[lattice.Account]().Draw(t, "account"))
	propRoundTrip(t, rapid.Make[lattice.ResourceShare]().Draw(t, "share"))
	propRoundTrip(t, rapid.Make[lattice.Quotas]().Draw(t, "quotas"))
	propRoundTrip(t, rapid.Make[lattice.ServiceNetworkResourceAssociation]().Draw(t, "snra"))
	propRoundTrip(t, rapid.Make[lattice.ServiceNetworkVPCAssociation]().Draw(t, "snva"))
	propRoundTrip(t, rapid.Make[lattice.DNSOptions]().Draw(t, "dns-options"))
	propRoundTrip(t, rapid.Make[lattice.ResourceGateway]().Draw(t, "gateway"))
	propRoundTrip(t, rapid.Make[lattice.HealthCheck]().Draw(t, "health-check"))
	rc := propResourceConfiguration(t)
	propRoundTrip(t, rc)
	propRoundTrip(t, rc.Definition)
	// Lattice queries, with their request and caller (results are
	// output only: their statuses and reasons do not decode).
	for _, q := range propLatticeQueries(t, n, 3) {
		propRoundTrip(t, q)
	}
}
