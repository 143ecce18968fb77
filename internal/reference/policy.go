package reference

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"regexp"
	"strings"

	vpce "github.com/vpcsim/vpcsim/endpoint"
	"github.com/vpcsim/vpcsim/sim"
)

// Endpoint policies, read from their JSON with no help from package
// policy.
//
// AWS facts (AWS PrivateLink Guide, "Control access to VPC endpoints using
// endpoint policies"; IAM User Guide, "Policy evaluation logic" and "IAM
// JSON policy elements: Condition operators"; "AWS global condition
// context keys"):
//
//   - An endpoint policy decides every request through the endpoint; none
//     means full access. A Deny statement that applies wins; otherwise an
//     Allow that applies allows; otherwise the request is denied.
//   - A statement applies when its Action, Resource and Principal match
//     the request and every condition holds. "*" matches anything, '*'
//     and '?' are wildcards; actions ignore case.
//   - A principal "*" is everyone; an account ID or the account's root ARN
//     is every identity of the account; a role or user ARN is itself.
//   - Through a VPC endpoint the request carries aws:SourceVpce (the
//     endpoint), aws:SourceVpc (its VPC) and aws:VpcSourceIp (the
//     client's private address as the endpoint sees it);
//     aws:PrincipalAccount is the caller's account.
//   - StringEquals and IpAddress hold when the key is present and one
//     value matches; their negations StringNotEquals and NotIpAddress hold
//     when no value matches, or when the key is absent.
//
// Only the elements the generator draws are read: anything else
// (NotAction, NotPrincipal, other operators or keys) makes the policy
// fail to decide, which fails the comparison rather than guessing.

// endpointPolicy decides call, arriving through endpoint vpce of VPC
// vpcID from private source address src, against policy document raw
// (allowed when raw is empty). It returns an error for a policy it cannot
// read.
func endpointPolicy(raw []byte, call *sim.APICall, vpce, vpcID string, src netip.Addr) (bool, error) {
	if len(raw) == 0 || call == nil {
		return true, nil
	}
	d, err := evalPolicy(raw, call, requestKeys(call, vpce, vpcID, src, netip.Addr{}), "endpoint policy of "+vpce)
	return d == allowed, err
}

// Decisions of a policy.
const (
	implicitDeny = iota
	allowed
	explicitDeny
)

// callerAccount returns the account of call's principal.
func callerAccount(call *sim.APICall) string {
	if call.Principal.Account != "" {
		return call.Principal.Account
	}
	if parts := strings.Split(call.Principal.ARN, ":"); len(parts) >= 5 {
		return parts[4]
	}
	return ""
}

// requestKeys returns the condition keys of call (lower-case names, ""
// for an absent key): through endpoint vpce of VPC vpcID from private
// address src, or ("" vpce) over the internet from public address pub.
func requestKeys(call *sim.APICall, vpce, vpcID string, src, pub netip.Addr) map[string]string {
	keys := map[string]string{
		"aws:sourcevpce":       vpce,
		"aws:sourcevpc":        vpcID,
		"aws:vpcsourceip":      "",
		"aws:sourceip":         "",
		"aws:principalaccount": callerAccount(call),
	}
	if vpce != "" {
		keys["aws:vpcsourceip"] = src.String()
	} else {
		keys["aws:sourceip"] = pub.String()
	}
	return keys
}

// evalPolicy decides call against policy document raw with the request's
// condition keys: an explicit deny, an allow, or neither.
func evalPolicy(raw []byte, call *sim.APICall, keys map[string]string, what string) (int, error) {
	var doc struct {
		Statement []map[string]any
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return implicitDeny, fmt.Errorf("reference: %s: %v", what, err)
	}
	account := keys["aws:principalaccount"]
	decision := implicitDeny
	for i, s := range doc.Statement {
		applies := true
		for k, v := range s {
			var ok bool
			var err error
			switch k {
			case "Sid", "Effect":
				continue
			case "Action":
				ok = anyGlob(v, call.Action, true)
			case "Resource":
				ok = anyGlob(v, call.Resource, false)
			case "Principal":
				ok, err = principalMatches(v, call.Principal.ARN, account)
			case "Condition":
				ok, err = conditionsHold(v, keys)
			default:
				err = fmt.Errorf("element %s is not modelled", k)
			}
			if err != nil {
				return implicitDeny, fmt.Errorf("reference: %s, statement %d: %v", what, i, err)
			}
			applies = applies && ok
		}
		if !applies {
			continue
		}
		switch s["Effect"] {
		case "Deny":
			return explicitDeny, nil
		case "Allow":
			decision = allowed
		default:
			return implicitDeny, fmt.Errorf("reference: %s, statement %d: effect %v", what, i, s["Effect"])
		}
	}
	return decision, nil
}

