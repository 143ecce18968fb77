package importer

import (
	"cmp"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"go4.org/netipx"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// Kinds of the hybrid declarations a [Cut] names.
const (
	KindOnPrem          = "onprem-network"
	KindCustomerGateway = "customer-gateway"
	KindVPNGateway      = "vpn-gateway"
	KindVPNConnection   = "vpn-connection"
	KindDXGateway       = "direct-connect-gateway"
	KindVirtualIface    = "virtual-interface"
	KindTGWAttachment   = "transit-gateway-attachment"
	KindTGWRouteTable   = "transit-gateway-route-table"
	KindRouteTable      = "route-table"
)

// OnPremTag is the tag that names, on a customer gateway or a Direct
// Connect virtual interface, the on-premises network it stands in.
const OnPremTag = "vpcsim:onprem"

// OnPrem names an on-premises network for an import: AWS's output and
// Terraform's hold the customer gateways and virtual interfaces at the
// customer's side, but neither the network behind them nor, in full, its
// address ranges.
type OnPrem struct {
	// ID is the network's ID in the result.
	ID string `json:"id"`
	// CIDRs are its address ranges. Given, they are the network's ranges
	// as they are; empty, the import infers them (see [AssembleOnPrem]).
	CIDRs []netip.Prefix `json:"cidrs,omitempty"`
	// Gateways are the customer gateways and virtual interfaces at its
	// side: their IDs in the result, their AWS IDs or their Name tags
	// (a virtual interface's name).
	Gateways []string `json:"gateways,omitempty"`
}

// ParseOnPrem parses an on-premises network as the command line names
// it: ID[@GATEWAY[,GATEWAY...]][=CIDR[,CIDR...]], for example
// dc1@cgw-0a1b,dxvif-fg5h=192.168.0.0/16,172.16.0.0/12.
func ParseOnPrem(s string) (OnPrem, error) {
	head, cidrs, hasCIDRs := strings.Cut(s, "=")
	id, gws, hasGWs := strings.Cut(head, "@")
	id = strings.TrimSpace(id)
	if id == "" {
		return OnPrem{}, fmt.Errorf("on-premises network %q: want ID[@GATEWAY,...][=CIDR,...], e.g. dc1@cgw-0a1b=192.168.0.0/16", s)
	}
	o := OnPrem{ID: id}
	if hasGWs {
		for _, g := range strings.Split(gws, ",") {
			if g = strings.TrimSpace(g); g != "" {
				o.Gateways = append(o.Gateways, g)
			}
		}
		if len(o.Gateways) == 0 {
			return OnPrem{}, fmt.Errorf("on-premises network %q: nothing after @: want customer gateway or virtual interface IDs", s)
		}
	}
	if hasCIDRs {
		for _, c := range strings.Split(cidrs, ",") {
			p, err := netip.ParsePrefix(strings.TrimSpace(c))
			if err != nil {
				return OnPrem{}, fmt.Errorf("on-premises network %q: %v", s, err)
			}
			if p != p.Masked() {
				return OnPrem{}, fmt.Errorf("on-premises network %q: %s has host bits set: want %s", s, p, p.Masked())
			}
			o.CIDRs = append(o.CIDRs, p)
		}
	}
	if !hasGWs && !hasCIDRs {
		return OnPrem{}, fmt.Errorf("on-premises network %q: want its gateways (@...) or its CIDRs (=...), e.g. dc1=192.168.0.0/16", s)
	}
	return o, nil
}

// CheckOnPrem checks the on-premises networks given to an import: IDs
// set and distinct, a gateway named by one network only.
func CheckOnPrem(nets []OnPrem) error {
	var errs []error
	ids := map[string]bool{}
	gws := map[string]string{}
	for i, o := range nets {
		if o.ID == "" {
			errs = append(errs, fmt.Errorf("on-premises network %d: no ID: give it one, such as dc1 (the name queries use: onprem:dc1)", i))
			continue
		}
		if ids[o.ID] {
			errs = append(errs, fmt.Errorf("on-premises network %s: named twice", o.ID))
		}
		ids[o.ID] = true
		for _, g := range o.Gateways {
			if prev, dup := gws[g]; dup && prev != o.ID {
				errs = append(errs, fmt.Errorf("on-premises network %s: gateway %s is already in network %s", o.ID, g, prev))
			}
			gws[g] = o.ID
		}
		for _, p := range o.CIDRs {
			if !p.IsValid() {
				errs = append(errs, fmt.Errorf("on-premises network %s: an invalid CIDR", o.ID))
			}
		}
	}
	return errors.Join(errs...)
}

// OnPremOf returns the ID of the on-premises network a customer gateway
// or virtual interface stands in: the network of nets naming it (by one
// of names: its ID in the result, its AWS ID, its Name), else the value
// of its [OnPremTag] tag, else "onprem-" and its ID.
func OnPremOf(nets []OnPrem, id string, tags map[string]string, names ...string) string {
	for _, o := range nets {
		for _, g := range o.Gateways {
			if g == id || (g != "" && slices.Contains(names, g)) {
				return o.ID
			}
		}
	}
	if t := strings.TrimSpace(tags[OnPremTag]); t != "" {
		return t
	}
	return "onprem-" + id
}

// Note is something [AssembleOnPrem] inferred, or left out, about an
// on-premises network, to report beside the import.
type Note struct {
	// Kind and ID name the declaration the note is about.
	Kind, ID string
	// Field is the field concerned ("cidrs"), empty for the whole
	// declaration.
	Field string
	// Reason says what was inferred or left out, and why.
	Reason string
	// Dropped is set when the declaration was left out.
	Dropped bool
}

// String formats the note as "kind id field: reason".
func (n Note) String() string {
	s := n.Kind + " " + n.ID
	if n.Field != "" {
		s += " " + n.Field
	}
	return s + ": " + n.Reason
}

// AssembleOnPrem declares, in n, the on-premises networks its customer
// gateways and virtual interfaces name, with their CIDRs:
//
//   - the CIDRs nets gives a network, when it gives some, as they are;
//   - else the prefixes the network's connections carry (the routes of
//     its VPN connections: static routes, or the prefixes BGP advertised
//     when the import knows them; the prefixes its virtual interfaces
//     advertise), the destinations of static routes of VPC route tables
//     to a virtual private gateway whose connections all lead to this
//     network, and those of static transit gateway routes to a VPN or
//     Direct Connect gateway attachment whose connections all do. A
//     default route (/0), or a prefix overlapping a VPC CIDR of n, is no
//     range of the network and is left out; overlapping prefixes are
//     merged.
//
// A network left without CIDRs is not declared (its gateways are then
// pruned, see [PruneHybrid]); a network of nets that nothing names is
// reported. Each inference and each omission is returned as a [Note],
// sorted.
func AssembleOnPrem(n *sim.Network, nets []OnPrem) []Note {
	if n == nil {
		return nil
	}
	var notes []Note
	named := map[string]bool{}
	for _, g := range n.CustomerGateways {
		named[g.Network] = true
	}
	for _, f := range n.VirtualInterfaces {
		named[f.Network] = true
	}
	given := map[string]OnPrem{}
	for _, o := range nets {
		given[o.ID] = o
		if !named[o.ID] {
			notes = append(notes, Note{Kind: KindOnPrem, ID: o.ID, Reason: "named by the options, but no customer gateway or virtual interface of the import stands in it", Dropped: true})
		}
	}
	have := map[string]bool{}
	for _, o := range n.OnPremNetworks {
		have[o.ID] = true
	}

	// What each network's connections and the routes toward them say.
	found := map[string][]netip.Prefix{}
	why := map[string][]string{}
	add := func(net string, p netip.Prefix, from string) {
		if net == "" || !p.IsValid() {
			return
		}
		found[net] = append(found[net], p.Masked())
		why[net] = append(why[net], p.Masked().String()+" ("+from+")")
	}
	cgwNet := map[string]string{}
	for _, g := range n.CustomerGateways {
		cgwNet[g.ID] = g.Network
	}
	vgwNets := map[string]map[string]bool{}  // VPN gateway -> networks behind it
	attNets := map[string]map[string]bool{}  // TGW attachment -> networks behind it
	dxgwNets := map[string]map[string]bool{} // DX gateway -> networks of its virtual interfaces, by type
	mark := func(m map[string]map[string]bool, k, net string) {
		if m[k] == nil {
			m[k] = map[string]bool{}
		}
		m[k][net] = true
	}
	vpnAtt := map[string]string{}
	for _, a := range n.TransitGatewayAttachments {
		if a.VPNConnection != "" {
			vpnAtt[a.VPNConnection] = a.ID
		}
	}
	for _, c := range n.VPNConnections {
		net := cgwNet[c.CustomerGateway]
		kind := "static route"
		if !c.StaticRoutesOnly {
			kind = "advertised over BGP"
		}
		for _, p := range c.Routes {
			add(net, p, kind+" of vpn connection "+c.ID)
		}
		if c.VPNGateway != "" {
			mark(vgwNets, c.VPNGateway, net)
		}
		if att := vpnAtt[c.ID]; att != "" {
			mark(attNets, att, net)
		}
	}
	for _, f := range n.VirtualInterfaces {
		for _, p := range f.Routes {
			add(f.Network, p, "advertised by virtual interface "+f.ID)
		}
		mark(dxgwNets, string(f.Type)+" "+f.DirectConnectGateway, f.Network)
	}
	for _, g := range n.DirectConnectGateways {
		for _, a := range g.Associations {
			for net := range dxgwNets["private "+g.ID] {
				mark(vgwNets, a.Gateway, net)
			}
		}
	}
	for _, a := range n.TransitGatewayAttachments {
		if a.DirectConnectGateway != "" {
			for net := range dxgwNets["transit "+a.DirectConnectGateway] {
				mark(attNets, a.ID, net)
			}
		}
	}
	only := func(m map[string]bool) string {
		if len(m) != 1 {
			return ""
		}
		for k := range m {
			return k
		}
		return ""
	}
	for _, t := range n.RouteTables {
		for _, r := range t.Routes {
			if r.Target.Kind != vpc.TargetVPNGateway || r.Blackhole || !r.Destination.IsValid() {
				continue
			}
			add(only(vgwNets[r.Target.ID]), r.Destination, "routed to "+r.Target.ID+" by route table "+t.ID)
		}
	}
	for _, t := range n.TransitGatewayRouteTables {
		for _, r := range t.Routes {
			if r.Blackhole || r.Attachment == "" {
				continue
			}
			add(only(attNets[r.Attachment]), r.Destination, "routed to "+r.Attachment+" by transit gateway route table "+t.ID)
		}
	}

	var vpcs []netip.Prefix
	for _, v := range n.VPCs {
		vpcs = append(vpcs, v.CIDRs...)
		if v.IPv6CIDR.IsValid() {
			vpcs = append(vpcs, v.IPv6CIDR)
		}
	}
	ids := slices.Sorted(func(yield func(string) bool) {
		for k := range named {
			if k != "" && !yield(k) {
				return
			}
		}
	})
	for _, id := range ids {
		if have[id] {
			continue // declared by the import itself
		}
		if o, ok := given[id]; ok && len(o.CIDRs) > 0 {
			n.OnPremNetworks = append(n.OnPremNetworks, vpc.OnPremNetwork{ID: id, CIDRs: merge(o.CIDRs)})
			continue
		}
		var keep []netip.Prefix
		var taken []string
		for i, p := range found[id] {
			switch {
			case p.Bits() == 0:
				notes = append(notes, Note{Kind: KindOnPrem, ID: id, Field: "cidrs", Reason: "left out " + why[id][i] + ": a default route is no range of the network"})
			case slices.ContainsFunc(vpcs, p.Overlaps):
				notes = append(notes, Note{Kind: KindOnPrem, ID: id, Field: "cidrs", Reason: "left out " + why[id][i] + ": it overlaps a VPC CIDR of the import"})
			default:
				keep = append(keep, p)
				taken = append(taken, why[id][i])
			}
		}
		if len(keep) == 0 {
			notes = append(notes, Note{Kind: KindOnPrem, ID: id, Dropped: true, Reason: "no CIDR of the network is known (no static route, advertised prefix or route toward its connections names one): " +
				"name them with the on-premises network option (command line: --onprem " + id + "=CIDR,...)"})
			continue
		}
		slices.Sort(taken)
		notes = append(notes, Note{Kind: KindOnPrem, ID: id, Field: "cidrs", Reason: "inferred from " + strings.Join(slices.Compact(taken), ", ") +
			" (name them with the on-premises network option to replace them)"})
		n.OnPremNetworks = append(n.OnPremNetworks, vpc.OnPremNetwork{ID: id, CIDRs: merge(keep)})
	}
	slices.SortFunc(n.OnPremNetworks, func(a, b vpc.OnPremNetwork) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(notes, func(a, b Note) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.ID, b.ID), cmp.Compare(a.Field, b.Field), cmp.Compare(a.Reason, b.Reason))
	})
	return notes
}

