package sim

import (
	"errors"
	"net/netip"
	"testing"

	"github.com/vpcsim/vpcsim/vpc"
)

// TestValidateDuplicatePeering: AWS allows one active or pending peering
// between two VPCs; rejected, deleted, expired and failed requests may
// stand beside it.
func TestValidateDuplicatePeering(t *testing.T) {
	for _, tc := range []struct {
		status vpc.PeeringStatus
		ok     bool
	}{
		{vpc.PeeringDeleted, true}, {vpc.PeeringRejected, true}, {vpc.PeeringExpired, true}, {vpc.PeeringFailed, true},
		{vpc.PeeringActive, false}, {vpc.PeeringPendingAcceptance, false},
	} {
		n := hubSpoke()
		n.PeeringConnections = append(n.PeeringConnections, vpc.PeeringConnection{ID: "pcx-again", RequesterVPC: "spoke-a", AccepterVPC: "hub", Status: tc.status})
		err := n.Validate()
		if tc.ok && err != nil {
			t.Errorf("%s duplicate: %v", tc.status, err)
		}
		if !tc.ok && !errors.Is(err, ErrConflict) {
			t.Errorf("%s duplicate: got %v, want ErrConflict", tc.status, err)
		}
	}
}

// TestValidateRouteToUnattachedTransitGateway: AWS refuses a route to a
// transit gateway the VPC has no attachment to, unless it is what remains
// of a deleted attachment (a blackhole).
func TestValidateRouteToUnattachedTransitGateway(t *testing.T) {
	n := hubSpoke()
	n.RouteTables[1].Routes = append(n.RouteTables[1].Routes, vpc.Route{Destination: pfx("10.9.0.0/16"), Target: vpc.ToTransitGateway("tgw-1")})
	var fe *FieldError
	if err := n.Validate(); !errors.As(err, &fe) || !errors.Is(err, ErrWrongVPC) || fe.ID != "rtb-a" {
		t.Fatalf("got %v, want ErrWrongVPC on rtb-a", err)
	}
	n.RouteTables[1].Routes[len(n.RouteTables[1].Routes)-1].Blackhole = true
	if err := n.Validate(); err != nil {
		t.Fatalf("blackhole route: %v", err)
	}
}

// TestValidateSecondaryCIDRRestrictions follows the AWS table of the
// secondary IPv4 CIDRs a VPC cannot add, by the range of its primary.
func TestValidateSecondaryCIDRRestrictions(t *testing.T) {
	for _, tc := range []struct {
		primary, secondary string
		ok                 bool
	}{
		{"10.1.0.0/16", "10.2.0.0/16", true},
		{"10.1.0.0/16", "100.64.0.0/16", true},
		{"10.1.0.0/16", "52.0.0.0/16", true},
		{"10.1.0.0/16", "172.16.0.0/16", false},
		{"10.1.0.0/16", "192.168.0.0/16", false},
		{"10.1.0.0/16", "198.19.0.0/16", false},
		{"10.0.0.0/16", "10.0.0.0/17", false}, // overlaps the primary too
		{"10.1.0.0/16", "10.0.0.0/16", false}, // primary inside 10.0.0.0/15
		{"10.2.0.0/16", "10.0.0.0/16", true},
		{"172.20.0.0/16", "172.31.0.0/16", false},
		{"172.20.0.0/16", "172.21.0.0/16", true},
		{"172.20.0.0/16", "10.0.0.0/16", false},
		{"192.168.0.0/16", "172.16.0.0/16", false},
		{"198.19.0.0/16", "10.0.0.0/16", false},
		{"198.19.0.0/16", "100.64.0.0/16", true},
		{"100.64.0.0/16", "10.0.0.0/16", false},
		{"100.64.0.0/16", "100.65.0.0/16", true},
	} {
		n := &Network{VPCs: []vpc.VPC{{ID: "v", CIDRs: []netip.Prefix{pfx(tc.primary), pfx(tc.secondary)}}}}
		err := n.Validate()
		if (err == nil) != tc.ok {
			t.Errorf("primary %s, secondary %s: got %v, want ok=%v", tc.primary, tc.secondary, err, tc.ok)
		}
	}
}
