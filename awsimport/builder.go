package awsimport

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	ec2t "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpcsim/vpcsim/internal/importer"
	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// builder collects decoded resources and maps them into a Result.
type builder struct {
	opts    Options
	files   []string
	raw     raw
	skipped []Skipped
	res     *Result
	net     *sim.Network
	// decls collects the load balancer, endpoint and Lattice
	// declarations; finish places them in the network or beside it.
	decls importer.Decls

	// Indices built while mapping.
	subnets   map[string]*vpc.Subnet
	vpcs      map[string]*vpc.VPC
	instances map[string]rec[ec2t.Instance]
	eniSubnet map[string]string     // every interface seen, even skipped ones: ID -> subnet
	eniAddr   map[string]netip.Addr // primary private address of every interface seen
	eniAddr6  map[string]netip.Addr
	natENIs   map[string]string // interface ID -> NAT gateway ID
	origin    map[string]*src   // "kind id" -> where the resource came from
}

func newBuilder(o Options) *builder {
	return &builder{opts: o}
}

// skip records something not carried into the declarations.
func (b *builder) skip(resource, id string, s *src, format string, args ...any) {
	file := ""
	if s != nil {
		file = s.file
	}
	reason := format
	if len(args) > 0 {
		reason = fmt.Sprintf(format, args...)
	}
	b.skipped = append(b.skipped, Skipped{Resource: resource, ID: id, File: file, Reason: reason})
}

// finish maps everything decoded into the Result.
func (b *builder) finish() *Result {
	b.net = &sim.Network{}
	b.res = &Result{Network: b.net, Files: slices.Clone(b.files)}
	b.subnets = map[string]*vpc.Subnet{}
	b.vpcs = map[string]*vpc.VPC{}
	b.instances = map[string]rec[ec2t.Instance]{}
	b.eniSubnet = map[string]string{}
	b.eniAddr = map[string]netip.Addr{}
	b.eniAddr6 = map[string]netip.Addr{}
	b.natENIs = map[string]string{}
	b.origin = map[string]*src{}

	b.mapEC2()
	b.mapELB()
	b.mapEndpoints()
	b.mapLattice()
	b.mapHybrid()
	b.res.Unsimulated = b.decls.Place(b.net)
	b.prune()
	for _, c := range importer.Prune(b.net) {
		b.skip(c.Kind, c.ID, b.from(c.Kind, c.ID), "%s", cutReason(c))
	}
	b.finishHybrid()
	b.sortAll()

	slices.Sort(b.res.Files)
	slices.SortFunc(b.skipped, func(x, y Skipped) int {
		return cmp.Or(cmp.Compare(x.File, y.File), cmp.Compare(x.Resource, y.Resource), cmp.Compare(x.ID, y.ID), cmp.Compare(x.Reason, y.Reason))
	})
	b.res.Skipped = slices.Compact(b.skipped)
	return b.res
}

// dedupe keeps the first record of each ID (files are read in sorted
// order, so the choice is stable). A later copy that differs, such as
// another account's view of a shared transit gateway or of a peering
// connection, is reported.
func dedupe[T any](b *builder, kind string, recs []rec[T], id func(*T) string) []rec[T] {
	seen := map[string]int{}
	var out []rec[T]
	for _, r := range byFile(recs) {
		k := id(&r.v)
		if k == "" {
			b.skip(kind, "", r.src, "no ID: the output lacks the ID member")
			continue
		}
		if i, ok := seen[k]; ok {
			if !sameJSON(out[i].v, r.v) {
				b.skip(kind, k, r.src, "also described in %s with other content (another account's view?); the copy from %s is kept", out[i].src.file, out[i].src.file)
			}
			continue
		}
		seen[k] = len(out)
		out = append(out, r)
		b.origin[kind+" "+k] = r.src
	}
	return out
}

func sameJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}

// str dereferences an optional string.
func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func boolv(p *bool) bool { return p != nil && *p }

func ptr[T any](v T) *T { return &v }

