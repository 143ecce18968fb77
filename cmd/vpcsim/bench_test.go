package main

import (
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// largeNetwork is the benchmark's network: 2,000 instances in 50
// subnets of one VPC over three zones. Subnets 0-9 are public (web tier,
// routed to the internet gateway), 10-29 app (routed to their zone's NAT
// gateway), 30-49 database (no route out, a network ACL admitting the app
// subnets on 5432). Each subnet holds 40 instances in its tier's security
// group and one of four groups of its own, whose rules name CIDRs, so
// that the matrix has many classes to tell apart.
func largeNetwork() *sim.Network {
	p := netip.MustParsePrefix
	any4 := p("0.0.0.0/0")
	tcp := vpc.ProtocolTCP
	azs := []string{"us-east-1a", "us-east-1b", "us-east-1c"}
	n := &sim.Network{
		VPCs:             []vpc.VPC{{ID: "vpc-big", CIDRs: []netip.Prefix{p("10.0.0.0/16")}}},
		InternetGateways: []vpc.InternetGateway{{ID: "igw-big", VPC: "vpc-big"}},
		RouteTables: []vpc.RouteTable{
			{ID: "rtb-public", VPC: "vpc-big", Routes: []vpc.Route{{Destination: any4, Target: vpc.ToInternetGateway("igw-big")}}},
			{ID: "rtb-db", VPC: "vpc-big"},
		},
		SecurityGroups: []vpc.SecurityGroup{
			{ID: "sg-web", VPC: "vpc-big", Egress: []vpc.SGRule{vpc.AllowAllEgress()},
				Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(443), CIDR: any4}, {Protocol: tcp, Ports: vpc.Port(80), CIDR: any4}}},
			{ID: "sg-app", VPC: "vpc-big", Egress: []vpc.SGRule{vpc.AllowAllEgress()},
				Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(8080), Group: "sg-web"}, {Protocol: tcp, Ports: vpc.Ports(9000, 9100), Group: "sg-app"}}},
			{ID: "sg-db", VPC: "vpc-big",
				Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(5432), Group: "sg-app"}}},
		},
	}
	dbACL := vpc.NetworkACL{ID: "acl-db", VPC: "vpc-big"}
	for i := range 4 {
		// Four extra groups per tier shape, each admitting SSH from a
		// different part of the VPC.
		n.SecurityGroups = append(n.SecurityGroups, vpc.SecurityGroup{ID: fmt.Sprintf("sg-ops-%d", i), VPC: "vpc-big",
			Ingress: []vpc.SGRule{{Protocol: tcp, Ports: vpc.Port(22), CIDR: p(fmt.Sprintf("10.0.%d.0/22", 8*i))}}})
	}
	for s := range 50 {
		az := azs[s%3]
		id := fmt.Sprintf("subnet-%02d", s)
		tier := "web"
		switch {
		case s >= 30:
			tier = "db"
		case s >= 10:
			tier = "app"
		}
		n.Subnets = append(n.Subnets, vpc.Subnet{ID: id, VPC: "vpc-big", AvailabilityZone: az,
			CIDR: p(fmt.Sprintf("10.0.%d.0/24", s)), MapPublicIPOnLaunch: tier == "web", Tags: map[string]string{"tier": tier}})
		switch tier {
		case "web":
			n.RouteTables[0].Subnets = append(n.RouteTables[0].Subnets, id)
			if s < 3 {
				nat := fmt.Sprintf("nat-%c", 'a'+s)
				n.NATGateways = append(n.NATGateways, vpc.NATGateway{ID: nat, Subnet: id,
					ElasticIP: netip.AddrFrom4([4]byte{52, 0, 0, byte(10 + s)})})
				n.RouteTables = append(n.RouteTables, vpc.RouteTable{ID: "rtb-app-" + az, VPC: "vpc-big",
					Routes: []vpc.Route{{Destination: any4, Target: vpc.ToNATGateway(nat)}}})
			}
		case "app":
			for i := range n.RouteTables {
				if n.RouteTables[i].ID == "rtb-app-"+az {
					n.RouteTables[i].Subnets = append(n.RouteTables[i].Subnets, id)
				}
			}
		case "db":
			n.RouteTables[1].Subnets = append(n.RouteTables[1].Subnets, id)
			dbACL.Subnets = append(dbACL.Subnets, id)
		}
		for e := range 40 {
			n.NetworkInterfaces = append(n.NetworkInterfaces, vpc.NetworkInterface{
				ID: fmt.Sprintf("eni-%02d-%02d", s, e), Subnet: id, Kind: vpc.KindEC2,
				SecurityGroups: []string{"sg-" + tier, fmt.Sprintf("sg-ops-%d", e%4)},
				Tags:           map[string]string{"tier": tier}})
		}
	}
	dbACL.Inbound = []vpc.ACLEntry{{Number: 100, Action: vpc.Allow, Protocol: tcp, Ports: vpc.Port(5432), CIDR: p("10.0.0.0/16")}}
	dbACL.Outbound = []vpc.ACLEntry{{Number: 100, Action: vpc.Allow, Protocol: tcp, Ports: vpc.Ports(1024, 65535), CIDR: p("10.0.0.0/16")}}
	n.NetworkACLs = append(n.NetworkACLs, dbACL)
	return n
}

// BenchmarkMatrixProcess times the whole vpcsim matrix process, as a
// user runs it, on largeNetwork: build the command, write the network,
// then run vpcsim matrix on it (load, validate, compile, compute, print).
// The target is 5 s.
func BenchmarkMatrixProcess(b *testing.B) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "vpcsim")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	net := filepath.Join(dir, "large.json")
	if err := largeNetwork().SaveFile(net); err != nil {
		b.Fatal(err)
	}
	var cpu time.Duration
	for b.Loop() {
		cmd := exec.Command(bin, "matrix", net)
		out, err := cmd.Output()
		if err != nil {
			b.Fatalf("vpcsim matrix: %v", err)
		}
		if len(out) == 0 {
			b.Fatal("vpcsim matrix printed nothing")
		}
		cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/process")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/process")
}

// TestWriteLargeNetwork writes the benchmark's network where
// VPCSIM_LARGE_OUT says, to time vpcsim by hand:
//
//	VPCSIM_LARGE_OUT=/tmp/large.json go test ./cmd/vpcsim -run TestWriteLargeNetwork
//	go build -o /tmp/vpcsim ./cmd/vpcsim
//	hyperfine '/tmp/vpcsim matrix /tmp/large.json'
func TestWriteLargeNetwork(t *testing.T) {
	out := os.Getenv("VPCSIM_LARGE_OUT")
	if out == "" {
		t.Skip("set VPCSIM_LARGE_OUT to a file name to write the benchmark's network")
	}
	if err := largeNetwork().SaveFile(out); err != nil {
		t.Fatal(err)
	}
}

// The benchmark's network is valid and as large as it says.
func TestLargeNetwork(t *testing.T) {
	n := largeNetwork()
	if len(n.NetworkInterfaces) != 2000 || len(n.Subnets) != 50 {
		t.Fatalf("%d interfaces in %d subnets, want 2000 in 50", len(n.NetworkInterfaces), len(n.Subnets))
	}
	if err := n.Validate(); err != nil {
		t.Fatal(err)
	}
}
