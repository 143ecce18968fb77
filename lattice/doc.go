// Package lattice declares Amazon VPC Lattice resources as plain data:
// [ServiceNetwork] and its associations with VPCs
// ([ServiceNetworkVPCAssociation]), services
// ([ServiceNetworkServiceAssociation]) and resource configurations
// ([ServiceNetworkResourceAssociation]); [Service] with its [Listener]s and
// their [Rule]s; [TargetGroup] and its [Target]s; [ResourceGateway] and
// [ResourceConfiguration]; auth policies (the AuthPolicy of a service network
// or service); [Account] and [ResourceShare] for sharing across accounts;
// and the [Quotas] a network is checked against.
//
// Values here have no behaviour beyond small helpers. They carry JSON tags
// and refer to each other, and to the resources of package
// [github.com/vpcsim/vpcsim/vpc], by string ID. Package
// [github.com/vpcsim/vpcsim/sim] collects them in a Network, validates them
// against what the AWS API accepts, compiles them and answers queries.
// Service-network endpoints and resource endpoints, the other ways into a
// service network or to a resource configuration, are VPC endpoints and are
// declared in package endpoint. The documentation of the project
// (docs/semantics.md, "Amazon VPC Lattice") gives the engine's evaluation
// order step by step, with what it does not model.
//
// # The model
//
// A client reaches a service only when the client's VPC is connected to a
// service network, by its one VPC association or by a service-network
// endpoint, and the service is associated with that same network. The VPC
// of the targets needs no association, and the two VPCs may use the same
// CIDRs. A request then meets, in order: the association's security groups,
// when it has any; the listener on its port (TCP only); the network's auth
// policy and the service's (each only when its AuthType is AWS_IAM; an
// AWS_IAM level with no policy denies everything, and an explicit deny
// wins over any allow; behind a TLS passthrough listener the caller is
// anonymous); the listener's rules, lowest priority first (priorities are
// unique per listener, so their order is never ambiguous), the first whose
// match holds deciding, the default action when none does; and finally the
// target groups of the forward, each getting its weight's share of the
// requests. In a group, the targets whose health allows it (and whose
// health checks, sent from Lattice's addresses, get through) take the
// requests; when none does, all of them do (fail-open). Lattice reaches
// targets from addresses of its own (169.254.171.0/24, the managed prefix
// list), so target security groups and network ACLs must admit those, not
// the client; a Lambda target is invoked without a network path.
//
// A resource configuration is reached the same way, or through a resource
// endpoint, over TCP on its port ranges only, with no auth policy; the
// resource gateway it names carries the connection into the provider VPC
// from the gateway's own addresses.
//
// Accounts: every resource may name its owning account. A resource owned by
// one account is usable by another only through a [ResourceShare] that
// reaches that account (by account ID or by its organization).
//
// # Conventions
//
//   - Enumerations are spelled as in the AWS API ("AWS_IAM",
//     "TLS_PASSTHROUGH", "HEALTHY"), so values read from AWS output need no
//     translation. Each has Valid, and String where the zero value stands
//     for a default.
//   - Zero values mean the AWS default where one exists: AuthType NONE,
//     listener port 80 or 443 by protocol, protocol version HTTP1, IP
//     address type IPv4, health checks on for HTTP1 target groups only,
//     target health HEALTHY, association status ACTIVE, private DNS
//     preference VERIFIED_DOMAINS_ONLY, 16 IPv4 addresses per resource
//     gateway interface, and a zero [Quotas] is the AWS defaults. Where AWS
//     documents no default the field is a pointer or its doc comment states
//     vpcsim's choice.
//   - Unions of the API (a path match's exact or prefix, a header match's
//     exact, prefix or contains, an action's forward or fixed response, a
//     resource definition's IP, domain name or ARN) are structs whose
//     members are all optional; exactly one must be set, which validation
//     in package sim checks.
//   - Listeners nest in their service and rules in their listener; targets
//     nest in their target group. Associations, shares and the other
//     resources stand alone and refer to each other by ID.
//   - A service's DNS name is derived from its name, ID and Region as AWS
//     derives it ([GeneratedDNSName]) unless the service sets DNSName.
//   - Auth policies are raw JSON documents, parsed and evaluated by the
//     policy package; encoding/json compacts them when marshalling.
//   - Rule matching (method, path, headers) is implemented, with its case
//     rules, in the internal package httpmatch.
package lattice
