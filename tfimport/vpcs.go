package tfimport

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/vpcsim/vpcsim/vpc"
)

// prefix parses a CIDR attribute. It returns the zero prefix, without an
// error, when the value is unset.
func (b *builder) prefix(in *inst, a attrs, key, path string) netip.Prefix {
	s := a.str(key)
	if s == "" {
		return netip.Prefix{}
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		b.errorf(in, path, "%q is not a CIDR: want an address and a prefix length like 10.0.0.0/16", s)
		return netip.Prefix{}
	}
	if p != p.Masked() {
		b.errorf(in, path, "%q has host bits set: want %s", s, p.Masked())
		return netip.Prefix{}
	}
	return p
}

// addr parses an address attribute.
func (b *builder) addr(in *inst, s, path string) netip.Addr {
	if s == "" {
		return netip.Addr{}
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		b.errorf(in, path, "%q is not an IP address", s)
		return netip.Addr{}
	}
	return a
}

// arnParts returns the Region and account of an ARN.
func arnParts(arn string) (region, account string) {
	p := strings.SplitN(arn, ":", 6)
	if len(p) < 6 || p[0] != "arn" {
		return "", ""
	}
	return p[3], p[4]
}

func (b *builder) vpcDefaults(vpcID string) defaults {
	d := b.d.defs[vpcID]
	if d.rtb == "" {
		d.rtb = vpcID + "/main-rtb"
	}
	if d.sg == "" {
		d.sg = vpcID + "/default-sg"
	}
	if d.acl == "" {
		d.acl = vpcID + "/default-acl"
	}
	return d
}

// findDefaults works out, before anything is built, which declared
// resources are the default route table, security group and network ACL
// of each VPC, so that references to them resolve.
func (b *builder) findDefaults() {
	b.d.defs = map[string]defaults{}
	for _, in := range b.insts {
		var key, field string
		switch in.typ {
		case "aws_default_route_table":
			key, field = "default_route_table_id", "rtb"
		case "aws_default_security_group":
			key, field = "vpc_id", "sg"
		case "aws_default_network_acl":
			key, field = "default_network_acl_id", "acl"
		default:
			continue
		}
		vpcID := ""
		if v := in.a.str("vpc_id"); v != "" {
			vpcID = b.canon(v)
		} else {
			ts, _ := b.resolve(in.module, in.expr(key), in, 0)
			for _, t := range ts {
				if t.in != nil && t.in.typ == "aws_vpc" {
					vpcID = t.in.id
					break
				}
			}
		}
		if vpcID == "" {
			continue
		}
		b.d.defOwner[in.id] = vpcID
		d := b.d.defs[vpcID]
		switch field {
		case "rtb":
			d.rtb = in.id
		case "sg":
			d.sg = in.id
		case "acl":
			d.acl = in.id
		}
		b.d.defs[vpcID] = d
	}
	// In a state the VPC names its default resources by ID.
	for _, in := range b.insts {
		if in.typ != "aws_vpc" {
			continue
		}
		for _, k := range []string{"default_route_table_id", "default_security_group_id", "default_network_acl_id"} {
			d, ok := b.byAddr[""], false
			for _, o := range b.insts {
				if v := in.a.str(k); v != "" && o.id == v && strings.HasPrefix(o.typ, "aws_default_") {
					d, ok = o, true
				}
			}
			if !ok || b.d.defOwner[d.id] != "" {
				continue
			}
			b.d.defOwner[d.id] = in.id
			x := b.d.defs[in.id]
			switch k {
			case "default_route_table_id":
				x.rtb = d.id
			case "default_security_group_id":
				x.sg = d.id
			default:
				x.acl = d.id
			}
			b.d.defs[in.id] = x
		}
	}
	for _, in := range b.insts {
		if in.typ != "aws_vpc" {
			continue
		}
		d := b.vpcDefaults(in.id)
		for k, id := range map[string]string{"default_route_table_id": d.rtb, "default_security_group_id": d.sg, "default_network_acl_id": d.acl} {
			if v := in.a.str(k); v != "" {
				b.alias[v] = id
				b.typeOf[id] = map[string]string{"default_route_table_id": "aws_default_route_table", "default_security_group_id": "aws_default_security_group", "default_network_acl_id": "aws_default_network_acl"}[k]
			}
		}
	}
}

