package awsimport

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	ec2t "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpcsim/vpcsim/vpc"
)

// mapEC2 maps the EC2 resources into the network.
func (b *builder) mapEC2() {
	b.mapPrefixLists()
	b.mapVPCs()
	b.mapSubnets()
	for _, r := range dedupe(b, "instance", b.raw.instances, func(i *ec2t.Instance) string { return str(i.InstanceId) }) {
		b.instances[str(r.v.InstanceId)] = r
	}
	b.mapNATs()
	b.mapENIs()
	b.mapAddresses()
	b.mapGateways()
	b.mapRouteTables()
	b.mapSecurityGroups()
	b.mapACLs()
	b.mapPeerings()
	b.mapTransitGateways()
	b.mapTGWPeerings()
}

func (b *builder) mapPrefixLists() {
	entries := map[string][]netip.Prefix{}
	hasEntries := map[string]bool{}
	for _, r := range byFile(b.raw.plEntries) {
		id := r.v.owner
		if hasEntries[id] {
			continue // the first file wins, as for every resource
		}
		hasEntries[id] = true
		for _, e := range r.v.items {
			p, err := parsePrefix(str(e.Cidr))
			if err != nil {
				b.skip("prefix-list-entry", id, r.src, "%v", err)
				continue
			}
			entries[id] = append(entries[id], p)
		}
	}
	done := map[string]bool{}
	for _, r := range dedupe(b, "prefix-list", b.raw.managedPLs, func(p *ec2t.ManagedPrefixList) string { return str(p.PrefixListId) }) {
		p := r.v
		id := str(p.PrefixListId)
		if st := string(p.State); strings.HasPrefix(st, "delete") {
			b.skip("prefix-list", id, r.src, "state %s", st)
			continue
		}
		name, _ := tags(p.Tags)
		if name == "" {
			name = str(p.PrefixListName)
		}
		pl := vpc.PrefixList{ID: id, Name: name, AddressFamily: str(p.AddressFamily), Entries: entries[id],
			AWSManaged: str(p.OwnerId) == "AWS"}
		if p.MaxEntries != nil && int(*p.MaxEntries) >= len(pl.Entries) {
			pl.MaxEntries = int(*p.MaxEntries)
		}
		if !hasEntries[id] {
			b.skip("prefix-list-entries", id, r.src, "entries unknown, so the list matches nothing: add the output of aws ec2 get-managed-prefix-list-entries --prefix-list-id %s as %s.json", id, id)
		}
		done[id] = true
		b.net.PrefixLists = append(b.net.PrefixLists, pl)
	}
	for _, r := range dedupe(b, "prefix-list", b.raw.servicePLs, func(p *ec2t.PrefixList) string { return str(p.PrefixListId) }) {
		id := str(r.v.PrefixListId)
		if done[id] {
			continue
		}
		pl := vpc.PrefixList{ID: id, Name: str(r.v.PrefixListName), AWSManaged: true}
		for _, c := range r.v.Cidrs {
			p, err := parsePrefix(c)
			if err != nil {
				b.skip("prefix-list-entry", id, r.src, "%v", err)
				continue
			}
			if p.Addr().Is6() {
				pl.AddressFamily = "IPv6"
			}
			pl.Entries = append(pl.Entries, p)
		}
		if pl.AddressFamily == "" {
			pl.AddressFamily = "IPv4"
		}
		done[id] = true
		b.net.PrefixLists = append(b.net.PrefixLists, pl)
	}
	for id := range hasEntries {
		if !done[id] {
			// Entries of a list not described: declare it from its entries.
			pl := vpc.PrefixList{ID: id, Entries: entries[id], AddressFamily: "IPv4"}
			if len(pl.Entries) > 0 && pl.Entries[0].Addr().Is6() {
				pl.AddressFamily = "IPv6"
			}
			b.net.PrefixLists = append(b.net.PrefixLists, pl)
		}
	}
}

// associated reports whether a CIDR block association state means the
// block is in use.
func associated(state string) bool {
	return state == "" || state == "associated" || state == "associating"
}

func (b *builder) mapVPCs() {
	attrs := map[string]map[string]bool{}
	for _, r := range byFile(b.raw.vpcAttrs) {
		id := str(r.v.VpcId)
		if attrs[id] == nil {
			attrs[id] = map[string]bool{}
		}
		if v := r.v.EnableDnsSupport; v != nil && v.Value != nil {
			attrs[id]["support"] = *v.Value
			attrs[id]["support?"] = true
		}
		if v := r.v.EnableDnsHostnames; v != nil && v.Value != nil {
			attrs[id]["hostnames"] = *v.Value
		}
	}
	for _, r := range dedupe(b, "vpc", b.raw.vpcs, func(v *ec2t.Vpc) string { return str(v.VpcId) }) {
		v := r.v
		id := str(v.VpcId)
		name, tg := tags(v.Tags)
		out := vpc.VPC{ID: id, Name: name, Account: accountOf(str(v.OwnerId), "", r.src), Region: r.src.region, Tags: tg}
		primary, err := parsePrefix(str(v.CidrBlock))
		if err != nil {
			b.skip("vpc", id, r.src, "primary %v", err)
			continue
		}
		out.CIDRs = []netip.Prefix{primary}
		for _, a := range v.CidrBlockAssociationSet {
			st := ""
			if a.CidrBlockState != nil {
				st = string(a.CidrBlockState.State)
			}
			if !associated(st) {
				continue
			}
			p, err := parsePrefix(str(a.CidrBlock))
			if err != nil {
				b.skip("vpc-cidr-block", id, r.src, "%v", err)
				continue
			}
			if p != primary {
				out.CIDRs = append(out.CIDRs, p)
			}
		}
		for _, a := range v.Ipv6CidrBlockAssociationSet {
			st := ""
			if a.Ipv6CidrBlockState != nil {
				st = string(a.Ipv6CidrBlockState.State)
			}
			if !associated(st) {
				continue
			}
			p, err := parsePrefix(str(a.Ipv6CidrBlock))
			if err != nil {
				b.skip("vpc-ipv6-cidr-block", id, r.src, "%v", err)
				continue
			}
			if out.IPv6CIDR.IsValid() {
				b.skip("vpc-ipv6-cidr-block", id+" "+p.String(), r.src, "a second IPv6 block is not modelled: vpcsim takes the first, %s", out.IPv6CIDR)
				continue
			}
			out.IPv6CIDR = p
		}
		if a, ok := attrs[id]; ok {
			if a["support?"] {
				out.EnableDNSSupport = ptr(a["support"])
			}
			out.EnableDNSHostnames = a["hostnames"]
		}
		b.net.VPCs = append(b.net.VPCs, out)
	}
	for i := range b.net.VPCs {
		b.vpcs[b.net.VPCs[i].ID] = &b.net.VPCs[i]
	}
}

