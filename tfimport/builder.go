package tfimport

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/vpcsim/vpcsim/sim"
)

// inst is one resource instance of the input.
type inst struct {
	addr   string // absolute address
	module string // module instance address, "" for the root module
	mode   tfjson.ResourceMode
	typ    string
	name   string
	index  any // nil, json.Number or string
	a      attrs
	cfg    *tfjson.ConfigResource // nil for a state
	id     string                 // ID in the result
	// idPlaceholder is set when id is the address standing in for an ID
	// known only after apply.
	idPlaceholder bool
	done          bool // recorded in Resources or Skipped
}

// cfgModule is one module of the configuration.
type cfgModule struct {
	mod  *tfjson.ConfigModule
	call *tfjson.ModuleCall // nil for the root module
	// resources by "type.name" or "data.type.name"
	resources map[string]*tfjson.ConfigResource
}

type builder struct {
	file  string
	kind  Kind
	insts []*inst
	// byRes indexes instances by module address and "type.name" (with a
	// "data." prefix for data sources), in index order.
	byRes   map[string][]*inst
	byAddr  map[string]*inst
	cfg     map[string]*cfgModule // by module path without instance keys
	modKeys map[string][]string   // module path -> module instance addresses
	alias   map[string]string     // known ID, ARN or name -> ID in the result
	typeOf  map[string]string     // ID in the result -> resource type
	errs    []error
	res     Result
	net     sim.Network
	d       decls
	wl      wlState
}

func newBuilder(file string) *builder {
	return &builder{
		file:    file,
		byRes:   map[string][]*inst{},
		byAddr:  map[string]*inst{},
		cfg:     map[string]*cfgModule{},
		modKeys: map[string][]string{},
		alias:   map[string]string{},
		typeOf:  map[string]string{},
	}
}

// errorf records a problem with one attribute of a resource.
func (b *builder) errorf(in *inst, attr string, format string, args ...any) {
	b.errs = append(b.errs, &Error{File: b.file, Address: in.addr, Attribute: attr, Err: fmt.Errorf("%w: "+format, append([]any{ErrValue}, args...)...)})
}

// skip records a resource instance left out.
func (b *builder) skip(in *inst, format string, args ...any) {
	in.done = true
	b.res.Skipped = append(b.res.Skipped, Skipped{Address: in.addr, Type: in.typ, Reason: fmt.Sprintf(format, args...)})
}

// skipAttr records one attribute of a resource left out.
func (b *builder) skipAttr(in *inst, attr, format string, args ...any) {
	b.res.Skipped = append(b.res.Skipped, Skipped{Address: in.addr, Type: in.typ, Attribute: attr, Reason: fmt.Sprintf(format, args...)})
}

// imported records a resource instance as imported.
func (b *builder) imported(in *inst, as string) {
	in.done = true
	b.res.Resources = append(b.res.Resources, Resource{Address: in.addr, Type: in.typ, ID: in.id, As: as})
}

// placeholder records a fact resting on a stand-in value.
func (b *builder) placeholder(in *inst, attr, value, reason string) {
	b.res.Placeholders = append(b.res.Placeholders, Placeholder{Address: in.addr, Attribute: attr, Value: value, Reason: reason})
}

var keyRE = regexp.MustCompile(`\[[^\]]*\]`)

// modulePath strips the instance keys from a module instance address.
func modulePath(addr string) string { return keyRE.ReplaceAllString(addr, "") }

func resKey(mode tfjson.ResourceMode, typ, name string) string {
	if mode == tfjson.DataResourceMode {
		return "data." + typ + "." + name
	}
	return typ + "." + name
}

// add registers an instance.
func (b *builder) add(module string, r resourceLike, values any, unknown any) {
	if _, dup := b.byAddr[r.Address]; dup {
		return
	}
	in := &inst{
		addr:   r.Address,
		module: module,
		mode:   r.Mode,
		typ:    r.Type,
		name:   r.Name,
		index:  r.Index,
		a:      mkAttrs(values, unknown),
	}
	b.insts = append(b.insts, in)
	b.byAddr[in.addr] = in
	if module != "" && !containsStr(b.modKeys[modulePath(module)], module) {
		b.modKeys[modulePath(module)] = append(b.modKeys[modulePath(module)], module)
	}
}

