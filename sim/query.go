package sim

import (
	"fmt"
	"net/http"
	"net/netip"
	"strings"

	"github.com/vpcsim/vpcsim/policy"
	"github.com/vpcsim/vpcsim/vpc"
	"github.com/vpcsim/vpcsim/workload"
)

// Endpoint is one end of a query: a network interface (by ID, optionally one
// of its addresses), a subnet host, an address, the internet (any
// internet host, or a given one), an on-premises network (any of its
// hosts, or a given one), a load balancer, a VPC Lattice service or
// resource configuration, a workload's interfaces, or (as a destination)
// an AWS service or a DNS name. Build it with [ENI], [ENIAddr],
// [SubnetHost], [Address], [Internet], [InternetAddress], [OnPrem],
// [OnPremAddress], [LoadBalancer], [LatticeService],
// [ResourceConfiguration], [Workload], [WorkloadRole], [Service] or
// [DNSName]: an endpoint that names nothing, or more than one of these, is
// an error in a query.
type Endpoint struct {
	ENI string `json:"eni,omitempty"`
	// LoadBalancer names a load balancer by ID: a flow to it reaches one
	// of its nodes (see [LoadBalancer]) and goes on to its targets.
	LoadBalancer string `json:"loadBalancer,omitempty"`
	// LatticeService names a VPC Lattice service by ID, DNS name or
	// custom domain name (see [LatticeService]).
	LatticeService string `json:"latticeService,omitempty"`
	// ResourceConfiguration names a VPC Lattice resource configuration by
	// ID or custom domain name (see [ResourceConfiguration]).
	ResourceConfiguration string `json:"resourceConfiguration,omitempty"`
	// Subnet names a subnet host: a host of the subnet whose security
	// groups allow everything, so that only routes and network ACLs decide
	// (see [SubnetHost]).
	Subnet string `json:"subnet,omitempty"`
	// OnPrem names an on-premises network by ID (see [OnPrem]).
	OnPrem   string     `json:"onPrem,omitempty"`
	Addr     netip.Addr `json:"addr,omitzero"`
	Internet bool       `json:"internet,omitempty"`
	// Service names an AWS service ("s3", or in full
	// "com.amazonaws.us-east-1.s3") or an endpoint service
	// ("com.amazonaws.vpce.us-east-1.vpce-svc-..."), reached as its
	// clients reach it (see [Service]).
	Service string `json:"service,omitempty"`
	// DNSName names a destination by DNS name, resolved as the source's
	// VPC resolves it (see [DNSName]).
	DNSName string `json:"dnsName,omitempty"`
	// Workload names every interface of a workload (see [Workload]),
	// or with Role those in one role ([WorkloadRole]).
	Workload string        `json:"workload,omitempty"`
	Role     workload.Role `json:"role,omitempty"`
	// VPCEndpoint, with LatticeService or ResourceConfiguration, names
	// the service-network or resource endpoint the destination is reached
	// through, whatever the source's VPC resolves (see [Endpoint.Through]).
	VPCEndpoint string `json:"vpcEndpoint,omitempty"`
}

// Through returns the Lattice destination e reached through the
// service-network or resource endpoint with ID vpce: the flow goes to the
// endpoint's interface in the source's Availability Zone (else its first)
// at the address the destination has there, as a client that uses the
// endpoint's own DNS name does, from the endpoint's VPC or from anywhere
// that reaches its addresses (a peered VPC, a transit gateway, on
// premises). Without it, the source's VPC picks the way (see
// [LatticeService]).
func (e Endpoint) Through(vpce string) Endpoint {
	e.VPCEndpoint = vpce
	return e
}

// ENI is the network interface with the given ID, at its primary address.
func ENI(id string) Endpoint { return Endpoint{ENI: id} }

// ENIAddr is the network interface id at one of its addresses.
func ENIAddr(id string, a netip.Addr) Endpoint { return Endpoint{ENI: id, Addr: a} }