func (b *builder) mapSubnets() {
	for _, r := range dedupe(b, "subnet", b.raw.subnets, func(s *ec2t.Subnet) string { return str(s.SubnetId) }) {
		s := r.v
		id := str(s.SubnetId)
		if s.CidrBlock == nil {
			b.skip("subnet", id, r.src, "IPv6-only subnets are not modelled (vpcsim subnets need an IPv4 CIDR)")
			continue
		}
		p, err := parsePrefix(*s.CidrBlock)
		if err != nil {
			b.skip("subnet", id, r.src, "%v", err)
			continue
		}
		name, tg := tags(s.Tags)
		out := vpc.Subnet{ID: id, Name: name, VPC: str(s.VpcId), AvailabilityZone: str(s.AvailabilityZone),
			AvailabilityZoneID: str(s.AvailabilityZoneId), CIDR: p, MapPublicIPOnLaunch: boolv(s.MapPublicIpOnLaunch), Tags: tg}
		for _, a := range s.Ipv6CidrBlockAssociationSet {
			st := ""
			if a.Ipv6CidrBlockState != nil {
				st = string(a.Ipv6CidrBlockState.State)
			}
			if !associated(st) {
				continue
			}
			p6, err := parsePrefix(str(a.Ipv6CidrBlock))
			if err != nil {
				b.skip("subnet-ipv6-cidr-block", id, r.src, "%v", err)
				continue
			}
			out.IPv6CIDR = p6
			break
		}
		b.net.Subnets = append(b.net.Subnets, out)
	}
	for i := range b.net.Subnets {
		b.subnets[b.net.Subnets[i].ID] = &b.net.Subnets[i]
	}
}

func (b *builder) mapNATs() {
	for _, r := range dedupe(b, "nat-gateway", b.raw.nats, func(n *ec2t.NatGateway) string { return str(n.NatGatewayId) }) {
		n := r.v
		id := str(n.NatGatewayId)
		for _, a := range n.NatGatewayAddresses {
			if e := str(a.NetworkInterfaceId); e != "" {
				b.natENIs[e] = id
			}
		}
		switch st := string(n.State); st {
		case "", "available", "pending":
		default:
			b.skip("nat-gateway", id, r.src, "state %s: carries no traffic", st)
			continue
		}
		if string(n.AvailabilityMode) == "regional" {
			b.skip("nat-gateway", id, r.src, "regional NAT gateways are not modelled (vpcsim NAT gateways sit in one subnet)")
			continue
		}
		name, tg := tags(n.Tags)
		out := vpc.NATGateway{ID: id, Name: name, Subnet: str(n.SubnetId), Tags: tg}
		if string(n.ConnectivityType) == "private" {
			out.Connectivity = vpc.NATPrivate
		}
		first := true
		for _, a := range n.NatGatewayAddresses {
			primary := a.IsPrimary == nil && first || boolv(a.IsPrimary)
			if !primary {
				b.skip("nat-gateway-address", id+" "+str(a.PrivateIp), r.src, "secondary NAT gateway addresses are not modelled: vpcsim translates to the primary address only")
				continue
			}
			first = false
			if ip, err := parseAddr(str(a.PrivateIp)); err == nil {
				out.PrivateIP = ip
			}
			if pub := str(a.PublicIp); pub != "" && !out.IsPrivate() {
				if ip, err := parseAddr(pub); err == nil {
					out.ElasticIP = ip
				}
			}
		}
		if !out.IsPrivate() && !out.ElasticIP.IsValid() {
			b.skip("nat-gateway", id, r.src, "public NAT gateway without an Elastic IP: carries no traffic to the internet")
			continue
		}
		b.net.NATGateways = append(b.net.NATGateways, out)
	}
}

// kindOfENI maps an interface's type, requester and description to the
// kind vpcsim knows, and a note when the owner is not modelled.
func (b *builder) kindOfENI(e *ec2t.NetworkInterface) (vpc.InterfaceKind, string, string) {
	desc := str(e.Description)
	inst := ""
	if e.Attachment != nil {
		inst = str(e.Attachment.InstanceId)
	}
	switch t := string(e.InterfaceType); t {
	case "lambda":
		return vpc.KindLambda, "", ""
	case "network_load_balancer", "gateway_load_balancer", "load_balancer":
		return vpc.KindLoadBalancer, elbOwner(desc), ""
	case "vpc_endpoint", "gateway_load_balancer_endpoint":
		return vpc.KindVPCEndpoint, endpointOwner(desc), ""
	case "branch":
		return vpc.KindEKSPod, inst, ""
	case "", "interface", "efa", "efa-only", "trunk":
		// Below, by requester and description.
	default:
		return vpc.KindOther, "", fmt.Sprintf("interface type %q belongs to a service vpcsim does not model; kept as an interface of kind other", t)
	}
	switch {
	case strings.HasPrefix(desc, "ELB "):
		return vpc.KindLoadBalancer, elbOwner(desc), ""
	case strings.HasPrefix(desc, "arn:aws:ecs:") || strings.HasPrefix(desc, "arn:aws-"+"cn:ecs:"):
		return vpc.KindECSTask, "", ""
	case strings.HasPrefix(desc, "Amazon EKS "):
		return vpc.KindEKSControl, strings.TrimPrefix(desc, "Amazon EKS "), ""
	case strings.HasPrefix(desc, "aws-K8S-"):
		return vpc.KindEKSNode, inst, ""
	case str(e.RequesterId) == "amazon-rds" || desc == "RDSNetworkInterface":
		return vpc.KindRDS, "", ""
	case str(e.RequesterId) == "amazon-elasticache" || strings.HasPrefix(desc, "ElastiCache "):
		return vpc.KindElastiCache, "", ""
	case strings.HasPrefix(desc, "AWS Lambda VPC ENI"):
		return vpc.KindLambda, "", ""
	case inst != "":
		if ir, ok := b.instances[inst]; ok && eksNode(ir.v) {
			return vpc.KindEKSNode, inst, ""
		}
		return vpc.KindEC2, inst, ""
	case boolv(e.RequesterManaged):
		return vpc.KindOther, str(e.RequesterId), fmt.Sprintf("managed by requester %q (%q), a service vpcsim does not model; kept as an interface of kind other", str(e.RequesterId), desc)
	}
	return vpc.KindOther, "", "not attached to an instance; kept as an interface of kind other"
}

