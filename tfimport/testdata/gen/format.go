// Command gen writes the fixtures of package tfimport: the JSON that
// `terraform show -json` prints for a saved plan (and, for one
// architecture, for the state after apply) of each architecture the
// seed guides give Terraform for.
//
// Each architecture is described once, as resources whose values may be
// known constants, references to other resources' attributes, or values
// computed by AWS. From that description the program derives what
// Terraform prints:
//
//   - a plan: resource_changes (after with the values known before apply,
//     after_unknown marking the others), planned_values, prior_state (the
//     data sources read while planning) and configuration (each argument
//     as a constant_value, or as the references Terraform lists for it);
//   - a state: every value known, computed ones given deterministic
//     AWS-looking IDs.
//
// Run it from the repository root: go run ./tfimport/testdata/gen
package main

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Ref is a reference to attribute Attr of the resource at module-relative
// address Addr ("aws_vpc.this[0]").
type Ref struct{ Addr, Attr string }

// Computed is a value AWS computes: unknown in a plan. State, when set, is
// its value after apply; otherwise an ID is generated.
type Computed struct{ State any }

// Out is a reference from the root module to an output of a module call.
type Out struct{ Mod, Name string }

// OutAt is element I of a list output of a module call, chosen by
// count.index.
type OutAt struct {
	Mod, Name string
	I         int
}

// Cat concatenates lists (Out values or lists).
type Cat []any

// Refs overrides the references Terraform lists for an argument.
type Refs []string

// Res is one resource instance.
type Res struct {
	Mod        string
	Data       bool
	Type, Name string
	Index      any
	V          map[string]any
	Cfg        map[string]any // argument -> Refs, or a constant, overriding the derived expression
	Count      any            // the count argument, when the resource has one
	ForEach    any            // the for_each argument, when the resource has one
}

// Output is an output of a module: its references, and what it holds.
type Output struct {
	Refs  []string
	Items []Ref // the values, in order
	List  bool
}

// Module is a module call.
type Module struct {
	Source, Version string
	Args            map[string]any
	Outputs         map[string]Output
}

// Arch is one architecture.
type Arch struct {
	Name    string
	Res     []*Res
	Modules map[string]*Module
	Vars    map[string]any
}

type unknownT struct{}

var unknown = unknownT{}

func (r *Res) local() string {
	s := r.Type + "." + r.Name
	if r.Data {
		s = "data." + s
	}
	switch x := r.Index.(type) {
	case int:
		s += fmt.Sprintf("[%d]", x)
	case string:
		s += fmt.Sprintf("[%q]", x)
	}
	return s
}

func (r *Res) addr() string {
	if r.Mod == "" {
		return r.local()
	}
	return "module." + r.Mod + "." + r.local()
}

func (a *Arch) find(mod, local string) *Res {
	for _, r := range a.Res {
		if r.Mod == mod && r.local() == local {
			return r
		}
	}
	if mod != "" {
		// A value a module argument passes in from the root module.
		for _, r := range a.Res {
			if r.Mod == "" && r.local() == local {
				return r
			}
		}
	}
	log.Fatalf("%s: no resource %q in module %q", a.Name, local, mod)
	return nil
}