func (b *builder) doVPC(in *inst) {
	a := in.a
	cidr := b.prefix(in, a, "cidr_block", "cidr_block")
	if !cidr.IsValid() {
		b.skip(in, "cidr_block is known only after apply (allocated from IPAM?): a VPC needs its CIDR")
		return
	}
	v := &vpc.VPC{ID: in.id, Name: a.tags("tags")["Name"], CIDRs: []netip.Prefix{cidr}, Tags: a.tags("tags")}
	v.Region, v.Account = arnParts(a.str("arn"))
	if o := a.str("owner_id"); o != "" {
		v.Account = o
	}
	if dns, ok := a.boolean("enable_dns_support"); ok && !dns {
		v.EnableDNSSupport = &dns
	}
	if h, ok := a.boolean("enable_dns_hostnames"); ok {
		v.EnableDNSHostnames = h
	}
	if p := b.prefix(in, a, "ipv6_cidr_block", "ipv6_cidr_block"); p.IsValid() {
		v.IPv6CIDR = p
	} else if g, _ := a.boolean("assign_generated_ipv6_cidr_block"); g {
		b.skipAttr(in, "ipv6_cidr_block", "the Amazon-provided IPv6 block is known only after apply: the VPC is imported IPv4-only")
	}
	b.d.vpcs.put(in.id, in, v)
	b.imported(in, "vpc.VPC")
}

func (b *builder) doCIDRAssoc(in *inst) {
	vpcID := b.ref(in, in.a, "vpc_id", "vpc_id", in.expr("vpc_id"))
	v := b.d.vpcs.get(vpcID)
	if v == nil {
		b.skip(in, "its VPC %q is not in the import", vpcID)
		return
	}
	p := b.prefix(in, in.a, "cidr_block", "cidr_block")
	if !p.IsValid() {
		b.skip(in, "cidr_block is known only after apply (allocated from IPAM?)")
		return
	}
	v.CIDRs = append(v.CIDRs, p)
	b.imported(in, "secondary CIDR of "+vpcID)
}

func (b *builder) doIPv6Assoc(in *inst) {
	vpcID := b.ref(in, in.a, "vpc_id", "vpc_id", in.expr("vpc_id"))
	v := b.d.vpcs.get(vpcID)
	p := b.prefix(in, in.a, "ipv6_cidr_block", "ipv6_cidr_block")
	switch {
	case v == nil:
		b.skip(in, "its VPC %q is not in the import", vpcID)
	case !p.IsValid():
		b.skip(in, "ipv6_cidr_block is known only after apply")
	case v.IPv6CIDR.IsValid():
		b.skip(in, "vpcsim models one IPv6 block per VPC and %s already has %s", vpcID, v.IPv6CIDR)
	default:
		v.IPv6CIDR = p
		b.imported(in, "IPv6 block of "+vpcID)
	}
}

// zone returns the Availability Zone name of a subnet-like resource: the
// known value, or the element of an aws_availability_zones data source
// that the configuration names ("" when neither is known; an AZ ID is no
// zone name).
func (b *builder) zone(in *inst) string {
	if z := in.a.str("availability_zone"); z != "" {
		return z
	}
	ts, _ := b.resolve(in.module, in.expr("availability_zone"), in, 0)
	for _, t := range ts {
		if t.hasConst {
			if s, ok := t.constant.(string); ok {
				return s
			}
			continue
		}
		if t.in.typ == "aws_availability_zones" && t.attr == "names" {
			names := t.in.a.strs("names")
			if len(t.sub) == 1 && isKey(t.sub[0]) {
				if n, ok := keyValue(t.sub[0]).(int); ok && n < len(names) {
					return names[n]
				}
			}
			if n, ok := toInt(in.index); ok && len(names) > 0 {
				return names[n%len(names)]
			}
		}
	}
	return ""
}