// SubnetHost is a host of subnet id whose security groups allow
// everything: queries from or to it answer what the subnet's routes and
// network ACLs allow, as subnet-level matrices need. It stands at the
// first usable address of the subnet that no interface holds (the
// reserved base + 3 when every usable address is held), so it never
// answers for an interface. It stands for any host of the subnet, with
// whatever Elastic IP that host would have, so the internet reaches it at
// a placeholder public IPv4 address from 240.0.0.0/4 (240.0.0.1 for the
// first subnet in ID order, and so on): a query from [Internet] to a
// subnet host asks what the subnet's routes and ACLs let in.
func SubnetHost(id string) Endpoint { return Endpoint{Subnet: id} }

// Address is whatever holds address a: a private address of an interface, a
// public address (reached through the internet), an internet host, or the
// Amazon DNS resolver (the VPC's primary CIDR base + 2, 169.254.169.253 or
// fd00:ec2::253).
func Address(a netip.Addr) Endpoint { return Endpoint{Addr: a} }

// Internet is any host on the internet. As a source it stands for every
// internet host ([Model.IsInternetHost]): the flow is reachable if some
// internet host reaches the destination, and that address is reported.
func Internet() Endpoint { return Endpoint{Internet: true} }

// InternetAddress is the internet host at address a, which must be an
// internet host of the model queried ([Model.IsInternetHost]): public, in
// no VPC's CIDRs, and not a public or Elastic IP of the network.
func InternetAddress(a netip.Addr) Endpoint { return Endpoint{Internet: true, Addr: a} }

// OnPrem is any host of the on-premises network with the given ID (any
// address of its CIDRs), searched as [Internet] is: as a source, the flow
// is reachable if some address of the network reaches the destination,
// and the path shows the first such address. The network reaches AWS over
// its VPN connections and Direct Connect virtual interfaces, by the routes
// it learns from AWS over them.
func OnPrem(id string) Endpoint { return Endpoint{OnPrem: id} }

// OnPremAddress is the host at address a of on-premises network id; a
// must lie in the network's CIDRs. [Address] names it too when a lies in
// one on-premises network's CIDRs and in no VPC's.
func OnPremAddress(id string, a netip.Addr) Endpoint { return Endpoint{OnPrem: id, Addr: a} }

// LoadBalancer is the load balancer with the given ID, as a destination:
// the flow reaches the load balancer's node in the source's Availability
// Zone when there is one (else its first node in zone order), which
// applies its listener, rules and target groups and opens a connection of
// its own to each target it would send the request to ([Result.Proxy]).
func LoadBalancer(id string) Endpoint { return Endpoint{LoadBalancer: id} }

// LatticeService is the VPC Lattice service with the given ID, DNS name or
// custom domain name, as a destination: the request reaches Lattice
// through the source VPC's service network association, or through a
// service-network endpoint of that VPC whose private DNS answers the
// service's name (which wins over the association, as a private hosted
// zone wins over the public answer), or through the endpoint the
// destination names ([Endpoint.Through]); the service applies its
// listener, auth policies, rules and target groups, opening a connection
// of its own to each target ([Result.Proxy]). [Result.Via] names the
// endpoint a request went through.
func LatticeService(name string) Endpoint { return Endpoint{LatticeService: name} }

// ResourceConfiguration is the VPC Lattice resource configuration with the
// given ID or custom domain name, as a destination: the TCP connection
// reaches Lattice through the source VPC's service network association
// (at the configuration's address there, in 129.224.0.0/17), or through
// a resource or service-network endpoint of that VPC (at the
// configuration's address on the endpoint's interface) when the
// endpoint's private DNS answers the name, or the endpoint the
// destination names ([Endpoint.Through]); the
// configuration's resource gateway opens a connection of its own, from its
// address in the client's Availability Zone, to each resource it stands
// for ([Result.Proxy]). Named by its custom domain name, the name must
// resolve in the source VPC (private DNS).
func ResourceConfiguration(name string) Endpoint { return Endpoint{ResourceConfiguration: name} }