// eksNode reports whether an instance is an EKS node, by the tags EKS
// node groups and the Kubernetes cloud provider put on it.
func eksNode(i ec2t.Instance) bool {
	for _, t := range i.Tags {
		k := str(t.Key)
		if k == "eks:cluster-name" || k == "eks:nodegroup-name" || strings.HasPrefix(k, "kubernetes.io/cluster/") {
			return true
		}
	}
	return false
}

// elbOwner returns the load balancer an ELB interface description names
// ("ELB app/web/50dc6c495c0c9188").
func elbOwner(desc string) string { return strings.TrimPrefix(desc, "ELB ") }

// endpointOwner returns the endpoint an endpoint interface description
// names ("VPC Endpoint Interface vpce-0123").
func endpointOwner(desc string) string {
	if i := strings.Index(desc, "vpce-"); i >= 0 {
		return strings.Fields(desc[i:])[0]
	}
	return ""
}

func (b *builder) mapENIs() {
	seen := map[string]bool{}
	for _, r := range dedupe(b, "network-interface", b.raw.enis, func(e *ec2t.NetworkInterface) string { return str(e.NetworkInterfaceId) }) {
		seen[str(r.v.NetworkInterfaceId)] = true
		b.addENI(&r.v, r.src)
	}
	// Instances add the interfaces describe-network-interfaces did not list.
	ids := make([]string, 0, len(b.instances))
	for id := range b.instances {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		r := b.instances[id]
		inst := r.v
		if st := inst.State; st != nil && (st.Name == "terminated" || st.Name == "shutting-down") {
			if len(inst.NetworkInterfaces) > 0 {
				b.skip("instance", id, r.src, "state %s", st.Name)
			}
			continue
		}
		for _, ni := range inst.NetworkInterfaces {
			eid := str(ni.NetworkInterfaceId)
			if seen[eid] {
				continue
			}
			seen[eid] = true
			e := ec2t.NetworkInterface{
				NetworkInterfaceId: ni.NetworkInterfaceId, SubnetId: ni.SubnetId, VpcId: ni.VpcId,
				Description: ni.Description, InterfaceType: ec2t.NetworkInterfaceType(str(ni.InterfaceType)),
				SourceDestCheck: ni.SourceDestCheck, PrivateIpAddress: ni.PrivateIpAddress, OwnerId: ni.OwnerId,
				Attachment: &ec2t.NetworkInterfaceAttachment{InstanceId: inst.InstanceId},
			}
			for _, g := range ni.Groups {
				e.Groups = append(e.Groups, ec2t.GroupIdentifier{GroupId: g.GroupId, GroupName: g.GroupName})
			}
			for _, p := range ni.PrivateIpAddresses {
				x := ec2t.NetworkInterfacePrivateIpAddress{Primary: p.Primary, PrivateIpAddress: p.PrivateIpAddress}
				if a := p.Association; a != nil {
					x.Association = &ec2t.NetworkInterfaceAssociation{PublicIp: a.PublicIp, IpOwnerId: a.IpOwnerId}
				}
				e.PrivateIpAddresses = append(e.PrivateIpAddresses, x)
			}
			if a := ni.Association; a != nil {
				e.Association = &ec2t.NetworkInterfaceAssociation{PublicIp: a.PublicIp, IpOwnerId: a.IpOwnerId}
			}
			for _, a := range ni.Ipv6Addresses {
				e.Ipv6Addresses = append(e.Ipv6Addresses, ec2t.NetworkInterfaceIpv6Address{Ipv6Address: a.Ipv6Address})
			}
			e.Ipv4Prefixes = append(e.Ipv4Prefixes, toENIPrefixes(ni.Ipv4Prefixes)...)
			b.addENI(&e, r.src)
		}
	}
}

func toENIPrefixes(ps []ec2t.InstanceIpv4Prefix) []ec2t.Ipv4PrefixSpecification {
	var out []ec2t.Ipv4PrefixSpecification
	for _, p := range ps {
		out = append(out, ec2t.Ipv4PrefixSpecification{Ipv4Prefix: p.Ipv4Prefix})
	}
	return out
}

