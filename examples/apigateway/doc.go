// Command apigateway reproduces the private integration of the AWS service
// networking guide: an HTTP API in API Gateway reaches an internal
// Application Load Balancer through a VPC link, and the load balancer
// forwards to ECS Fargate tasks. It compiles the architecture with vpcsim
// and prints explained answers: the path through the load balancer (both
// connections: client to load balancer node, node to each task), the
// weighted canary branch, and what blocks the rest.
//
// Run it from the repository root:
//
//	go run ./examples/apigateway
//
// The architecture, in one VPC (10.0.0.0/16) over three Availability
// Zones, as the guide's Terraform declares it:
//
//   - private subnets 10.0.0.0/19, 10.0.32.0/19 and 10.0.64.0/19 for the
//     ECS tasks (awsvpc mode: each task has a network interface of its
//     own, no public IP, internet through its zone's NAT gateway), the
//     internal ALB and the VPC link;
//   - public subnets 10.0.96.0/24, ... for the internet-facing ALB and one
//     NAT gateway per zone;
//   - the VPC link "main-vpc-link" in the private subnets with the group
//     api-gateway-vpc-link-sg, whose only rule lets tcp 443 out to the
//     internal ALB's group. API Gateway creates and manages network
//     interfaces in the VPC link's subnets (API Gateway developer guide,
//     "Set up VPC links for HTTP APIs"); vpcsim has no API Gateway, so they
//     are declared here as interfaces with the VPC link's group, and the
//     HTTP_PROXY integration's requests are queries from them to the
//     internal ALB's listener;
//   - the ECS tasks' group ecs-tasks-sg, which admits port 8080 from the
//     public ALB's group alb-sg, and everything from itself.
//
// The guide never shows the internal ALB's group, nor a rule letting it
// reach the tasks: as written, the VPC link reaches the internal ALB and
// the ALB's connections to the tasks are refused. The program shows that
// first, then adds the missing rule ("From internal ALB") and a canary
// deployment behind the same listener.
package main