var idPrefix = map[string]string{
	"aws_vpc": "vpc-", "aws_subnet": "subnet-", "aws_route_table": "rtb-", "aws_default_route_table": "rtb-",
	"aws_internet_gateway": "igw-", "aws_nat_gateway": "nat-", "aws_eip": "eipalloc-", "aws_security_group": "sg-",
	"aws_default_security_group": "sg-", "aws_network_acl": "acl-", "aws_default_network_acl": "acl-",
	"aws_instance": "i-", "aws_network_interface": "eni-", "aws_route_table_association": "rtbassoc-",
	"aws_route": "r-", "aws_vpc_endpoint": "vpce-", "aws_egress_only_internet_gateway": "eigw-",
	"aws_vpc_peering_connection": "pcx-", "aws_ec2_transit_gateway": "tgw-", "aws_ec2_transit_gateway_route_table": "tgw-rtb-",
	"aws_ec2_transit_gateway_vpc_attachment": "tgw-attach-", "aws_ec2_managed_prefix_list": "pl-",
	"aws_security_group_rule": "sgrule-", "aws_vpc_security_group_ingress_rule": "sgr-", "aws_vpc_security_group_egress_rule": "sgr-",
	"aws_network_acl_rule": "nacl-", "aws_network_acl_association": "aclassoc-", "aws_eip_association": "eipassoc-",
	"aws_vpclattice_service_network": "sn-", "aws_vpclattice_service": "svc-", "aws_vpclattice_target_group": "tg-",
	"aws_vpclattice_service_network_vpc_association": "snva-", "aws_vpclattice_service_network_service_association": "snsa-",
	"aws_vpclattice_listener": "listener-", "aws_vpclattice_resource_gateway": "rgw-", "aws_vpclattice_resource_configuration": "rcfg-",
	"aws_vpclattice_service_network_resource_association": "snra-",
}

func hash(s string) []byte { h := sha256.Sum256([]byte(s)); return h[:] }

// stateComputed gives a computed attribute its value after apply.
func stateComputed(r *Res, attr string) any {
	h := hash(r.addr() + "." + attr)
	hex := fmt.Sprintf("%x", h)[:17]
	switch attr {
	case "id", "allocation_id", "listener_id", "association_id":
		if attr == "allocation_id" {
			return "eipalloc-" + hex
		}
		switch r.Type {
		case "aws_lb", "aws_lb_target_group", "aws_lb_listener":
			kind := map[string]string{"aws_lb": "loadbalancer/app/", "aws_lb_target_group": "targetgroup/", "aws_lb_listener": "listener/app/"}[r.Type]
			return "arn:aws:elasticloadbalancing:us-east-1:111122223333:" + kind + r.Name + "/" + hex[:16]
		case "aws_db_subnet_group", "aws_elasticache_subnet_group", "aws_eks_cluster":
			return r.V["name"]
		}
		p := idPrefix[r.Type]
		if p == "" {
			p = strings.TrimPrefix(r.Type, "aws_") + "-"
		}
		return p + hex
	case "default_route_table_id", "main_route_table_id":
		return "rtb-" + hex
	case "default_security_group_id", "cluster_security_group_id":
		return "sg-" + hex
	case "default_network_acl_id":
		return "acl-" + hex
	case "primary_network_interface_id":
		return "eni-" + hex
	case "arn":
		if r.Type == "aws_lb" || r.Type == "aws_lb_target_group" || r.Type == "aws_lb_listener" {
			return stateValue(nil, r, "id")
		}
		return "arn:aws:ec2:us-east-1:111122223333:" + strings.TrimPrefix(r.Type, "aws_") + "/" + fmt.Sprint(stateValue(nil, r, "id"))
	case "owner_id":
		return "111122223333"
	case "public_ip":
		n := binary.BigEndian.Uint16(h)
		return fmt.Sprintf("3.%d.%d.%d", 80+h[2]%10, n>>8, n&0xff|1)
	}
	return "computed-" + hex
}

// stateValue is the value of attr of r after apply.
func stateValue(a *Arch, r *Res, attr string) any {
	if head, rest, ok := strings.Cut(attr, "[0]."); ok {
		// A path into a nested block ("vpc_config[0].cluster_security_group_id").
		l, _ := stateValue(a, r, head).([]any)
		if len(l) > 0 {
			if o, ok := l[0].(map[string]any); ok {
				return o[rest]
			}
		}
		return nil
	}
	v, ok := r.V[attr]
	if !ok {
		return stateComputed(r, attr)
	}
	return resolveState(a, r.Mod, v, r, attr)
}