// addENI maps one interface.
func (b *builder) addENI(e *ec2t.NetworkInterface, s *src) {
	id := str(e.NetworkInterfaceId)
	subnet := str(e.SubnetId)
	b.eniSubnet[id] = subnet
	b.origin["network-interface "+id] = s
	var ips []netip.Addr
	var pub netip.Addr
	var eips []vpc.ElasticIP
	primaryIP := str(e.PrivateIpAddress)
	list := slices.Clone(e.PrivateIpAddresses)
	// The primary first, the others in the order AWS lists them.
	slices.SortStableFunc(list, func(x, y ec2t.NetworkInterfacePrivateIpAddress) int {
		px, py := boolv(x.Primary) || str(x.PrivateIpAddress) == primaryIP, boolv(y.Primary) || str(y.PrivateIpAddress) == primaryIP
		switch {
		case px && !py:
			return -1
		case py && !px:
			return 1
		}
		return 0
	})
	if len(list) == 0 && primaryIP != "" {
		list = []ec2t.NetworkInterfacePrivateIpAddress{{PrivateIpAddress: e.PrivateIpAddress, Primary: ptr(true), Association: e.Association}}
	}
	for i, p := range list {
		ip, err := parseAddr(str(p.PrivateIpAddress))
		if err != nil {
			b.skip("network-interface-address", id, s, "%v", err)
			continue
		}
		ips = append(ips, ip)
		a := p.Association
		if a == nil && i == 0 {
			a = e.Association
		}
		if a == nil || str(a.PublicIp) == "" {
			continue
		}
		pip, err := parseAddr(str(a.PublicIp))
		if err != nil {
			b.skip("network-interface-address", id, s, "public %v", err)
			continue
		}
		if i == 0 {
			pub = pip
		} else {
			eips = append(eips, vpc.ElasticIP{PrivateIP: ip, PublicIP: pip})
		}
	}
	if len(ips) > 0 {
		b.eniAddr[id] = ips[0]
	}
	var ip6 []netip.Addr
	for _, a := range e.Ipv6Addresses {
		x, err := parseAddr(str(a.Ipv6Address))
		if err != nil {
			b.skip("network-interface-address", id, s, "%v", err)
			continue
		}
		ip6 = append(ip6, x)
	}
	if len(ip6) > 0 {
		b.eniAddr6[id] = ip6[0]
	}
	if _, ok := b.natENIs[id]; ok || string(e.InterfaceType) == "nat_gateway" || string(e.InterfaceType) == "natGateway" {
		// The NAT gateway declares this interface's address; compile
		// recreates the interface as <nat-id>/eni.
		return
	}
	if string(e.InterfaceType) == "transit_gateway" {
		b.skip("network-interface", id, s, "interface of a transit gateway attachment: vpcsim models the attachment by its subnets and needs no interface for it")
		return
	}
	for _, p := range e.Ipv4Prefixes {
		b.skip("network-interface-prefix", id+" "+str(p.Ipv4Prefix), s, "IPv4 prefix delegation is not modelled")
	}
	for _, p := range e.Ipv6Prefixes {
		b.skip("network-interface-prefix", id+" "+str(p.Ipv6Prefix), s, "IPv6 prefix delegation is not modelled")
	}
	kind, owner, note := b.kindOfENI(e)
	if note != "" {
		b.skip("network-interface", id, s, "%s", note)
	}
	name, tg := tags(e.TagSet)
	out := vpc.NetworkInterface{ID: id, Name: name, Subnet: subnet, Kind: kind, Owner: owner, PrivateIPs: ips,
		IPv6Addrs: ip6, PublicIP: pub, ElasticIPs: eips, SourceDestCheckDisabled: e.SourceDestCheck != nil && !*e.SourceDestCheck, Tags: tg}
	if kind == vpc.KindEC2 {
		out.Kind = "" // the zero kind is EC2, as hand-written declarations leave it
	}
	for _, g := range e.Groups {
		out.SecurityGroups = append(out.SecurityGroups, str(g.GroupId))
	}
	if len(out.SecurityGroups) == 0 {
		switch string(e.InterfaceType) {
		case "network_load_balancer", "gateway_load_balancer", "gateway_load_balancer_endpoint", "transit_gateway":
			b.skip("network-interface-security-groups", id, s, "AWS gives this interface no security group; vpcsim gives an interface without groups its VPC's default group")
		}
	}
	b.net.NetworkInterfaces = append(b.net.NetworkInterfaces, out)
}