// resourcePolicyDenies applies the resource policies of AWS service
// service (by service name) covering the call's resource to a flow
// arriving as p through endpoint e (nil over the internet), failing the
// walk when one denies it.
//
// AWS facts (IAM User Guide, "Policy evaluation logic" and
// "Cross-account policy evaluation logic"; Amazon S3 User Guide, "Bucket
// policies"): an explicit deny in a resource policy wins; a caller of
// another account than the resource's needs the resource policy to allow
// it; a caller of the resource's account may be allowed by its own
// identity policies, which the reference, like the engine, does not
// model (so only an explicit deny stops it). A policy attached to a
// resource decides requests on that ARN and on every ARN under it.
func (w *walk) resourcePolicyDenies(service string, e *vpce.Endpoint, p packet) bool {
	call := w.goal.call
	if call == nil {
		return false
	}
	n, err := vpce.ParseServiceName(service)
	if err != nil {
		return false
	}
	var keys map[string]string
	if e != nil {
		keys = requestKeys(call, e.ID, e.VPC, p.src, netip.Addr{})
	} else {
		keys = requestKeys(call, "", "", netip.Addr{}, p.src)
	}
	for _, rp := range w.r.n.ResourcePolicies {
		if rp.Service != n.Service || rp.Region != "" && rp.Region != n.Region ||
			call.Resource != rp.Resource && !strings.HasPrefix(call.Resource, rp.Resource+"/") {
			continue
		}
		d, err := evalPolicy(rp.Policy, call, keys, "resource policy "+rp.ID)
		switch {
		case err != nil:
			w.err = err
			w.fail(sim.BadState)
			return true
		case d == explicitDeny, d == implicitDeny && rp.Account != "" && callerAccount(call) != rp.Account:
			w.fail(sim.ResourcePolicyDeny)
			return true
		}
	}
	return false
}

// values returns a policy element's values: one string or a list.
func values(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, y := range x {
			if s, ok := y.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// anyGlob reports whether one of the patterns v matches s.
func anyGlob(v any, s string, fold bool) bool {
	for _, p := range values(v) {
		re := "^" + strings.NewReplacer(`\*`, ".*", `\?`, ".").Replace(regexp.QuoteMeta(p)) + "$"
		if fold {
			re = "(?i)" + re
		}
		if regexp.MustCompile(re).MatchString(s) {
			return true
		}
	}
	return false
}

// principalMatches reports whether a Principal element names the caller
// arn of account.
func principalMatches(v any, arn, account string) (bool, error) {
	if s, ok := v.(string); ok {
		if s != "*" {
			return false, fmt.Errorf("principal %q is not modelled", s)
		}
		return true, nil
	}
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 || m["AWS"] == nil {
		return false, fmt.Errorf("principal %v is not modelled", v)
	}
	for _, p := range values(m["AWS"]) {
		switch {
		case p == "*", p == arn:
			return true, nil
		case account != "" && (p == account || p == "arn:aws:iam::"+account+":root"):
			return true, nil
		}
	}
	return false, nil
}

// conditionsHold reports whether every condition of a Condition element
// holds for the request's keys (lower-case names).
func conditionsHold(v any, keys map[string]string) (bool, error) {
	ops, ok := v.(map[string]any)
	if !ok {
		return false, fmt.Errorf("condition %v is not an object", v)
	}
	for op, kv := range ops {
		m, ok := kv.(map[string]any)
		if !ok {
			return false, fmt.Errorf("condition %s is not an object", op)
		}
		for k, vals := range m {
			got, present := keys[strings.ToLower(k)]
			if !present {
				return false, fmt.Errorf("condition key %s is not modelled", k)
			}
			match := false
			for _, want := range values(vals) {
				switch op {
				case "StringEquals", "StringNotEquals":
					match = match || got == want
				case "IpAddress", "NotIpAddress":
					p, err := netip.ParsePrefix(want)
					if err != nil {
						return false, err
					}
					a, err := netip.ParseAddr(got)
					match = match || err == nil && p.Contains(a)
				default:
					return false, fmt.Errorf("condition operator %s is not modelled", op)
				}
			}
			negated := op == "StringNotEquals" || op == "NotIpAddress"
			if got == "" {
				match = false // an absent key matches no value
			}
			if match == negated {
				return false, nil
			}
		}
	}
	return true, nil
}
