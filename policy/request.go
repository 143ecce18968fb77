package policy

import (
	"slices"
	"strings"
)

// Principal is the caller of a [Request]: anonymous, an AWS service, or an
// IAM identity of an account. The zero value is an IAM caller that names
// nothing, which matches only "*"; set exactly one of Anonymous, Service,
// or Account and/or ARN.
type Principal struct {
	// Anonymous marks an unsigned request (no credentials). Only "*"
	// principals match it; aws:PrincipalAccount is "anonymous" and the other
	// principal keys are absent.
	Anonymous bool `json:"anonymous,omitempty"`
	// Service is a service principal calling on its own behalf, such as
	// "cloudtrail.amazonaws.com" (aws:PrincipalIsAWSService is then true).
	Service string `json:"service,omitempty"`
	// Account is the caller's 12-digit account ID. It may be left empty
	// when ARN names the account; when both are set they must agree.
	Account string `json:"account,omitempty"`
	// ARN is the caller's identity: an IAM user
	// (arn:aws:iam::123456789012:user/path/name), an IAM role
	// (arn:aws:iam::123456789012:role/path/name; set Session for a session
	// of it), an assumed-role session
	// (arn:aws:sts::123456789012:assumed-role/name/session), a federated
	// user (arn:aws:sts::123456789012:federated-user/name) or the account
	// root (arn:aws:iam::123456789012:root). Empty with Account set means the
	// account's root user.
	ARN string `json:"arn,omitempty"`
	// Session is the role session name when ARN is a role ARN. Giving the
	// role ARN (with its path) and a session, rather than the STS session
	// ARN, lets aws:PrincipalArn carry the role's path, as in AWS.
	Session string `json:"session,omitempty"`
	// OrgID is the caller's AWS Organizations ID (aws:PrincipalOrgID),
	// empty when the account is in no organization.
	OrgID string `json:"orgId,omitempty"`
	// OrgPaths are the caller's organization entity paths
	// (aws:PrincipalOrgPaths), such as "o-a1b2c3/r-ab12/ou-ab12-11111111/".
	OrgPaths []string `json:"orgPaths,omitempty"`
	// Tags are the caller's principal tags (aws:PrincipalTag/<key>); keys
	// are matched ignoring case.
	Tags map[string]string `json:"tags,omitempty"`
}

// Request is what a policy decides on: who calls, which action on which
// resource, and the other condition keys of the request context.
type Request struct {
	Principal Principal `json:"principal"`
	// Action is "service:action", such as "vpc-lattice-svcs:Invoke".
	Action string `json:"action"`
	// Resource is the ARN the action is on.
	Resource string `json:"resource"`
	// Context holds the request's condition keys and their values, such as
	// "aws:SourceVpce": {"vpce-1a2b3c4d"}. Key names are matched ignoring
	// case, as in IAM; a key with no values counts as absent. The keys
	// derived from Principal (aws:PrincipalAccount, aws:PrincipalArn,
	// aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:PrincipalTag/<key>,
	// aws:PrincipalIsAWSService, aws:PrincipalServiceName,
	// aws:PrincipalType) do not belong here.
	Context map[string][]string `json:"context,omitempty"`
}

// Condition keys the package derives or that endpoint, bucket and Lattice
// auth policies commonly test. Keys are matched ignoring case; these
// spellings are AWS's.
const (
	KeyPrincipalAccount      = "aws:PrincipalAccount"
	KeyPrincipalArn          = "aws:PrincipalArn"
	KeyPrincipalOrgID        = "aws:PrincipalOrgID"
	KeyPrincipalOrgPaths     = "aws:PrincipalOrgPaths"
	KeyPrincipalTagPrefix    = "aws:PrincipalTag/"
	KeyPrincipalIsAWSService = "aws:PrincipalIsAWSService"
	KeyPrincipalServiceName  = "aws:PrincipalServiceName"
	KeyPrincipalType         = "aws:PrincipalType"

	// KeySourceVpce is the VPC endpoint a request came through; present
	// only for requests through a VPC endpoint.
	KeySourceVpce = "aws:SourceVpce"
	// KeySourceVpc is the VPC of that endpoint; present only for requests
	// through a VPC endpoint.
	KeySourceVpc = "aws:SourceVpc"
	// KeyVpcSourceIP is the caller's private address, for requests through
	// a VPC endpoint.
	KeyVpcSourceIP = "aws:VpcSourceIp"
	// KeySourceIP is the caller's public address; absent for requests
	// through a VPC endpoint.
	KeySourceIP = "aws:SourceIp"
	// KeySecureTransport is "true" for requests over TLS.
	KeySecureTransport = "aws:SecureTransport"

	// Amazon VPC Lattice keys, for auth policies.
	KeyLatticeSourceVpc             = "vpc-lattice-svcs:SourceVpc"
	KeyLatticeSourceVpcOwnerAccount = "vpc-lattice-svcs:SourceVpcOwnerAccount"
	KeyLatticeServiceNetworkArn     = "vpc-lattice-svcs:ServiceNetworkArn"
	KeyLatticeServiceArn            = "vpc-lattice-svcs:ServiceArn"
	KeyLatticePort                  = "vpc-lattice-svcs:Port"
	KeyLatticeRequestMethod         = "vpc-lattice-svcs:RequestMethod"
	KeyLatticeRequestPath           = "vpc-lattice-svcs:RequestPath"
	// KeyLatticeRequestHeaderPrefix + header name, such as
	// "vpc-lattice-svcs:RequestHeader/content-type".
	KeyLatticeRequestHeaderPrefix = "vpc-lattice-svcs:RequestHeader/"
	// KeyLatticeRequestQueryStringPrefix + query key.
	KeyLatticeRequestQueryStringPrefix = "vpc-lattice-svcs:RequestQueryString/"
)

