package workload

import (
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/vpcsim/vpcsim/vpc"
)

// cmpAddrs compares netip values by value.
var cmpAddrs = cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{})

func pfx(s string) netip.Prefix { return netip.MustParsePrefix(s) }
func addr(s string) netip.Addr  { return netip.MustParseAddr(s) }
func ptr[T any](v T) *T         { return &v }

// testEnv is one VPC (10.0.0.0/16, us-east-1) with three private /24
// subnets in zones a, b and c, a second /24 in zone a, three /28 subnets
// for cluster interfaces, a /26 for databases in each zone, and a second
// VPC with two subnets. Security groups sg-app, sg-db, sg-lambda and
// sg-other (in the second VPC).
func testEnv() Env {
	yes := true
	return Env{
		VPCs: []vpc.VPC{
			{ID: "vpc-1", Region: "us-east-1", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}, EnableDNSSupport: &yes, EnableDNSHostnames: true},
			{ID: "vpc-2", Region: "us-east-1", CIDRs: []netip.Prefix{pfx("10.1.0.0/16")}},
		},
		Subnets: []vpc.Subnet{
			{ID: "priv-a", VPC: "vpc-1", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.0.0/24")},
			{ID: "priv-b", VPC: "vpc-1", AvailabilityZone: "us-east-1b", CIDR: pfx("10.0.1.0/24")},
			{ID: "priv-c", VPC: "vpc-1", AvailabilityZone: "us-east-1c", CIDR: pfx("10.0.2.0/24")},
			{ID: "priv-a2", VPC: "vpc-1", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.3.0/24")},
			{ID: "cp-a", VPC: "vpc-1", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.10.0/28")},
			{ID: "cp-b", VPC: "vpc-1", AvailabilityZone: "us-east-1b", CIDR: pfx("10.0.10.16/28")},
			{ID: "cp-c", VPC: "vpc-1", AvailabilityZone: "us-east-1c", CIDR: pfx("10.0.10.32/28")},
			{ID: "db-a", VPC: "vpc-1", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.20.0/26")},
			{ID: "db-b", VPC: "vpc-1", AvailabilityZone: "us-east-1b", CIDR: pfx("10.0.20.64/26")},
			{ID: "db-c", VPC: "vpc-1", AvailabilityZone: "us-east-1c", CIDR: pfx("10.0.20.128/26")},
			{ID: "other-a", VPC: "vpc-2", AvailabilityZone: "us-east-1a", CIDR: pfx("10.1.0.0/24")},
			{ID: "other-b", VPC: "vpc-2", AvailabilityZone: "us-east-1b", CIDR: pfx("10.1.1.0/24")},
		},
		SecurityGroups: []vpc.SecurityGroup{
			{ID: "sg-app", VPC: "vpc-1"},
			{ID: "sg-db", VPC: "vpc-1"},
			{ID: "sg-lambda", VPC: "vpc-1"},
			{ID: "sg-other", VPC: "vpc-2"},
		},
		InternetGateways: []vpc.InternetGateway{{ID: "igw-1", VPC: "vpc-1"}},
	}
}

// mustExpand expands or fails the test.
func mustExpand(t *testing.T, ws Workloads, e Env) Expansion {
	t.Helper()
	x, err := Expand(ws, e)
	if err != nil {
		t.Fatalf("Expand: %v", err)
	}
	return x
}

// iface returns the interface with the given ID.
func iface(t *testing.T, x Expansion, id string) vpc.NetworkInterface {
	t.Helper()
	for _, i := range x.Interfaces {
		if i.ID == id {
			return i
		}
	}
	t.Fatalf("no interface %q in the expansion", id)
	return vpc.NetworkInterface{}
}

// subnetsOf maps interface IDs of a role to their subnets.
func subnetsOf(x Expansion, workload string, roles ...Role) []string {
	by := map[string]string{}
	for _, i := range x.Interfaces {
		by[i.ID] = i.Subnet
	}
	var out []string
	for _, id := range x.InterfacesOf(workload, roles...) {
		out = append(out, by[id])
	}
	return out
}

// fieldErrors flattens a joined error into its field errors.
func fieldErrors(err error) []*FieldError {
	var out []*FieldError
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, c := range j.Unwrap() {
				walk(c)
			}
			return
		}
		var fe *FieldError
		if errors.As(e, &fe) {
			out = append(out, fe)
		}
	}
	walk(err)
	return out
}

// hasFieldError reports whether err holds a field error of the kind whose
// field starts with field.
func hasFieldError(err error, id, field string, kind error) bool {
	for _, fe := range fieldErrors(err) {
		if fe.ID == id && strings.HasPrefix(fe.Field, field) && errors.Is(fe, kind) {
			return true
		}
	}
	return false
}
