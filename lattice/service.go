package lattice

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"strings"
)

// Service is a Lattice service: a name clients resolve, listeners that
// accept their requests, and rules that route each request to target
// groups. Clients reach it only through a service network it is
// associated with.
type Service struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// Account is the owning AWS account; the target groups the service
	// forwards to must belong to it too.
	Account string `json:"account,omitempty"`
	// Region is used in the generated DNS name; empty means [DefaultRegion].
	Region string `json:"region,omitempty"`
	// AuthType is the service-level access setting (zero means NONE).
	AuthType AuthType `json:"authType,omitempty"`
	// AuthPolicy is the service's auth policy document, an IAM policy in
	// JSON, applied when AuthType is AWS_IAM. Marshalling compacts it.
	AuthPolicy json.RawMessage `json:"authPolicy,omitempty"`
	// CustomDomainName is the one custom domain name of the service
	// (clients reach it through a CNAME or alias to the generated name).
	// A service with a TLS passthrough listener must have one: it is the
	// exact SNI the listener accepts.
	CustomDomainName string `json:"customDomainName,omitempty"`
	// CertificateARN is the ACM certificate for the custom domain name.
	// Without one, HTTPS to the custom domain name fails; Lattice has no
	// fallback certificate for it.
	CertificateARN string `json:"certificateArn,omitempty"`
	// DNSName overrides the generated DNS name, e.g. to pin the name an
	// existing deployment has. Empty means [Service.GeneratedDNSName].
	DNSName   string            `json:"dnsName,omitempty"`
	Listeners []Listener        `json:"listeners,omitempty"`
	Tags      map[string]string `json:"tags,omitempty"`
}

// DefaultRegion is the Region used in generated DNS names when a service
// declares none.
const DefaultRegion = "us-east-1"

// GeneratedDNSName returns the name Lattice would give the service:
// "<name>-<id>.<partition>.vpc-lattice-svcs.<region>.on.aws", see
// [GeneratedDNSName].
func (s Service) GeneratedDNSName() string { return GeneratedDNSName(s.Name, s.ID, s.Region) }

// DomainName returns the service's DNS name: DNSName when set, else the
// generated name.
func (s Service) DomainName() string {
	if s.DNSName != "" {
		return s.DNSName
	}
	return s.GeneratedDNSName()
}

// HasCertificate reports whether the service has its own certificate for
// its custom domain name.
func (s Service) HasCertificate() bool { return s.CertificateARN != "" }

// GeneratedDNSName derives, deterministically, the DNS name AWS generates
// for a service: "<name>-<id>.<partition>.vpc-lattice-svcs.<region>.on.aws".
//
// As in AWS, the first label is the service name, a hyphen and the ID
// without its "svc-" prefix (service "rates" with ID svc-0b1f56d26672bf677
// gives "rates-0b1f56d26672bf677"). The label is lower-cased, characters
// other than a-z, 0-9 and '-' become '-', and it is cut to 63 characters;
// an empty name leaves the ID alone. AWS's partition label is an opaque
// seven-hex-digit value; here it is the first seven hex digits of the
// FNV-1a hash of the ID, so names are stable and differ between IDs. An
// empty region means [DefaultRegion].
func GeneratedDNSName(name, id, region string) string {
	if region == "" {
		region = DefaultRegion
	}
	label := strings.TrimPrefix(id, "svc-")
	if name != "" {
		label = name + "-" + label
	}
	label = dnsLabel(label)
	h := fnv.New32a()
	h.Write([]byte(id))
	partition := fmt.Sprintf("%08x", h.Sum32())[:7]
	return label + "." + partition + ".vpc-lattice-svcs." + strings.ToLower(region) + ".on.aws"
}

