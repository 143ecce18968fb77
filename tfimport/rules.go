package tfimport

import (
	"fmt"
	"net/netip"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/vpcsim/vpcsim/vpc"
)

// traffic reads a protocol and its ports or ICMP type and code, as
// security group rules write them: from_port and to_port are the port
// range for TCP and UDP, the ICMP type and code for ICMP (-1 for any).
func (b *builder) traffic(in *inst, path, proto string, from, to int, hasPorts bool) (vpc.Protocol, vpc.PortRange, vpc.ICMP, bool) {
	p, err := vpc.ParseProtocol(proto)
	if err != nil {
		b.errorf(in, path+"protocol", "%v", err)
		return 0, vpc.PortRange{}, vpc.ICMP{}, false
	}
	switch {
	case p.HasPorts():
		if !hasPorts || from < 0 || to < 0 {
			return p, vpc.AllPorts, vpc.ICMP{}, true
		}
		if from > 65535 || to > 65535 || from > to {
			b.errorf(in, path+"from_port", "ports %d-%d: want 0-65535, from not above to", from, to)
			return 0, vpc.PortRange{}, vpc.ICMP{}, false
		}
		return p, vpc.Ports(uint16(from), uint16(to)), vpc.ICMP{}, true
	case p.IsICMP():
		icmp, ok := b.icmp(in, path, from, to, hasPorts)
		return p, vpc.PortRange{}, icmp, ok
	}
	return p, vpc.PortRange{}, vpc.ICMP{}, true
}

func (b *builder) icmp(in *inst, path string, typ, code int, known bool) (vpc.ICMP, bool) {
	switch {
	case !known || typ < 0:
		return vpc.AnyICMP, true
	case typ > 255 || code > 255:
		b.errorf(in, path+"icmp", "type %d code %d: want -1 or 0-255", typ, code)
		return vpc.ICMP{}, false
	case code < 0:
		return vpc.ICMPType(uint8(typ)), true
	}
	return vpc.ICMPMessage(uint8(typ), uint8(code)), true
}

// peerPrefixes parses the CIDR peers of a rule.
func (b *builder) peerPrefixes(in *inst, r attrs, key, path string) []netip.Prefix {
	var out []netip.Prefix
	for i, s := range r.strs(key) {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			b.errorf(in, fmt.Sprintf("%s%s[%d]", path, key, i), "%q is not a CIDR", s)
			continue
		}
		out = append(out, p.Masked())
	}
	return out
}

// groupID maps a security group reference to its ID in the result; a
// reference to another account's group ("123456789012/sg-1") keeps the
// group ID.
func (b *builder) groupID(s string) string {
	if i := strings.LastIndexByte(s, '/'); i >= 0 && strings.HasPrefix(s[i+1:], "sg-") {
		s = s[i+1:]
	}
	return b.canon(s)
}

func addSGRule(l []vpc.SGRule, r vpc.SGRule) []vpc.SGRule {
	for _, x := range l {
		if x.Protocol == r.Protocol && x.Ports == r.Ports && x.ICMP == r.ICMP && x.CIDR == r.CIDR && x.PrefixList == r.PrefixList && x.Group == r.Group {
			return l
		}
	}
	return append(l, r)
}

// inlineSGRule expands one ingress or egress element of an
// aws_security_group (or aws_default_security_group) into rules, one per
// peer.
func (b *builder) inlineSGRule(in *inst, sgID string, r attrs, path string, blk map[string]*tfjson.Expression) []vpc.SGRule {
	from, okf := r.num("from_port")
	to, okt := r.num("to_port")
	proto := r.str("protocol")
	if proto == "" {
		b.skipAttr(in, path, "its protocol is known only after apply")
		return nil
	}
	p, ports, icmp, ok := b.traffic(in, path+".", proto, from, to, okf && okt)
	if !ok {
		return nil
	}
	base := vpc.SGRule{Protocol: p, Ports: ports, ICMP: icmp, Description: r.str("description")}
	var out []vpc.SGRule
	for _, k := range []string{"cidr_blocks", "ipv6_cidr_blocks"} {
		for _, c := range b.peerPrefixes(in, r, k, path+".") {
			x := base
			x.CIDR = c
			out = append(out, x)
		}
		if r.unknown(k) {
			b.skipAttr(in, path+"."+k, "CIDRs known only after apply are not imported")
		}
	}
	ex := func(k string) *tfjson.Expression {
		if blk == nil {
			return nil
		}
		return blk[k]
	}
	for _, pl := range b.refs(in, r, "prefix_list_ids", path+".prefix_list_ids", ex("prefix_list_ids")) {
		x := base
		x.PrefixList = pl
		out = append(out, x)
	}
	for _, g := range b.refs(in, r, "security_groups", path+".security_groups", ex("security_groups")) {
		x := base
		x.Group = b.groupID(g)
		out = append(out, x)
	}
	if self, _ := r.boolean("self"); self {
		x := base
		x.Group = sgID
		out = append(out, x)
	}
	if len(out) == 0 && !r.unknown("security_groups") && !r.unknown("prefix_list_ids") {
		b.skipAttr(in, path, "the rule names no peer")
	}
	return out
}

