// Command hubspoke models a small hub-and-spoke AWS organisation with
// vpcsim and asks it who can reach the shared database, what the internet
// can reach, and which subnets talk to which; then it draws the network.
//
// Run it from the repository root:
//
//	go run ./examples/hubspoke -out /tmp/hs
//
// It prints its answers and writes two pictures into the -out directory
// (the current directory by default): hubspoke.dot, for Graphviz
// (dot -Tsvg hubspoke.dot > hubspoke.svg), and hubspoke.md, Markdown with
// Mermaid flowcharts that GitHub renders.
//
// The organisation, in one Region (us-east-1):
//
//   - account 111111111111, shared services: vpc-shared (10.0.0.0/16) holds
//     the shared Postgres database, and owns the transit gateway tgw-org;
//   - account 222222222222, payments: vpc-payments (10.1.0.0/16), peered
//     with vpc-shared (pcx-shared-payments). Its app tier reaches the
//     database over the peering; its ALB faces the internet;
//   - account 333333333333, analytics: vpc-analytics (10.2.0.0/16), attached
//     to tgw-org. Its ETL jobs reach the database through the transit
//     gateway.
//
// Two deliberate mistakes show what the simulator explains:
//
//   - payments also routes analytics' CIDR to the peering, hoping the
//     shared VPC would pass it on to the transit gateway. Peering is not
//     transitive: NON_TRANSITIVE;
//   - analytics runs ETL jobs in a second Availability Zone, but its
//     transit gateway attachment has a subnet in the first AZ only:
//     AZ_MISMATCH, so those jobs never reach the database.
package main