func resolveState(a *Arch, mod string, v any, r *Res, attr string) any {
	switch x := v.(type) {
	case Computed:
		if x.State != nil {
			return resolveState(a, mod, x.State, r, attr)
		}
		return stateComputed(r, attr)
	case Ref:
		t := a.find(mod, x.Addr)
		return stateValue(a, t, x.Attr)
	case Out:
		o := a.Modules[x.Mod].Outputs[x.Name]
		var l []any
		for _, it := range o.Items {
			l = append(l, stateValue(a, a.find(x.Mod, it.Addr), it.Attr))
		}
		if !o.List {
			return l[0]
		}
		return l
	case OutAt:
		return resolveState(a, mod, Out{x.Mod, x.Name}, r, attr).([]any)[x.I]
	case Cat:
		var l []any
		for _, e := range x {
			l = append(l, resolveState(a, mod, e, r, attr).([]any)...)
		}
		return l
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = resolveState(a, mod, e, r, attr)
		}
		return out
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			out[k] = resolveState(a, mod, e, r, k)
		}
		return out
	}
	return v
}

// planValue is the value of attr of r as the plan knows it: unknown
// where AWS computes it.
func planValue(a *Arch, r *Res, attr string) any {
	v, ok := r.V[attr]
	if !ok {
		return unknown
	}
	return resolvePlan(a, r.Mod, v)
}

func resolvePlan(a *Arch, mod string, v any) any {
	switch x := v.(type) {
	case Computed:
		return unknown
	case Ref:
		return planValue(a, a.find(mod, x.Addr), x.Attr)
	case Out:
		o := a.Modules[x.Mod].Outputs[x.Name]
		var l []any
		for _, it := range o.Items {
			l = append(l, planValue(a, a.find(x.Mod, it.Addr), it.Attr))
		}
		if !o.List {
			return l[0]
		}
		return l
	case OutAt:
		return resolvePlan(a, mod, Out{x.Mod, x.Name}).([]any)[x.I]
	case Cat:
		var l []any
		for _, e := range x {
			l = append(l, resolvePlan(a, mod, e).([]any)...)
		}
		return l
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = resolvePlan(a, mod, e)
		}
		return out
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			out[k] = resolvePlan(a, mod, e)
		}
		return out
	}
	return v
}

// omitUnknowns drops unknown values, as the plan's "after" does.
func omitUnknowns(v any) (any, bool) {
	switch x := v.(type) {
	case unknownT:
		return nil, false
	case []any:
		out := []any{}
		for _, e := range x {
			if y, ok := omitUnknowns(e); ok {
				out = append(out, y)
			}
		}
		return out, true
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			if y, ok := omitUnknowns(e); ok {
				out[k] = y
			}
		}
		return out, true
	}
	return v, true
}

// unknownAsBool marks unknown values true and omits known object
// attributes, as the plan's "after_unknown" does.
func unknownAsBool(v any) any {
	switch x := v.(type) {
	case unknownT:
		return true
	case []any:
		out := []any{}
		for _, e := range x {
			out = append(out, unknownAsBool(e))
		}
		return out
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			if u := unknownAsBool(e); u != false {
				out[k] = u
			}
		}
		return out
	}
	return false
}

// refsOf lists the references Terraform gives for an expression holding v.
func refsOf(v any, out *[]string) {
	add := func(s string) {
		for _, x := range *out {
			if x == s {
				return
			}
		}
		*out = append(*out, s)
	}
	switch x := v.(type) {
	case Ref:
		if x.Attr != "" {
			add(x.Addr + "." + x.Attr)
		}
		add(x.Addr)
		if i := strings.IndexByte(x.Addr, '['); i >= 0 {
			add(x.Addr[:i])
		}
	case Out:
		add("module." + x.Mod + "." + x.Name)
		add("module." + x.Mod)
	case OutAt:
		add("module." + x.Mod + "." + x.Name)
		add("module." + x.Mod)
		add("count.index")
	case Cat:
		for _, e := range x {
			refsOf(e, out)
		}
	case []any:
		for _, e := range x {
			refsOf(e, out)
		}
	case map[string]any:
		keys := sortedKeys(x)
		for _, k := range keys {
			refsOf(x[k], out)
		}
	}
}

func hasDynamic(v any) bool {
	switch x := v.(type) {
	case Ref, Out, OutAt, Cat, Computed:
		return true
	case []any:
		for _, e := range x {
			if hasDynamic(e) {
				return true
			}
		}
	case map[string]any:
		for _, e := range x {
			if hasDynamic(e) {
				return true
			}
		}
	}
	return false
}

