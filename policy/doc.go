// Package policy models the part of the IAM policy language that VPC
// endpoint policies, Amazon S3 bucket policies and Amazon VPC Lattice auth
// policies share: resource-based policies that name their principals. It
// parses and validates policy documents, and decides requests against them
// with an explanation naming the statement that decided.
//
//	d, err := policy.Parse(jsonBytes)            // or build a *policy.Document in Go
//	p, err := d.Compile("svc-0123 auth policy")  // validates, then compiles once
//	dec := p.Evaluate(policy.Request{
//		Principal: policy.Principal{ARN: "arn:aws:iam::111122223333:role/app", Session: "i-0abc", OrgID: "o-abc"},
//		Action:    policy.ActionLatticeInvoke,
//		Resource:  "arn:aws:vpc-lattice:us-east-1:444455556666:service/svc-0123/charge",
//		Context:   map[string][]string{policy.KeyLatticeRequestMethod: {"POST"}},
//	})
//	fmt.Println(dec.Outcome, dec)                 // allow, and which statement allowed it
//
// [Evaluate] combines policies that must all allow a request, such as a
// Lattice service network's and service's auth policies, or an endpoint
// policy and a bucket policy.
//
// # Documents
//
// A [Document] is plain data. [Parse] reads the JSON grammar (Statement as
// one object or a list, one value or a list wherever IAM allows it,
// condition values as strings, numbers or booleans) and rejects malformed
// JSON, unknown or duplicated elements and wrong types; [Document.Validate]
// checks values: Effect is Allow or Deny; each statement has exactly one of
// Principal and NotPrincipal, of Action and NotAction, of Resource and
// NotResource; actions are "*" or "service:action"; resources are "*" or
// ARNs of six colon-separated parts; principals are "*", account IDs or
// the ARNs of account roots, users, roles, role sessions and federated
// users, with no partial wildcards; condition operators are known and their
// values parse (numbers, true/false, addresses and CIDRs, six-part ARNs).
// Every problem comes back at once, each an [*Error] naming the statement
// (index and Sid) and the element and saying what was expected. Sids need
// not be unique (services differ on this), and service-specific limits are
// not checked (see below).
// [Document.MarshalJSON] writes a document that Parse reads back to the
// same Document.
//
// [Document.Compile] validates and compiles a document into a [Policy]:
// wildcards, ARNs, CIDRs, numbers and principals are parsed once, so
// [Policy.Evaluate] neither parses nor allocates (except to build an
// aws:PrincipalArn the request does not spell out, see [Principal.Session]).
// A Policy is immutable and safe for concurrent use.
//
// # Evaluation
//
// As IAM does: a Deny statement that applies denies explicitly and wins;
// otherwise an Allow statement that applies allows; otherwise the request
// is implicitly denied. A statement applies when its Action (or not its
// NotAction), its Resource (or not its NotResource) and its Principal (or
// not its NotPrincipal) match the request and all its conditions hold.
// Statement order never changes the outcome; the [Decision] names the
// lowest-numbered deciding statement, or, for an implicit deny, the Allow
// statement that came closest (matching the most of action, resource,
// principal and conditions, in that order), with the element or condition
// that failed. [Decision.String] is a one-line explanation.
//
// Matching follows the IAM JSON policy reference:
//
//   - Actions are matched ignoring case, with '*' and '?' wildcards.
//   - Resources are matched with case; '*' and '?' stay within one
//     colon-separated segment of the ARN, except that a '*' ending a
//     segment may run past colons.
//   - "*" (and {"AWS": "*"}) matches every caller, anonymous ones included.
//     An account ID or arn:aws:iam::<account>:root matches every IAM
//     identity of the account (not a service principal, not an anonymous
//     caller). A role ARN matches the role and all its sessions; a session,
//     user or federated-user ARN matches only itself; a service principal
//     matches that service calling on its own behalf. Principals are
//     compared by account and name (the path of a role or user ARN does not
//     take part), standing in for IAM's unique IDs.
//   - NotPrincipal (with Deny only) excludes a caller only when it lists
//     every identity AWS may check for it: the account and the user; the
//     account, the role and the session; the account alone for the root.
//     AWS advises listing them all, and may deny otherwise.
//
// Conditions follow the IAM condition reference: several operators, and
// several keys under one operator, must all hold; several values for one
// key are alternatives (for a negated operator, the request value must
// match none of them). Condition key names are compared ignoring case. An
// absent key fails every operator except the negated ones (StringNotEquals,
// StringNotLike, NotIpAddress, ArnNotLike, ...), which it satisfies;
// ...IfExists operators hold when the key is absent; Null tests presence.
// With several values for one key in the request, ForAnyValue: holds when
// some value satisfies the operator and ForAllValues: when every value
// does (so ForAllValues holds for an absent key and ForAnyValue does not);
// a plain operator holds when any request value matches (a negated one,
// when none does). Operators modelled: StringEquals, StringNotEquals,
// StringEqualsIgnoreCase, StringNotEqualsIgnoreCase, StringLike,
// StringNotLike, NumericEquals, NumericNotEquals, NumericLessThan,
// NumericLessThanEquals, NumericGreaterThan, NumericGreaterThanEquals, Bool,
// IpAddress, NotIpAddress (IPv4 and IPv6; an address without a prefix
// length is a single host; host bits of a CIDR are ignored), ArnEquals,
// ArnLike, ArnNotEquals, ArnNotLike (each of the six parts matched
// separately, with wildcards) and Null, each with IfExists and the set
// qualifiers. A request value that is not a number, boolean, address or
// ARN, as the operator needs, matches no policy value.
//
// # The request
//
// A [Request] carries the calling [Principal], the action, the resource
// and the other condition keys. The principal keys are derived from
// Principal: aws:PrincipalAccount ("anonymous" for anonymous callers),
// aws:PrincipalArn (for a role session, the role's ARN, with its path when
// the request gives the role ARN and a Session), aws:PrincipalOrgID,
// aws:PrincipalOrgPaths, aws:PrincipalTag/<key>, aws:PrincipalIsAWSService
// (true for service principals, false for IAM callers),
// aws:PrincipalServiceName and aws:PrincipalType. Anonymous callers have
// only aws:PrincipalAccount and aws:PrincipalType; service principals have
// no account, organization or tags. Every other key comes from
// Request.Context; a key with no values is absent, so for example a request
// that did not come through a VPC endpoint simply has no aws:SourceVpce.
//
// # Not modelled
//
// These are rejected with [ErrUnsupported] rather than evaluated wrongly:
// policy variables (${aws:username} and the like, under Version
// 2012-10-17; under 2008-10-17 or no Version "${" is plain text, as in
// IAM); Date and Binary condition operators; Federated and CanonicalUser
// principals; NotPrincipal with Allow (AWS advises against it). Other policy
// types are out of scope: identity-based policies, service control and
// resource control policies, permissions boundaries and session policies
// take no part in a [Decision]; a caller's own identity policy, which a
// signed Lattice request also needs, is the caller's business. Service
// rules that go beyond the shared language (an endpoint policy's size
// limit, a gateway endpoint's requirement that Principal be "*", Lattice's
// 10 KB limit) belong to the packages that declare those resources.
package policy