// sgBlocks returns the ingress or egress elements of a security group
// with their configuration blocks paired.
func sgElements(in *inst, key string) ([]attrs, []map[string]*tfjson.Expression) {
	cfg := blockExprs(exprsOf(in), key)
	elems := in.a.blocks(key)
	if len(elems) == 0 && in.a.unknown(key) {
		for _, blk := range cfg {
			elems = append(elems, attrs{v: constants(blk), u: unknownMarks(blk)})
		}
	}
	used := make([]bool, len(cfg))
	pairs := make([]map[string]*tfjson.Expression, len(elems))
	for i, e := range elems {
		if unknownTree(e.u) {
			pairs[i] = matchBlock(e, cfg, used)
		}
	}
	return elems, pairs
}

func (b *builder) doSG(in *inst, def bool) {
	a := in.a
	vpcID := b.ref(in, a, "vpc_id", "vpc_id", in.expr("vpc_id"))
	if def && vpcID == "" {
		vpcID = b.d.defOwner[in.id]
	}
	if b.d.vpcs.get(vpcID) == nil {
		b.skip(in, "its VPC %q is not in the import (a group of the default VPC?)", vpcID)
		return
	}
	g := &vpc.SecurityGroup{ID: in.id, Name: a.str("name"), VPC: vpcID, Default: def, Tags: a.tags("tags")}
	if g.Name == "" {
		g.Name = a.tags("tags")["Name"]
	}
	b.d.sgs.put(in.id, in, g)
	as := "vpc.SecurityGroup"
	if def {
		as = "vpc.SecurityGroup (default; Terraform removes the rules it does not declare)"
	}
	b.imported(in, as)
}

func (b *builder) doSGInlineRules(in *inst) {
	g := b.d.sgs.get(in.id)
	if g == nil {
		return
	}
	for _, dir := range []string{"ingress", "egress"} {
		elems, blks := sgElements(in, dir)
		for i, e := range elems {
			for _, r := range b.inlineSGRule(in, g.ID, e, fmt.Sprintf("%s[%d]", dir, i), blks[i]) {
				if dir == "ingress" {
					g.Ingress = addSGRule(g.Ingress, r)
				} else {
					g.Egress = addSGRule(g.Egress, r)
				}
			}
		}
	}
}

func (b *builder) doSGRule(in *inst) {
	a := in.a
	g := b.d.sgs.get(b.ref(in, a, "security_group_id", "security_group_id", in.expr("security_group_id")))
	if g == nil {
		b.skip(in, "its security group is not in the import")
		return
	}
	from, okf := a.num("from_port")
	to, okt := a.num("to_port")
	p, ports, icmp, ok := b.traffic(in, "", a.str("protocol"), from, to, okf && okt)
	if !ok {
		b.skip(in, "its protocol or ports cannot be read")
		return
	}
	base := vpc.SGRule{Protocol: p, Ports: ports, ICMP: icmp, Description: a.str("description")}
	var rules []vpc.SGRule
	for _, k := range []string{"cidr_blocks", "ipv6_cidr_blocks"} {
		for _, c := range b.peerPrefixes(in, a, k, "") {
			x := base
			x.CIDR = c
			rules = append(rules, x)
		}
	}
	for _, pl := range b.refs(in, a, "prefix_list_ids", "prefix_list_ids", in.expr("prefix_list_ids")) {
		x := base
		x.PrefixList = pl
		rules = append(rules, x)
	}
	if self, _ := a.boolean("self"); self {
		x := base
		x.Group = g.ID
		rules = append(rules, x)
	} else if a.has("source_security_group_id") || a.unknown("source_security_group_id") {
		if s := b.ref(in, a, "source_security_group_id", "source_security_group_id", in.expr("source_security_group_id")); s != "" {
			x := base
			x.Group = b.groupID(s)
			rules = append(rules, x)
		}
	}
	b.appendSGRules(in, g, a.str("type"), rules)
}

