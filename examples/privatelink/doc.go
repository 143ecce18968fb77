// Command privatelink models a service offered through AWS PrivateLink
// and asks vpcsim how its consumers reach it.
//
// Run it from the repository root:
//
//	go run ./examples/privatelink
//
// The provider (account 222222222222) runs its API on two instances
// behind an internal Network Load Balancer in two Availability Zones and
// offers the load balancer as endpoint service vpce-svc-0a9e1f, with
// acceptance required, two consumer accounts allowed, and the verified
// private DNS name api.provider.example.
//
// Two consumers reach it through interface endpoints with private DNS:
//
//   - account 111111111111's vpc-shop, whose CIDR (10.0.0.0/16) is the
//     provider's own: PrivateLink does not route between the two VPCs, so
//     overlapping does not matter. The provider accepted its connection;
//   - account 333333333333's vpc-billing, whose connection request the
//     provider has not accepted yet (pendingAcceptance): nothing passes
//     until it does.
//
// The answers show what PrivateLink does to a connection: the interface
// endpoint ends the client's connection and hands it to the load
// balancer's node in the same zone (zones compared by AZ ID, since each
// account names its zones differently), and the provider's instances see
// the load balancer's private address, never the consumer's.
package main