func isBlocks(v any) bool {
	l, ok := v.([]any)
	if !ok || len(l) == 0 {
		return false
	}
	for _, e := range l {
		if _, ok := e.(map[string]any); !ok {
			return false
		}
	}
	return true
}

// blockAttrs are the arguments written as nested blocks (others holding
// lists of objects, like tags, are attributes).
var notBlocks = map[string]bool{"tags": true, "tags_all": true}

// expression renders the configuration expression of an argument.
func expression(key string, v any) any {
	if _, ok := v.(Computed); ok {
		return nil
	}
	if isBlocks(v) && !notBlocks[key] {
		var out []any
		for _, e := range v.([]any) {
			out = append(out, nestedExpressions(e.(map[string]any)))
		}
		return out
	}
	if !hasDynamic(v) {
		return map[string]any{"constant_value": v}
	}
	var refs []string
	refsOf(v, &refs)
	if len(refs) == 0 {
		return nil
	}
	return map[string]any{"references": refs}
}

// nestedExpressions renders the arguments of a nested block, where "id"
// is an argument (a launch_template block's) rather than the resource's
// ID.
func nestedExpressions(m map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		if e := expression(k, v); e != nil {
			out[k] = e
		}
	}
	return out
}

func blockExpressions(m map[string]any, over map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		if k == "id" {
			continue
		}
		if e := expression(k, v); e != nil {
			out[k] = e
		}
	}
	for k, v := range over {
		switch x := v.(type) {
		case Refs:
			out[k] = map[string]any{"references": []string(x)}
		case nil:
			delete(out, k)
		default:
			out[k] = x
		}
	}
	return out
}

func metaExpression(v any) any {
	if r, ok := v.(Refs); ok {
		return map[string]any{"references": []string(r)}
	}
	return map[string]any{"constant_value": v}
}

func sortedKeys[T any](m map[string]T) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func (a *Arch) modules() []string {
	return sortedKeys(a.Modules)
}

func valuesOf(a *Arch, r *Res, state bool) map[string]any {
	out := map[string]any{}
	attrs := map[string]bool{"id": true}
	for k := range r.V {
		attrs[k] = true
	}
	if r.Data {
		attrs = map[string]bool{}
		for k := range r.V {
			attrs[k] = true
		}
	}
	for k := range attrs {
		if state {
			out[k] = stateValue(a, r, k)
		} else {
			out[k] = planValue(a, r, k)
		}
	}
	return out
}

func resourceJSON(r *Res, values any) map[string]any {
	m := map[string]any{
		"address":        r.addr(),
		"mode":           map[bool]string{true: "data", false: "managed"}[r.Data],
		"type":           r.Type,
		"name":           r.Name,
		"provider_name":  "registry.terraform.io/hashicorp/aws",
		"schema_version": 0,
		"values":         values,
	}
	if r.Index != nil {
		m["index"] = r.Index
	}
	m["sensitive_values"] = map[string]any{}
	return m
}

func moduleValues(a *Arch, state bool, data bool) map[string]any {
	root := map[string]any{"resources": []any{}}
	children := map[string][]any{}
	for _, r := range a.Res {
		if data && !r.Data {
			continue
		}
		var vals any
		if state || r.Data {
			vals = valuesOf(a, r, true)
		} else {
			vals, _ = omitUnknowns(valuesOf(a, r, false))
		}
		j := resourceJSON(r, vals)
		if r.Mod == "" {
			root["resources"] = append(root["resources"].([]any), j)
		} else {
			children[r.Mod] = append(children[r.Mod], j)
		}
	}
	var cm []any
	for _, m := range sortedKeys(children) {
		cm = append(cm, map[string]any{"address": "module." + m, "resources": children[m]})
	}
	if len(cm) > 0 {
		root["child_modules"] = cm
	}
	return map[string]any{"root_module": root}
}