// nameZones gives the subnets placed by AZ ID alone (availability_zone
// known only after apply, availability_zone_id known) a stand-in zone
// name, recorded as a placeholder: the name another subnet of the import
// pairs with the same AZ ID, else the Region's code and the zone's number
// as a letter (use1-az3: us-east-1c) when no other AZ ID claims that
// name, else the first letter no AZ ID claims. It is no real mapping (AWS
// maps names to AZ IDs per account in the older Regions), only a name
// that keeps subnets of different AZ IDs in different zones and the same
// AZ ID in one, as sim.Compile requires.
func (b *builder) nameZones() {
	if len(b.d.zoneless) == 0 {
		return
	}
	nameOf, idOf := map[string]string{}, map[string]string{}
	for _, id := range b.d.subnets.ids() {
		s := b.d.subnets.get(id)
		if s.AvailabilityZone != "" && s.AvailabilityZoneID != "" {
			nameOf[s.AvailabilityZoneID], idOf[s.AvailabilityZone] = s.AvailabilityZone, s.AvailabilityZoneID
		}
	}
	slices.Sort(b.d.zoneless)
	for _, sid := range b.d.zoneless {
		s := b.d.subnets.get(sid)
		in := b.d.subnets.addr[sid]
		id := s.AvailabilityZoneID
		name, how := nameOf[id], "the zone name another subnet of the import pairs with "+id
		if name == "" {
			name, how = standInZone(id, idOf)
		}
		nameOf[id], idOf[name] = name, id
		s.AvailabilityZone = name
		b.placeholder(in, "availability_zone", name, fmt.Sprintf("known only after apply; a stand-in for availability_zone_id %s (%s), "+
			"so that subnets with different AZ IDs are in different zones", id, how))
	}
}

// standInZone returns a zone name of an AZ ID's Region that no AZ ID
// claims in taken: the zone's number as a letter when free, else the
// first free letter; and how it was chosen.
func standInZone(id string, taken map[string]string) (string, string) {
	code, _ := vpc.RegionOfZoneID(id)
	r, _ := vpc.LookupRegion(code)
	if n, err := strconv.Atoi(strings.TrimPrefix(id, r.ZoneIDPrefix+"-az")); err == nil && strings.HasPrefix(id, r.ZoneIDPrefix+"-az") && n >= 1 && n <= 26 {
		if name := code + string(rune('a'+n-1)); taken[name] == "" {
			return name, "the Region and the zone's number as a letter"
		}
	}
	for c := 'a'; c <= 'z'; c++ {
		if name := code + string(c); taken[name] == "" {
			return name, "the Region's first zone letter no other AZ ID of the import takes"
		}
	}
	return code + "a", "the Region's first zone letter: every letter is taken"
}