func (b *builder) appendSGRules(in *inst, g *vpc.SecurityGroup, dir string, rules []vpc.SGRule) {
	if len(rules) == 0 {
		b.skip(in, "the rule names no peer this import can read")
		return
	}
	for _, r := range rules {
		switch dir {
		case "ingress":
			g.Ingress = addSGRule(g.Ingress, r)
		case "egress":
			g.Egress = addSGRule(g.Egress, r)
		default:
			b.errorf(in, "type", "%q: want ingress or egress", dir)
			return
		}
	}
	b.imported(in, dir+" rule of "+g.ID)
}

func (b *builder) doVPCSGRule(in *inst, dir string) {
	a := in.a
	g := b.d.sgs.get(b.ref(in, a, "security_group_id", "security_group_id", in.expr("security_group_id")))
	if g == nil {
		b.skip(in, "its security group is not in the import")
		return
	}
	from, okf := a.num("from_port")
	to, okt := a.num("to_port")
	p, ports, icmp, ok := b.traffic(in, "ip_", a.str("ip_protocol"), from, to, okf && okt)
	if !ok {
		b.skip(in, "its protocol or ports cannot be read")
		return
	}
	x := vpc.SGRule{Protocol: p, Ports: ports, ICMP: icmp, Description: a.str("description")}
	switch {
	case a.str("cidr_ipv4") != "":
		x.CIDR = b.prefix(in, a, "cidr_ipv4", "cidr_ipv4")
	case a.str("cidr_ipv6") != "":
		x.CIDR = b.prefix(in, a, "cidr_ipv6", "cidr_ipv6")
	case a.has("prefix_list_id") || a.unknown("prefix_list_id"):
		x.PrefixList = b.ref(in, a, "prefix_list_id", "prefix_list_id", in.expr("prefix_list_id"))
	case a.has("referenced_security_group_id") || a.unknown("referenced_security_group_id"):
		if s := b.ref(in, a, "referenced_security_group_id", "referenced_security_group_id", in.expr("referenced_security_group_id")); s != "" {
			x.Group = b.groupID(s)
		}
	}
	var rules []vpc.SGRule
	if x.CIDR.IsValid() || x.PrefixList != "" || x.Group != "" {
		rules = append(rules, x)
	}
	b.appendSGRules(in, g, dir, rules)
}

// aclEntry reads one network ACL entry (an ingress or egress block, or an
// aws_network_acl_rule).
func (b *builder) aclEntry(in *inst, r attrs, path string, standalone bool) (vpc.ACLEntry, bool) {
	numKey, actKey := "rule_no", "action"
	if standalone {
		numKey, actKey = "rule_number", "rule_action"
	}
	var e vpc.ACLEntry
	n, ok := r.num(numKey)
	if !ok {
		b.skipAttr(in, path, "its rule number is known only after apply")
		return e, false
	}
	e.Number = n
	switch act := strings.ToLower(r.str(actKey)); act {
	case "allow":
		e.Action = vpc.Allow
	case "deny":
		e.Action = vpc.Deny
	default:
		b.errorf(in, path+actKey, "%q: want allow or deny", act)
		return e, false
	}
	p, err := vpc.ParseProtocol(r.str("protocol"))
	if err != nil {
		b.errorf(in, path+"protocol", "%v", err)
		return e, false
	}
	e.Protocol = p
	e.CIDR = b.prefix(in, r, "cidr_block", path+"cidr_block")
	if !e.CIDR.IsValid() {
		e.CIDR = b.prefix(in, r, "ipv6_cidr_block", path+"ipv6_cidr_block")
	}
	if !e.CIDR.IsValid() {
		b.skipAttr(in, strings.TrimSuffix(path, "."), "its CIDR is known only after apply or not set")
		return e, false
	}
	switch {
	case p.HasPorts():
		from, okf := r.num("from_port")
		to, okt := r.num("to_port")
		if !okf || !okt || from == 0 && to == 0 {
			e.Ports = vpc.AllPorts
		} else if from < 0 || to > 65535 || from > to {
			b.errorf(in, path+"from_port", "ports %d-%d: want 0-65535, from not above to", from, to)
			return e, false
		} else {
			e.Ports = vpc.Ports(uint16(from), uint16(to))
		}
	case p.IsICMP():
		t, okT := r.num("icmp_type")
		c, okC := r.num("icmp_code")
		if !okC {
			c = -1
		}
		icmp, ok := b.icmp(in, path, t, c, okT)
		if !ok {
			return e, false
		}
		e.ICMP = icmp
	}
	return e, true
}

