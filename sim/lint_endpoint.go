package sim

import "fmt"

// lintEndpointZones flags the interfaces of interface endpoints to
// endpoint services that no Network Load Balancer of the service serves
// in their Availability Zone (matched by AZ ID). AWS refuses to create an
// endpoint in such a subnet ("the VPC endpoint service does not support
// the Availability Zone of the subnet"), but a provider that later takes
// a zone off its load balancers leaves consumers' interfaces there, and
// their connections fail (AZ_MISMATCH). Endpoints to another Region's
// service are not flagged: zones do not match across Regions.
func lintEndpointZones(m *Model, add func(Finding)) {
	for vi := range m.vpces {
		V := &m.vpces[vi]
		if V.esvc == noESvc {
			continue
		}
		S := &m.esvcs[V.esvc]
		for _, e := range V.enis {
			if n, _ := m.privateLinkNode(S, e); n != noENI {
				continue
			}
			E := &m.enis[e]
			add(Finding{Resource: V.id, Kind: string(KindVPCEndpoint), Field: "subnet " + m.subnets[E.subnet].id,
				Explanation: fmt.Sprintf("its interface %s is in %s, which endpoint service %s does not serve (its Network Load Balancers have nodes in %s): connections through it fail",
					E.id, m.zoneName(E.subnet), S.id, m.esvcZones(S)),
				Fix: fmt.Sprintf("move the endpoint to subnets in the zones %s serves, or have the provider enable %s on a load balancer of the service", S.id, m.zoneName(E.subnet))})
		}
	}
}