func (b *builder) doSubnet(in *inst) {
	a := in.a
	vpcID := b.ref(in, a, "vpc_id", "vpc_id", in.expr("vpc_id"))
	if b.d.vpcs.get(vpcID) == nil {
		b.skip(in, "its VPC %q is not in the import", vpcID)
		return
	}
	cidr := b.prefix(in, a, "cidr_block", "cidr_block")
	if !cidr.IsValid() {
		b.skip(in, "cidr_block is known only after apply (computed from an unknown value or IPAM): vpcsim cannot place the subnet")
		return
	}
	az, azID := b.zone(in), a.str("availability_zone_id")
	zoneless := false
	if az == "" && azID != "" {
		// Only the AZ ID is known (a subnet placed by availability_zone_id):
		// nameZones gives it a stand-in name once every subnet is read.
		_, zoneless = vpc.RegionOfZoneID(azID)
	}
	if az == "" && !zoneless {
		b.skip(in, "availability_zone is known only after apply and the configuration names no data source it can read")
		return
	}
	s := &vpc.Subnet{ID: in.id, Name: a.tags("tags")["Name"], VPC: vpcID, AvailabilityZone: az, AvailabilityZoneID: azID, CIDR: cidr, Tags: a.tags("tags")}
	if p := b.prefix(in, a, "ipv6_cidr_block", "ipv6_cidr_block"); p.IsValid() {
		s.IPv6CIDR = p
	} else if a.unknown("ipv6_cidr_block") {
		b.skipAttr(in, "ipv6_cidr_block", "known only after apply (derived from the VPC's Amazon-provided block): the subnet is imported IPv4-only")
	}
	s.MapPublicIPOnLaunch, _ = a.boolean("map_public_ip_on_launch")
	if b.d.subnets.put(in.id, in, s) == s && zoneless {
		b.d.zoneless = append(b.d.zoneless, in.id)
	}
	b.imported(in, "vpc.Subnet")
}

func (b *builder) doIGW(in *inst) {
	vpcID := b.ref(in, in.a, "vpc_id", "vpc_id", in.expr("vpc_id"))
	b.d.igws.put(in.id, in, &vpc.InternetGateway{ID: in.id, Name: in.a.tags("tags")["Name"], VPC: vpcID, Tags: in.a.tags("tags")})
	b.imported(in, "vpc.InternetGateway")
}

func (b *builder) doIGWAttach(in *inst) {
	igw := b.d.igws.get(b.ref(in, in.a, "internet_gateway_id", "internet_gateway_id", in.expr("internet_gateway_id")))
	vpcID := b.ref(in, in.a, "vpc_id", "vpc_id", in.expr("vpc_id"))
	if igw == nil || vpcID == "" {
		b.skip(in, "its internet gateway or VPC is not in the import")
		return
	}
	igw.VPC = vpcID
	b.imported(in, "attachment of "+igw.ID)
}

func (b *builder) doEIGW(in *inst) {
	vpcID := b.ref(in, in.a, "vpc_id", "vpc_id", in.expr("vpc_id"))
	b.d.eigws.put(in.id, in, &vpc.EgressOnlyInternetGateway{ID: in.id, Name: in.a.tags("tags")["Name"], VPC: vpcID, Tags: in.a.tags("tags")})
	b.imported(in, "vpc.EgressOnlyInternetGateway")
}

// eip is an Elastic IP address and whether it is a placeholder.
type eip struct {
	addr        netip.Addr
	placeholder bool
}

// placeholderEIPBase is where placeholder Elastic IP addresses start; see
// the package documentation.
var placeholderEIPBase = netip.MustParseAddr("52.0.0.1")

// takenPublic collects the public addresses the input already knows, so
// that placeholders avoid them.
func (b *builder) takenPublic() map[netip.Addr]bool {
	out := map[netip.Addr]bool{}
	for _, in := range b.insts {
		for _, k := range []string{"public_ip", "public_ip_address"} {
			if a, err := netip.ParseAddr(in.a.str(k)); err == nil {
				out[a] = true
			}
		}
	}
	return out
}

func (b *builder) doEIPs() {
	taken := b.takenPublic()
	next := placeholderEIPBase
	for _, in := range b.insts {
		if in.typ != "aws_eip" || in.done {
			continue
		}
		e := &eip{addr: b.addr(in, in.a.str("public_ip"), "public_ip")}
		if !e.addr.IsValid() {
			for taken[next] {
				next = next.Next()
			}
			e.addr, e.placeholder = next, true
			taken[next] = true
			b.placeholder(in, "public_ip", next.String(), "the Elastic IP address is known only after apply; a placeholder from 52.0.0.0/8 stands in")
		}
		b.d.eips[in.id] = e
		b.imported(in, "Elastic IP "+e.addr.String())
	}
}

