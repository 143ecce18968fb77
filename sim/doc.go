// Package sim simulates an AWS VPC network offline: it collects declared
// resources in a [Network], validates them against what the AWS API
// accepts, compiles them into an immutable [Model] and answers
// reachability queries with an explanation.
//
// The pipeline is declare, validate, compile, query, explain:
//
//	n, err := sim.Load(f)          // or build a *sim.Network in Go
//	m, err := sim.Compile(n)       // validates first: every problem at once
//	r, err := m.Reach(sim.Query{From: sim.ENI("eni-app"), To: sim.ENI("eni-db"), Port: 5432})
//	fmt.Print(r)                   // verdict, path hop by hop, reply, block
//
// The declared types live in [github.com/vpcsim/vpcsim/vpc]. This comment
// states the model, its invariants and the choices made where AWS leaves
// behaviour open; docs/semantics.md in the repository describes the same
// model for users, with the AWS documentation each part follows, and
// docs/reason-codes.md explains every [Reason].
//
// # Declare and validate
//
// A [Network] is plain data that round-trips through JSON ([Load],
// [Network.Save]). [Load] is strict: a field the model does not know
// ([ErrUnknownField]) and a key given twice in one object
// ([ErrDuplicateKey]) are errors naming their JSON path; it lists the
// first 20 problems and counts the rest.
// [Network.Validate] rejects what the AWS API would reject and returns all
// problems together as an [errors.Join] of [*FieldError] values, each naming
// the resource, the field and a sentinel kind ([ErrInvalidValue],
// [ErrUnknownResource], [ErrOverlap], ...). What AWS accepts compiles, even
// when it is a mistake: its consequences show up in queries.
//
// A zero value in a declaration means "not given" (see package vpc): the
// AWS default where AWS has one, else a validation error where AWS
// requires the field (a rule's protocol, the ports of a TCP or UDP rule).
// Validation also rejects, as an ID of any declaration, a name vpcsim
// gives what it creates: "internet", "<vpc>/main-rtb",
// "<vpc>/default-acl", "<vpc>/default-sg", "<vpc>/amazon-dns" and
// "<nat-id>/eni" (a VPC's declared main route table, default network ACL
// or default security group may carry the name vpcsim would give it); and
// a route to an internet gateway that is not attached, unless the route is
// declared a blackhole, as AWS shows it.
//
// # Compile
//
// [Compile] validates the network, then builds the [Model]:
//
//   - Resources are indexed in ID order, so no answer depends on the order
//     of the slices in the [Network].
//   - Resources AWS creates implicitly are synthesized when a VPC does not
//     declare them: the main route table "<vpc>/main-rtb" (local routes
//     only), the default network ACL "<vpc>/default-acl" (rule 100 allows
//     all IPv4, rule 101 all IPv6 when the VPC has an IPv6 block) and the
//     default security group "<vpc>/default-sg" (all inbound from itself,
//     all outbound). Interfaces with no security group get the default
//     group; subnets with no explicit association get the main table and
//     the default ACL. Every route table has one implicit local route per
//     VPC CIDR, unless a declared route for the same destination replaces it.
//   - Interfaces and NAT gateways that declare no private address get the
//     next free one of their subnet, in ID order, skipping the five
//     addresses AWS reserves and those declared elsewhere. A NAT gateway's
//     interface is named "<nat-id>/eni".
//   - Interfaces that want a public IPv4 address but declare none
//     ([vpc.NetworkInterface.WantsPublicIP]) get one from 54.0.0.0/8,
//     starting at 54.0.0.1, in ID order, skipping declared public and
//     Elastic IPs. AWS picks from its own pool; vpcsim picks
//     deterministically.
//   - Each subnet's host ([SubnetHost]) stands at the first usable address
//     no interface holds (the reserved base + 3 when every usable address
//     is held) and has a placeholder public IPv4 address from 240.0.0.0/4
//     (240.0.0.1, 240.0.0.2, ... in subnet ID order), which no declared
//     or internet address can be.
//   - Routes are ordered for longest-prefix match; at equal length a CIDR
//     route comes before a prefix-list route, and overlapping prefix lists
//     are broken by the lowest prefix-list ID (AWS picks one of them
//     arbitrarily and keeps it).
//   - The model is also a directed graph of components implementing gonum's
//     graph.Directed, so gonum's traversals, path searches and encoders work
//     on it directly.
//
// What compile decided reads back without parsing a path:
// [Model.Interface], [Model.Subnet], [Model.VPC] and [Model.NATGateway]
// return an [InterfaceInfo], [SubnetInfo], [VPCInfo] or [NATGatewayInfo]
// by ID (addresses assigned, security groups, route tables and network
// ACLs resolved, synthesized resources named), and [Model.Interfaces],
// [Model.Subnets], [Model.VPCs] and [Model.NATGateways] iterate over them
// in ID order. The model keeps no reference to the [Network] it was
// compiled from; to vary a network, [Network.Clone] it and edit the clone
// through lookups such as [Network.SecurityGroup], which return pointers
// into its slices.
//
// # Invariants
//
// A [Model] is immutable once built and safe for concurrent use by any
// number of goroutines. Answers are deterministic: the same network and
// query always give the same result, path and text, whatever the
// declaration order, the run or the goroutine. [Model.Verdict] between
// interfaces or concrete addresses, through load balancers too, does not
// allocate. [Model.Reach]
// allocates its Result (with its Block) and one array per type for the
// rest of the answer (one for every hop of the paths, the replies, a
// proxy's steps and its legs; one for the legs' Results; one for the
// branches), plus the text of a block, of each address translation on the
// path and of each rule that matched a request. [Model.ReachInto] reusing
// a Result writes the answer into the storage of the one it held, when it
// fits, and then allocates only those texts.
// Long security group and network ACL rule lists are indexed by port, so
// a walk does not scan them, and [Model.OpenPorts] takes time and memory
// near-linear in the rules the flow meets.
//
// Nothing in the package panics on nil: a nil *Model, *Network or
// *Result as receiver, or a nil pointer, reader or writer as argument,
// gives an error wrapping [ErrNil] that says what to pass, or, from
// methods that return no error, an empty answer ("<nil>" from String,
// false from Allowed, no graph nodes).
//
// # Queries
//
// A [Query] names a source and a destination [Endpoint] (an interface, a
// subnet host, an address, or the internet), a protocol (TCP when zero)
// and a destination port, or an ICMP type and code (an echo request when
// nil: type 8 for ICMP, 128 for ICMPv6). [Model.Reach] answers with a
// [Result]: its [Status], the forward path as [Hop] values (the component,
// the step, the rule or route that allowed it and the packet as it left),
// the reply path, and for a blocked flow the [Block] naming the component,
// the step, a [Reason] code and the denying entry or the missing rule.
// [Model.Verdict] gives the status and reason only.
//
// An error means the query itself is wrong: an endpoint that names nothing
// or more than one thing, an unknown interface, a source address nothing
// sends from, protocol "all", TCP or UDP port 0, ends of different address
// families, or two ends that both lie outside the network (one error
// however they are named). Every problem is reported at once, in the order
// of the query's fields, as [*FieldError] values joined. A destination
// address that nobody holds is not an error: the result shows where
// traffic to it dies (UNKNOWN_DESTINATION inside a VPC, NO_ROUTE or
// RESERVED_RANGE elsewhere).
//
// A flow leaving interface A for B is evaluated in this order:
//
//  1. A's security groups, egress (the union of their rules);
//  2. if B's address is in A's subnet, same-subnet delivery: no route
//     table and no network ACL apply, go to step 6;
//  3. the network ACL of A's subnet, outbound, when the next hop is outside
//     that subnet; then A's subnet route table, longest prefix first (a
//     destination in 169.254.168.0/22 or fd00:ec2::/32 is never forwarded);
//  4. the next hop's forwarding: the VPC router (local route), an internet
//     or egress-only gateway, a NAT gateway, a peering connection, a
//     transit gateway, or an appliance interface, which forwards what is
//     not addressed to it only when its source/destination check is
//     disabled (after its own security groups, ingress then egress, and its
//     subnet's routing);
//  5. the network ACL of the subnet entered, inbound;
//  6. B's security groups, ingress; delivery.
//
// Network ACLs are first match by rule number, with the final implicit
// deny; a block on part of a port range names the part denied. The route is looked up before the outbound ACL only to learn
// whether the next hop (a NAT gateway, an appliance, a transit gateway
// attachment) is in the same subnet; a route failure (NO_ROUTE,
// BLACKHOLE_ROUTE, RESERVED_RANGE) is reported after the outbound ACL, so
// a flow both would stop is NACL_OUT, as in the order above.
// Each hop that applies is recorded, and the first check that fails ends
// the walk with its reason. A walk of more than 64 forwarding steps is a
// routing loop (ROUTE_LOOP).
//
// # Replies, state and ephemeral ports
//
// When the forward flow arrives, its reply is evaluated as its own walk,
// from the destination back to the source, with addresses and ports
// swapped. Security groups are stateful: on the reply they pass by
// connection tracking (the "security-group connection tracking" step)
// without consulting rules. Network ACLs are stateless: the reply must pass
// the destination subnet's ACL outbound and the source subnet's ACL
// inbound, on the client's ephemeral ports. A NAT gateway reverses the
// translation it recorded on the forward walk; a reply routed through a
// NAT gateway that did not translate the flow is blocked (NAT_INBOUND).
// An egress-only internet gateway is stateful too: the reply of an
// outbound flow returns through the gateway that carried it, and the reply
// of a flow an internet host initiated does not leave through one
// (EGRESS_ONLY), even when the request came in through the internet
// gateway. A flow whose reply is blocked has status [ReplyBlocked].
//
// The client's ephemeral ports are [Query.EphemeralPorts], 1024-65535 when
// zero (what NAT gateways, ELB and Lambda use; Linux uses 32768-61000,
// Windows 49152-65535). Replies must pass on every port of the range, so
// an ACL allowing only part of it blocks them; [Query.SrcPort] pins a
// single source port instead. A NAT gateway rewrites the source ports of
// what it translates to 1024-65535.
//
// TCP, UDP and protocols without ports expect a reply. Of ICMP, only
// request types do (echo, timestamp, information and address mask
// requests; ICMPv6 echo request), and their reply is the matching reply
// type.
//
// # The internet
//
// [Internet] with no address stands for every internet host: an address
// the internet routes ([IsInternetAddr]: outside every range [NotInternet]
// lists, so of IPv6 only global unicast 2000::/3), in no VPC's CIDRs, and
// not a public or Elastic IP of the network ([Model.IsInternetHost]).
// As a source or a destination, the flow is reachable if some internet
// host reaches, and the path shows the first such address in address
// order; when none does, the result is the blocked attempt that got
// furthest. The search is exact: the address space is split at the bounds
// of every CIDR in the rules and routes the walks consult (and of the
// ranges that are no internet hosts), and one address of each interval,
// all of whose addresses meet the same decisions, is tried.
// [InternetAddress] names one host instead.
//
// From the internet, an interface is reached at its public IPv4 address:
// the internet gateway maps it one to one to the interface's primary
// private address (and back on the way out); Elastic IPs associated with
// secondary private addresses map those. An interface without one is
// NO_PUBLIC_IP before any walk. A subnet host is reached at its
// placeholder public address, which the internet gateway maps like an
// Elastic IP: it stands for any host of its subnet, with whatever Elastic
// IP that host would have, so a query from the internet to a [SubnetHost]
// answers what the subnet's routes and network ACLs let in. A NAT gateway also translates IPv6 TCP,
// UDP and echo flows to the NAT64 prefix 64:ff9b::/96 to the IPv4 host the
// address embeds (InternetAddress(64:ff9b::808:808) is 8.8.8.8 reached
// through NAT64), and their replies back. IPv6 passes an internet gateway
// untranslated; an egress-only gateway carries only IPv6 flows initiated
// from inside, and their replies. Security group rules that name a group match only the
// private addresses of interfaces carrying it, never public addresses or
// addresses seen after a NAT gateway's translation.
//
// # Open ports
//
// [Model.OpenPorts] returns every protocol and port range (or ICMP type
// and code range) on which the source reaches the destination, replies
// included, each with a witness [Result]. It is exact and computed at once:
// ports are split into intervals at the bounds of every security group rule
// and network ACL entry the walks consult, repeating while new tables are
// consulted, and each interval is evaluated once. Protocols without ports
// are grouped the same way: each protocol a consulted rule names is its own
// class, the others form one class. Adjacent open ranges are merged (ports
// of one protocol, ICMP messages in type-major order, consecutive
// protocols without ports). A witness's query names the destination as
// the query did, so it can be asked again; where the internet was left
// free, it names the internet host found. To an Amazon DNS resolver
// address the answer is tcp 53 and udp 53.
//
// # Regions and Availability Zones
//
// A subnet's zone must be a zone of a Region [vpc.Regions] lists: an
// Availability Zone (us-east-1a), a Local Zone (us-east-1-bos-1a) or a
// Wavelength Zone (us-east-1-wl1-bos-wlz-1), in the VPC's Region. A VPC
// that declares no Region is in the Region of its first subnet's zone,
// and all its subnets must be in that Region: that is the VPC's Region
// for the engine (same-Region peering, pictures). An AZ ID
// ([vpc.Subnet.AvailabilityZoneID]), when declared, must be an ID of the
// zone's Region and kind ([vpc.ZoneIDMatches]), and within one account a
// zone name maps to one AZ ID and back (VPCs that declare no account count
// as one account; in Regions whose zone names are the same zones in every
// account, all accounts together).
//
// Two subnets are in the same zone when their AZ IDs are equal, if both
// declare one, and else when their names are. Comparing names is exact
// within one account and, in most Regions, across accounts; in the oldest
// Regions ([vpc.Region.IndependentZoneNames]) AWS maps names to zones at
// random for each account, so across accounts vpcsim assumes that equal
// names are the same zone unless both subnets declare their AZ IDs.
// Declare them when subnets of several accounts meet, as through a transit
// gateway.
//
// # Peering and transit gateways
//
// A VPC peering connection carries traffic only when active (else
// BAD_STATE), and only from the sending VPC's own CIDRs to the receiving
// VPC's own CIDRs, which its local route then delivers: anything else
// would be transitive peering or edge-to-edge routing (a peer using this
// VPC's internet gateway, NAT gateway or other connections), and is
// NON_TRANSITIVE. Peered VPCs must not overlap (validation).
//
// A route to a transit gateway enters it through the VPC's attachment
// subnet in the sender's zone (see above); with none there the flow is
// AZ_MISMATCH. The attachment subnet's network ACL applies inbound (and,
// when the sender is in that very subnet, outbound too, as AWS documents
// for instances beside the attachment), then the route table the attachment is
// associated with decides, longest prefix first, a static route before a
// propagated one at equal length (propagation adds the attaching VPC's
// CIDRs), a blackhole route dropping. The flow leaves through the
// destination attachment's subnet in the same zone when it has one,
// matched by AZ ID across accounts when both subnets declare one (else
// the one in the first zone by name), where that subnet's
// route table and outbound ACL apply, as for any packet leaving a subnet
// (no ACL applies to an instance in that very subnet): this is what makes
// inspection and centralized-egress VPCs work. IPv6 crosses a transit
// gateway only between attachments with IPv6 support (AWS: off by
// default), and only they propagate their VPC's IPv6 block. Overlapping
// VPC CIDRs are propagated into a route table only once, for the
// attachment with the lowest ID (AWS: the one attached first).
//
// Internet and egress-only gateways drop IPv6 traffic whose source is not
// an interface of their VPC (FOREIGN_SOURCE); for IPv4 the internet
// gateway needs the source's public address (NO_PUBLIC_IP), so a peer or
// a spoke behind a transit gateway cannot use it.
//
// Middleboxes: an appliance interface forwarding traffic (source/
// destination check off) applies its own security groups, and past it
// the source no longer matches security group references (AWS does not
// preserve them through appliances). On the reply, interfaces the request
// did not pass judge it by their rules: the reply's range of ports passes
// when the union of the rules covers it, and the hop names a rule that
// covers the whole range when there is one.
//
// Security group rules may name a group of another VPC when AWS accepts it
// (a same-Region peering, or a transit gateway attaching both; validation
// rejects others). Such a rule matches only while the reference is live:
// the peering is active, or the transit gateway has security group
// referencing on and neither attachment turns it off (for inbound rules
// only: AWS does not support outbound rules referencing a group across a
// transit gateway). Otherwise the rule is stale and matches nothing.
//
// Replies are routed by the route tables on their way back, so asymmetric
// routing shows: a reply with no route back is [ReplyBlocked] with
// NO_ROUTE.
//
// # Hybrid connectivity
//
// An on-premises network ([vpc.OnPremNetwork]) is a query endpoint like the
// internet ([OnPrem], [OnPremAddress]). It sends over the VPN connections
// of its customer gateways and its Direct Connect virtual interfaces by
// the routes it learns from AWS over those that are up (NOT_ADVERTISED
// when none matches): a VPN to a virtual private gateway advertises the
// VPC's CIDRs, a VPN to a transit gateway the routes of its attachment's
// route table, a private virtual interface the VPC CIDRs its Direct
// Connect gateway's allowed prefixes cover (equal or wider), a transit
// virtual interface the allowed prefixes as they are. At equal prefix
// length it prefers Direct Connect, then VPN static, then VPN BGP routes.
//
// A virtual private gateway carries only its VPC's own IPv4 traffic. It
// learns its VPN connections' static routes and BGP prefixes and its
// private virtual interfaces' prefixes, and chooses among them by longest
// prefix, then Direct Connect, VPN static, VPN BGP; route tables reach it
// by static routes or propagation ([vpc.RouteTable] Propagations). In a
// route table, at equal prefixes, a static route wins over a prefix-list
// route and both over a propagated one; a propagated route inside the
// VPC's CIDRs is never installed. A connection whose tunnels (or BGP
// session) are down carries nothing (CONNECTION_DOWN); its BGP routes are
// withdrawn, its static routes stay.
//
// A flow may join hosts of two on-premises networks. A virtual private
// gateway relays between its VPN connections that use BGP (VPN CloudHub):
// it re-advertises to each what the other sites' connections advertise
// to it over BGP, and forwards by its path selection, never to or from a
// static connection or Direct Connect (NON_TRANSITIVE). A transit gateway
// routes between its VPN and Direct Connect gateway attachments as
// between any. A Direct Connect gateway never joins two of its virtual
// interfaces: a private one's site learns only VPC CIDRs
// (NOT_ADVERTISED, whose message says what joins the two networks and
// why it does not carry the flow), and a transit gateway route back into
// the attachment a flow came in through is NON_TRANSITIVE at the Direct
// Connect gateway. With both ends any host, the search tries pairs of
// address atoms as it does for one free side.
//
// A transit gateway's VPN and Direct Connect gateway attachments propagate
// what their connections advertise (a static VPN nothing); at equal
// prefixes static routes win, then routes propagated by VPC, Direct
// Connect gateway and VPN attachments. A peering attachment joins two
// transit gateways: each side routes what arrives across it by its own
// associated table, only static routes send traffic into it, and security
// group references do not cross it.
//
// A transit gateway sends a packet into a VPC attachment through its
// subnet in the zone the packet came from; with appliance mode the reply
// of a flow leaves through the subnet the request used. A stateful
// appliance ([vpc.NetworkInterface] Stateful) forwards a reply only when
// it forwarded the request, and a reply bypassing it breaks the flow
// (ASYMMETRIC_ROUTE). A gateway route table ([vpc.RouteTable] Gateways)
// routes what enters through an internet gateway or a virtual private
// gateway to the local route, an appliance (which, behind an internet
// gateway, needs a public address: NO_PUBLIC_IP) or a Gateway Load
// Balancer endpoint.
//
// # Gateway Load Balancers
//
// Routes may target a Gateway Load Balancer endpoint (a subnet's route
// table, a gateway route table, an inspection VPC's attachment subnets).
// The flow enters the endpoint's subnet, passes the endpoint (available:
// its connection accepted), crosses to the node of the service's Gateway
// Load Balancer in the endpoint's zone, and goes through an appliance of
// the target group: a healthy one in the node's zone (in any zone with
// cross-zone load balancing on); none healthy drops the flow
// (NO_HEALTHY_TARGET: a Gateway Load Balancer does not fail open). The
// node and the appliance exchange the packet in GENEVE on UDP 6081, a leg
// walked like any flow, so the appliance's security groups and the
// network ACLs see GENEVE from the node, not the original flow; every
// appliance the flow may hash to must take it. The packet comes back
// unchanged (the load balancer is transparent) and goes on by the
// endpoint subnet's route table. The appliances are stateful: a reply
// that bypasses the endpoint, or reaches another appliance through an
// endpoint of another zone, is dropped (ASYMMETRIC_ROUTE); transit
// gateway appliance mode keeps both directions in one zone.
//
// # Access analysis
//
// [Model.WhoCanReach] lists every source (groups of interfaces, the
// on-premises networks, and the internet) reaching a destination; [Model.Exposure] everything the
// internet reaches, with open flows; [Model.Matrix] the open flows between
// groups of selected interfaces or subnets, and on-premises networks (a subnet stands for its
// [SubnetHost], whose security groups allow everything). Groups hold
// endpoints that every decision treats alike, found by the same interval
// splitting as above (for interfaces, at the bounds of their private and
// public addresses alike), so the answers are exact while evaluating one
// representative per group.
//
// WhoCanReach never counts the destination's own interface as a source,
// however the destination is named (by ID, private address, public or
// Elastic IP), nor NAT gateways' interfaces; for a destination outside the
// network (an internet host, an address in no VPC) it lists the
// interfaces that reach it and no internet source (to a host of an
// on-premises network, the other on-premises networks reaching it
// too). Exposure includes, over
// IPv4, an interface whose only public address is an Elastic IP of a
// secondary private address.
//
// For a VPC Lattice service whose auth policies decide (AWS_IAM on the
// network or the service) and a query naming no caller, WhoCanReach tries
// the model's candidate callers (anonymous, each declared account's root,
// each account or IAM identity an auth policy names) and lists with each
// group of interfaces the callers that get through ([Reacher.Callers]).
// After the internet's exposure, Exposure lists for each Lattice service
// and resource configuration the interfaces that open connections to it
// ([Exposed.Lattice]): to a service's listeners (auth policies and rules
// then decide per request), to a configuration's ports that reach a
// resource.
// # Workloads
//
// [Network.Workloads] declares AWS services running in the VPCs (EKS
// clusters, ECS services, Lambda functions, RDS and Aurora, RDS Proxy,
// ElastiCache, MSK, API Gateway VPC links; see package
// [github.com/vpcsim/vpcsim/workload]). Validation and compilation expand
// them first, into the network interfaces and security groups AWS creates
// for them, with IDs "<workload>/<role>-<n>" (a generated ID that a
// declaration takes is an error of the workload), then proceed as for
// declared ones. Declared interfaces keep the addresses they have without
// workloads: workloads take the free addresses left after every
// declaration, those compile assigns included. Errors of workload
// declarations are [*FieldError] values naming the workload kind, ID and
// field, after those of the other declarations.
//
// [Workload] and [WorkloadRole] name a workload's interfaces in a query.
// [Model.Reach], [Model.Verdict] and [Model.OpenPorts] answer for every
// pair of interfaces (the flow must pass from each source interface to
// each destination interface): Reach returns the worst pair's result
// (blocked, then reply-blocked, then reachable; the first pair in ID
// order among equals), its query naming that pair, and OpenPorts the
// flows open for every pair. Interfaces that every decision treats alike
// are evaluated once, as in [Model.Matrix]. The other queries take
// interfaces: [Model.Workload] lists a workload's, [Selection.Workloads]
// selects them for a matrix, and [Model.WorkloadOf] maps an interface
// back to its workload.
//
// # Capacity
//
// [Model.Capacity] reports, per subnet, its size, the five addresses AWS
// reserves, what each owner takes (workloads, pods and /28 prefixes
// included, declared interfaces by kind and owner, NAT gateways, load
// balancer nodes, transit gateway attachments), the headroom workloads
// want kept, what is free, the aligned /28 blocks entirely free (prefix
// delegation needs them) and the largest free block. [ScaleOut] finds the
// scale at which the workloads stop fitting ("the orders service at k
// tasks", "the node group at k nodes"), the subnets that run out, and
// the addresses used at up to 64 scales (package
// [github.com/vpcsim/vpcsim/scaleplot] draws them); what a larger or an
// extra subnet changes is a second ScaleOut on a changed copy
// ([Network.Clone]). docs/workloads.md shows a capacity experiment run
// with go test -bench.
//
// # Failures
//
// [CompileWithout] compiles the network with a [Failure] taken away: the
// components in an Availability Zone (interfaces, NAT gateways, load
// balancer nodes, VPC endpoints' and resource gateways' interfaces,
// transit gateway attachment subnets) or components named by ID
// (interfaces, NAT gateways, subnets, workloads, load balancer nodes
// "<lb>/<subnet>" and load balancers, endpoint and resource gateway
// interfaces "<owner>/<subnet>" and their owners, VPN tunnels
// "<vpn>/tunnel1" and "<vpn>/tunnel2", VPN connections, Direct Connect
// virtual interfaces). Load balancer and VPC Lattice target groups lose
// the targets taken away, as health checks would mark them. Routes to
// what is gone become blackholes (BLACKHOLE_ROUTE); a VPN connection whose
// tunnels are down, or a virtual interface taken away, carries nothing
// (CONNECTION_DOWN), so hybrid traffic takes another link or breaks;
// nothing else is rerouted or re-placed; survivors keep every address
// they had, assigned ones included.
// [DiffFailure] and [AssessFailure] compare the access analyses before
// and during the failure ([FailureReport]): the flows between surviving
// interfaces and on-premises networks that break, each with its path before and its block now,
// the exposure and the way out to the internet lost, the flows gone with
// their endpoints, the workloads that lose interfaces or their last
// subnet, and the flows between workloads that survive through the
// interfaces left. A failure never opens a flow.
//
// # Lints
//
// [Model.Lint] reports the mistakes of the AWS service networking
// checklist and rule hygiene as [Finding] values, each with an ID, a
// severity, the resource at fault, an explanation, a fix and, where a
// query shows it, a witness; [Lints] lists them (docs/workloads.md
// tabulates them). Lint does not check VPC endpoints yet.
//
// # Not modelled yet
//
// Transit gateway Connect attachments and BGP attributes beyond a route's
// origin and, at a virtual private gateway, its AS path length are not
// modelled (see docs/semantics.md). VPC Lattice's
// service-network and resource endpoints are: a client reaches a Lattice
// service or resource configuration through them as docs/semantics.md
// section 28 describes (the endpoint's private DNS wins over the VPC's
// association; [Endpoint.Through] names one from beyond its VPC). Of the traffic AWS never filters with security
// groups or network ACLs, the Amazon DNS resolver (the primary CIDR's
// base + 2, 169.254.169.253 and fd00:ec2::253 on TCP and UDP port 53,
// unless enableDnsSupport is off: DNS_DISABLED), the instance metadata
// service (169.254.169.254 tcp/80), Amazon Time Sync (169.254.169.123
// udp/123), the ECS task metadata endpoint and Windows license activation
// are modelled: they answer their one port past every security group and
// network ACL. DHCP and the router's other reserved addresses are not: a
// query to one is answered as for any address nobody holds
// (RESERVED_RANGE in 169.254.168.0/22 and fd00:ec2::/32,
// UNKNOWN_DESTINATION for a subnet's reserved addresses).
// Quotas AWS lets you raise are not enforced, except five security groups
// per interface. Zones of different accounts are compared by name unless
// both subnets declare an AZ ID (see Regions and Availability Zones), and
// Regions AWS opened after vpcsim's table are rejected until it lists
// them. Appliances in the same subnet as the hosts they serve are
// accepted, though AWS advises a separate subnet.
package sim