// mapAddresses reports Elastic IPs that are associated with nothing and
// fills in associations the interfaces did not show.
func (b *builder) mapAddresses() {
	idx := map[string]int{}
	for i, e := range b.net.NetworkInterfaces {
		idx[e.ID] = i
	}
	for _, r := range dedupe(b, "elastic-ip", b.raw.addresses, func(a *ec2t.Address) string {
		return cmpOr(str(a.AllocationId), str(a.PublicIp))
	}) {
		a := r.v
		id := cmpOr(str(a.AllocationId), str(a.PublicIp))
		eni := str(a.NetworkInterfaceId)
		if eni == "" {
			b.skip("elastic-ip", id, r.src, "not associated: carries no traffic")
			continue
		}
		i, ok := idx[eni]
		if !ok {
			continue // a NAT gateway's, or an interface reported elsewhere
		}
		pub, err1 := parseAddr(str(a.PublicIp))
		priv, err2 := parseAddr(str(a.PrivateIpAddress))
		if err1 != nil || err2 != nil {
			continue
		}
		e := &b.net.NetworkInterfaces[i]
		switch {
		case len(e.PrivateIPs) > 0 && e.PrivateIPs[0] == priv:
			if !e.PublicIP.IsValid() {
				e.PublicIP = pub
			}
		case slices.Contains(e.PrivateIPs, priv) && !slices.ContainsFunc(e.ElasticIPs, func(x vpc.ElasticIP) bool { return x.PrivateIP == priv }):
			e.ElasticIPs = append(e.ElasticIPs, vpc.ElasticIP{PrivateIP: priv, PublicIP: pub})
		}
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (b *builder) mapGateways() {
	for _, r := range dedupe(b, "internet-gateway", b.raw.igws, func(g *ec2t.InternetGateway) string { return str(g.InternetGatewayId) }) {
		name, tg := tags(r.v.Tags)
		out := vpc.InternetGateway{ID: str(r.v.InternetGatewayId), Name: name, Tags: tg}
		for _, a := range r.v.Attachments {
			// describe-internet-gateways prints "available" for an attached
			// gateway; "attached" is accepted too.
			if st := string(a.State); st == "available" || st == "attached" || st == "" {
				out.VPC = str(a.VpcId)
			}
		}
		b.net.InternetGateways = append(b.net.InternetGateways, out)
	}
	for _, r := range dedupe(b, "egress-only-internet-gateway", b.raw.eigws, func(g *ec2t.EgressOnlyInternetGateway) string {
		return str(g.EgressOnlyInternetGatewayId)
	}) {
		name, tg := tags(r.v.Tags)
		out := vpc.EgressOnlyInternetGateway{ID: str(r.v.EgressOnlyInternetGatewayId), Name: name, Tags: tg}
		for _, a := range r.v.Attachments {
			if st := string(a.State); st == "attached" || st == "available" || st == "" {
				out.VPC = str(a.VpcId)
			}
		}
		if out.VPC == "" {
			b.skip("egress-only-internet-gateway", out.ID, r.src, "not attached to a VPC: carries no traffic")
			continue
		}
		b.net.EgressOnlyInternetGateways = append(b.net.EgressOnlyInternetGateways, out)
	}
}

func (b *builder) mapRouteTables() {
	for _, r := range dedupe(b, "route-table", b.raw.routeTables, func(t *ec2t.RouteTable) string { return str(t.RouteTableId) }) {
		t := r.v
		id := str(t.RouteTableId)
		name, tg := tags(t.Tags)
		out := vpc.RouteTable{ID: id, Name: name, VPC: str(t.VpcId), Tags: tg}
		for _, a := range t.Associations {
			if a.AssociationState != nil && a.AssociationState.State != "" && a.AssociationState.State != "associated" && a.AssociationState.State != "associating" {
				continue
			}
			switch {
			case boolv(a.Main):
				out.Main = true
			case str(a.SubnetId) != "":
				out.Subnets = append(out.Subnets, str(a.SubnetId))
			case str(a.GatewayId) != "":
				// An edge association: a gateway route table.
				out.Gateways = append(out.Gateways, str(a.GatewayId))
			}
		}
		for _, g := range t.PropagatingVgws {
			if g := str(g.GatewayId); g != "" && !slices.Contains(out.Propagations, g) {
				out.Propagations = append(out.Propagations, g)
			}
		}
		for _, rt := range t.Routes {
			if x, ok := b.route(id, rt, r.src); ok {
				out.Routes = append(out.Routes, x)
			}
		}
		b.net.RouteTables = append(b.net.RouteTables, out)
	}
}

// route maps one route; ok is false for the local route, which vpcsim
// adds itself, and for routes it does not model (reported).
func (b *builder) route(table string, rt ec2t.Route, s *src) (vpc.Route, bool) {
	var x vpc.Route
	dest := cmpOr(str(rt.DestinationCidrBlock), cmpOr(str(rt.DestinationIpv6CidrBlock), str(rt.DestinationPrefixListId)))
	ref := table + " " + dest
	gw := str(rt.GatewayId)
	if gw == "local" {
		return x, false
	}
	switch {
	case str(rt.DestinationPrefixListId) != "":
		x.PrefixList = str(rt.DestinationPrefixListId)
	case str(rt.DestinationCidrBlock) != "" || str(rt.DestinationIpv6CidrBlock) != "":
		p, err := parsePrefix(dest)
		if err != nil {
			b.skip("route", ref, s, "%v", err)
			return x, false
		}
		x.Destination = p
	default:
		b.skip("route", ref, s, "no destination")
		return x, false
	}
	if string(rt.Origin) == "EnableVgwRoutePropagation" {
		// Propagated from a virtual private gateway: vpcsim propagates
		// it from the gateway's connections, which it learns here.
		b.learn(gw, dest)
		return x, false
	}
	switch {
	case str(rt.NatGatewayId) != "":
		x.Target = vpc.ToNATGateway(str(rt.NatGatewayId))
	case str(rt.EgressOnlyInternetGatewayId) != "":
		x.Target = vpc.ToEgressOnlyGateway(str(rt.EgressOnlyInternetGatewayId))
	case str(rt.VpcPeeringConnectionId) != "":
		x.Target = vpc.ToPeeringConnection(str(rt.VpcPeeringConnectionId))
	case str(rt.TransitGatewayId) != "":
		x.Target = vpc.ToTransitGateway(str(rt.TransitGatewayId))
	case str(rt.NetworkInterfaceId) != "":
		x.Target = vpc.ToNetworkInterface(str(rt.NetworkInterfaceId))
	case str(rt.InstanceId) != "":
		eni := b.primaryENI(str(rt.InstanceId))
		if eni == "" {
			b.skip("route", ref, s, "targets instance %s, whose primary interface is unknown: add describe-instances output", str(rt.InstanceId))
			return x, false
		}
		x.Target = vpc.ToNetworkInterface(eni)
	case strings.HasPrefix(gw, "igw-"):
		x.Target = vpc.ToInternetGateway(gw)
	case strings.HasPrefix(gw, "vpce-") && b.isGWLBEndpoint(gw):
		x.Target = vpc.ToVPCEndpoint(gw)
	case strings.HasPrefix(gw, "vpce-"):
		b.skip("route", ref, s, "targets VPC endpoint %s, which is no Gateway Load Balancer endpoint of the import (a gateway endpoint's routes are declared by its RouteTables in Result.VPCEndpoints)", gw)
		return x, false
	case strings.HasPrefix(gw, "vgw-"):
		x.Target = vpc.ToVPNGateway(gw)
	case str(rt.LocalGatewayId) != "":
		b.skip("route", ref, s, "targets local gateway %s (Outposts), which is not modelled", str(rt.LocalGatewayId))
		return x, false
	case str(rt.CarrierGatewayId) != "":
		b.skip("route", ref, s, "targets carrier gateway %s, which is not modelled", str(rt.CarrierGatewayId))
		return x, false
	case str(rt.CoreNetworkArn) != "":
		b.skip("route", ref, s, "targets Cloud WAN core network %s, which is not modelled", str(rt.CoreNetworkArn))
		return x, false
	default:
		b.skip("route", ref, s, "target %q is not modelled", gw)
		return x, false
	}
	x.Blackhole = string(rt.State) == "blackhole"
	return x, true
}

// primaryENI returns the primary interface (device index 0) of an
// instance.
func (b *builder) primaryENI(instance string) string {
	r, ok := b.instances[instance]
	if !ok {
		return ""
	}
	for _, ni := range r.v.NetworkInterfaces {
		if ni.Attachment != nil && ni.Attachment.DeviceIndex != nil && *ni.Attachment.DeviceIndex == 0 {
			return str(ni.NetworkInterfaceId)
		}
	}
	if len(r.v.NetworkInterfaces) > 0 {
		return str(r.v.NetworkInterfaces[0].NetworkInterfaceId)
	}
	return ""
}

func (b *builder) mapSecurityGroups() {
	for _, r := range dedupe(b, "security-group", b.raw.sgs, func(g *ec2t.SecurityGroup) string { return str(g.GroupId) }) {
		g := r.v
		id := str(g.GroupId)
		if str(g.VpcId) == "" {
			b.skip("security-group", id, r.src, "not in a VPC (EC2-Classic)")
			continue
		}
		name, tg := tags(g.Tags)
		if name == "" {
			name = str(g.GroupName)
		}
		out := vpc.SecurityGroup{ID: id, Name: name, VPC: str(g.VpcId), Default: str(g.GroupName) == "default", Tags: tg}
		out.Ingress = b.sgRules(id, "ingress", g.IpPermissions, r.src)
		out.Egress = b.sgRules(id, "egress", g.IpPermissionsEgress, r.src)
		b.net.SecurityGroups = append(b.net.SecurityGroups, out)
	}
}

// sgRules splits IpPermissions into one rule per peer.
func (b *builder) sgRules(group, dir string, perms []ec2t.IpPermission, s *src) []vpc.SGRule {
	var out []vpc.SGRule
	for i, p := range perms {
		ref := fmt.Sprintf("%s %s[%d]", group, dir, i)
		base, err := traffic(str(p.IpProtocol), p.FromPort, p.ToPort)
		if err != nil {
			b.skip("security-group-rule", ref, s, "%v", err)
			continue
		}
		for _, x := range p.IpRanges {
			c, err := parsePrefix(str(x.CidrIp))
			if err != nil {
				b.skip("security-group-rule", ref, s, "%v", err)
				continue
			}
			r := base
			r.CIDR, r.Description = c, str(x.Description)
			out = append(out, r)
		}
		for _, x := range p.Ipv6Ranges {
			c, err := parsePrefix(str(x.CidrIpv6))
			if err != nil {
				b.skip("security-group-rule", ref, s, "%v", err)
				continue
			}
			r := base
			r.CIDR, r.Description = c, str(x.Description)
			out = append(out, r)
		}
		for _, x := range p.PrefixListIds {
			r := base
			r.PrefixList, r.Description = str(x.PrefixListId), str(x.Description)
			out = append(out, r)
		}
		for _, x := range p.UserIdGroupPairs {
			if str(x.GroupId) == "" {
				b.skip("security-group-rule", ref, s, "group pair without a GroupId")
				continue
			}
			r := base
			r.Group, r.Description = str(x.GroupId), str(x.Description)
			out = append(out, r)
		}
	}
	return out
}

// traffic maps an IpProtocol and FromPort/ToPort (ports for TCP and UDP,
// type and code for ICMP, -1 meaning all) to a rule's protocol, ports and
// ICMP selector.
func traffic(proto string, from, to *int32) (vpc.SGRule, error) {
	p, err := vpc.ParseProtocol(proto)
	if err != nil {
		return vpc.SGRule{}, err
	}
	r := vpc.SGRule{Protocol: p}
	f, t := int32(-1), int32(-1)
	if from != nil {
		f = *from
	}
	if to != nil {
		t = *to
	}
	switch {
	case p.HasPorts():
		if f == -1 && t == -1 {
			r.Ports = vpc.AllPorts
			break
		}
		if f < 0 || t > 65535 || f > t {
			return r, fmt.Errorf("%s ports %d-%d: want 0-65535, from not above to", p, f, t)
		}
		r.Ports = vpc.Ports(uint16(f), uint16(t))
	case p.IsICMP():
		icmp, err := icmpSel(f, t)
		if err != nil {
			return r, err
		}
		r.ICMP = icmp
	}
	return r, nil
}

func icmpSel(typ, code int32) (vpc.ICMP, error) {
	switch {
	case typ == -1:
		return vpc.AnyICMP, nil
	case typ < 0 || typ > 255 || code < -1 || code > 255:
		return vpc.ICMP{}, fmt.Errorf("icmp type %d code %d: want -1 (any) or 0-255", typ, code)
	case code == -1:
		return vpc.ICMPType(uint8(typ)), nil
	}
	return vpc.ICMPMessage(uint8(typ), uint8(code)), nil
}

func (b *builder) mapACLs() {
	for _, r := range dedupe(b, "network-acl", b.raw.acls, func(a *ec2t.NetworkAcl) string { return str(a.NetworkAclId) }) {
		a := r.v
		id := str(a.NetworkAclId)
		name, tg := tags(a.Tags)
		out := vpc.NetworkACL{ID: id, Name: name, VPC: str(a.VpcId), Default: boolv(a.IsDefault), Tags: tg}
		for _, as := range a.Associations {
			if s := str(as.SubnetId); s != "" {
				out.Subnets = append(out.Subnets, s)
			}
		}
		for _, e := range a.Entries {
			n := int(-1)
			if e.RuleNumber != nil {
				n = int(*e.RuleNumber)
			}
			ref := fmt.Sprintf("%s rule %d", id, n)
			dir := "inbound"
			if boolv(e.Egress) {
				dir = "outbound"
			}
			ref += " " + dir
			if n > 32766 {
				// Rule numbers above 32766 are reserved to AWS: they hold
				// the final deny of every ACL (32767 for IPv4, 32768 for
				// IPv6), which vpcsim applies implicitly.
				if string(e.RuleAction) != "deny" || str(e.Protocol) != "-1" || cmpOr(str(e.CidrBlock), str(e.Ipv6CidrBlock)) != "0.0.0.0/0" && str(e.Ipv6CidrBlock) != "::/0" {
					b.skip("network-acl-entry", ref, r.src, "a reserved rule number that is not the final deny-all")
				}
				continue
			}
			x, err := aclEntry(e)
			if err != nil {
				b.skip("network-acl-entry", ref, r.src, "%v", err)
				continue
			}
			if dir == "outbound" {
				out.Outbound = append(out.Outbound, x)
			} else {
				out.Inbound = append(out.Inbound, x)
			}
		}
		slices.SortStableFunc(out.Inbound, func(x, y vpc.ACLEntry) int { return x.Number - y.Number })
		slices.SortStableFunc(out.Outbound, func(x, y vpc.ACLEntry) int { return x.Number - y.Number })
		b.net.NetworkACLs = append(b.net.NetworkACLs, out)
	}
}

func aclEntry(e ec2t.NetworkAclEntry) (vpc.ACLEntry, error) {
	var x vpc.ACLEntry
	if e.RuleNumber == nil {
		return x, fmt.Errorf("no rule number")
	}
	x.Number = int(*e.RuleNumber)
	switch a := string(e.RuleAction); a {
	case "allow":
		x.Action = vpc.Allow
	case "deny":
		x.Action = vpc.Deny
	default:
		return x, fmt.Errorf("rule action %q: want allow or deny", a)
	}
	p, err := vpc.ParseProtocol(str(e.Protocol))
	if err != nil {
		return x, err
	}
	x.Protocol = p
	c, err := parsePrefix(cmpOr(str(e.CidrBlock), str(e.Ipv6CidrBlock)))
	if err != nil {
		return x, err
	}
	x.CIDR = c
	switch {
	case p.HasPorts():
		x.Ports = vpc.AllPorts
		if pr := e.PortRange; pr != nil && pr.From != nil && pr.To != nil {
			f, t := *pr.From, *pr.To
			if f < 0 || t > 65535 || f > t {
				return x, fmt.Errorf("ports %d-%d: want 0-65535, from not above to", f, t)
			}
			x.Ports = vpc.Ports(uint16(f), uint16(t))
		}
	case p.IsICMP():
		if tc := e.IcmpTypeCode; tc != nil {
			t, c := int32(-1), int32(-1)
			if tc.Type != nil {
				t = *tc.Type
			}
			if tc.Code != nil {
				c = *tc.Code
			}
			icmp, err := icmpSel(t, c)
			if err != nil {
				return x, err
			}
			x.ICMP = icmp
		}
	}
	return x, nil
}

// peeringStatus maps a peering connection's status code.
func peeringStatus(code string) (vpc.PeeringStatus, bool) {
	switch code {
	case "active", "":
		return vpc.PeeringActive, true
	case "pending-acceptance", "initiating-request", "provisioning":
		return vpc.PeeringPendingAcceptance, true
	case "deleted", "deleting":
		return vpc.PeeringDeleted, true
	case "rejected":
		return vpc.PeeringRejected, true
	case "expired":
		return vpc.PeeringExpired, true
	case "failed":
		return vpc.PeeringFailed, true
	}
	return "", false
}

func (b *builder) mapPeerings() {
	for _, r := range dedupe(b, "vpc-peering-connection", b.raw.peerings, func(p *ec2t.VpcPeeringConnection) string {
		return str(p.VpcPeeringConnectionId)
	}) {
		p := r.v
		id := str(p.VpcPeeringConnectionId)
		code := ""
		if p.Status != nil {
			code = string(p.Status.Code)
		}
		st, ok := peeringStatus(code)
		if !ok {
			b.skip("vpc-peering-connection", id, r.src, "status %q is not known", code)
			continue
		}
		if st == vpc.PeeringActive {
			st = "" // the zero status is active, as hand-written declarations leave it
		}
		name, tg := tags(p.Tags)
		out := vpc.PeeringConnection{ID: id, Name: name, Status: st, Tags: tg}
		if p.RequesterVpcInfo != nil {
			out.RequesterVPC = str(p.RequesterVpcInfo.VpcId)
			b.peerRegion(out.RequesterVPC, p.RequesterVpcInfo)
		}
		if p.AccepterVpcInfo != nil {
			out.AccepterVPC = str(p.AccepterVpcInfo.VpcId)
			b.peerRegion(out.AccepterVPC, p.AccepterVpcInfo)
		}
		b.net.PeeringConnections = append(b.net.PeeringConnections, out)
	}
}

// peerRegion fills a VPC's Region and account from a peering
// connection's view of it when the layout did not give them.
func (b *builder) peerRegion(vpcID string, info *ec2t.VpcPeeringConnectionVpcInfo) {
	v, ok := b.vpcs[vpcID]
	if !ok {
		return
	}
	if v.Region == "" {
		v.Region = str(info.Region)
	}
	if v.Account == "" {
		v.Account = str(info.OwnerId)
	}
}

func (b *builder) mapTransitGateways() {
	for _, r := range dedupe(b, "transit-gateway", b.raw.tgws, func(t *ec2t.TransitGateway) string { return str(t.TransitGatewayId) }) {
		t := r.v
		id := str(t.TransitGatewayId)
		if st := string(t.State); st == "deleted" || st == "deleting" {
			b.skip("transit-gateway", id, r.src, "state %s", st)
			continue
		}
		name, tg := tags(t.Tags)
		out := vpc.TransitGateway{ID: id, Name: name, Account: accountOf(str(t.OwnerId), str(t.TransitGatewayArn), r.src),
			Region: regionOf(str(t.TransitGatewayArn), r.src), Tags: tg}
		if o := t.Options; o != nil {
			out.SecurityGroupReferencing = string(o.SecurityGroupReferencingSupport) == "enable"
		}
		b.net.TransitGateways = append(b.net.TransitGateways, out)
	}

	// Associations and propagations from the route tables' side.
	assoc := map[string]string{}
	props := map[string][]string{}
	for _, r := range byFile(b.raw.tgwAssocs) {
		for _, a := range r.v.items {
			if st := string(a.State); st == "associated" || st == "associating" || st == "" {
				assoc[str(a.TransitGatewayAttachmentId)] = r.v.owner
			}
		}
	}
	for _, r := range b.raw.tgwProps {
		for _, p := range r.v.items {
			if st := string(p.State); st == "enabled" || st == "enabling" || st == "" {
				att := str(p.TransitGatewayAttachmentId)
				if !slices.Contains(props[att], r.v.owner) {
					props[att] = append(props[att], r.v.owner)
				}
			}
		}
	}

	vpcAtts := map[string]rec[ec2t.TransitGatewayVpcAttachment]{}
	for _, r := range dedupe(b, "transit-gateway-attachment", b.raw.tgwVPCAtts, func(a *ec2t.TransitGatewayVpcAttachment) string {
		return str(a.TransitGatewayAttachmentId)
	}) {
		vpcAtts[str(r.v.TransitGatewayAttachmentId)] = r
	}
	generic := map[string]rec[ec2t.TransitGatewayAttachment]{}
	var ids []string
	for _, r := range dedupe(b, "transit-gateway-attachment", b.splitPeeringViews(), func(a *ec2t.TransitGatewayAttachment) string {
		return str(a.TransitGatewayAttachmentId)
	}) {
		id := str(r.v.TransitGatewayAttachmentId)
		generic[id] = r
		ids = append(ids, id)
	}
	for id := range vpcAtts {
		if _, ok := generic[id]; !ok {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		g, hasG := generic[id]
		v, hasV := vpcAtts[id]
		s := g.src
		if hasV {
			s = v.src
		}
		if hasG && string(g.v.ResourceType) != "vpc" {
			if !b.hybridAttachment(g, assoc, props) {
				b.skip("transit-gateway-attachment", id, g.src, "%s attachments are not modelled", g.v.ResourceType)
			}
			continue
		}
		state := ""
		if hasV {
			state = string(v.v.State)
		} else {
			state = string(g.v.State)
		}
		switch state {
		case "", "available", "modifying":
		default:
			b.skip("transit-gateway-attachment", id, s, "state %s: carries no traffic", state)
			continue
		}
		if !hasV {
			b.skip("transit-gateway-attachment", id, s, "its subnets are unknown: add describe-transit-gateway-vpc-attachments output")
			continue
		}
		name, tg := tags(v.v.Tags)
		out := vpc.TransitGatewayAttachment{ID: id, Name: name, TransitGateway: str(v.v.TransitGatewayId), VPC: str(v.v.VpcId),
			Subnets: slices.Clone(v.v.SubnetIds), Tags: tg}
		if o := v.v.Options; o != nil {
			out.IPv6Support = string(o.Ipv6Support) == "enable"
			out.SecurityGroupReferencingDisabled = string(o.SecurityGroupReferencingSupport) == "disable"
			out.ApplianceMode = string(o.ApplianceModeSupport) == "enable"
		}
		if hasG && g.v.Association != nil {
			if st := string(g.v.Association.State); st == "associated" || st == "associating" || st == "" {
				out.RouteTable = str(g.v.Association.TransitGatewayRouteTableId)
			}
		}
		if out.RouteTable == "" {
			out.RouteTable = assoc[id]
		}
		out.Propagations = props[id]
		slices.Sort(out.Propagations)
		b.net.TransitGatewayAttachments = append(b.net.TransitGatewayAttachments, out)
	}

	routes := map[string][]vpc.TGWRoute{}
	hasRoutes := map[string]bool{}
	for _, r := range byFile(b.raw.tgwRoutes) {
		rtb := r.v.owner
		if hasRoutes[rtb] {
			continue
		}
		hasRoutes[rtb] = true
		for _, x := range r.v.items {
			dest := cmpOr(str(x.DestinationCidrBlock), str(x.PrefixListId))
			ref := rtb + " " + dest
			if string(x.Type) == "propagated" {
				// vpcsim propagates the attachments' routes itself; those
				// of VPN and Direct Connect attachments tell what the
				// customer side advertises.
				for _, a := range x.TransitGatewayAttachments {
					if t := string(a.ResourceType); t == "vpn" || t == "direct-connect-gateway" {
						b.learn(str(a.TransitGatewayAttachmentId), dest)
					}
				}
				continue
			}
			if str(x.PrefixListId) != "" {
				b.skip("transit-gateway-route", ref, r.src, "prefix-list references in transit gateway route tables are not modelled")
				continue
			}
			p, err := parsePrefix(dest)
			if err != nil {
				b.skip("transit-gateway-route", ref, r.src, "%v", err)
				continue
			}
			out := vpc.TGWRoute{Destination: p}
			switch st := string(x.State); {
			case st == "blackhole":
				out.Blackhole = true
			case st == "deleted" || st == "deleting":
				continue
			}
			if !out.Blackhole {
				if len(x.TransitGatewayAttachments) == 0 {
					b.skip("transit-gateway-route", ref, r.src, "no attachment")
					continue
				}
				a := x.TransitGatewayAttachments[0]
				if rt := string(a.ResourceType); rt != "" && rt != "vpc" && rt != "vpn" && rt != "direct-connect-gateway" && rt != "peering" {
					b.skip("transit-gateway-route", ref, r.src, "targets a %s attachment, which is not modelled", rt)
					continue
				}
				out.Attachment = str(a.TransitGatewayAttachmentId)
				if len(x.TransitGatewayAttachments) > 1 {
					b.skip("transit-gateway-route", ref, r.src, "equal-cost routes to several attachments are not modelled: vpcsim routes to the first, %s", out.Attachment)
				}
			}
			routes[rtb] = append(routes[rtb], out)
		}
	}
	for _, r := range dedupe(b, "transit-gateway-route-table", b.raw.tgwRTs, func(t *ec2t.TransitGatewayRouteTable) string {
		return str(t.TransitGatewayRouteTableId)
	}) {
		id := str(r.v.TransitGatewayRouteTableId)
		if st := string(r.v.State); st == "deleted" || st == "deleting" {
			b.skip("transit-gateway-route-table", id, r.src, "state %s", st)
			continue
		}
		name, tg := tags(r.v.Tags)
		out := vpc.TransitGatewayRouteTable{ID: id, Name: name, TransitGateway: str(r.v.TransitGatewayId), Routes: routes[id], Tags: tg}
		if !hasRoutes[id] {
			b.skip("transit-gateway-route-table-routes", id, r.src, "static routes unknown: add the output of aws ec2 search-transit-gateway-routes --transit-gateway-route-table-id %s --filters Name=type,Values=static as %s.json", id, id)
		}
		b.net.TransitGatewayRouteTables = append(b.net.TransitGatewayRouteTables, out)
	}
}