// String formats the endpoint as "eni-a", "eni-a@10.0.1.5", "lb:alb-1",
// "lattice:svc-1", "resource:rcfg-1", "subnet:subnet-a", "onprem:dc1",
// "onprem:dc1@192.168.1.5", "10.0.1.5", "internet", "internet@8.8.8.8",
// "service:s3", "dns:api.example.com", "workload:orders" or
// "workload:orders-db/primary"; a destination reached through a named
// endpoint ends in " via vpce-1".
func (e Endpoint) String() string {
	var s string
	switch {
	case e.ENI != "":
		s = e.ENI
	case e.LoadBalancer != "":
		s = "lb:" + e.LoadBalancer
	case e.LatticeService != "":
		s = "lattice:" + e.LatticeService
	case e.ResourceConfiguration != "":
		s = "resource:" + e.ResourceConfiguration
	case e.Subnet != "":
		s = "subnet:" + e.Subnet
	case e.OnPrem != "":
		s = "onprem:" + e.OnPrem
	case e.Internet:
		s = "internet"
	case e.Service != "":
		s = "service:" + e.Service
	case e.DNSName != "":
		s = "dns:" + e.DNSName
	case e.Workload != "" && e.Role != "":
		s = "workload:" + e.Workload + "/" + string(e.Role)
	case e.Workload != "":
		s = "workload:" + e.Workload
	}
	if e.Addr.IsValid() {
		if s != "" {
			s += "@"
		}
		s += e.Addr.String()
	}
	if e.VPCEndpoint != "" {
		s += " via " + e.VPCEndpoint
	}
	return s
}

// Query asks whether From reaches To with a protocol and destination port.
type Query struct {
	From Endpoint `json:"from"`
	To   Endpoint `json:"to"`
	// Protocol of the flow; the zero value means TCP. It must name one
	// protocol, not [vpc.ProtocolAll].
	Protocol vpc.Protocol `json:"protocol,omitempty"`
	// Port is the destination port for TCP and UDP.
	Port uint16 `json:"port,omitempty"`
	// ICMP is the message type and code for ICMP and ICMPv6; nil means echo
	// request (type 8 for ICMP, 128 for ICMPv6).
	ICMP *vpc.ICMP `json:"icmp,omitempty"`
	// SrcPort is the client's source port; zero means any port of
	// EphemeralPorts, and then replies must pass on all of them.
	SrcPort uint16 `json:"srcPort,omitempty"`
	// EphemeralPorts is the client's ephemeral port range, on which replies
	// must pass stateless network ACLs; zero means 1024–65535 (what NAT
	// gateways, ELB and Lambda use; Linux uses 32768–61000).
	EphemeralPorts vpc.PortRange `json:"ephemeralPorts,omitzero"`
	// IPv6 selects IPv6 addresses for interface endpoints and the internet.
	IPv6 bool `json:"ipv6,omitempty"`
	// Request is the HTTP request the flow carries, for the components
	// that decide on requests (Application Load Balancer and VPC Lattice
	// rules); nil means GET / with no Host header.
	Request *HTTPRequest `json:"request,omitempty"`
	// Call is the AWS API request the flow carries to an AWS service, for
	// the policies that decide it: the endpoint policy of the VPC endpoint
	// it passes and the resource policies of the resource it names (see
	// [APICall]). Required when such a policy guards the destination; nil
	// otherwise means no policy is consulted. A call that names no
	// principal is made by Caller.
	Call *APICall `json:"call,omitempty"`
	// Caller is the principal making the request, for the components
	// that decide on who calls (VPC Lattice auth policies, and endpoint
	// and resource policies when Call names no principal); nil means an
	// anonymous (unsigned) caller.
	Caller *policy.Principal `json:"caller,omitempty"`
}

