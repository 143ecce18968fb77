package elb

import (
	"net/netip"
	"slices"
)

// Listener accepts connections on one protocol and port of a load
// balancer and decides what happens to them: its Rules in priority order
// (Application Load Balancers), then its Default action.
type Listener struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// LoadBalancer is the ID of the load balancer.
	LoadBalancer string `json:"loadBalancer"`
	// Protocol is HTTP or HTTPS for an Application Load Balancer; TCP,
	// TLS, UDP, TCP_UDP, QUIC or TCP_QUIC for a Network Load Balancer.
	// A Gateway Load Balancer's listener has no protocol or port in the
	// ELB API; declare it with GENEVE or leave it zero: it receives every
	// packet of every flow its endpoints send, in GENEVE on UDP 6081.
	Protocol Protocol `json:"protocol,omitempty"`
	// Port is the listener port, 1–65535; zero for a Gateway Load
	// Balancer.
	Port uint16 `json:"port,omitempty"`
	// Default is the action for requests no rule matches (the listener's
	// default rule). A Network or Gateway Load Balancer listener forwards
	// to one target group.
	Default Action `json:"default"`
	// Rules are the listener's rules (Application Load Balancers only),
	// evaluated from the lowest priority up; the first whose conditions
	// all match decides. Their order here does not matter.
	Rules []Rule            `json:"rules,omitempty"`
	Tags  map[string]string `json:"tags,omitempty"`
}

// SortedRules returns the listener's rules ordered by priority, lowest
// (evaluated first) first. Rules with equal priorities, which validation
// rejects, keep their declared order.
func (l Listener) SortedRules() []Rule {
	out := slices.Clone(l.Rules)
	slices.SortStableFunc(out, func(a, b Rule) int { return a.Priority - b.Priority })
	return out
}

// Rule is one listener rule of an Application Load Balancer: when all its
// Conditions match a request, its Action decides.
type Rule struct {
	// ID optionally names the rule in explanations; without it the rule
	// is named by its priority.
	ID string `json:"id,omitempty"`
	// Priority orders the rules, 1–50000, unique per listener; lower
	// numbers are evaluated first.
	Priority int `json:"priority"`
	// Conditions must all match. Within one condition, any one of its
	// values matching is enough.
	Conditions []Condition `json:"conditions"`
	Action     Action      `json:"action"`
}

// ConditionField is the kind of a rule condition, spelled as the ELB API
// spells its Field.
type ConditionField string

// Rule condition kinds.
const (
	HostHeaderField  ConditionField = "host-header"
	PathPatternField ConditionField = "path-pattern"
	MethodField      ConditionField = "http-request-method"
	HeaderField      ConditionField = "http-header"
	QueryStringField ConditionField = "query-string"
	SourceIPField    ConditionField = "source-ip"
)

var conditionFields = []ConditionField{HostHeaderField, PathPatternField, MethodField, HeaderField, QueryStringField, SourceIPField}

// Valid reports whether f is a known condition kind.
func (f ConditionField) Valid() bool { return slices.Contains(conditionFields, f) }

// Repeatable reports whether a rule may hold several conditions of kind
// f: http-header and query-string conditions may repeat; a rule holds at
// most one of each other kind.
func (f ConditionField) Repeatable() bool { return f == HeaderField || f == QueryStringField }

// QueryValue is one key/value pair (or value alone) that a query-string
// condition looks for.
type QueryValue struct {
	// Key matches the parameter's key; empty matches any key.
	Key string `json:"key,omitempty"`
	// Value matches the parameter's value.
	Value string `json:"value"`
}

// Condition is one condition of a listener rule. Field says which of the
// other fields apply:
//
//   - host-header: Values are host name patterns, compared without regard
//     to case, with wildcards * (any run of characters) and ? (any one
//     character); or RegexValues.
//   - path-pattern: Values are path patterns with * and ?, compared with
//     regard to case against the path only (not the query string); or
//     RegexValues.
//   - http-request-method: Values are method names, compared exactly and
//     with regard to case.
//   - http-header: HeaderName (without regard to case; not Host) and
//     Values, patterns with * and ? compared without regard to case; or
//     RegexValues.
//   - query-string: QueryValues, patterns with * and ? compared without
//     regard to case; a backslash makes a * or ? literal.
//   - source-ip: SourceIPs, CIDRs that the client's address (the
//     connection's source, not X-Forwarded-For) must fall in.
type Condition struct {
	Field       ConditionField `json:"field"`
	Values      []string       `json:"values,omitempty"`
	RegexValues []string       `json:"regexValues,omitempty"`
	HeaderName  string         `json:"headerName,omitempty"`
	QueryValues []QueryValue   `json:"queryValues,omitempty"`
	SourceIPs   []netip.Prefix `json:"sourceIps,omitempty"`
}

// HostHeader returns a host-header condition matching any of patterns.
func HostHeader(patterns ...string) Condition {
	return Condition{Field: HostHeaderField, Values: patterns}
}

// PathPattern returns a path-pattern condition matching any of patterns.
func PathPattern(patterns ...string) Condition {
	return Condition{Field: PathPatternField, Values: patterns}
}

