package archcheck

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vpcsim/vpcsim/sim"
)

// Connectivity reports the architecture's connectivity as sorted,
// line-oriented text, for golden files and reviews. It has these sections:
//
//   - what the internet reaches: each interface with its open flows
//     ([sim.Model.Exposure]), "(ipv6)" marking IPv6;
//   - what reaches the internet: each interface with the flows on which it
//     reaches some internet address, and the gateways on the path to the
//     first address reached (NAT, internet, egress-only, transit gateways
//     and peering connections);
//   - between interfaces: the open flows between groups of interfaces
//     that every rule treats alike ([sim.Model.Matrix]), IPv6 in a
//     section of its own when two or more interfaces have IPv6 addresses;
//   - between subnets, as their routes and network ACLs allow: each
//     subnet stands for a host whose security groups allow everything;
//   - the members of the groups too large to name in full in the
//     matrices (more than four), which are named by their first member
//     and how many more they hold ("eni-app-00 +13").
//
// The first two sections list interfaces in ID order (IPv4 before IPv6),
// the others are sorted; every answer is exact, and the text does not
// depend on declaration order.
func (a *Arch) Connectivity() (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "# Connectivity of %d network interfaces in %d subnets, computed by vpcsim.\n", len(a.enis), len(a.subnetIDs))
	b.WriteString("# Rewrite with go test -update; review changes like code.\n")

	// The internet -> interfaces.
	ex, err := a.model.Exposure()
	if err != nil {
		return "", err
	}
	exposed := map[string][2]string{} // interface -> its IPv4 and IPv6 lines
	for _, x := range ex {
		for _, id := range x.ENIs {
			l := exposed[id]
			l[boolInt(x.IPv6)] = fmt.Sprintf("%s%s: %s", id, family(x.IPv6), FromOpen(x.Open))
			exposed[id] = l
		}
	}
	var lines []string
	for _, e := range a.enis {
		for _, l := range exposed[e.id] {
			if l != "" {
				lines = append(lines, l)
			}
		}
	}
	section(&b, "internet -> interfaces: what the internet reaches", lines, false)

	// Interfaces -> the internet.
	lines = nil
	for _, e := range a.enis {
		for _, ipv6 := range []bool{false, true} {
			if ipv6 && !e.ipv6 {
				continue
			}
			open, err := a.model.OpenPorts(sim.Query{From: sim.ENI(e.id), To: sim.Internet(), IPv6: ipv6})
			if err != nil {
				return "", err
			}
			if len(open) > 0 {
				lines = append(lines, fmt.Sprintf("%s%s: %s", e.id, family(ipv6), viaGroups(open)))
			}
		}
	}
	section(&b, "interfaces -> internet: what reaches some internet address, and through which gateways", lines, false)

	// Interfaces -> interfaces, and subnets -> subnets.
	var all, all6, subnets []string
	for _, e := range a.enis {
		all = append(all, e.id)
		if e.ipv6 {
			all6 = append(all6, e.id)
		}
	}
	subnets = a.Subnets()
	var groups []string
	matrix := func(title string, sel sim.Selection, empty bool) error {
		var cells, gs []string
		if !empty {
			var err error
			if cells, gs, err = a.matrixLines(sel); err != nil {
				return err
			}
		}
		section(&b, title, cells, true)
		groups = append(groups, gs...)
		return nil
	}
	if err := matrix("interfaces -> interfaces: groups of interfaces every rule treats alike",
		sim.Selection{ENIs: all}, len(all) == 0); err != nil {
		return "", err
	}
	if len(all6) > 1 {
		if err := matrix("interfaces -> interfaces (ipv6)", sim.Selection{ENIs: all6, IPv6: true}, false); err != nil {
			return "", err
		}
	}
	if err := matrix("subnets -> subnets: routes and network ACLs only (hosts whose security groups allow everything)",
		sim.Selection{Subnets: subnets}, len(subnets) == 0); err != nil {
		return "", err
	}
	if len(groups) > 0 {
		section(&b, fmt.Sprintf("groups of more than %d, named by their first member", inlineMembers), slices.Compact(slices.Sorted(slices.Values(groups))), false)
	}
	return b.String(), nil
}

// section writes a titled section, sorting its lines if asked.
func section(b *strings.Builder, title string, lines []string, sort bool) {
	fmt.Fprintf(b, "\n## %s\n", title)
	if len(lines) == 0 {
		b.WriteString("(nothing)\n")
		return
	}
	if sort {
		slices.Sort(lines)
	}
	for _, l := range lines {
		b.WriteString(l)
		b.WriteByte('\n')
	}
}

// inlineMembers is the most members a matrix group is named by in full;
// a larger group is named by its first member and how many more it has,
// and listed once in a section of its own, so that the report grows with
// the number of groups and cells, not their product with the sizes.
const inlineMembers = 4

// matrixLines formats a matrix as one line per cell: "a, b -> c: flows",
// "each other" for a group's cell with itself, and returns the membership
// lines of the groups too large to name in full ("a +5 = a, b, ...").
func (a *Arch) matrixLines(sel sim.Selection) (cells, groups []string, err error) {
	x, err := a.model.Matrix(sel)
	if err != nil {
		return nil, nil, err
	}
	name := make([]string, len(x.Groups))
	for i, g := range x.Groups {
		name[i] = strings.Join(g.Members, ", ")
		if len(g.Members) > inlineMembers {
			name[i] = fmt.Sprintf("%s +%d", g.Members[0], len(g.Members)-1)
			groups = append(groups, name[i]+" = "+strings.Join(g.Members, ", "))
		}
	}
	for _, c := range x.Cells {
		to := name[c.To]
		if c.From == c.To {
			to = "each other"
		}
		cells = append(cells, fmt.Sprintf("%s -> %s: %s", name[c.From], to, FromOpen(c.Open)))
	}
	return cells, groups, nil
}

// viaGroups formats open flows to the internet grouped by the gateways on
// their witness paths: "tcp 443, udp 53 via nat-a, igw-prod".
func viaGroups(open []sim.OpenRange) string {
	var order []string
	groups := map[string][]sim.OpenRange{}
	for _, o := range open {
		v := via(o.Witness)
		if _, ok := groups[v]; !ok {
			order = append(order, v)
		}
		groups[v] = append(groups[v], o)
	}
	var parts []string
	for _, v := range order {
		s := FromOpen(groups[v]).String()
		if v != "" {
			s += " via " + v
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

// boolInt is 1 for true.
func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// via lists the gateways a path passes, in order.
func via(r *sim.Result) string {
	if r == nil {
		return ""
	}
	var ids []string
	for _, h := range r.Path {
		switch h.Kind {
		case sim.KindNATGateway, sim.KindInternetGateway, sim.KindEgressOnly, sim.KindTransitGateway, sim.KindPeering:
			if !slices.Contains(ids, h.Component) {
				ids = append(ids, h.Component)
			}
		}
	}
	return strings.Join(ids, ", ")
}
