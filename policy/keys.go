package policy

import "strings"

// keyKind says where a condition key's values come from.
type keyKind uint8

const (
	keyContext keyKind = iota // Request.Context
	keyPrincipalAccount
	keyPrincipalArn
	keyPrincipalOrgID
	keyPrincipalOrgPaths
	keyPrincipalTag
	keyPrincipalIsAWSService
	keyPrincipalServiceName
	keyPrincipalType
)

var derivedKeys = []struct {
	name string
	kind keyKind
}{
	{KeyPrincipalAccount, keyPrincipalAccount},
	{KeyPrincipalArn, keyPrincipalArn},
	{KeyPrincipalOrgID, keyPrincipalOrgID},
	{KeyPrincipalOrgPaths, keyPrincipalOrgPaths},
	{KeyPrincipalIsAWSService, keyPrincipalIsAWSService},
	{KeyPrincipalServiceName, keyPrincipalServiceName},
	{KeyPrincipalType, keyPrincipalType},
}

// derivedKey returns where key's values come from.
func derivedKey(key string) keyKind {
	if len(key) >= len(KeyPrincipalTagPrefix) && strings.EqualFold(key[:len(KeyPrincipalTagPrefix)], KeyPrincipalTagPrefix) {
		return keyPrincipalTag
	}
	for _, d := range derivedKeys {
		if strings.EqualFold(key, d.name) {
			return d.kind
		}
	}
	return keyContext
}

// vals is a condition key's values in the request, without copying them:
// one value held directly, or a list.
type vals struct {
	one    string
	list   []string
	single bool
}

func (v vals) len() int {
	if v.single {
		return 1
	}
	return len(v.list)
}

func (v vals) at(i int) string {
	if v.single {
		return v.one
	}
	return v.list[i]
}

func one(s string) vals { return vals{one: s, single: true} }

// lookupFold finds key in m ignoring case: the exact spelling first, then
// the lower-case one, then a scan that picks the smallest of the keys equal
// ignoring case, so the answer never depends on map order.
func lookupFold[V any](m map[string]V, key, lower string) (V, bool) {
	if v, ok := m[key]; ok {
		return v, true
	}
	if v, ok := m[lower]; ok {
		return v, true
	}
	var best string
	var found V
	ok := false
	for k, v := range m {
		if strings.EqualFold(k, key) && (!ok || k < best) {
			best, found, ok = k, v, true
		}
	}
	return found, ok
}

// lookup returns the request's values for a condition's key; absent keys
// have no values.
func (ev *evaluator) lookup(c *ccond) vals {
	cl := &ev.caller
	switch c.kk {
	case keyContext:
		v, _ := lookupFold(ev.req.Context, c.key, c.keyLower)
		return vals{list: v}
	case keyPrincipalAccount:
		switch {
		case cl.kind == callerAnonymous:
			return one("anonymous")
		case cl.iam() && cl.account != "":
			return one(cl.account)
		}
	case keyPrincipalArn:
		if a := ev.principalArn(); a != "" {
			return one(a)
		}
	case keyPrincipalOrgID:
		if cl.iam() && ev.req.Principal.OrgID != "" {
			return one(ev.req.Principal.OrgID)
		}
	case keyPrincipalOrgPaths:
		if cl.iam() {
			return vals{list: ev.req.Principal.OrgPaths}
		}
	case keyPrincipalTag:
		if cl.iam() {
			if v, ok := lookupFold(ev.req.Principal.Tags, c.tag, c.tagLower); ok {
				return one(v)
			}
		}
	case keyPrincipalIsAWSService:
		switch {
		case cl.kind == callerService:
			return one("true")
		case cl.iam():
			return one("false")
		}
	case keyPrincipalServiceName:
		if cl.kind == callerService {
			return one(ev.req.Principal.Service)
		}
	case keyPrincipalType:
		if t := cl.principalType(); t != "" {
			return one(t)
		}
	}
	return vals{}
}

// principalArn is the aws:PrincipalArn value: the user, role (not the
// session), federated user or root ARN; "" for anonymous and service
// callers. It allocates only when the request names a role session by its
// STS ARN, or an account without an ARN. (It is not cached: a store through
// the evaluator pointer would move every request to the heap.)
func (ev *evaluator) principalArn() string {
	cl := &ev.caller
	p := &ev.req.Principal
	switch cl.kind {
	case callerUser, callerRole, callerFederated:
		return p.ARN
	case callerRoot:
		if p.ARN != "" {
			return p.ARN
		}
		return "arn:" + cl.partition + ":iam::" + cl.account + ":root"
	case callerSession:
		if id, _ := parseIdentityARN(p.ARN); id.kind == callerRole {
			return p.ARN // the role ARN with its path; the session is in Session
		}
		return "arn:" + cl.partition + ":iam::" + cl.account + ":role/" + cl.name
	}
	return ""
}