// tags returns the Name tag and all tags as a map (nil when there are none).
func tags(ts []ec2t.Tag) (string, map[string]string) {
	if len(ts) == 0 {
		return "", nil
	}
	m := make(map[string]string, len(ts))
	for _, t := range ts {
		m[str(t.Key)] = str(t.Value)
	}
	return m["Name"], m
}

// arn is a parsed Amazon Resource Name.
type arn struct {
	partition, service, region, account, resource string
}

func parseARN(s string) (arn, bool) {
	p := strings.SplitN(s, ":", 6)
	if len(p) != 6 || p[0] != "arn" {
		return arn{}, false
	}
	return arn{p[1], p[2], p[3], p[4], p[5]}, true
}

// accountOf returns the account an OwnerId, an ARN or the file's scope
// gives, in that order.
func accountOf(owner string, arnStr string, s *src) string {
	if owner != "" {
		return owner
	}
	if a, ok := parseARN(arnStr); ok && a.account != "" {
		return a.account
	}
	return s.account
}

// regionOf returns the Region an ARN or the file's scope gives.
func regionOf(arnStr string, s *src) string {
	if a, ok := parseARN(arnStr); ok && a.region != "" {
		return a.region
	}
	return s.region
}

// prefix parses a CIDR as AWS prints it.
func parsePrefix(s string) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("cidr %q: %v", s, err)
	}
	return p, nil
}

func parseAddr(s string) (netip.Addr, error) {
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, fmt.Errorf("address %q: %v", s, err)
	}
	return a, nil
}

// sortAll sorts every slice of the result by ID, so that the answer does
// not depend on the order of files or of items in them.
func (b *builder) sortAll() {
	n := b.net
	byID := func(a, c string) int { return strings.Compare(a, c) }
	slices.SortFunc(n.VPCs, func(x, y vpc.VPC) int { return byID(x.ID, y.ID) })
	slices.SortFunc(n.Subnets, func(x, y vpc.Subnet) int { return byID(x.ID, y.ID) })
	slices.SortFunc(n.RouteTables, func(x, y vpc.RouteTable) int { return byID(x.ID, y.ID) })
	slices.SortFunc(n.InternetGateways, func(x, y vpc.InternetGateway) int { return byID(x.ID, y.ID) })
	slices.SortFunc(n.EgressOnlyInternetGateways, func(x, y vpc.EgressOnlyInternetGateway) int { return byID(x.ID, y.ID) })
	slices.SortFunc(n.NATGateways, func(x, y vpc.NATGateway) int { return byID(x.ID, y.ID) })
	slices.SortFunc(n.SecurityGroups, func(x, y vpc.SecurityGroup) int { return byID(x.ID, y.ID) })
	slices.SortFunc(n.NetworkACLs, func(x, y vpc.NetworkACL) int { return byID(x.ID, y.ID) })
	slices.SortFunc(n.PrefixLists, func(x, y vpc.PrefixList) int { return byID(x.ID, y.ID) })
	slices.SortFunc(n.NetworkInterfaces, func(x, y vpc.NetworkInterface) int { return byID(x.ID, y.ID) })
	slices.SortFunc(n.PeeringConnections, func(x, y vpc.PeeringConnection) int { return byID(x.ID, y.ID) })
	slices.SortFunc(n.TransitGateways, func(x, y vpc.TransitGateway) int { return byID(x.ID, y.ID) })
	slices.SortFunc(n.TransitGatewayAttachments, func(x, y vpc.TransitGatewayAttachment) int { return byID(x.ID, y.ID) })
	slices.SortFunc(n.TransitGatewayRouteTables, func(x, y vpc.TransitGatewayRouteTable) int { return byID(x.ID, y.ID) })
	sortHybrid(n)
	b.sortDecls()
}

// cutReason words a cut of importer.Prune as a Skipped reason: the field
// and what was missing.
func cutReason(c importer.Cut) string {
	if c.Field == "" {
		return c.Reason
	}
	return c.Field + ": " + c.Reason
}

// from returns where a resource of kind came from, for reports about it.
func (b *builder) from(kind, id string) *src {
	if s, ok := b.origin[kind+" "+id]; ok {
		return s
	}
	return &src{}
}