// merge returns the smallest set of prefixes covering ps, sorted.
func merge(ps []netip.Prefix) []netip.Prefix {
	var b netipx.IPSetBuilder
	for _, p := range ps {
		b.AddPrefix(p.Masked())
	}
	s, err := b.IPSet()
	if err != nil {
		return slices.Clone(ps)
	}
	return s.Prefixes()
}

// FillAdvertised gives the BGP connections whose advertised prefixes the
// input does not tell (a BGP VPN connection, a virtual interface, with no
// routes) the CIDRs of their on-premises network: the customer side is
// taken to advertise its network. A VPN connection to a virtual private
// gateway takes the IPv4 CIDRs only, as the gateway carries no IPv6.
// It returns the IDs of the connections it filled, sorted.
func FillAdvertised(n *sim.Network) []string {
	if n == nil {
		return nil
	}
	cidrs := map[string][]netip.Prefix{}
	for _, o := range n.OnPremNetworks {
		cidrs[o.ID] = o.CIDRs
	}
	cgwNet := map[string]string{}
	for _, g := range n.CustomerGateways {
		cgwNet[g.ID] = g.Network
	}
	var filled []string
	for i := range n.VPNConnections {
		c := &n.VPNConnections[i]
		if c.StaticRoutesOnly || len(c.Routes) > 0 {
			continue
		}
		for _, p := range cidrs[cgwNet[c.CustomerGateway]] {
			if c.VPNGateway == "" || p.Addr().Is4() {
				c.Routes = append(c.Routes, p)
			}
		}
		if len(c.Routes) > 0 {
			filled = append(filled, c.ID)
		}
	}
	for i := range n.VirtualInterfaces {
		f := &n.VirtualInterfaces[i]
		if len(f.Routes) > 0 {
			continue
		}
		f.Routes = slices.Clone(cidrs[f.Network])
		if len(f.Routes) > 0 {
			filled = append(filled, f.ID)
		}
	}
	slices.Sort(filled)
	return filled
}
