package sim

// IndexAllRules gives every security group and network ACL rule list of m
// a port index, however short, so that tests can check the indexed
// matching against the scan on small networks.
func IndexAllRules(m *Model) {
	for g := range m.sgs {
		m.sgs[g].index = [2]*portIndex{buildPortIndex(m.sgs[g].ingress), buildPortIndex(m.sgs[g].egress)}
	}
	for a := range m.acls {
		m.acls[a].index = [2]*portIndex{buildPortIndex(m.acls[a].inbound), buildPortIndex(m.acls[a].outbound)}
	}
}