// HTTPRequest is an HTTP request as load balancer rules see it.
type HTTPRequest struct {
	// Method is the request method; empty means GET.
	Method string `json:"method,omitempty"`
	// Host is the Host header (a ":port" suffix is ignored).
	Host string `json:"host,omitempty"`
	// Path is the request path without the query string; empty means "/".
	Path string `json:"path,omitempty"`
	// Query is the query string, without the "?".
	Query string `json:"query,omitempty"`
	// Header holds the other header fields.
	Header http.Header `json:"header,omitempty"`
}

// method and path return the request's method and path, defaulted.
func (r *HTTPRequest) method() string {
	if r == nil || r.Method == "" {
		return "GET"
	}
	return r.Method
}

func (r *HTTPRequest) path() string {
	if r == nil || r.Path == "" {
		return "/"
	}
	return r.Path
}

// String formats the request as "GET example.com/path?q".
func (r *HTTPRequest) String() string {
	s := r.method() + " "
	if r != nil {
		s += r.Host
	}
	s += r.path()
	if r != nil && r.Query != "" {
		s += "?" + r.Query
	}
	return s
}

func (q Query) protocol() vpc.Protocol {
	if q.Protocol == 0 {
		return vpc.ProtocolTCP
	}
	return q.Protocol
}

// String formats the query as "eni-a -> eni-b tcp/443".
func (q Query) String() string {
	p := q.protocol()
	switch {
	case p.HasPorts():
		return fmt.Sprintf("%s -> %s %s/%d", q.From, q.To, p, q.Port)
	case p.IsICMP():
		return fmt.Sprintf("%s -> %s %s %s", q.From, q.To, p, q.icmpMessage())
	}
	return fmt.Sprintf("%s -> %s %s", q.From, q.To, p)
}

// icmpMessage returns the query's ICMP message: the one given, else the
// echo request of its protocol (type 8 for ICMP, 128 for ICMPv6).
func (q Query) icmpMessage() vpc.ICMP {
	switch {
	case q.ICMP != nil:
		return *q.ICMP
	case q.protocol() == vpc.ProtocolICMPv6:
		return vpc.ICMPMessage(128, 0)
	}
	return vpc.EchoRequest
}

// Packet is a flow as it leaves a hop: addresses after any translation.
// For ICMP, Ports hold no meaning and ICMP is set; it points to a value
// that answers share, so read it but do not write through it.
type Packet struct {
	Src      netip.Addr    `json:"src"`
	Dst      netip.Addr    `json:"dst"`
	Protocol vpc.Protocol  `json:"protocol"`
	SrcPorts vpc.PortRange `json:"srcPorts,omitzero"`
	DstPorts vpc.PortRange `json:"dstPorts,omitzero"`
	ICMP     *vpc.ICMP     `json:"icmp,omitempty"`
}

// String formats the packet as "10.0.1.5:1024-65535 -> 10.0.2.7:5432 tcp".
func (p Packet) String() string {
	if p.ICMP != nil {
		return fmt.Sprintf("%s -> %s %s %s", p.Src, p.Dst, p.Protocol, p.ICMP)
	}
	if p.Protocol.HasPorts() {
		return fmt.Sprintf("%s:%s -> %s:%s %s", p.Src, p.SrcPorts, p.Dst, p.DstPorts, p.Protocol)
	}
	return fmt.Sprintf("%s -> %s %s", p.Src, p.Dst, p.Protocol)
}

// ComponentKind names the kind of a component on a path.
type ComponentKind string