func (b *builder) doNAT(in *inst) {
	a := in.a
	subnet := b.ref(in, a, "subnet_id", "subnet_id", in.expr("subnet_id"))
	if b.d.subnets.get(subnet) == nil {
		b.skip(in, "its subnet %q is not in the import", subnet)
		return
	}
	g := &vpc.NATGateway{ID: in.id, Name: a.tags("tags")["Name"], Subnet: subnet, Tags: a.tags("tags")}
	if a.str("connectivity_type") == "private" {
		g.Connectivity = vpc.NATPrivate
	} else {
		g.ElasticIP = b.addr(in, a.str("public_ip"), "public_ip")
		if !g.ElasticIP.IsValid() {
			alloc := b.ref(in, a, "allocation_id", "allocation_id", in.expr("allocation_id"))
			if e := b.d.eips[alloc]; e != nil {
				g.ElasticIP = e.addr
				if e.placeholder {
					b.placeholder(in, "public_ip", e.addr.String(), "the Elastic IP "+alloc+" is known only after apply")
				}
			} else {
				b.skip(in, "a public NAT gateway needs its Elastic IP, and allocation_id %q is not in the import", alloc)
				return
			}
		}
	}
	g.PrivateIP = b.addr(in, a.str("private_ip"), "private_ip")
	if !g.PrivateIP.IsValid() {
		b.placeholder(in, "private_ip", "", "known after apply: sim.Compile assigns the next free address of the subnet")
	}
	b.d.nats.put(in.id, in, g)
	b.imported(in, "vpc.NATGateway")
}

// instanceENI returns the ID of an instance's primary network interface.
func (b *builder) instanceENI(in *inst) string {
	if id, ok := b.d.instENI[in.id]; ok {
		return id
	}
	if id := in.a.str("primary_network_interface_id"); id != "" {
		return id
	}
	return in.addr + "/eni"
}

func (b *builder) doInstance(in *inst) {
	a := in.a
	// An instance launched with a declared interface at device index 0
	// uses it as its primary interface.
	var primary string
	cfgNIs := blockExprs(exprsOf(in), "network_interface")
	for i, ni := range a.blocks("network_interface") {
		if d, _ := ni.num("device_index"); d != 0 {
			continue
		}
		var e = exprAt(cfgNIs, i, "network_interface_id")
		primary = b.ref(in, ni, "network_interface_id", fmt.Sprintf("network_interface[%d].network_interface_id", i), e)
	}
	if primary != "" {
		if e := b.d.enis.get(primary); e != nil {
			e.Owner, e.Kind = in.id, vpc.KindEC2
			b.d.instENI[in.id] = primary
			b.imported(in, "owner of "+primary)
			b.res.Resources[len(b.res.Resources)-1].Interface = primary
			return
		}
		b.skip(in, "its primary network interface %q is not in the import", primary)
		return
	}
	subnet := b.ref(in, a, "subnet_id", "subnet_id", in.expr("subnet_id"))
	if b.d.subnets.get(subnet) == nil {
		b.skip(in, "its subnet %q is not in the import (an instance in the default VPC?)", subnet)
		return
	}
	id := b.instanceENI(in)
	if a.str("primary_network_interface_id") == "" {
		b.placeholder(in, "primary_network_interface_id", id, "known after apply; named after the instance")
	}
	e := &vpc.NetworkInterface{ID: id, Name: a.tags("tags")["Name"], Subnet: subnet, Kind: vpc.KindEC2, Owner: in.id, Tags: a.tags("tags")}
	e.SecurityGroups = b.refs(in, a, "vpc_security_group_ids", "vpc_security_group_ids", in.expr("vpc_security_group_ids"))
	if len(e.SecurityGroups) == 0 && len(a.strs("security_groups")) > 0 {
		b.skipAttr(in, "security_groups", "security groups named by name are not resolved: use vpc_security_group_ids; the instance gets its VPC's default group")
	}
	if ip := b.addr(in, a.str("private_ip"), "private_ip"); ip.IsValid() {
		e.PrivateIPs = append(e.PrivateIPs, ip)
		for i, s := range a.strs("secondary_private_ips") {
			if x := b.addr(in, s, fmt.Sprintf("secondary_private_ips[%d]", i)); x.IsValid() {
				e.PrivateIPs = append(e.PrivateIPs, x)
			}
		}
	} else {
		b.placeholder(in, "private_ip", "", "known after apply: sim.Compile assigns the next free address of the subnet")
	}
	for i, s := range a.strs("ipv6_addresses") {
		if x := b.addr(in, s, fmt.Sprintf("ipv6_addresses[%d]", i)); x.IsValid() {
			e.IPv6Addrs = append(e.IPv6Addrs, x)
		}
	}
	if p, ok := a.boolean("associate_public_ip_address"); ok {
		e.AssignPublicIP = &p
	}
	if ip := b.addr(in, a.str("public_ip"), "public_ip"); ip.IsValid() {
		e.PublicIP = ip
	} else if a.unknown("public_ip") && (e.AssignPublicIP == nil || *e.AssignPublicIP) {
		b.placeholder(in, "public_ip", "", "known after apply: when the interface gets a public address, sim.Compile assigns one from 54.0.0.0/8")
	}
	if sdc, ok := a.boolean("source_dest_check"); ok && !sdc {
		e.SourceDestCheckDisabled = true
	}
	b.d.enis.put(id, in, e)
	b.d.instENI[in.id] = id
	b.imported(in, "vpc.NetworkInterface "+id)
	b.res.Resources[len(b.res.Resources)-1].Interface = id
}

