// Command hybrid models an AWS organisation in two Regions joined to a data
// centre, and prints vpcsim's explained answers about it: which paths the
// data centre's traffic takes, what the inspection firewalls see, and why
// two flows fail.
//
// Run it from the repository root:
//
//	go run ./examples/hybrid
//
// The organisation:
//
//   - us-east-1: the hub transit gateway tgw-use joins vpc-hub (10.0.0.0/16,
//     shared services), vpc-app (10.1.0.0/16, the application and its
//     database) and vpc-insp (10.9.0.0/16), an inspection VPC with one
//     stateful firewall per Availability Zone. Every flow between the
//     spokes, and every flow from the data centre or Europe to them,
//     passes a firewall;
//   - eu-central-1: tgw-euc joins vpc-eu (10.20.0.0/16), and peers with
//     tgw-use (att-peer). A peering carries only static routes: both sides
//     need one for each destination;
//   - the data centre dc1 (192.168.0.0/16) reaches tgw-use over Direct
//     Connect (its transit virtual interface to dxgw-1, the preferred
//     path: the transit gateway prefers Direct Connect routes to VPN
//     routes, and dc1 prefers Direct Connect too) and over a Site-to-Site
//     VPN connection (vpn-dc1, BGP), the backup;
//   - the branch office br1 (172.16.0.0/16) reaches tgw-use over a BGP
//     VPN connection (vpn-br1), whose attachment propagates into the
//     table the data centre's attachments use: the transit gateway routes
//     between the two sites;
//   - vpc-web (10.2.0.0/16) faces the internet: its internet gateway's
//     gateway route table sends what enters for the web subnet to a
//     firewall appliance first (ingress routing).
//
// Two mistakes show what the simulator explains:
//
//   - Europe's route table on tgw-euc lacks a static route to vpc-app
//     across the peering: eu's application reaches the hub but not the
//     app (NO_ROUTE, with the reason);
//   - before appliance mode on the inspection VPC's attachment, the
//     transit gateway sent the reply of a flow between two zones through
//     the other zone's firewall, which never saw the request
//     (ASYMMETRIC_ROUTE); the example shows the flow before and after.
package main