// Method returns an http-request-method condition matching any of methods.
func Method(methods ...string) Condition {
	return Condition{Field: MethodField, Values: methods}
}

// Header returns an http-header condition on header name matching any of
// patterns.
func Header(name string, patterns ...string) Condition {
	return Condition{Field: HeaderField, HeaderName: name, Values: patterns}
}

// Query returns a query-string condition matching any of pairs.
func Query(pairs ...QueryValue) Condition {
	return Condition{Field: QueryStringField, QueryValues: pairs}
}

// SourceIP returns a source-ip condition matching any of cidrs.
func SourceIP(cidrs ...netip.Prefix) Condition {
	return Condition{Field: SourceIPField, SourceIPs: cidrs}
}

// ActionType is the kind of a routing action, spelled as the ELB API
// spells it. User authentication (authenticate-oidc,
// authenticate-cognito) and JWT validation actions are not modelled.
type ActionType string

// Routing action kinds.
const (
	ForwardAction       ActionType = "forward"
	FixedResponseAction ActionType = "fixed-response"
	RedirectAction      ActionType = "redirect"
)

// Valid reports whether t is a known action kind.
func (t ActionType) Valid() bool {
	return t == ForwardAction || t == FixedResponseAction || t == RedirectAction
}

// Action is what a rule or a listener's default does with a request.
// Type says which of the other fields applies.
type Action struct {
	Type ActionType `json:"type"`
	// Forward lists the target groups of a forward action with their
	// weights.
	Forward []WeightedTargetGroup `json:"forward,omitempty"`
	// FixedResponse is the response of a fixed-response action.
	FixedResponse *FixedResponse `json:"fixedResponse,omitempty"`
	// Redirect is the target of a redirect action.
	Redirect *Redirect `json:"redirect,omitempty"`
}

// WeightedTargetGroup is one target group of a forward action. With
// several target groups each receives a share of the requests in
// proportion to its weight, 0–999 (zero receives none); with one, the
// weight does not matter. A forward to several target groups does not
// fail over: a group with no healthy target keeps its share.
type WeightedTargetGroup struct {
	TargetGroup string `json:"targetGroup"`
	Weight      int    `json:"weight,omitempty"`
}

// FixedResponse is the response a fixed-response action returns.
type FixedResponse struct {
	// StatusCode is a 2XX, 4XX or 5XX HTTP status code.
	StatusCode int `json:"statusCode"`
	// ContentType is text/plain, text/css, text/html,
	// application/javascript or application/json; empty omits it.
	ContentType string `json:"contentType,omitempty"`
	// MessageBody is the body, up to 1024 characters.
	MessageBody string `json:"messageBody,omitempty"`
}

// RedirectCode is the status of a redirect.
type RedirectCode string

// Redirect status codes.
const (
	Permanent RedirectCode = "HTTP_301"
	Temporary RedirectCode = "HTTP_302"
)

// Valid reports whether c is HTTP_301 or HTTP_302.
func (c RedirectCode) Valid() bool { return c == Permanent || c == Temporary }

// Redirect is the target URL of a redirect action, component by
// component. An empty component keeps the request's own, as the ELB API
// does ("#{protocol}", "#{host}", "#{port}", "/#{path}", "#{query}");
// components may also use those keywords themselves. At least one of
// protocol, host, port and path must change, or the redirect loops.
type Redirect struct {
	// Protocol is HTTP or HTTPS; HTTPS cannot redirect to HTTP.
	Protocol string `json:"protocol,omitempty"`
	Host     string `json:"host,omitempty"`
	// Port is a port number 1–65535 or "#{port}".
	Port string `json:"port,omitempty"`
	// Path is an absolute path beginning with "/".
	Path  string `json:"path,omitempty"`
	Query string `json:"query,omitempty"`
	// StatusCode is HTTP_301 or HTTP_302.
	StatusCode RedirectCode `json:"statusCode"`
}

// ForwardTo returns a forward action to one target group.
func ForwardTo(targetGroup string) Action {
	return Action{Type: ForwardAction, Forward: []WeightedTargetGroup{{TargetGroup: targetGroup}}}
}

// ForwardWeighted returns a forward action sharing requests among
// target groups by weight.
func ForwardWeighted(groups ...WeightedTargetGroup) Action {
	return Action{Type: ForwardAction, Forward: groups}
}

// Respond returns a fixed-response action.
func Respond(statusCode int, contentType, body string) Action {
	return Action{Type: FixedResponseAction, FixedResponse: &FixedResponse{StatusCode: statusCode, ContentType: contentType, MessageBody: body}}
}

// RedirectTo returns a redirect action.
func RedirectTo(r Redirect) Action {
	return Action{Type: RedirectAction, Redirect: &r}
}

// TargetGroups returns the IDs of the target groups a forward action
// names, in declared order; nil for other actions.
func (a Action) TargetGroups() []string {
	if a.Type != ForwardAction {
		return nil
	}
	out := make([]string, len(a.Forward))
	for i, w := range a.Forward {
		out[i] = w.TargetGroup
	}
	return out
}