func (b *builder) doENI(in *inst) {
	a := in.a
	subnet := b.ref(in, a, "subnet_id", "subnet_id", in.expr("subnet_id"))
	if b.d.subnets.get(subnet) == nil {
		b.skip(in, "its subnet %q is not in the import", subnet)
		return
	}
	e := &vpc.NetworkInterface{ID: in.id, Name: a.tags("tags")["Name"], Subnet: subnet, Kind: vpc.KindOther, Tags: a.tags("tags")}
	e.SecurityGroups = b.refs(in, a, "security_groups", "security_groups", in.expr("security_groups"))
	ips := a.strs("private_ip_list")
	if len(ips) == 0 {
		if p := a.str("private_ip"); p != "" {
			ips = append(ips, p)
		}
		for _, s := range a.strs("private_ips") {
			if !containsStr(ips, s) {
				ips = append(ips, s)
			}
		}
	}
	for i, s := range ips {
		if x := b.addr(in, s, fmt.Sprintf("private_ips[%d]", i)); x.IsValid() {
			e.PrivateIPs = append(e.PrivateIPs, x)
		}
	}
	if len(e.PrivateIPs) == 0 {
		b.placeholder(in, "private_ip", "", "known after apply: sim.Compile assigns the next free address of the subnet")
	}
	for i, s := range a.strs("ipv6_addresses") {
		if x := b.addr(in, s, fmt.Sprintf("ipv6_addresses[%d]", i)); x.IsValid() {
			e.IPv6Addrs = append(e.IPv6Addrs, x)
		}
	}
	if sdc, ok := a.boolean("source_dest_check"); ok && !sdc {
		e.SourceDestCheckDisabled = true
	}
	cfgAtt := blockExprs(exprsOf(in), "attachment")
	for i, att := range a.blocks("attachment") {
		if owner := b.ref(in, att, "instance", fmt.Sprintf("attachment[%d].instance", i), exprAt(cfgAtt, i, "instance")); owner != "" {
			e.Owner, e.Kind = owner, vpc.KindEC2
		}
	}
	b.d.enis.put(in.id, in, e)
	b.imported(in, "vpc.NetworkInterface")
}

