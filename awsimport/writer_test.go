package awsimport

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"time"

	ec2t "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// This file writes a sim.Network out as the describe output the AWS CLI
// would print for it, with the SDK's types, so that large generated
// networks can be imported back (benchmarks and round-trip tests). Like
// AWS, it gives every interface and NAT gateway concrete addresses: the
// declared ones, else the next free address of the subnet, and a public
// address from 54.0.0.0/8 to those that want one.

const writerAccount, writerRegion = "123456789012", "us-east-1"

func sp(s string) *string { return &s }
func bp(b bool) *bool     { return &b }
func ip32(i int) *int32   { v := int32(i); return &v }

func ec2Tags(name string, tags map[string]string) []ec2t.Tag {
	var out []ec2t.Tag
	if name != "" {
		out = append(out, ec2t.Tag{Key: sp("Name"), Value: sp(name)})
	}
	for k, v := range tags {
		if k != "Name" {
			out = append(out, ec2t.Tag{Key: sp(k), Value: sp(v)})
		}
	}
	return out
}

// addrAlloc hands out the free addresses of subnets, as AWS does when an
// interface is created without one.
type addrAlloc struct {
	next  map[string]netip.Addr
	taken map[netip.Addr]bool
	pub   netip.Addr
}

func newAddrAlloc(n *sim.Network) *addrAlloc {
	a := &addrAlloc{next: map[string]netip.Addr{}, taken: map[netip.Addr]bool{}, pub: netip.MustParseAddr("54.0.0.1")}
	for _, e := range n.NetworkInterfaces {
		for _, ip := range e.PrivateIPs {
			a.taken[ip] = true
		}
		if e.PublicIP.IsValid() {
			a.taken[e.PublicIP] = true
		}
		for _, x := range e.ElasticIPs {
			a.taken[x.PublicIP] = true
		}
	}
	for _, g := range n.NATGateways {
		a.taken[g.PrivateIP] = true
		a.taken[g.ElasticIP] = true
	}
	return a
}

func (a *addrAlloc) private(s vpc.Subnet) netip.Addr {
	ip, ok := a.next[s.ID]
	if !ok {
		ip = s.CIDR.Addr()
	}
	for vpc.IsReserved(s.CIDR, ip) || a.taken[ip] {
		ip = ip.Next()
	}
	a.taken[ip] = true
	a.next[s.ID] = ip.Next()
	return ip
}

func (a *addrAlloc) public() netip.Addr {
	for a.taken[a.pub] {
		a.pub = a.pub.Next()
	}
	ip := a.pub
	a.taken[ip] = true
	return ip
}

// ipPermission writes one security group rule.
func ipPermission(r vpc.SGRule) ec2t.IpPermission {
	p := ec2t.IpPermission{IpProtocol: sp(protoName(r.Protocol, true))}
	switch {
	case r.Protocol.HasPorts():
		p.FromPort, p.ToPort = ip32(int(r.Ports.From)), ip32(int(r.Ports.To))
	case r.Protocol.IsICMP():
		p.FromPort, p.ToPort = ip32(r.ICMP.Type()), ip32(r.ICMP.Code())
	}
	var desc *string
	if r.Description != "" {
		desc = sp(r.Description)
	}
	switch {
	case r.CIDR.IsValid() && r.CIDR.Addr().Is4():
		p.IpRanges = []ec2t.IpRange{{CidrIp: sp(r.CIDR.String()), Description: desc}}
	case r.CIDR.IsValid():
		p.Ipv6Ranges = []ec2t.Ipv6Range{{CidrIpv6: sp(r.CIDR.String()), Description: desc}}
	case r.PrefixList != "":
		p.PrefixListIds = []ec2t.PrefixListId{{PrefixListId: sp(r.PrefixList), Description: desc}}
	case r.Group != "":
		p.UserIdGroupPairs = []ec2t.UserIdGroupPair{{GroupId: sp(r.Group), UserId: sp(writerAccount), Description: desc}}
	}
	return p
}