func configModule(a *Arch, mod string) map[string]any {
	var res []any
	seen := map[string]bool{}
	for _, r := range a.Res {
		if r.Mod != mod {
			continue
		}
		key := r.Type + "." + r.Name
		if r.Data {
			key = "data." + key
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		c := map[string]any{
			"address":             key,
			"mode":                map[bool]string{true: "data", false: "managed"}[r.Data],
			"type":                r.Type,
			"name":                r.Name,
			"provider_config_key": "aws",
			"expressions":         blockExpressions(r.V, r.Cfg),
			"schema_version":      0,
		}
		if mod != "" {
			c["provider_config_key"] = "module." + mod + ":aws"
		}
		if r.Count != nil {
			c["count_expression"] = metaExpression(r.Count)
		}
		if r.ForEach != nil {
			c["for_each_expression"] = metaExpression(r.ForEach)
		}
		res = append(res, c)
	}
	out := map[string]any{"resources": res}
	if mod == "" {
		calls := map[string]any{}
		for _, m := range a.modules() {
			md := a.Modules[m]
			inner := configModule(a, m)
			outs := map[string]any{}
			for n, o := range md.Outputs {
				outs[n] = map[string]any{"expression": map[string]any{"references": o.Refs}}
			}
			inner["outputs"] = outs
			exprs := map[string]any{}
			for k, v := range md.Args {
				if hasDynamic(v) {
					exprs[k] = expression(k, v)
				} else {
					exprs[k] = map[string]any{"constant_value": v}
				}
			}
			calls[m] = map[string]any{"source": md.Source, "version_constraint": md.Version, "expressions": exprs, "module": inner}
		}
		if len(calls) > 0 {
			out["module_calls"] = calls
		}
		vars := map[string]any{}
		for k, v := range a.Vars {
			vars[k] = map[string]any{"default": v}
		}
		if len(vars) > 0 {
			out["variables"] = vars
		}
	}
	return out
}

func (a *Arch) plan() map[string]any {
	var changes []any
	for _, r := range a.Res {
		if r.Data {
			continue
		}
		pv := valuesOf(a, r, false)
		after, _ := omitUnknowns(pv)
		rc := map[string]any{
			"address":       r.addr(),
			"mode":          "managed",
			"type":          r.Type,
			"name":          r.Name,
			"provider_name": "registry.terraform.io/hashicorp/aws",
			"change": map[string]any{
				"actions":          []string{"create"},
				"before":           nil,
				"after":            after,
				"after_unknown":    unknownAsBool(pv),
				"before_sensitive": false,
				"after_sensitive":  map[string]any{},
			},
		}
		if r.Index != nil {
			rc["index"] = r.Index
		}
		if r.Mod != "" {
			rc["module_address"] = "module." + r.Mod
		}
		changes = append(changes, rc)
	}
	vars := map[string]any{}
	for k, v := range a.Vars {
		vars[k] = map[string]any{"value": v}
	}
	return map[string]any{
		"format_version":    "1.2",
		"terraform_version": "1.9.8",
		"variables":         vars,
		"planned_values":    moduleValues(a, false, false),
		"resource_changes":  changes,
		"prior_state": map[string]any{
			"format_version":    "1.0",
			"terraform_version": "1.9.8",
			"values":            moduleValues(a, true, true),
		},
		"configuration": map[string]any{
			"provider_config": map[string]any{
				"aws": map[string]any{"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws",
					"expressions": map[string]any{"region": map[string]any{"constant_value": "us-east-1"}}},
			},
			"root_module": configModule(a, ""),
		},
		"timestamp": "2025-01-15T10:00:00Z",
		"complete":  true,
		"errored":   false,
	}
}

func (a *Arch) state() map[string]any {
	return map[string]any{
		"format_version":    "1.0",
		"terraform_version": "1.9.8",
		"values":            moduleValues(a, true, false),
	}
}

func write(path string, v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		log.Fatalf("%s: %v", path, err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		log.Fatal(err)
	}
}

func main() {
	dir := "tfimport/testdata"
	for _, a := range architectures() {
		write(filepath.Join(dir, a.Name+".plan.json"), a.plan())
	}
	for _, a := range stateArchitectures() {
		write(filepath.Join(dir, a.Name+".state.json"), a.state())
	}
}
