// Command quickstart builds the three-tier VPC of the AWS service networking
// guide in Go, compiles it with vpcsim and asks it a few questions: who can
// reach whom, on which port, by which path, and what blocks the rest.
//
// Run it from the repository root:
//
//	go run ./examples/quickstart
//
// The architecture, in one VPC (10.0.0.0/16) over three Availability Zones:
//
//   - public subnets (10.0.0.0/24, ...) behind an internet gateway, holding
//     the internet-facing ALB and one NAT gateway per AZ;
//   - private app subnets (10.0.10.0/24, ...) for ECS tasks and a Lambda
//     function, whose internet traffic leaves through their AZ's NAT gateway;
//   - isolated database subnets (10.0.20.0/24, ...) for RDS and ElastiCache,
//     with no route to the internet and a network ACL of their own;
//   - an ops subnet for a bastion host, with a deliberate mistake in its
//     network ACL (see opsACL below).
package main
