// Command lambdaendpoints reproduces the Lambda architecture of an AWS
// service networking guide (a Lambda function in a VPC reaching its RDS
// database, interface endpoints to Secrets Manager, Systems Manager and
// CloudWatch Logs, a gateway endpoint to Amazon S3 with endpoint-only
// bucket policies) and asks vpcsim which way each of the function's
// calls goes: through an interface endpoint, through the gateway
// endpoint, or out through the NAT gateway and the internet gateway (and
// so with the NAT gateway's data processing charge).
//
// Run it from the repository root:
//
//	go run ./examples/lambdaendpoints
//
// The network follows the guide's Terraform, resource by resource (see
// network): the terraform-aws-modules VPC with private, public and
// database subnets in two Availability Zones and a NAT gateway per zone;
// the Lambda function's network interfaces in the private subnets with
// lambda-sg; the RDS instance (Multi-AZ; its primary's interface) in the
// database subnets with rds-sg; the three interface endpoints with private
// DNS in the private subnets; the S3 gateway endpoint in the private and
// database route tables; and the two bucket policies.
//
// The answers show two things worth knowing before deploying it:
//
//   - the function's calls to a service with no endpoint (Amazon SQS
//     here; KMS, STS and the others alike) leave through the NAT
//     gateway: the answer names it;
//   - as written, the function cannot open a connection to its
//     database: lambda-sg lets Postgres out only to the group db_tier,
//     while the database is in rds-sg. vpcsim answers SG_EGRESS and
//     names the rule; the fixed network (egress to rds-sg) reaches it.
package main
