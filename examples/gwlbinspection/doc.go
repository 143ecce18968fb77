// Command gwlbinspection models internet ingress inspected by a fleet of
// firewall appliances behind a Gateway Load Balancer, and asks vpcsim
// what passes and where it goes.
//
// Run it from the repository root:
//
//	go run ./examples/gwlbinspection
//
// The design is the one of the Elastic Load Balancing guide for Gateway
// Load Balancers, "Getting started", in two Availability Zones:
//
//   - vpc-app holds public web servers (eni-web-a, eni-web-b) in
//     subnet-app-a and subnet-app-b, and a Gateway Load Balancer endpoint
//     per zone (vpce-a, vpce-b) in subnets of their own.
//   - The internet gateway's route table (a gateway route table) sends
//     each application subnet to the endpoint of its zone; each
//     application subnet sends 0.0.0.0/0 to the same endpoint; the
//     endpoints' subnets send 0.0.0.0/0 to the internet gateway.
//   - vpc-sec holds the Gateway Load Balancer gwlb-fw, a node per zone,
//     and its GENEVE target group: one firewall per zone, whose security
//     group admits UDP 6081 (GENEVE) from the load balancer's subnets.
//     The load balancer fronts endpoint service vpce-svc-0f1e2d3c.
//
// The answers show the inspection: a flow goes to its zone's endpoint,
// the load balancer's node there, the zone's firewall (in GENEVE) and
// back, unchanged, to the web server, which sees the client's address;
// the reply comes back the same way. Two what-ifs follow: the zone's
// firewall failing its health checks (a Gateway Load Balancer does not
// fail open: the traffic is dropped), and a subnet whose default route
// skips the endpoint (the reply bypasses the firewall, which drops the
// flow).
package main
