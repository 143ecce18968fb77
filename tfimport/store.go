package tfimport

import (
	"sort"

	"github.com/vpcsim/vpcsim/elb"
	"github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/lattice"
	"github.com/vpcsim/vpcsim/vpc"
)

// store holds the declarations of one kind by ID while they are built.
type store[T any] struct {
	m    map[string]*T
	addr map[string]*inst // the instance that declared each
}

func (s *store[T]) put(id string, in *inst, v *T) *T {
	if s.m == nil {
		s.m = map[string]*T{}
		s.addr = map[string]*inst{}
	}
	if old, ok := s.m[id]; ok {
		return old
	}
	s.m[id] = v
	s.addr[id] = in
	return v
}

func (s *store[T]) get(id string) *T {
	if s.m == nil {
		return nil
	}
	return s.m[id]
}

func (s *store[T]) del(id string) { delete(s.m, id) }

// ids returns the IDs in order.
func (s *store[T]) ids() []string {
	out := make([]string, 0, len(s.m))
	for id := range s.m {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// list returns the declarations sorted by ID.
func (s *store[T]) list() []T {
	var out []T
	for _, id := range s.ids() {
		out = append(out, *s.m[id])
	}
	return out
}

// decls holds every declaration under construction.
type decls struct {
	vpcs    store[vpc.VPC]
	subnets store[vpc.Subnet]
	rtbs    store[vpc.RouteTable]
	igws    store[vpc.InternetGateway]
	eigws   store[vpc.EgressOnlyInternetGateway]
	nats    store[vpc.NATGateway]
	sgs     store[vpc.SecurityGroup]
	acls    store[vpc.NetworkACL]
	pls     store[vpc.PrefixList]
	enis    store[vpc.NetworkInterface]
	pcxs    store[vpc.PeeringConnection]
	tgws    store[vpc.TransitGateway]
	tgwAtts store[vpc.TransitGatewayAttachment]
	tgwRTBs store[vpc.TransitGatewayRouteTable]

	endpoints store[endpoint.Endpoint]
	services  store[endpoint.Service]
	conns     store[endpoint.Connection]

	lbs       store[elb.LoadBalancer]
	listeners store[elb.Listener]
	tgs       store[elb.TargetGroup]

	sns      store[lattice.ServiceNetwork]
	snVPC    store[lattice.ServiceNetworkVPCAssociation]
	snSvc    store[lattice.ServiceNetworkServiceAssociation]
	snRes    store[lattice.ServiceNetworkResourceAssociation]
	lsvcs    store[lattice.Service]
	ltgs     store[lattice.TargetGroup]
	rgws     store[lattice.ResourceGateway]
	rcfgs    store[lattice.ResourceConfiguration]
	llisten  map[string]*latticeListener // lattice listener ID -> listener and service
	eips     map[string]*eip             // allocation ID -> address
	instENI  map[string]string           // instance ID -> primary interface ID
	defs     map[string]defaults         // VPC ID -> default resource IDs
	defOwner map[string]string           // default resource ID -> its VPC ID
	zoneless []string                    // subnets placed by AZ ID alone, named by nameZones
	attach   map[attachKey][]*inst       // the attachments that registered each target with an ID
}

type latticeListener struct {
	service string
	index   int
}
