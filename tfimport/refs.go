package tfimport

import (
	"fmt"
	"slices"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// defaults holds, per VPC ID, the IDs of the VPC's main route table,
// default security group and default network ACL in the result.
type defaults struct{ rtb, sg, acl string }

// idOf returns the ID in the result of what target t names.
func (b *builder) idOf(t target) (string, bool) {
	if t.hasConst {
		if s, ok := t.constant.(string); ok && s != "" {
			return b.canon(s), true
		}
		return "", false
	}
	in := t.in
	switch in.typ + "." + t.attr {
	case "aws_vpc.default_route_table_id", "aws_vpc.main_route_table_id":
		return b.vpcDefaults(in.id).rtb, true
	case "aws_vpc.default_security_group_id":
		return b.vpcDefaults(in.id).sg, true
	case "aws_vpc.default_network_acl_id":
		return b.vpcDefaults(in.id).acl, true
	case "aws_instance.primary_network_interface_id":
		return b.instanceENI(in), true
	case "aws_eks_cluster.vpc_config":
		if slices.Contains(t.sub, "cluster_security_group_id") {
			return b.clusterSG(in), true
		}
	case "aws_ec2_transit_gateway.association_default_route_table_id",
		"aws_ec2_transit_gateway.propagation_default_route_table_id":
		return b.tgwDefaultRTB(in), true
	}
	return in.id, true
}

// refDesc names the reference for placeholder reasons.
func refDesc(t target) string {
	if t.in == nil {
		return "a constant"
	}
	if t.attr == "" {
		return t.in.addr
	}
	return t.in.addr + "." + t.attr
}

// ref reads attribute key of a (an attribute object of in, at path for
// messages) as a reference to one other resource: its known value, mapped
// to the ID that resource has in the result, or, when the value is known
// only after apply, the resource that the configuration expression e
// refers to. It returns "" when the attribute is unset or cannot be
// resolved (and then records why when it was required).
func (b *builder) ref(in *inst, a attrs, key, path string, e *tfjson.Expression) string {
	if v := a.str(key); v != "" {
		id := b.canon(v)
		b.synth(id)
		return id
	}
	if !a.unknown(key) {
		return ""
	}
	ts, bad := b.resolve(in.module, e, in, 0)
	if t := b.inferLocal(in, key, e, bad); t != nil {
		ts = append(ts, *t)
	}
	for _, t := range ts {
		if id, ok := b.idOf(t); ok {
			b.notePlaceholder(in, path, id, t)
			b.synth(id)
			return id
		}
	}
	b.unresolved(in, path, e, bad)
	return ""
}

// attrRefs is refs of the resource's own top-level attribute key.
func (b *builder) attrRefs(in *inst, key string) []string {
	return b.refs(in, in.a, key, key, in.expr(key))
}

// refs is ref for attributes holding a list or set of references: the
// known elements, and those the configuration names when some are known
// only after apply.
func (b *builder) refs(in *inst, a attrs, key, path string, e *tfjson.Expression) []string {
	var out []string
	add := func(id string) {
		b.synth(id)
		if id != "" && !containsStr(out, id) {
			out = append(out, id)
		}
	}
	for _, v := range a.strs(key) {
		add(b.canon(v))
	}
	if !a.unknown(key) {
		return out
	}
	ts, bad := b.resolve(in.module, e, in, 0)
	n := len(out)
	for _, t := range ts {
		if t.hasConst {
			switch c := t.constant.(type) {
			case string:
				add(b.canon(c))
			case []any:
				for _, s := range toStrs(c) {
					add(b.canon(s))
				}
			}
			continue
		}
		if id, ok := b.idOf(t); ok {
			b.notePlaceholder(in, path, id, t)
			add(id)
		}
	}
	if len(out) == n {
		b.unresolved(in, path, e, bad)
	}
	return out
}

func (b *builder) notePlaceholder(in *inst, path, id string, t target) {
	switch {
	case t.inferred != "":
		b.placeholder(in, path, id, "known after apply; "+t.inferred)
	case t.in != nil && (t.in.idPlaceholder || strings.Contains(id, "/")):
		b.placeholder(in, path, id, fmt.Sprintf("known after apply; resolved from the configuration's reference to %s", refDesc(t)))
	}
}

func (b *builder) unresolved(in *inst, path string, e *tfjson.Expression, bad []string) {
	why := "known only after apply, and the configuration names nothing this import can follow"
	if e == nil {
		if in.cfg != nil {
			// Not set in the configuration: the provider computes it.
			return
		}
		why = "known only after apply, and the input has no configuration expression for it"
	} else if len(bad) > 0 {
		why = "known only after apply; cannot follow " + strings.Join(bad, ", ")
	}
	b.skipAttr(in, path, "%s", why)
}

// blockExpr returns the configuration expressions of the nested block of
// in under key that matches a (by its known scalar attributes), marking it
// used so that equal blocks pair up one to one.
func blockExprs(e map[string]*tfjson.Expression, key string) []map[string]*tfjson.Expression {
	if e == nil || e[key] == nil || e[key].ExpressionData == nil {
		return nil
	}
	return e[key].NestedBlocks
}

// matchBlock picks, among the configuration blocks cfg not yet used, the
// first whose constant scalar arguments agree with the known values of a.
func matchBlock(a attrs, cfg []map[string]*tfjson.Expression, used []bool) map[string]*tfjson.Expression {
	for i, blk := range cfg {
		if used[i] {
			continue
		}
		ok := true
		for k, e := range blk {
			if e == nil || e.ExpressionData == nil || len(e.References) > 0 || e.ConstantValue == nil {
				continue
			}
			v, present := a.v[k]
			if !present || v == nil {
				continue
			}
			if !sameConst(v, e.ConstantValue) {
				ok = false
				break
			}
		}
		if ok {
			used[i] = true
			return blk
		}
	}
	return nil
}

func sameConst(a, b any) bool {
	switch x := a.(type) {
	case string:
		return x == fmt.Sprint(b) || sameNum(a, b)
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case []any, map[string]any:
		return true // lists and maps are not compared
	}
	return sameNum(a, b)
}

func sameNum(a, b any) bool {
	x, ok1 := toInt(a)
	y, ok2 := toInt(b)
	return ok1 && ok2 && x == y
}
