// Command ecsfargate declares the seed guide's ECS Fargate service behind
// an internet-facing Application Load Balancer as workloads and prints
// what vpcsim says about it: the IP capacity of each subnet, how far the
// service scales before a subnet runs out, what an Availability Zone
// failure changes, and the lints.
//
//	go run ./examples/ecsfargate
//
// The VPC (10.0.0.0/16, three zones) has public subnets for the ALB and
// one NAT gateway per zone, private /24 app subnets for the tasks, and
// isolated database subnets for a Multi-AZ PostgreSQL instance. The
// service (12 tasks, awsvpc: one interface each) and the database are
// declared as workloads: compile expands them into interfaces.
package main
