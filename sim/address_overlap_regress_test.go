package sim

import (
	"net/netip"
	"testing"

	"github.com/vpcsim/vpcsim/vpc"
)

// TestRegressionAssignedAddressOverlappingVPCs pins a bug the
// engine-equals-reference property on Lattice resource configurations
// found: compile assigns an interface's address (here one AWS would
// assign) skipping every address declared anywhere in the network, so
// that addresses name one interface where they can; in a VPC whose CIDR
// overlaps another's, once the other VPC's declarations had taken every
// free address of the subnet, the assignment ran off the end of the
// subnet (a resource gateway got an address outside its subnet, which
// nothing routed back to). Each VPC is an address space of its own
// (Amazon VPC User Guide, "VPC CIDR blocks": VPCs may have overlapping
// CIDR blocks), and AWS assigns an interface a private address from its
// subnet's range (Amazon VPC User Guide, "Subnet CIDR blocks"; Amazon EC2
// User Guide, "Private IPv4 addresses"): the assignment now takes an
// address another VPC declares rather than leave the subnet.
func TestRegressionAssignedAddressOverlappingVPCs(t *testing.T) {
	var held []netip.Addr
	for a := addr("10.0.0.4"); a != addr("10.0.0.15"); a = a.Next() {
		held = append(held, a) // every usable address of 10.0.0.0/28
	}
	n := &Network{
		VPCs: []vpc.VPC{{ID: "vpc-a", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}}, {ID: "vpc-b", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}}},
		Subnets: []vpc.Subnet{
			{ID: "subnet-a", VPC: "vpc-a", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.0.0/28")},
			{ID: "subnet-b", VPC: "vpc-b", AvailabilityZone: "us-east-1a", CIDR: pfx("10.0.0.0/28")},
		},
		NetworkInterfaces: []vpc.NetworkInterface{
			{ID: "eni-a", Subnet: "subnet-a", PrivateIPs: held},
			{ID: "eni-b", Subnet: "subnet-b"},
		},
	}
	m := mustCompile(t, n)
	got, ok := m.Interface("eni-b")
	if !ok || len(got.PrivateIPs) != 1 {
		t.Fatalf("eni-b: %+v", got)
	}
	if a := got.PrivateIPs[0]; a != addr("10.0.0.4") {
		t.Errorf("eni-b got %s, want 10.0.0.4: the first usable address of subnet-b (vpc-a's addresses are another VPC's)", a)
	}
}