// dnsLabel lower-cases s, maps characters outside [a-z0-9-] to '-' and cuts
// it to the 63 characters a DNS label may have.
func dnsLabel(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if b.Len() == 63 {
			break
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	return b.String()
}

// ListenerProtocol is the protocol a listener accepts.
type ListenerProtocol string

// Listener protocols, spelled as in the AWS API. There is no zero default:
// a listener must name its protocol.
const (
	ListenerHTTP  ListenerProtocol = "HTTP"
	ListenerHTTPS ListenerProtocol = "HTTPS"
	// ListenerTLSPassthrough passes TLS through undecrypted, routing on the
	// SNI of the client hello; it has only its default rule.
	ListenerTLSPassthrough ListenerProtocol = "TLS_PASSTHROUGH"
)

// Valid reports whether p is one of the listener protocols.
func (p ListenerProtocol) Valid() bool {
	switch p {
	case ListenerHTTP, ListenerHTTPS, ListenerTLSPassthrough:
		return true
	}
	return false
}

// DefaultPort returns the port AWS uses when a listener names none: 80 for
// HTTP, 443 for HTTPS, and 0 (none; the port is required) otherwise.
func (p ListenerProtocol) DefaultPort() uint16 {
	switch p {
	case ListenerHTTP:
		return 80
	case ListenerHTTPS:
		return 443
	}
	return 0
}

// HasRules reports whether listeners of this protocol see HTTP requests
// and so may have rules beyond the default one.
func (p ListenerProtocol) HasRules() bool { return p == ListenerHTTP || p == ListenerHTTPS }

// Listener accepts connections to its service on one protocol and port and
// routes each request by its rules: the rules in ascending priority, the
// first that matches wins, and the default action applies when none does.
type Listener struct {
	ID       string           `json:"id"`
	Name     string           `json:"name,omitempty"`
	Protocol ListenerProtocol `json:"protocol"`
	// Port is 1–65535; 0 means the protocol's default (80 for HTTP, 443 for
	// HTTPS). A TLS passthrough listener must name its port.
	Port uint16 `json:"port,omitempty"`
	// DefaultAction is the action of the listener's default rule, which
	// has no conditions and is evaluated last.
	DefaultAction Action `json:"defaultAction"`
	// Rules are the listener's other rules, in any order.
	Rules []Rule            `json:"rules,omitempty"`
	Tags  map[string]string `json:"tags,omitempty"`
}

// EffectivePort returns Port, or the protocol's default port when Port is 0.
func (l Listener) EffectivePort() uint16 {
	if l.Port != 0 {
		return l.Port
	}
	return l.Protocol.DefaultPort()
}

// Rule routes the requests its match selects. Priorities are 1–2000 and
// unique within a listener; the lowest is evaluated first.
type Rule struct {
	ID       string            `json:"id"`
	Name     string            `json:"name,omitempty"`
	Priority int               `json:"priority"`
	Match    HTTPMatch         `json:"match"`
	Action   Action            `json:"action"`
	Tags     map[string]string `json:"tags,omitempty"`
}

// HTTPMatch selects requests by method, path and headers; every condition
// given must hold. The zero HTTPMatch selects every request.
type HTTPMatch struct {
	// Method is an HTTP method, standard or custom, compared exactly and
	// case-sensitively; empty means any method.
	Method string `json:"method,omitempty"`
	// PathMatch, when set, compares the request path.
	PathMatch *PathMatch `json:"pathMatch,omitempty"`
	// HeaderMatches are 1–5 header conditions (none when absent).
	HeaderMatches []HeaderMatch `json:"headerMatches,omitempty"`
}

// MatchType is how a path or header condition compares a value.
type MatchType string

// Match types. Paths take exact or prefix; headers also contains.
const (
	MatchExact    MatchType = "exact"
	MatchPrefix   MatchType = "prefix"
	MatchContains MatchType = "contains"
)

// PathMatch compares the request path with Exact or Prefix, exactly one of
// which is set. Values start with '/' and have no wildcards. Comparison
// ignores case unless CaseSensitive is set (the AWS default is
// case-insensitive).
type PathMatch struct {
	Exact         string `json:"exact,omitempty"`
	Prefix        string `json:"prefix,omitempty"`
	CaseSensitive bool   `json:"caseSensitive,omitempty"`
}

// Type returns the kind of comparison and its value: the first of Exact
// and Prefix that is set, or "" when neither is.
func (p PathMatch) Type() (MatchType, string) {
	switch {
	case p.Exact != "":
		return MatchExact, p.Exact
	case p.Prefix != "":
		return MatchPrefix, p.Prefix
	}
	return "", ""
}

// HeaderMatch compares the values of one request header with Exact,
// Prefix or Contains, exactly one of which is set. Header names are
// compared ignoring case; values ignore case unless CaseSensitive is set.
type HeaderMatch struct {
	Name          string `json:"name"`
	Exact         string `json:"exact,omitempty"`
	Prefix        string `json:"prefix,omitempty"`
	Contains      string `json:"contains,omitempty"`
	CaseSensitive bool   `json:"caseSensitive,omitempty"`
}

// Type returns the kind of comparison and its value: the first of Exact,
// Prefix and Contains that is set, or "" when none is.
func (h HeaderMatch) Type() (MatchType, string) {
	switch {
	case h.Exact != "":
		return MatchExact, h.Exact
	case h.Prefix != "":
		return MatchPrefix, h.Prefix
	case h.Contains != "":
		return MatchContains, h.Contains
	}
	return "", ""
}

// Action is what a rule does with the requests it matches: forward them to
// target groups or answer with a fixed response. Exactly one is set.
type Action struct {
	Forward       *ForwardAction       `json:"forward,omitempty"`
	FixedResponse *FixedResponseAction `json:"fixedResponse,omitempty"`
}

// ForwardAction sends requests to 1–10 target groups, each receiving the
// share weight ÷ (sum of weights) of them.
type ForwardAction struct {
	TargetGroups []WeightedTargetGroup `json:"targetGroups"`
}

// WeightedTargetGroup is a target group of a forward action and its weight.
type WeightedTargetGroup struct {
	TargetGroup string `json:"targetGroup"`
	// Weight is 0–999. It may be left out only when the action has a single
	// target group, which then gets every request.
	Weight *int `json:"weight,omitempty"`
}

// EffectiveWeights returns the weight of each target group in order: the
// declared weight, or 1 for a lone target group without one (AWS's
// default). An undeclared weight beside other target groups, which AWS
// rejects, counts as 0.
func (f ForwardAction) EffectiveWeights() []int {
	w := make([]int, len(f.TargetGroups))
	for i, tg := range f.TargetGroups {
		switch {
		case tg.Weight != nil:
			w[i] = *tg.Weight
		case len(f.TargetGroups) == 1:
			w[i] = 1
		}
	}
	return w
}

// FixedResponseAction answers every request with an HTTP status code and
// no target. The user guide supports 404 and 500.
type FixedResponseAction struct {
	StatusCode int `json:"statusCode"`
}

// ForwardTo returns an action forwarding every request to one target group.
func ForwardTo(targetGroup string) Action {
	return Action{Forward: &ForwardAction{TargetGroups: []WeightedTargetGroup{{TargetGroup: targetGroup}}}}
}

// ForwardWeighted returns an action splitting requests among target groups
// by weight; build each with [Weighted].
func ForwardWeighted(tgs ...WeightedTargetGroup) Action {
	return Action{Forward: &ForwardAction{TargetGroups: tgs}}
}

// Weighted returns target group tg with weight w.
func Weighted(tg string, w int) WeightedTargetGroup {
	return WeightedTargetGroup{TargetGroup: tg, Weight: &w}
}

// Respond returns an action answering with a fixed status code.
func Respond(statusCode int) Action {
	return Action{FixedResponse: &FixedResponseAction{StatusCode: statusCode}}
}