// protoName spells a protocol as describe output does: security groups
// use names for tcp, udp, icmp and icmpv6, network ACLs numbers.
func protoName(p vpc.Protocol, names bool) string {
	if p == vpc.ProtocolAll {
		return "-1"
	}
	if names {
		switch p {
		case vpc.ProtocolTCP, vpc.ProtocolUDP, vpc.ProtocolICMP, vpc.ProtocolICMPv6:
			return p.String()
		}
	}
	return strconv.Itoa(int(p))
}

// eniDescribe returns how describe output shows an interface of kind k:
// its type, description, requester and instance.
func eniDescribe(e vpc.NetworkInterface) (typ, desc, requester, instance string) {
	switch e.Kind {
	case "", vpc.KindEC2:
		return "interface", "", "", cmpOr(e.Owner, "i-"+e.ID)
	case vpc.KindEKSNode:
		return "interface", "aws-K8S-" + e.Owner, "", e.Owner
	case vpc.KindEKSPod:
		return "branch", "aws-k8s-branch-eni", "", ""
	case vpc.KindLambda:
		return "lambda", "AWS Lambda VPC ENI-" + e.Owner, "AROAEXAMPLE:" + e.Owner, ""
	case vpc.KindECSTask:
		return "interface", "arn:aws:ecs:us-east-1:123456789012:attachment/" + e.ID, "AROAECS", ""
	case vpc.KindEKSControl:
		return "interface", "Amazon EKS " + e.Owner, "AROAEKS", ""
	case vpc.KindRDS:
		return "interface", "RDSNetworkInterface", "amazon-rds", ""
	case vpc.KindElastiCache:
		return "interface", "ElastiCache " + e.Owner, "amazon-elasticache", ""
	case vpc.KindLoadBalancer:
		return "interface", "ELB " + e.Owner, "amazon-elb", ""
	case vpc.KindVPCEndpoint:
		return "vpc_endpoint", "VPC Endpoint Interface " + e.Owner, "727180483921", ""
	}
	return "interface", "managed by " + e.Owner, "AROAOTHER", ""
}