func (b *builder) doENIAttach(in *inst) {
	e := b.d.enis.get(b.ref(in, in.a, "network_interface_id", "network_interface_id", in.expr("network_interface_id")))
	owner := b.ref(in, in.a, "instance_id", "instance_id", in.expr("instance_id"))
	if e == nil || owner == "" {
		b.skip(in, "its network interface or instance is not in the import")
		return
	}
	e.Owner, e.Kind = owner, vpc.KindEC2
	b.imported(in, "attachment of "+e.ID)
}

func (b *builder) doENISGAttach(in *inst) {
	e := b.d.enis.get(b.ref(in, in.a, "network_interface_id", "network_interface_id", in.expr("network_interface_id")))
	sg := b.ref(in, in.a, "security_group_id", "security_group_id", in.expr("security_group_id"))
	if e == nil || sg == "" {
		b.skip(in, "its network interface or security group is not in the import")
		return
	}
	if !containsStr(e.SecurityGroups, sg) {
		e.SecurityGroups = append(e.SecurityGroups, sg)
	}
	b.imported(in, "security group of "+e.ID)
}

// eniFor returns the interface an Elastic IP association names: the
// network interface, else the instance's primary interface.
func (b *builder) eniFor(in *inst, a attrs, eniKey, instKey string) *vpc.NetworkInterface {
	if id := b.ref(in, a, eniKey, eniKey, in.expr(eniKey)); id != "" {
		return b.d.enis.get(id)
	}
	if id := b.ref(in, a, instKey, instKey, in.expr(instKey)); id != "" {
		if eni, ok := b.d.instENI[id]; ok {
			return b.d.enis.get(eni)
		}
	}
	return nil
}

// associateEIP maps an Elastic IP to an interface: its primary address,
// or the secondary address private.
func (b *builder) associateEIP(in *inst, e *vpc.NetworkInterface, x *eip, private string) bool {
	if e == nil || x == nil {
		return false
	}
	pa := b.addr(in, private, "private_ip")
	if pa.IsValid() && len(e.PrivateIPs) > 0 && pa != e.PrivateIPs[0] {
		e.ElasticIPs = append(e.ElasticIPs, vpc.ElasticIP{PrivateIP: pa, PublicIP: x.addr})
	} else {
		e.PublicIP = x.addr
	}
	if x.placeholder {
		b.placeholder(in, "public_ip", x.addr.String(), "the Elastic IP address is known only after apply")
	}
	return true
}

func (b *builder) doEIPInline(in *inst) {
	// aws_eip with instance or network_interface set associates itself.
	if !in.a.has("instance") && !in.a.has("network_interface") && !in.a.unknown("instance") && !in.a.unknown("network_interface") {
		return
	}
	e := b.eniFor(in, in.a, "network_interface", "instance")
	if !b.associateEIP(in, e, b.d.eips[in.id], in.a.str("associate_with_private_ip")) {
		b.skipAttr(in, "instance", "the instance or network interface it is associated with is not in the import")
	}
}

func (b *builder) doEIPAssoc(in *inst) {
	alloc := b.ref(in, in.a, "allocation_id", "allocation_id", in.expr("allocation_id"))
	x := b.d.eips[alloc]
	if x == nil {
		if ip := b.addr(in, in.a.str("public_ip"), "public_ip"); ip.IsValid() {
			x = &eip{addr: ip}
		}
	}
	e := b.eniFor(in, in.a, "network_interface_id", "instance_id")
	if !b.associateEIP(in, e, x, in.a.str("private_ip_address")) {
		b.skip(in, "its Elastic IP or its instance or interface is not in the import")
		return
	}
	b.imported(in, "Elastic IP association with "+e.ID)
}

