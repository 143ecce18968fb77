// Command lambdadata declares the seed guide's serverless data tier: a
// Lambda function in two private subnets reaching PostgreSQL through an
// RDS Proxy and a Redis cache, each in isolated database subnets, and
// prints what vpcsim says about it: the IP capacity of each subnet (the
// proxy wants free addresses kept for scaling), what an Availability Zone
// failure changes, and the lints.
//
//	go run ./examples/lambdadata
package main