// Component kinds.
const (
	KindInterface       ComponentKind = "network-interface"
	KindSubnet          ComponentKind = "subnet"
	KindVPCRouter       ComponentKind = "vpc-router"
	KindInternetGateway ComponentKind = "internet-gateway"
	KindEgressOnly      ComponentKind = "egress-only-internet-gateway"
	KindNATGateway      ComponentKind = "nat-gateway"
	KindInternet        ComponentKind = "internet"
	KindPeering         ComponentKind = "vpc-peering-connection"
	KindTransitGateway  ComponentKind = "transit-gateway"
	KindDNS             ComponentKind = "amazon-dns"
	KindLoadBalancer    ComponentKind = "load-balancer"
	KindServiceNetwork  ComponentKind = "service-network"
	KindLatticeService  ComponentKind = "lattice-service"
	// Hybrid connectivity.
	KindOnPrem               ComponentKind = "on-premises-network"
	KindVPNGateway           ComponentKind = "virtual-private-gateway"
	KindVPNConnection        ComponentKind = "vpn-connection"
	KindDirectConnectGateway ComponentKind = "direct-connect-gateway"
	KindVirtualInterface     ComponentKind = "virtual-interface"
	// KindResourceGateway and KindResourceConfiguration are VPC Lattice's
	// way to resources of a VPC: the configuration decides what a
	// consumer may reach, the gateway carries the connection into the
	// provider VPC.
	KindResourceGateway       ComponentKind = "resource-gateway"
	KindResourceConfiguration ComponentKind = "resource-configuration"
)

// Step names what a component did with the packet at a hop.
type Step string

// Steps.
const (
	StepSGEgress           Step = "security-group egress"
	StepSGIngress          Step = "security-group ingress"
	StepSGReply            Step = "security-group connection tracking"
	StepACLOutbound        Step = "network-acl outbound"
	StepACLInbound         Step = "network-acl inbound"
	StepSwitch             Step = "same-subnet delivery"
	StepRoute              Step = "route"
	StepLocal              Step = "local delivery"
	StepDeliver            Step = "deliver"
	StepForward            Step = "appliance forward"
	StepNAT                Step = "source nat"
	StepUnNAT              Step = "reverse nat"
	StepPublicNAT          Step = "public address translation"
	StepEgressOnly         Step = "egress-only gateway"
	StepInternet           Step = "internet"
	StepPeering            Step = "peering"
	StepTGWRoute           Step = "transit gateway route"
	StepListener           Step = "listener"
	StepRule               Step = "listener rule"
	StepTargetGroup        Step = "target group"
	StepReturn             Step = "return to the load balancer"
	StepLatticeAssociation Step = "service network association"
	StepLatticeTarget      Step = "lattice to target"
	StepAuthPolicy         Step = "auth policy"
	StepTunnel             Step = "vpn tunnel"
	StepVirtualInterface   Step = "direct connect virtual interface"
	StepLatticeDNS         Step = "lattice private dns"
	StepResourcePorts      Step = "resource port ranges"
	StepResourceGateway    Step = "resource gateway"
)

// RuleRef identifies the declared rule, entry or route that decided a hop:
// the security group, network ACL or route table, the list ("ingress",
// "egress", "inbound", "outbound", "routes", "propagations") and the
// position: the index in SecurityGroup.Ingress/Egress, RouteTable.Routes
// or, for a route a virtual private gateway propagated,
// RouteTable.Propagations, or the ACL entry number. Implicit rules have
// Index -1 (the local route, the final ACL deny, rules of synthesized
// default groups).
type RuleRef struct {
	Resource string `json:"resource"`
	List     string `json:"list"`
	Index    int    `json:"index"`
}

// IsZero reports whether r names no rule.
func (r RuleRef) IsZero() bool { return r == RuleRef{} }

// Hop is one step of a path: the component the packet was at, what it did,
// the rule or route that allowed it (Rule in words, Ref as a reference),
// and the packet as it left.
type Hop struct {
	Component string        `json:"component"`
	Kind      ComponentKind `json:"kind"`
	Step      Step          `json:"step"`
	Rule      string        `json:"rule,omitempty"`
	Ref       RuleRef       `json:"ref,omitzero"`
	Packet    Packet        `json:"packet"`
}

// String formats the hop on one line.
func (h Hop) String() string {
	s := fmt.Sprintf("%s %s: %s", h.Kind, h.Component, h.Step)
	if h.Rule != "" {
		s += " [" + h.Rule + "]"
	}
	return s + " => " + h.Packet.String()
}