func (b *builder) doPrefixList(in *inst) {
	a := in.a
	pl := &vpc.PrefixList{ID: in.id, Name: a.str("name"), AddressFamily: a.str("address_family")}
	if n, ok := a.num("max_entries"); ok {
		pl.MaxEntries = n
	}
	if in.mode == "data" || a.str("owner_id") == "AWS" {
		pl.AWSManaged = true
	}
	key := "entry"
	if in.mode == "data" {
		key = "entries"
	}
	for i, e := range a.blocks(key) {
		if p := b.prefix(in, e, "cidr", fmt.Sprintf("%s[%d].cidr", key, i)); p.IsValid() {
			pl.Entries = append(pl.Entries, p)
		}
	}
	for i, s := range a.strs("cidr_blocks") { // data aws_prefix_list
		if p, err := netip.ParsePrefix(s); err == nil {
			pl.Entries = append(pl.Entries, p)
		} else {
			b.errorf(in, fmt.Sprintf("cidr_blocks[%d]", i), "%q is not a CIDR", s)
		}
	}
	if pl.AddressFamily == "" && len(pl.Entries) > 0 && pl.Entries[0].Addr().Is6() {
		pl.AddressFamily = "IPv6"
	}
	b.d.pls.put(in.id, in, pl)
	as := "vpc.PrefixList"
	if pl.AWSManaged {
		as = "vpc.PrefixList (AWS-managed)"
	}
	b.imported(in, as)
}

func (b *builder) doPrefixListEntry(in *inst) {
	pl := b.d.pls.get(b.ref(in, in.a, "prefix_list_id", "prefix_list_id", in.expr("prefix_list_id")))
	p := b.prefix(in, in.a, "cidr", "cidr")
	if pl == nil || !p.IsValid() {
		b.skip(in, "its prefix list is not in the import, or its CIDR is unknown")
		return
	}
	for _, x := range pl.Entries {
		if x == p {
			b.imported(in, "entry of "+pl.ID)
			return
		}
	}
	pl.Entries = append(pl.Entries, p)
	b.imported(in, "entry of "+pl.ID)
}

func (b *builder) doPeering(in *inst) {
	a := in.a
	req := b.ref(in, a, "vpc_id", "vpc_id", in.expr("vpc_id"))
	acc := b.ref(in, a, "peer_vpc_id", "peer_vpc_id", in.expr("peer_vpc_id"))
	p := &vpc.PeeringConnection{ID: in.id, Name: a.tags("tags")["Name"], RequesterVPC: req, AccepterVPC: acc, Tags: a.tags("tags")}
	switch st := a.str("accept_status"); {
	case st != "":
		p.Status = vpc.PeeringStatus(st)
		if !p.Status.Valid() {
			b.errorf(in, "accept_status", "%q: want active, pending-acceptance, rejected, deleted, expired or failed", st)
		}
	default:
		if auto, _ := a.boolean("auto_accept"); auto {
			p.Status = vpc.PeeringActive
			b.placeholder(in, "accept_status", "active", "known after apply; auto_accept makes it active")
		} else {
			p.Status = vpc.PeeringPendingAcceptance
			b.placeholder(in, "accept_status", "pending-acceptance", "known after apply; without auto_accept or an accepter it stays pending")
		}
	}
	b.d.pcxs.put(in.id, in, p)
	b.imported(in, "vpc.PeeringConnection")
}

func (b *builder) doPeeringAccepter(in *inst) {
	p := b.d.pcxs.get(b.ref(in, in.a, "vpc_peering_connection_id", "vpc_peering_connection_id", in.expr("vpc_peering_connection_id")))
	if p == nil {
		b.skip(in, "its peering connection is declared elsewhere: not in the import")
		return
	}
	if st := in.a.str("accept_status"); st != "" {
		p.Status = vpc.PeeringStatus(st)
	} else if auto, _ := in.a.boolean("auto_accept"); auto {
		p.Status = vpc.PeeringActive
		b.placeholder(in, "accept_status", "active", "known after apply; the accepter's auto_accept makes it active")
	}
	b.imported(in, "acceptance of "+p.ID)
}
