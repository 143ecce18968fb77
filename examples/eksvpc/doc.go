// Command eksvpc declares the seed guide's EKS VPC (three zones, /19
// private subnets for nodes and pods, /24 public subnets, one NAT gateway
// per zone, subnet role tags for the AWS Load Balancer Controller) with an
// EKS cluster of 30 m5.large nodes running 25 pods each, and prints what
// vpcsim says about it: the IP capacity of each subnet, how many nodes
// the node group can grow to (with and without prefix delegation), what
// an Availability Zone failure changes, and the lints. With -plot it
// draws the scale-out to a file.
//
//	go run ./examples/eksvpc [-plot scale.svg]
package main
