// Command lattice builds the VPC Lattice architecture of the AWS service
// networking guide in Go, compiles it with vpcsim and asks it the
// questions a platform team asks before moving service-to-service traffic
// onto Lattice: can the orders service call payments on POST /charge,
// who else can, where does each request go, and what blocks the rest.
//
// Run it from the repository root:
//
//	go run ./examples/lattice
//
// and, to draw the first request's path through the service network to
// its targets (a Mermaid flowchart, and the same picture in DOT):
//
//	go run ./examples/lattice -out /tmp/lattice
//
// The architecture, in four accounts of one organization (o-shop), every
// VPC on 10.0.0.0/16 (Lattice does not route between VPCs, so their
// CIDRs may overlap):
//
//   - the platform account owns service network sn-shop (AWS_IAM: callers
//     of the organization only) and shares it with the organization
//     through AWS RAM;
//   - the payments account runs service payments (HTTPS 443): POST /charge
//     goes 90/10 to target groups pay-v1 and the pay-v2 canary, /refund to
//     a Lambda function, anything else gets a 404; its auth policy lets
//     only the orders role charge. It also shares its ledger database
//     through a resource gateway and resource configuration ledger-db
//     (TCP 5432);
//   - the catalog account runs service catalog (HTTP 80), whose target is
//     an internal Application Load Balancer in front of two tasks;
//   - the client account runs the orders and checkout VPCs, associated
//     with sn-shop, and an analytics VPC that nobody associated; its
//     reporting VPC, already associated with another team's network in
//     AWS (a VPC takes one association), reaches sn-shop through a
//     service-network endpoint instead, whose private DNS answers the
//     services' names with the endpoint's addresses in that VPC.
//
// Two deliberate problems: the canary's health checks use a port its
// security group does not admit (so pay-v2 is unhealthy and Lattice fails
// open), and the analytics VPC has no association.
package main