func addACLEntry(l []vpc.ACLEntry, e vpc.ACLEntry) ([]vpc.ACLEntry, bool) {
	for _, x := range l {
		if x.Number == e.Number {
			return l, x == e
		}
	}
	return append(l, e), true
}

func (b *builder) doACL(in *inst, def bool) {
	a := in.a
	var vpcID string
	if def {
		vpcID = b.d.defOwner[in.id]
	} else {
		vpcID = b.ref(in, a, "vpc_id", "vpc_id", in.expr("vpc_id"))
	}
	if b.d.vpcs.get(vpcID) == nil {
		b.skip(in, "its VPC %q is not in the import", vpcID)
		return
	}
	acl := &vpc.NetworkACL{ID: in.id, Name: a.tags("tags")["Name"], VPC: vpcID, Default: def, Tags: a.tags("tags")}
	for _, dir := range []string{"ingress", "egress"} {
		elems := in.a.blocks(dir)
		for i, r := range elems {
			path := fmt.Sprintf("%s[%d].", dir, i)
			e, ok := b.aclEntry(in, r, path, false)
			if !ok {
				continue
			}
			var fine bool
			if dir == "ingress" {
				acl.Inbound, fine = addACLEntry(acl.Inbound, e)
			} else {
				acl.Outbound, fine = addACLEntry(acl.Outbound, e)
			}
			if !fine {
				b.skipAttr(in, strings.TrimSuffix(path, "."), "another %s entry already has rule number %d", dir, e.Number)
			}
		}
		if len(elems) == 0 && in.a.unknown(dir) {
			b.skipAttr(in, dir, "the entries are known only after apply")
		}
	}
	b.d.acls.put(in.id, in, acl)
	as := "vpc.NetworkACL"
	if def {
		as = "vpc.NetworkACL (default; Terraform removes the entries it does not declare)"
	}
	b.imported(in, as)
	if def {
		return // its subnets are those without another association
	}
	for _, s := range b.refs(in, a, "subnet_ids", "subnet_ids", in.expr("subnet_ids")) {
		if !b.associateACL(acl, s) {
			b.skipAttr(in, "subnet_ids", "subnet %q is not in the import", s)
		}
	}
}

func (b *builder) associateACL(acl *vpc.NetworkACL, subnet string) bool {
	if b.d.subnets.get(subnet) == nil {
		return false
	}
	for _, id := range b.d.acls.ids() {
		o := b.d.acls.get(id)
		for i, s := range o.Subnets {
			if s == subnet {
				o.Subnets = append(o.Subnets[:i:i], o.Subnets[i+1:]...)
				break
			}
		}
	}
	if !acl.Default {
		acl.Subnets = append(acl.Subnets, subnet)
	}
	return true
}

func (b *builder) doACLRule(in *inst) {
	acl := b.d.acls.get(b.ref(in, in.a, "network_acl_id", "network_acl_id", in.expr("network_acl_id")))
	if acl == nil {
		b.skip(in, "its network ACL is not in the import")
		return
	}
	e, ok := b.aclEntry(in, in.a, "", true)
	if !ok {
		in.done = true
		b.res.Skipped = append(b.res.Skipped, Skipped{Address: in.addr, Type: in.typ, Reason: "its entry cannot be read"})
		return
	}
	egress, _ := in.a.boolean("egress")
	var fine bool
	if egress {
		acl.Outbound, fine = addACLEntry(acl.Outbound, e)
	} else {
		acl.Inbound, fine = addACLEntry(acl.Inbound, e)
	}
	if !fine {
		b.skip(in, "%s already has another entry numbered %d in that direction", acl.ID, e.Number)
		return
	}
	b.imported(in, "entry of "+acl.ID)
}

func (b *builder) doACLAssoc(in *inst) {
	acl := b.d.acls.get(b.ref(in, in.a, "network_acl_id", "network_acl_id", in.expr("network_acl_id")))
	subnet := b.ref(in, in.a, "subnet_id", "subnet_id", in.expr("subnet_id"))
	if acl == nil {
		b.skip(in, "its network ACL is not in the import")
		return
	}
	if !b.associateACL(acl, subnet) {
		b.skip(in, "its subnet %q is not in the import", subnet)
		return
	}
	b.imported(in, "association with "+acl.ID)
}
