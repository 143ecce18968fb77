package simtest

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/vpcsim/vpcsim/internal/archcheck"
	"github.com/vpcsim/vpcsim/sim"
)

// Arch is a compiled architecture under test: the [sim.Model] of a
// network, and what the selectors need of its declaration (the tags,
// subnets, security groups and kinds of its interfaces). Its assertions
// take the test's [testing.TB], so one Arch serves any number of tests,
// subtests and parallel tests. An Arch is immutable and safe for
// concurrent use; it keeps no reference to the [sim.Network] it was
// compiled from.
type Arch struct {
	c     *archcheck.Arch
	usage []SubnetUsage
}

// Compile validates and compiles n (see [sim.Compile]) into an Arch. It
// returns the validation errors, every problem at once, when n does not
// compile. Compile copies what it needs: changing n afterwards changes
// nothing in the Arch.
func Compile(n *sim.Network) (*Arch, error) {
	if n == nil {
		return nil, errors.New("simtest: nil network: want a *sim.Network to compile")
	}
	c, err := archcheck.Compile(n)
	if err != nil {
		return nil, err
	}
	return &Arch{c: c, usage: subnetUsage(c.Model())}, nil
}

// New compiles n for the test t, stopping it (t.Fatalf) with every
// validation error when n does not compile. To compile a network once
// for many tests, use [Once].
func New(t testing.TB, n *sim.Network) *Arch {
	t.Helper()
	a, err := Compile(n)
	if err != nil {
		t.Fatalf("simtest: the network does not compile:\n%v", err)
		return nil
	}
	return a
}

// Once returns a function that compiles the network that network returns
// the first time it is called, and returns the same Arch to every test
// after that; when the network does not compile, it stops each test that
// asks (t.Fatalf) with the validation errors. Declare it at package level
// to share one compiled network between tests, which may run in parallel:
//
//	var prod = simtest.Once(network)
//
//	func TestDatabase(t *testing.T) {
//		t.Parallel()
//		a := prod(t)
//		a.Reachable(t, sim.ENI("eni-app"), sim.ENI("eni-db"), "tcp 5432")
//	}
func Once(network func() *sim.Network) func(t testing.TB) *Arch {
	compiled := sync.OnceValues(func() (*Arch, error) {
		if network == nil {
			return nil, errors.New("simtest.Once: nil function: want a func() *sim.Network")
		}
		return Compile(network())
	})
	return func(t testing.TB) *Arch {
		t.Helper()
		a, err := compiled()
		if err != nil {
			t.Fatalf("simtest: the network does not compile:\n%v", err)
			return nil
		}
		return a
	}
}

// Model returns the compiled model, for queries the assertions do not
// cover.
func (a *Arch) Model() *sim.Model {
	if a == nil {
		return nil
	}
	return a.c.Model()
}

// SubnetUsage is the IPv4 address use of one subnet: how many addresses
// are taken (by declared interfaces and NAT gateways, by what workloads
// expand into, pods and /28 prefixes included, by load balancer nodes and
// transit gateway attachments; declared, or assigned at compile time),
// out of the usable ones (the CIDR's addresses minus the five AWS
// reserves). [sim.Model.Capacity] says who takes them.
type SubnetUsage struct {
	Subnet string
	CIDR   netip.Prefix
	Used   int
	Usable int
}

// Free is the number of usable addresses left.
func (u SubnetUsage) Free() int { return u.Usable - u.Used }

// String formats the usage as "subnet-app-a 10.0.10.0/24: 12 of 251 used".
func (u SubnetUsage) String() string {
	return fmt.Sprintf("%s %s: %d of %d used", u.Subnet, u.CIDR, u.Used, u.Usable)
}

// subnetUsage reads the address use of each subnet, in ID order, from the
// model's capacity report.
func subnetUsage(m *sim.Model) []SubnetUsage {
	r := m.Capacity()
	out := make([]SubnetUsage, 0, len(r.Subnets))
	for _, s := range r.Subnets {
		out = append(out, SubnetUsage{Subnet: s.Subnet, CIDR: s.CIDR, Used: s.Taken, Usable: s.Size - s.Reserved})
	}
	slices.SortFunc(out, func(x, y SubnetUsage) int { return strings.Compare(x.Subnet, y.Subnet) })
	return out
}