// writeDescribe writes n as describe output under dir/aws_configs/<account>/<region>.
func writeDescribe(dir string, n *sim.Network) error {
	out := filepath.Join(dir, "aws_configs", writerAccount, writerRegion)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	write := func(name string, v any) error {
		b, err := json.MarshalIndent(v, "", "    ")
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(out, name)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(out, name), b, 0o644)
	}
	created := time.Date(2024, 3, 1, 10, 15, 30, 0, time.UTC)
	subnets := map[string]vpc.Subnet{}
	alloc := newAddrAlloc(n)

	var vpcs []ec2t.Vpc
	for _, v := range n.VPCs {
		x := ec2t.Vpc{VpcId: sp(v.ID), OwnerId: sp(writerAccount), State: "available", CidrBlock: sp(v.CIDRs[0].String()),
			InstanceTenancy: "default", IsDefault: bp(false), DhcpOptionsId: sp("dopt-0123456789abcdef0"), Tags: ec2Tags(v.Name, v.Tags)}
		for _, c := range v.CIDRs {
			x.CidrBlockAssociationSet = append(x.CidrBlockAssociationSet, ec2t.VpcCidrBlockAssociation{CidrBlock: sp(c.String()),
				AssociationId: sp("vpc-cidr-assoc-" + c.Addr().String()), CidrBlockState: &ec2t.VpcCidrBlockState{State: "associated"}})
		}
		if v.IPv6CIDR.IsValid() {
			x.Ipv6CidrBlockAssociationSet = []ec2t.VpcIpv6CidrBlockAssociation{{Ipv6CidrBlock: sp(v.IPv6CIDR.String()),
				Ipv6CidrBlockState: &ec2t.VpcCidrBlockState{State: "associated"}, NetworkBorderGroup: sp(writerRegion)}}
		}
		vpcs = append(vpcs, x)
	}
	var sns []ec2t.Subnet
	for _, s := range n.Subnets {
		subnets[s.ID] = s
		x := ec2t.Subnet{SubnetId: sp(s.ID), VpcId: sp(s.VPC), AvailabilityZone: sp(s.AvailabilityZone), CidrBlock: sp(s.CIDR.String()),
			MapPublicIpOnLaunch: bp(s.MapPublicIPOnLaunch), State: "available", OwnerId: sp(writerAccount), DefaultForAz: bp(false),
			AvailableIpAddressCount: ip32(vpc.UsableAddresses(s.CIDR)), SubnetArn: sp("arn:aws:ec2:us-east-1:123456789012:subnet/" + s.ID),
			Tags: ec2Tags(s.Name, s.Tags)}
		if s.IPv6CIDR.IsValid() {
			x.Ipv6CidrBlockAssociationSet = []ec2t.SubnetIpv6CidrBlockAssociation{{Ipv6CidrBlock: sp(s.IPv6CIDR.String()),
				Ipv6CidrBlockState: &ec2t.SubnetCidrBlockState{State: "associated"}}}
		}
		sns = append(sns, x)
	}
	var rts []ec2t.RouteTable
	for _, t := range n.RouteTables {
		x := ec2t.RouteTable{RouteTableId: sp(t.ID), VpcId: sp(t.VPC), OwnerId: sp(writerAccount), Tags: ec2Tags(t.Name, t.Tags)}
		if t.Main {
			x.Associations = append(x.Associations, ec2t.RouteTableAssociation{Main: bp(true), RouteTableId: sp(t.ID),
				AssociationState: &ec2t.RouteTableAssociationState{State: "associated"}})
		}
		for _, s := range t.Subnets {
			x.Associations = append(x.Associations, ec2t.RouteTableAssociation{Main: bp(false), SubnetId: sp(s), RouteTableId: sp(t.ID),
				AssociationState: &ec2t.RouteTableAssociationState{State: "associated"}})
		}
		for _, v := range n.VPCs {
			if v.ID == t.VPC {
				for _, c := range v.CIDRs {
					x.Routes = append(x.Routes, ec2t.Route{DestinationCidrBlock: sp(c.String()), GatewayId: sp("local"), Origin: "CreateRouteTable", State: "active"})
				}
			}
		}
		for _, r := range t.Routes {
			y := ec2t.Route{Origin: "CreateRoute", State: "active"}
			if r.Blackhole {
				y.State = "blackhole"
			}
			switch {
			case r.PrefixList != "":
				y.DestinationPrefixListId = sp(r.PrefixList)
			case r.Destination.Addr().Is4():
				y.DestinationCidrBlock = sp(r.Destination.String())
			default:
				y.DestinationIpv6CidrBlock = sp(r.Destination.String())
			}
			id := sp(r.Target.ID)
			switch r.Target.Kind {
			case vpc.TargetLocal:
				y.GatewayId = sp("local")
			case vpc.TargetInternetGateway:
				y.GatewayId = id
			case vpc.TargetEgressOnlyGateway:
				y.EgressOnlyInternetGatewayId = id
			case vpc.TargetNATGateway:
				y.NatGatewayId = id
			case vpc.TargetNetworkInterface:
				y.NetworkInterfaceId = id
			case vpc.TargetPeeringConnection:
				y.VpcPeeringConnectionId = id
			case vpc.TargetTransitGateway:
				y.TransitGatewayId = id
			}
			x.Routes = append(x.Routes, y)
		}
		rts = append(rts, x)
	}
	var sgs []ec2t.SecurityGroup
	for _, g := range n.SecurityGroups {
		name := g.Name
		if g.Default {
			name = "default"
		} else if name == "" {
			name = g.ID
		}
		x := ec2t.SecurityGroup{GroupId: sp(g.ID), GroupName: sp(name), VpcId: sp(g.VPC), OwnerId: sp(writerAccount),
			Description: sp("group " + name), Tags: ec2Tags("", g.Tags)}
		for _, r := range g.Ingress {
			x.IpPermissions = append(x.IpPermissions, ipPermission(r))
		}
		for _, r := range g.Egress {
			x.IpPermissionsEgress = append(x.IpPermissionsEgress, ipPermission(r))
		}
		sgs = append(sgs, x)
	}
	var acls []ec2t.NetworkAcl
	for _, a := range n.NetworkACLs {
		x := ec2t.NetworkAcl{NetworkAclId: sp(a.ID), VpcId: sp(a.VPC), IsDefault: bp(a.Default), OwnerId: sp(writerAccount), Tags: ec2Tags(a.Name, a.Tags)}
		for i, s := range a.Subnets {
			x.Associations = append(x.Associations, ec2t.NetworkAclAssociation{SubnetId: sp(s), NetworkAclId: sp(a.ID),
				NetworkAclAssociationId: sp(fmt.Sprintf("aclassoc-%s-%d", a.ID, i))})
		}
		for _, dir := range []struct {
			egress  bool
			entries []vpc.ACLEntry
		}{{false, a.Inbound}, {true, a.Outbound}} {
			for _, e := range dir.entries {
				y := ec2t.NetworkAclEntry{RuleNumber: ip32(e.Number), Egress: bp(dir.egress), Protocol: sp(protoName(e.Protocol, false)),
					RuleAction: ec2t.RuleAction(e.Action)}
				if e.CIDR.Addr().Is4() {
					y.CidrBlock = sp(e.CIDR.String())
				} else {
					y.Ipv6CidrBlock = sp(e.CIDR.String())
				}
				switch {
				case e.Protocol.HasPorts():
					y.PortRange = &ec2t.PortRange{From: ip32(int(e.Ports.From)), To: ip32(int(e.Ports.To))}
				case e.Protocol.IsICMP():
					y.IcmpTypeCode = &ec2t.IcmpTypeCode{Type: ip32(e.ICMP.Type()), Code: ip32(e.ICMP.Code())}
				}
				x.Entries = append(x.Entries, y)
			}
			x.Entries = append(x.Entries, ec2t.NetworkAclEntry{RuleNumber: ip32(32767), Egress: bp(dir.egress), Protocol: sp("-1"),
				RuleAction: "deny", CidrBlock: sp("0.0.0.0/0")})
		}
		acls = append(acls, x)
	}
	var enis []ec2t.NetworkInterface
	for _, e := range n.NetworkInterfaces {
		s := subnets[e.Subnet]
		ips := e.PrivateIPs
		if len(ips) == 0 {
			ips = []netip.Addr{alloc.private(s)}
		}
		pub := e.PublicIP
		if !pub.IsValid() && e.WantsPublicIP(s.MapPublicIPOnLaunch) {
			pub = alloc.public()
		}
		typ, desc, requester, instance := eniDescribe(e)
		x := ec2t.NetworkInterface{NetworkInterfaceId: sp(e.ID), SubnetId: sp(e.Subnet), VpcId: sp(s.VPC), AvailabilityZone: sp(s.AvailabilityZone),
			InterfaceType: ec2t.NetworkInterfaceType(typ), Description: sp(desc), OwnerId: sp(writerAccount), Status: "in-use",
			MacAddress: sp("0e:11:22:33:44:55"), PrivateIpAddress: sp(ips[0].String()), SourceDestCheck: bp(!e.SourceDestCheckDisabled),
			RequesterManaged: bp(requester != ""), TagSet: ec2Tags(e.Name, e.Tags),
			PrivateDnsName: sp("ip-" + ips[0].String() + ".ec2.internal")}
		if requester != "" {
			x.RequesterId = sp(requester)
		}
		if instance != "" {
			x.Attachment = &ec2t.NetworkInterfaceAttachment{InstanceId: sp(instance), DeviceIndex: ip32(0), Status: "attached",
				AttachTime: &created, AttachmentId: sp("eni-attach-" + e.ID), DeleteOnTermination: bp(true), InstanceOwnerId: sp(writerAccount)}
		}
		for i, ip := range ips {
			p := ec2t.NetworkInterfacePrivateIpAddress{Primary: bp(i == 0), PrivateIpAddress: sp(ip.String())}
			if i == 0 && pub.IsValid() {
				p.Association = &ec2t.NetworkInterfaceAssociation{PublicIp: sp(pub.String()), IpOwnerId: sp("amazon")}
				x.Association = p.Association
			}
			for _, eip := range e.ElasticIPs {
				if eip.PrivateIP == ip {
					p.Association = &ec2t.NetworkInterfaceAssociation{PublicIp: sp(eip.PublicIP.String()), IpOwnerId: sp(writerAccount)}
				}
			}
			x.PrivateIpAddresses = append(x.PrivateIpAddresses, p)
		}
		for _, a := range e.IPv6Addrs {
			x.Ipv6Addresses = append(x.Ipv6Addresses, ec2t.NetworkInterfaceIpv6Address{Ipv6Address: sp(a.String())})
		}
		groups := e.SecurityGroups
		if len(groups) == 0 {
			for _, g := range n.SecurityGroups {
				if g.Default && g.VPC == s.VPC {
					groups = []string{g.ID}
				}
			}
		}
		for _, g := range groups {
			x.Groups = append(x.Groups, ec2t.GroupIdentifier{GroupId: sp(g)})
		}
		enis = append(enis, x)
	}
	var nats []ec2t.NatGateway
	for _, g := range n.NATGateways {
		s := subnets[g.Subnet]
		priv := g.PrivateIP
		if !priv.IsValid() {
			priv = alloc.private(s)
		}
		a := ec2t.NatGatewayAddress{PrivateIp: sp(priv.String()), IsPrimary: bp(true), Status: "succeeded", NetworkInterfaceId: sp("eni-" + g.ID)}
		if !g.IsPrivate() {
			a.PublicIp, a.AllocationId = sp(g.ElasticIP.String()), sp("eipalloc-"+g.ID)
		}
		ct := ec2t.ConnectivityTypePublic
		if g.IsPrivate() {
			ct = ec2t.ConnectivityTypePrivate
		}
		nats = append(nats, ec2t.NatGateway{NatGatewayId: sp(g.ID), SubnetId: sp(g.Subnet), VpcId: sp(s.VPC), State: "available",
			ConnectivityType: ct, NatGatewayAddresses: []ec2t.NatGatewayAddress{a}, CreateTime: &created, Tags: ec2Tags(g.Name, g.Tags)})
		enis = append(enis, ec2t.NetworkInterface{NetworkInterfaceId: sp("eni-" + g.ID), SubnetId: sp(g.Subnet), VpcId: sp(s.VPC),
			InterfaceType: "nat_gateway", PrivateIpAddress: sp(priv.String()), Status: "in-use", RequesterManaged: bp(true),
			PrivateIpAddresses: []ec2t.NetworkInterfacePrivateIpAddress{{Primary: bp(true), PrivateIpAddress: sp(priv.String())}}})
	}
	var igws []ec2t.InternetGateway
	for _, g := range n.InternetGateways {
		x := ec2t.InternetGateway{InternetGatewayId: sp(g.ID), OwnerId: sp(writerAccount), Tags: ec2Tags(g.Name, g.Tags)}
		if g.VPC != "" {
			x.Attachments = []ec2t.InternetGatewayAttachment{{VpcId: sp(g.VPC), State: "available"}}
		}
		igws = append(igws, x)
	}
	var eigws []ec2t.EgressOnlyInternetGateway
	for _, g := range n.EgressOnlyInternetGateways {
		eigws = append(eigws, ec2t.EgressOnlyInternetGateway{EgressOnlyInternetGatewayId: sp(g.ID),
			Attachments: []ec2t.InternetGatewayAttachment{{VpcId: sp(g.VPC), State: "attached"}}, Tags: ec2Tags(g.Name, g.Tags)})
	}
	var pls []ec2t.ManagedPrefixList
	for _, p := range n.PrefixLists {
		af := p.AddressFamily
		if af == "" {
			af = "IPv4"
		}
		owner := writerAccount
		if p.AWSManaged {
			owner = "AWS"
		}
		x := ec2t.ManagedPrefixList{PrefixListId: sp(p.ID), PrefixListName: sp(cmpOr(p.Name, p.ID)), AddressFamily: sp(af), OwnerId: sp(owner),
			State: "create-complete"}
		if p.MaxEntries > 0 {
			x.MaxEntries = ip32(p.MaxEntries)
		}
		pls = append(pls, x)
		var entries []ec2t.PrefixListEntry
		for _, c := range p.Entries {
			entries = append(entries, ec2t.PrefixListEntry{Cidr: sp(c.String())})
		}
		if err := write("PrefixListEntries-"+p.ID+".json", map[string]any{"Entries": entries, "PrefixListId": p.ID}); err != nil {
			return err
		}
	}
	var pcxs []ec2t.VpcPeeringConnection
	for _, p := range n.PeeringConnections {
		code := ec2t.VpcPeeringConnectionStateReasonCode(p.Status)
		if code == "" {
			code = "active"
		}
		pcxs = append(pcxs, ec2t.VpcPeeringConnection{VpcPeeringConnectionId: sp(p.ID), Status: &ec2t.VpcPeeringConnectionStateReason{Code: code},
			RequesterVpcInfo: &ec2t.VpcPeeringConnectionVpcInfo{VpcId: sp(p.RequesterVPC), OwnerId: sp(writerAccount), Region: sp(writerRegion)},
			AccepterVpcInfo:  &ec2t.VpcPeeringConnectionVpcInfo{VpcId: sp(p.AccepterVPC), OwnerId: sp(writerAccount), Region: sp(writerRegion)},
			Tags:             ec2Tags(p.Name, p.Tags)})
	}
	var tgws []ec2t.TransitGateway
	for _, t := range n.TransitGateways {
		sgr := ec2t.SecurityGroupReferencingSupportValueDisable
		if t.SecurityGroupReferencing {
			sgr = ec2t.SecurityGroupReferencingSupportValueEnable
		}
		tgws = append(tgws, ec2t.TransitGateway{TransitGatewayId: sp(t.ID), OwnerId: sp(writerAccount), State: "available",
			TransitGatewayArn: sp("arn:aws:ec2:us-east-1:123456789012:transit-gateway/" + t.ID),
			Options:           &ec2t.TransitGatewayOptions{SecurityGroupReferencingSupport: sgr}, Tags: ec2Tags(t.Name, t.Tags)})
	}
	var atts []ec2t.TransitGatewayAttachment
	var vatts []ec2t.TransitGatewayVpcAttachment
	props := map[string][]ec2t.TransitGatewayRouteTablePropagation{}
	for _, a := range n.TransitGatewayAttachments {
		x := ec2t.TransitGatewayAttachment{TransitGatewayAttachmentId: sp(a.ID), TransitGatewayId: sp(a.TransitGateway), ResourceType: "vpc",
			ResourceId: sp(a.VPC), ResourceOwnerId: sp(writerAccount), State: "available"}
		if a.RouteTable != "" {
			x.Association = &ec2t.TransitGatewayAttachmentAssociation{TransitGatewayRouteTableId: sp(a.RouteTable), State: "associated"}
		}
		atts = append(atts, x)
		o := &ec2t.TransitGatewayVpcAttachmentOptions{Ipv6Support: "disable", SecurityGroupReferencingSupport: "enable", ApplianceModeSupport: "disable", DnsSupport: "enable"}
		if a.IPv6Support {
			o.Ipv6Support = "enable"
		}
		if a.SecurityGroupReferencingDisabled {
			o.SecurityGroupReferencingSupport = "disable"
		}
		vatts = append(vatts, ec2t.TransitGatewayVpcAttachment{TransitGatewayAttachmentId: sp(a.ID), TransitGatewayId: sp(a.TransitGateway),
			VpcId: sp(a.VPC), VpcOwnerId: sp(writerAccount), State: "available", SubnetIds: a.Subnets, Options: o, CreationTime: &created})
		for _, rt := range a.Propagations {
			props[rt] = append(props[rt], ec2t.TransitGatewayRouteTablePropagation{TransitGatewayAttachmentId: sp(a.ID), ResourceId: sp(a.VPC),
				ResourceType: "vpc", State: "enabled"})
		}
	}
	var rtbs []ec2t.TransitGatewayRouteTable
	for _, t := range n.TransitGatewayRouteTables {
		rtbs = append(rtbs, ec2t.TransitGatewayRouteTable{TransitGatewayRouteTableId: sp(t.ID), TransitGatewayId: sp(t.TransitGateway), State: "available",
			Tags: ec2Tags(t.Name, t.Tags)})
		var routes []ec2t.TransitGatewayRoute
		for _, r := range t.Routes {
			y := ec2t.TransitGatewayRoute{DestinationCidrBlock: sp(r.Destination.String()), Type: "static", State: "active"}
			if r.Blackhole {
				y.State = "blackhole"
			} else {
				y.TransitGatewayAttachments = []ec2t.TransitGatewayRouteAttachment{{TransitGatewayAttachmentId: sp(r.Attachment), ResourceType: "vpc"}}
			}
			routes = append(routes, y)
		}
		if err := write(filepath.Join(t.ID, "Routes.json"), map[string]any{"Routes": routes, "AdditionalRoutesAvailable": false, "TransitGatewayRouteTableId": t.ID}); err != nil {
			return err
		}
		if err := write(filepath.Join(t.ID, "Propagations.json"), map[string]any{"TransitGatewayRouteTablePropagations": props[t.ID], "TransitGatewayRouteTableId": t.ID}); err != nil {
			return err
		}
	}
	for name, v := range map[string]any{
		"Vpcs.json":                         map[string]any{"Vpcs": vpcs},
		"Subnets.json":                      map[string]any{"Subnets": sns},
		"RouteTables.json":                  map[string]any{"RouteTables": rts},
		"SecurityGroups.json":               map[string]any{"SecurityGroups": sgs},
		"NetworkAcls.json":                  map[string]any{"NetworkAcls": acls},
		"NetworkInterfaces.json":            map[string]any{"NetworkInterfaces": enis},
		"NatGateways.json":                  map[string]any{"NatGateways": nats},
		"InternetGateways.json":             map[string]any{"InternetGateways": igws},
		"EgressOnlyInternetGateways.json":   map[string]any{"EgressOnlyInternetGateways": eigws},
		"ManagedPrefixLists.json":           map[string]any{"PrefixLists": pls},
		"VpcPeeringConnections.json":        map[string]any{"VpcPeeringConnections": pcxs},
		"TransitGateways.json":              map[string]any{"TransitGateways": tgws},
		"TransitGatewayAttachments.json":    map[string]any{"TransitGatewayAttachments": atts},
		"TransitGatewayVpcAttachments.json": map[string]any{"TransitGatewayVpcAttachments": vatts},
		"TransitGatewayRouteTables.json":    map[string]any{"TransitGatewayRouteTables": rtbs},
	} {
		if err := write(name, v); err != nil {
			return err
		}
	}
	return nil
}