// Actions of Amazon VPC Lattice services.
const (
	// ActionLatticeInvoke is the action of a request to an HTTP or HTTPS
	// Lattice service; its resource is the service ARN followed by
	// "/" and the request path.
	ActionLatticeInvoke = "vpc-lattice-svcs:Invoke"
	// ActionLatticeConnect is the action of a connection to a TCP or TLS
	// passthrough Lattice service.
	ActionLatticeConnect = "vpc-lattice-svcs:Connect"
)

// Validate checks the request: an action of the form "service:action", a
// principal that is one of anonymous, a service or an IAM identity with a
// recognised ARN whose account agrees with Account, and context keys that
// are neither empty, nor duplicates ignoring case, nor derived from the
// principal. It returns every problem at once, as an [errors.Join] of
// [*Error] values whose Element names the request field.
//
// [Policy.Evaluate] does not require a valid request: it decides on what
// it is given, deterministically.
func (r *Request) Validate() error {
	var c errs
	if r == nil {
		c.add(-1, "", "request", ErrMissing, "nil request")
		return c.err()
	}
	if svc, name, ok := strings.Cut(r.Action, ":"); !ok || svc == "" || name == "" {
		c.add(-1, "", "request.action", ErrInvalidValue, "want service:action, such as %q; got %q", ActionLatticeInvoke, r.Action)
	}
	p := &r.Principal
	iam := p.Account != "" || p.ARN != "" || p.Session != "" || p.OrgID != "" || len(p.OrgPaths) > 0 || len(p.Tags) > 0
	switch {
	case p.Anonymous && (p.Service != "" || iam):
		c.add(-1, "", "request.principal", ErrConflict, "an anonymous caller has no service, account, ARN, organization or tags")
	case p.Service != "" && iam:
		c.add(-1, "", "request.principal", ErrConflict, "a service principal has no account, ARN, organization or tags")
	case !p.Anonymous && p.Service == "":
		if p.Account == "" && p.ARN == "" {
			c.add(-1, "", "request.principal", ErrMissing, "want Anonymous, a Service, or an IAM caller's Account and/or ARN")
			break
		}
		if p.Account != "" && !isAccountID(p.Account) {
			c.add(-1, "", "request.principal.account", ErrInvalidValue, "want a 12-digit account ID; got %q", p.Account)
		}
		if p.ARN != "" {
			id, ok := parseIdentityARN(p.ARN)
			switch {
			case !ok:
				c.add(-1, "", "request.principal.arn", ErrInvalidValue,
					"want the ARN of an IAM user, role, assumed-role session, federated user or account root; got %q", p.ARN)
			case p.Account != "" && id.account != p.Account:
				c.add(-1, "", "request.principal.arn", ErrConflict, "ARN is in account %s but Account is %s", id.account, p.Account)
			case p.Session != "" && id.kind != callerRole:
				c.add(-1, "", "request.principal.session", ErrConflict, "a session name goes with a role ARN (arn:...:role/name); got %q", p.ARN)
			}
		} else if p.Session != "" {
			c.add(-1, "", "request.principal.session", ErrMissing, "a session name needs the role's ARN")
		}
		keys := make([]string, 0, len(p.Tags))
		for k := range p.Tags {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for i := 1; i < len(keys); i++ {
			if strings.EqualFold(keys[i-1], keys[i]) {
				c.add(-1, "", "request.principal.tags", ErrDuplicate, "tag keys %q and %q differ only in case; IAM treats them as one", keys[i-1], keys[i])
			}
		}
	}
	keys := make([]string, 0, len(r.Context))
	for k := range r.Context {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for i, k := range keys {
		elem := "request.context[" + quote(k) + "]"
		switch {
		case k == "":
			c.add(-1, "", elem, ErrInvalidValue, "empty condition key")
		case derivedKey(k) != keyContext:
			c.add(-1, "", elem, ErrConflict, "%s is derived from the principal; set Request.Principal instead", k)
		case len(r.Context[k]) == 0:
			c.add(-1, "", elem, ErrMissing, "no values; leave the key out to mean absent")
		}
		if i > 0 && strings.EqualFold(keys[i-1], k) {
			c.add(-1, "", elem, ErrDuplicate, "keys %q and %q differ only in case; IAM treats them as one", keys[i-1], k)
		}
	}
	return c.err()
}

// callerKind is the kind of identity a request comes from.
type callerKind uint8

const (
	callerUnknown callerKind = iota // an IAM caller with no recognised ARN
	callerAnonymous
	callerService
	callerRoot
	callerUser
	callerRole // a role ARN, with or without Principal.Session
	callerSession
	callerFederated
)

// identity is a parsed principal ARN, as substrings of it.
type identity struct {
	kind      callerKind
	partition string
	account   string
	name      string // user, role or federated-user name
	session   string // assumed-role session name
}

// parseIdentityARN parses the ARN of an account root, IAM user, IAM role,
// assumed-role session or federated user.
func parseIdentityARN(s string) (identity, bool) {
	rest, ok := strings.CutPrefix(s, "arn:")
	if !ok {
		return identity{}, false
	}
	var part [4]string // partition, service, region, account
	for i := range part {
		j := strings.IndexByte(rest, ':')
		if j < 0 {
			return identity{}, false
		}
		part[i], rest = rest[:j], rest[j+1:]
	}
	id := identity{partition: part[0], account: part[3]}
	if id.partition == "" || part[2] != "" || !isAccountID(id.account) {
		return identity{}, false
	}
	last := func(path string) string { return path[strings.LastIndexByte(path, '/')+1:] }
	switch part[1] {
	case "iam":
		switch {
		case rest == "root":
			id.kind = callerRoot
		case strings.HasPrefix(rest, "user/"):
			id.kind, id.name = callerUser, last(rest)
		case strings.HasPrefix(rest, "role/"):
			id.kind, id.name = callerRole, last(rest)
		default:
			return identity{}, false
		}
	case "sts":
		if r, ok := strings.CutPrefix(rest, "assumed-role/"); ok {
			role, sess, ok := strings.Cut(r, "/")
			if !ok || strings.Contains(sess, "/") || sess == "" {
				return identity{}, false
			}
			id.kind, id.name, id.session = callerSession, role, sess
		} else if r, ok := strings.CutPrefix(rest, "federated-user/"); ok {
			id.kind, id.name = callerFederated, r
		} else {
			return identity{}, false
		}
	default:
		return identity{}, false
	}
	if id.name == "" && id.kind != callerRoot {
		return identity{}, false
	}
	return id, true
}

// isAccountID reports whether s is a 12-digit AWS account ID.
func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// caller is a request's principal prepared for matching. Its strings are
// substrings of the request's, so building it does not allocate. It holds
// no pointer into the request, so that an evaluation stays on the stack.
type caller struct {
	identity
	service string
	arn     string
}

func newCaller(p *Principal) caller {
	c := caller{service: p.Service, arn: p.ARN}
	switch {
	case p.Anonymous:
		c.kind = callerAnonymous
	case p.Service != "":
		c.kind = callerService
	case p.ARN != "":
		if id, ok := parseIdentityARN(p.ARN); ok {
			c.identity = id
			if id.kind == callerRole && p.Session != "" {
				c.kind, c.session = callerSession, p.Session
			}
		} else {
			c.account = p.Account
		}
	case p.Account != "":
		c.kind, c.partition, c.account = callerRoot, "aws", p.Account
	}
	return c
}

// iam reports whether the caller is an IAM identity of an account.
func (c *caller) iam() bool {
	return c.kind >= callerRoot || (c.kind == callerUnknown && c.account != "")
}

// display names the caller in explanations.
func (c *caller) display() string {
	switch c.kind {
	case callerAnonymous:
		return "anonymous"
	case callerService:
		return c.service
	}
	if c.arn != "" {
		return c.arn
	}
	if c.account != "" {
		return c.account
	}
	return "an unnamed caller"
}

// principalType is the aws:PrincipalType value, "" when absent.
func (c *caller) principalType() string {
	switch c.kind {
	case callerAnonymous:
		return "Anonymous"
	case callerRoot:
		return "Account"
	case callerUser:
		return "User"
	case callerRole, callerSession:
		return "AssumedRole"
	case callerFederated:
		return "FederatedUser"
	}
	return ""
}