// Block says where and why a flow stopped: the component, the step, a
// reason code, and the rule responsible (an explicit deny entry) or the
// missing rule ("no rule of sg-db allows ...").
type Block struct {
	Component string        `json:"component"`
	Kind      ComponentKind `json:"kind"`
	Step      Step          `json:"step"`
	Reason    Reason        `json:"reason"`
	Rule      string        `json:"rule"`
	// Ref is the denying ACL entry or blackhole route, when one is to blame.
	Ref RuleRef `json:"ref,omitzero"`
}

// String formats the block on one line.
func (b Block) String() string {
	return fmt.Sprintf("%s at %s %s (%s): %s", b.Reason, b.Kind, b.Component, b.Step, b.Rule)
}

// Result is the explained answer to a [Query].
type Result struct {
	Query  Query  `json:"query"`
	Status Status `json:"status"`
	// Reason is why the flow or its reply was blocked; NoReason otherwise.
	Reason Reason `json:"reason"`
	// Path is the forward path, up to the block when the flow is blocked.
	Path []Hop `json:"path"`
	// Reply is the path of the replies, when the forward flow arrived.
	Reply []Hop `json:"reply,omitempty"`
	// Block is where the flow (or, for ReplyBlocked, the reply) stopped;
	// for a flow through a proxy that some of its connections fail, the
	// first failing connection's block.
	Block *Block `json:"block,omitempty"`
	// Proxy is set when the flow reached a component that ends
	// connections and opens its own (a load balancer, an interface
	// endpoint to an endpoint service): Path and Reply are then the
	// client's connection to it, and Proxy says what it decided and each
	// connection it opened.
	Proxy *Proxy `json:"proxy,omitempty"`
}

// Allowed reports whether the flow and its replies pass (false for a nil
// result, as Reach returns with an error).
func (r *Result) Allowed() bool { return r != nil && r.Status == Reachable }

// String formats the result with its path, one hop a line ("<nil>" for a
// nil result).
func (r *Result) String() string {
	if r == nil {
		return "<nil>"
	}
	var b strings.Builder
	writeResult(&b, r, "")
	return b.String()
}

// writeResult formats r at an indentation: its verdict, paths, proxy and
// block.
func writeResult(b *strings.Builder, r *Result, indent string) {
	fmt.Fprintf(b, "%s%s: %s", indent, r.Query, r.Status)
	if r.Block != nil {
		fmt.Fprintf(b, " (%s)", r.Reason)
	}
	b.WriteByte('\n')
	for i, h := range r.Path {
		fmt.Fprintf(b, "%s  %2d %s\n", indent, i+1, h)
	}
	if len(r.Reply) > 0 {
		fmt.Fprintf(b, "%s  reply:\n", indent)
		for i, h := range r.Reply {
			fmt.Fprintf(b, "%s  %2d %s\n", indent, i+1, h)
		}
	}
	if r.Proxy != nil {
		writeProxy(b, r.Proxy, indent+"  ")
	}
	if r.Block != nil && (r.Proxy == nil || r.Status != Partial) {
		fmt.Fprintf(b, "%s  blocked: %s\n", indent, r.Block)
	}
}

// Verdict is the answer to a [Query] without its explanation.
type Verdict struct {
	Status Status
	// Reason is why the flow or its reply was blocked; NoReason otherwise.
	Reason Reason
}

// Allowed reports whether the flow and its replies pass, as
// [Result.Allowed] does.
func (v Verdict) Allowed() bool { return v.Status == Reachable }

// String formats the verdict as the first line of [Result.String] does
// after the query: "reachable", "blocked (SG_INGRESS)" or "reply-blocked
// (NACL_OUT)"; the status alone when there is no reason.
func (v Verdict) String() string {
	if v.Reason == NoReason {
		return v.Status.String()
	}
	return fmt.Sprintf("%s (%s)", v.Status, v.Reason)
}