type resourceLike struct {
	Address string
	Mode    tfjson.ResourceMode
	Type    string
	Name    string
	Index   any
}

func containsStr(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

func (b *builder) collectState(st *tfjson.State) {
	if st.Values != nil {
		b.collectModule(st.Values.RootModule, "")
	}
}

func (b *builder) collectModule(m *tfjson.StateModule, addr string) {
	if m == nil {
		return
	}
	if m.Address != "" {
		addr = m.Address
	}
	for _, r := range m.Resources {
		if r == nil || r.DeposedKey != "" {
			continue
		}
		b.add(addr, resourceLike{r.Address, r.Mode, r.Type, r.Name, r.Index}, map[string]any(r.AttributeValues), nil)
	}
	for _, c := range m.ChildModules {
		b.collectModule(c, "")
	}
}

func (b *builder) collectPlan(p *tfjson.Plan) {
	if p.Config != nil && p.Config.RootModule != nil {
		b.indexConfig("", p.Config.RootModule, nil)
	}
	for _, rc := range p.ResourceChanges {
		if rc == nil || rc.Change == nil || rc.DeposedKey != "" {
			continue
		}
		r := resourceLike{rc.Address, rc.Mode, rc.Type, rc.Name, rc.Index}
		if rc.Change.Actions.Delete() {
			// Planned for deletion: it will not exist after apply.
			in := &inst{addr: rc.Address, typ: rc.Type, mode: rc.Mode}
			b.skip(in, "planned for deletion")
			continue
		}
		b.add(rc.ModuleAddress, r, rc.Change.After, rc.Change.AfterUnknown)
	}
	if p.PlannedValues != nil {
		b.collectModule(p.PlannedValues.RootModule, "")
	}
	if p.PriorState != nil && p.PriorState.Values != nil {
		// Data sources read while planning are only in the prior state.
		b.collectPriorData(p.PriorState.Values.RootModule)
	}
	for _, in := range b.insts {
		if cm := b.cfg[modulePath(in.module)]; cm != nil {
			in.cfg = cm.resources[resKey(in.mode, in.typ, in.name)]
		}
	}
}

func (b *builder) collectPriorData(m *tfjson.StateModule) {
	if m == nil {
		return
	}
	for _, r := range m.Resources {
		if r == nil || r.Mode != tfjson.DataResourceMode {
			continue
		}
		mod := ""
		if i := strings.LastIndex(r.Address, "data."); i > 0 {
			mod = strings.TrimSuffix(r.Address[:i], ".")
		}
		b.add(mod, resourceLike{r.Address, r.Mode, r.Type, r.Name, r.Index}, map[string]any(r.AttributeValues), nil)
	}
	for _, c := range m.ChildModules {
		b.collectPriorData(c)
	}
}

func (b *builder) indexConfig(path string, m *tfjson.ConfigModule, call *tfjson.ModuleCall) {
	if m == nil {
		return
	}
	cm := &cfgModule{mod: m, call: call, resources: map[string]*tfjson.ConfigResource{}}
	for _, r := range m.Resources {
		if r != nil {
			cm.resources[resKey(r.Mode, r.Type, r.Name)] = r
		}
	}
	b.cfg[path] = cm
	names := make([]string, 0, len(m.ModuleCalls))
	for n := range m.ModuleCalls {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c := m.ModuleCalls[n]
		if c == nil {
			continue
		}
		p := "module." + n
		if path != "" {
			p = path + "." + p
		}
		b.indexConfig(p, c.Module, c)
	}
}

// index orders and indexes the instances and gives each its ID.
func (b *builder) index() {
	sort.SliceStable(b.insts, func(i, j int) bool { return b.insts[i].addr < b.insts[j].addr })
	for _, in := range b.insts {
		k := in.module + "|" + resKey(in.mode, in.typ, in.name)
		b.byRes[k] = append(b.byRes[k], in)
		if id := in.a.str("id"); id != "" {
			in.id = id
		} else {
			in.id = in.addr
			in.idPlaceholder = true
		}
		if in.mode == tfjson.ManagedResourceMode {
			b.typeOf[in.id] = in.typ
		}
		for _, k := range []string{"id", "arn"} {
			if v := in.a.str(k); v != "" {
				b.alias[v] = in.id
			}
		}
		switch in.typ {
		case "aws_db_subnet_group", "aws_elasticache_subnet_group", "aws_eks_cluster":
			if v := in.a.str("name"); v != "" {
				b.alias[v] = in.id
			}
		case "aws_rds_cluster":
			if v := in.a.str("cluster_identifier"); v != "" {
				b.alias[v] = in.id
			}
		}
	}
	for k := range b.byRes {
		l := b.byRes[k]
		sort.SliceStable(l, func(i, j int) bool { return lessIndex(l[i].index, l[j].index) })
	}
}

func lessIndex(a, b any) bool {
	ai, aok := toInt(a)
	bi, bok := toInt(b)
	if aok && bok {
		return ai < bi
	}
	return fmt.Sprint(a) < fmt.Sprint(b)
}

// canon maps a known value (an ID, ARN or name) to the ID it has in the
// result.
func (b *builder) canon(v string) string {
	if id, ok := b.alias[v]; ok {
		return id
	}
	return v
}

// target is what a reference resolved to: an instance and the attribute
// path read from it, or a constant.
type target struct {
	in       *inst
	attr     string // first attribute after the resource ("id", "names")
	sub      []string
	constant any
	hasConst bool
	// inferred says how the target was guessed when the references led
	// through a local value, which terraform show -json does not print.
	inferred string
}

// tokens splits a reference into its traversal steps: names, and index
// keys in brackets (kept with their brackets).
func tokens(ref string) []string {
	var out []string
	cur := strings.Builder{}
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	for i := 0; i < len(ref); i++ {
		switch c := ref[i]; c {
		case '.':
			flush()
		case '[':
			flush()
			j := strings.IndexByte(ref[i:], ']')
			if j < 0 {
				j = len(ref) - i - 1
			}
			out = append(out, ref[i:i+j+1])
			i += j
		default:
			cur.WriteByte(c)
		}
	}
	flush()
	return out
}

func isKey(t string) bool { return strings.HasPrefix(t, "[") }

func keyValue(t string) any {
	k := strings.TrimSuffix(strings.TrimPrefix(t, "["), "]")
	if n, err := strconv.Atoi(k); err == nil {
		return n
	}
	return strings.Trim(k, `"`)
}

func sameKey(a any, k any) bool {
	ai, aok := toInt(a)
	switch x := k.(type) {
	case int:
		return aok && ai == x
	case string:
		s, _ := a.(string)
		return s == x
	}
	return false
}

// parentModule returns the module instance address containing module addr.
func parentModule(addr string) string {
	i := strings.LastIndex(addr, "module.")
	if i <= 0 {
		return ""
	}
	return strings.TrimSuffix(addr[:i], ".")
}

func lastModuleName(addr string) string {
	i := strings.LastIndex(addr, "module.")
	if i < 0 {
		return ""
	}
	n := addr[i+len("module."):]
	if j := strings.IndexByte(n, '['); j >= 0 {
		n = n[:j]
	}
	return n
}

// resolve follows the references of an expression written in module mod,
// for the instance self (whose index stands for count.index or each.key).
// It returns the resources (or constants) referred to, and the references
// it could not follow.
func (b *builder) resolve(mod string, e *tfjson.Expression, self *inst, depth int) ([]target, []string) {
	if e == nil || e.ExpressionData == nil {
		return nil, nil
	}
	if depth > 16 {
		return nil, []string{"reference chain too deep"}
	}
	if len(e.References) == 0 {
		if e.ConstantValue != nil && e.ConstantValue != tfjson.UnknownConstantValue {
			return []target{{constant: e.ConstantValue, hasConst: true}}, nil
		}
		return nil, nil
	}
	perInstance := false
	for _, r := range e.References {
		if r == "count.index" || strings.HasPrefix(r, "each.") {
			perInstance = true
		}
	}
	var out []target
	var bad []string
	var seen []string
	for _, ref := range e.References {
		covered := false
		for _, s := range seen {
			if strings.HasPrefix(s, ref) && (len(s) == len(ref) || s[len(ref)] == '.' || s[len(ref)] == '[') {
				covered = true
				break
			}
		}
		if covered {
			continue
		}
		seen = append(seen, ref)
		t := tokens(ref)
		if len(t) == 0 {
			continue
		}
		switch t[0] {
		case "count", "each", "path", "terraform", "self":
			continue
		case "local":
			bad = append(bad, ref+" (locals are not in terraform show -json output)")
			continue
		case "var":
			if mod == "" || len(t) < 2 {
				bad = append(bad, ref+" (a root variable)")
				continue
			}
			cm := b.cfg[modulePath(mod)]
			if cm == nil || cm.call == nil || cm.call.Expressions[t[1]] == nil {
				bad = append(bad, ref+" (module argument not in the configuration)")
				continue
			}
			ts, bs := b.resolve(parentModule(mod), cm.call.Expressions[t[1]], self, depth+1)
			out = append(out, pickInstance(ts, self, perInstance)...)
			bad = append(bad, bs...)
			continue
		case "module":
			if len(t) < 3 {
				continue
			}
			name := t[1]
			out2 := t[2]
			path := "module." + name
			if mod != "" {
				path = mod + "." + path
			}
			cm := b.cfg[modulePath(path)]
			if cm == nil || cm.mod.Outputs[out2] == nil {
				bad = append(bad, ref+" (module output not in the configuration)")
				continue
			}
			keys := b.modKeys[modulePath(path)]
			if len(keys) == 0 {
				keys = []string{path}
			}
			for _, k := range keys {
				if parentModule(k) != mod || lastModuleName(k) != name {
					continue
				}
				ts, bs := b.resolve(k, cm.mod.Outputs[out2].Expression, self, depth+1)
				if len(ts) == 0 && onlyLocals(bs) {
					ts = b.inferOutput(k, out2)
					if len(ts) > 0 {
						bs = nil
					}
				}
				out = append(out, pickInstance(ts, self, perInstance)...)
				bad = append(bad, bs...)
			}
			continue
		}
		mode := tfjson.ManagedResourceMode
		if t[0] == "data" {
			mode = tfjson.DataResourceMode
			t = t[1:]
		}
		if len(t) < 2 {
			continue
		}
		insts := b.byRes[mod+"|"+resKey(mode, t[0], t[1])]
		if len(insts) == 0 {
			bad = append(bad, ref+" (no such resource instance in the input)")
			continue
		}
		rest := t[2:]
		var pick []*inst
		if len(rest) > 0 && isKey(rest[0]) {
			k := keyValue(rest[0])
			for _, in := range insts {
				if sameKey(in.index, k) {
					pick = append(pick, in)
				}
			}
			rest = rest[1:]
		} else if perInstance && self != nil && self.index != nil && len(insts) > 1 {
			// element(list, count.index) and for_each over the same keys:
			// the instance with the same key, wrapping around as element
			// does.
			if n, ok := toInt(self.index); ok {
				pick = []*inst{insts[n%len(insts)]}
			} else {
				for _, in := range insts {
					if sameKey(in.index, self.index) {
						pick = append(pick, in)
					}
				}
			}
		} else {
			pick = insts
		}
		if len(pick) == 0 {
			bad = append(bad, ref+" (no such resource instance in the input)")
			continue
		}
		attr := ""
		if len(rest) > 0 && !isKey(rest[0]) {
			attr = rest[0]
			rest = rest[1:]
		}
		for _, in := range pick {
			out = append(out, target{in: in, attr: attr, sub: rest})
		}
	}
	return out, bad
}

// pickInstance applies element(list, count.index) to what a module
// output or variable resolved to.
func pickInstance(ts []target, self *inst, perInstance bool) []target {
	if !perInstance || self == nil || len(ts) < 2 {
		return ts
	}
	if n, ok := toInt(self.index); ok {
		return []target{ts[n%len(ts)]}
	}
	return ts
}

func onlyLocals(bad []string) bool {
	if len(bad) == 0 {
		return false
	}
	for _, s := range bad {
		if !strings.HasPrefix(s, "local.") {
			return false
		}
	}
	return true
}

// inferOutput guesses what a module output holds when its value goes
// through a local: an output named "<name>_<type>_ids" (or "_id", or a
// plural) holds the instances of aws_<type>.<name> in the module, as in
// terraform-aws-modules/vpc's private_route_table_ids.
func (b *builder) inferOutput(mod, output string) []target {
	base := output
	for _, suf := range []string{"_ids", "_id", "s"} {
		if strings.HasSuffix(base, suf) {
			base = strings.TrimSuffix(base, suf)
			break
		}
	}
	name, typ, ok := strings.Cut(base, "_")
	if !ok {
		return nil
	}
	insts := b.byRes[mod+"|"+resKey(tfjson.ManagedResourceMode, "aws_"+typ, name)]
	var out []target
	for _, in := range insts {
		out = append(out, target{in: in, attr: "id", inferred: fmt.Sprintf("module output %s goes through a local value; inferred from its name as aws_%s.%s", output, typ, name)})
	}
	return out
}

// attrTypes maps reference arguments to the resource type they name, for
// inferring the target of a reference through a local value.
var attrTypes = map[string]string{
	"vpc_id": "aws_vpc", "subnet_id": "aws_subnet", "route_table_id": "aws_route_table", "allocation_id": "aws_eip",
	"nat_gateway_id": "aws_nat_gateway", "gateway_id": "aws_internet_gateway", "security_group_id": "aws_security_group",
	"network_acl_id": "aws_network_acl", "transit_gateway_id": "aws_ec2_transit_gateway",
	"egress_only_gateway_id": "aws_egress_only_internet_gateway", "network_interface_id": "aws_network_interface",
	"instance_id": "aws_instance",
}

// inferLocal guesses the target of argument key of in when its
// expression goes through a local value: the instances of the type the
// argument names in the same module, when they are all of one resource
// (picked by count.index when there are several).
func (b *builder) inferLocal(in *inst, key string, e *tfjson.Expression, bad []string) *target {
	typ := attrTypes[key]
	var locals []string
	for _, s := range bad {
		if strings.HasPrefix(s, "local.") {
			locals = append(locals, s)
		}
	}
	if typ == "" || e == nil || len(locals) == 0 {
		return nil
	}
	var cands []*inst
	name := ""
	for _, c := range b.insts {
		if c.module == in.module && c.typ == typ && c.mode == tfjson.ManagedResourceMode {
			if name != "" && c.name != name {
				return nil
			}
			name = c.name
			cands = append(cands, c)
		}
	}
	var pick *inst
	switch {
	case len(cands) == 1:
		pick = cands[0]
	case len(cands) > 1 && containsStr(e.References, "count.index"):
		if n, ok := toInt(in.index); ok {
			pick = cands[n%len(cands)]
		}
	}
	if pick == nil {
		return nil
	}
	return &target{in: pick, attr: "id", inferred: fmt.Sprintf("%s goes through a local value; inferred as %s, the module's only %s", strings.Join(e.References, ", "), pick.addr, typ)}
}

// expr returns the configuration expression of attribute key of in, or of
// attribute key of the i-th block blk ("" for a top-level attribute).
func (in *inst) expr(key string) *tfjson.Expression {
	if in.cfg == nil {
		return nil
	}
	return in.cfg.Expressions[key]
}

// joinErrs returns the recorded errors.
func (b *builder) joinErrs() error { return errors.Join(b.errs...) }
