package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcsim/vpcsim/sim"
	"github.com/vpcsim/vpcsim/vpc"
)

// summary describes a parsed statement in a form tests compare.
func summary(st statement) string {
	var b strings.Builder
	b.WriteString(st.kind)
	for _, t := range []target{st.from, st.to, st.sel} {
		if t.text != "" {
			b.WriteString(" [" + targetKind(t) + " " + t.text + "]")
		}
	}
	if st.component != "" {
		b.WriteString(" via=" + st.component)
	}
	if st.oneFlow {
		b.WriteString(" flow=" + st.flow.String())
	} else if st.flows != nil || st.kind == stPorts {
		b.WriteString(" flows=" + st.flows.String())
	}
	o := st.opts
	if o.IPv6 {
		b.WriteString(" ipv6")
	}
	if o.EphemeralPorts != (vpc.PortRange{}) {
		b.WriteString(" eph=" + o.EphemeralPorts.String())
	}
	if o.SrcPort != 0 {
		b.WriteString(" src-port")
	}
	if o.HasReason {
		b.WriteString(" because=" + o.Reason.String())
	}
	if o.At != "" {
		b.WriteString(" at=" + o.At)
	}
	return b.String()
}

// targetKind names what a target parsed to.
func targetKind(t target) string {
	switch {
	case t.ep != nil:
		return "endpoint " + t.ep.String() + ":"
	case t.eni != "":
		return "eni"
	case t.subnet != "":
		return "subnet"
	}
	return "selector " + t.sel.String() + ":"
}

func TestParseChecks(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"reach eni-app -> eni-db tcp/5432", "reach [eni eni-app] [eni eni-db] flow=tcp 5432"},
		{"reach eni-app->eni-db tcp/5432", "reach [eni eni-app] [eni eni-db] flow=tcp 5432"},
		{"reach eni:app -> eni-db@10.0.2.4 udp/53", "reach [eni eni:app] [endpoint eni-db@10.0.2.4: eni-db@10.0.2.4] flow=udp 53"},
		{"reach internet -> tag:tier=web tcp/443, tcp/80", "reach [endpoint internet: internet] [selector tag tier=web: tag:tier=web] flows=tcp 80, tcp 443"},
		{"reach subnet:subnet-a -> 10.0.2.4 icmp", "reach [subnet subnet:subnet-a] [endpoint 10.0.2.4: 10.0.2.4] flow=icmp type 8 code 0"},
		{"reach eni-a -> internet@8.8.8.8 icmpv6:128/0 ipv6", "reach [eni eni-a] [endpoint internet@8.8.8.8: internet@8.8.8.8] flow=icmpv6 type 128 code 0 ipv6"},
		{"reach onprem:dc1 -> eni-app tcp/443", "reach [endpoint onprem:dc1: onprem:dc1] [eni eni-app] flow=tcp 443"},
		{"reach eni-app -> onprem:dc1@192.168.1.5 tcp/22", "reach [eni eni-app] [endpoint onprem:dc1@192.168.1.5: onprem:dc1@192.168.1.5] flow=tcp 22"},
		{"deny internet -> tag:tier=db any", "deny [endpoint internet: internet] [selector tag tier=db: tag:tier=db] flows=all"},
		{"deny eni-a -> eni-b tcp/22 because sg_ingress at eni-b", "deny [eni eni-a] [eni eni-b] flow=tcp 22 because=SG_INGRESS at=eni-b"},
		{"deny eni-a -> eni-b proto:47", "deny [eni eni-a] [eni eni-b] flow=protocol 47"},
		{"ports app -> db = tcp/5432", "ports [eni app] [eni db] flows=tcp 5432"},
		{"ports app -> db = none", "ports [eni app] [eni db] flows=nothing"},
		{"ports app -> db = tcp/1-100,udp icmp:3 ephemeral 32768-60999", "ports [eni app] [eni db] flows=tcp 1-100, udp all, icmp type 3 eph=32768-60999"},
		{"only tag:tier=app -> tag:tier=db tcp/5432", "only [selector tag tier=app: tag:tier=app] [selector tag tier=db: tag:tier=db] flow=tcp 5432"},
		{"only sg:sg-web+internet -> kind:load-balancer tcp/443 src-port 40000", "only [selector security group sg-web or the internet: sg:sg-web+internet] [selector kind load-balancer: kind:load-balancer] flow=tcp 443 src-port"},
		{"not-exposed all!kind:load-balancer", "not-exposed [selector all interfaces except kind load-balancer: all!kind:load-balancer]"},
		{"not-exposed vpc:vpc-1&subnet-tag:tier=db", "not-exposed [selector vpc vpc-1 and subnet tag tier=db: vpc:vpc-1&subnet-tag:tier=db]"},
		{"via nat-a: subnet:subnet-app-a -> internet tcp/443", "via [subnet subnet:subnet-app-a] via=nat-a flow=tcp 443"},
		{"via nat-a subnet:subnet-app-a -> internet", "via [subnet subnet:subnet-app-a] via=nat-a"},
		{"via nat-a : sg:sg-app -> internet tcp, udp", "via [selector security group sg-app: sg:sg-app] via=nat-a flows=tcp all, udp all"},
		{`reach "eni:module.x.aws_instance.web[\"a\"]/eni" -> eni-db tcp/443 # a comment`, `reach [eni eni:module.x.aws_instance.web["a"]/eni] [eni eni-db] flow=tcp 443`},
		{"reach eni-a -> \\\n  eni-b tcp/443", "reach [eni eni-a] [eni eni-b] flow=tcp 443"},
		{"  # only a comment", ""},
		{"", ""},
	}
	for _, tt := range tests {
		sts, err := parseChecks(tt.in)
		if err != nil {
			t.Errorf("parseChecks(%q): %v", tt.in, err)
			continue
		}
		var got []string
		for _, st := range sts {
			got = append(got, summary(st))
		}
		want := []string(nil)
		if tt.want != "" {
			want = []string{tt.want}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("parseChecks(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestParseChecksErrors(t *testing.T) {
	tests := []struct {
		in, want string // want: the start of the error after "1: "
	}{
		{"frobnicate all", `unknown statement "frobnicate"`},
		{"reach eni-a eni-b tcp/443", "want reach FROM -> TO FLOWS"},
		{"reach eni-a -> eni-b", "no flow"},
		{"reach eni-a -> eni-b tcp/0", `flow "tcp/0": port "0" is not a number 1-65535`},
		{"reach eni-a -> eni-b tcp/9-1", `flow "tcp/9-1": port range 9-1 is reversed`},
		{"reach eni-a -> eni-b icmp ipv6", `flow "icmp": icmp does not travel over IPv6`},
		{"reach eni-a -> eni-b http", `flow "http": want tcp/443`},
		{"reach eni-a -> eni-b tcp/443 because SG_INGRESS", "because applies to deny only"},
		{"deny eni-a -> eni-b tcp/1-2 because SG_INGRESS", "because and at take one flow"},
		{"deny eni-a -> eni-b tcp/1 because NOPE", `because "NOPE": want a reason code: SG_EGRESS, SG_INGRESS`},
		{"deny eni-a -> eni-b tcp/1 at", "at needs a value"},
		{"ports a -> b tcp/1", "want ports FROM -> TO = FLOWS"},
		{"ports a -> b =", "nothing after ="},
		{"only a -> b tcp/1 tcp/2", "want one flow after the targets"},
		{"only a -> b tcp", `flow "tcp": want one flow`},
		{"not-exposed", "want not-exposed SELECTION"},
		{"not-exposed tag:tier", `selection: target "tag:tier": want tag:KEY=VALUE`},
		{"not-exposed kind:toaster", `selection: target "kind:toaster": "toaster" is not a kind`},
		{"via nat-a: x -> eni-b", "want via COMPONENT: SELECTION -> internet"},
		{"reach a+ -> b tcp/1", `source: target "a+": an operator without an operand`},
		{"reach a -> x@nothere tcp/1", `destination: target "x@nothere": "nothere" is not an IP address`},
		{"reach a -> b ephemeral 9-1 tcp/1", `ephemeral "9-1": want a port range`},
		{`reach "a -> b tcp/1`, "unterminated quoted word"},
	}
	for _, tt := range tests {
		_, err := parseChecks(tt.in)
		if err == nil {
			t.Errorf("parseChecks(%q): no error, want %q", tt.in, tt.want)
			continue
		}
		if got := strings.TrimPrefix(err.Error(), "1: "); !strings.HasPrefix(got, tt.want) {
			t.Errorf("parseChecks(%q): error %q, want it to start with %q", tt.in, got, tt.want)
		}
	}
	// Every error of a file at once, each with its line.
	_, err := parseChecks("reach a -> b tcp/1\nbad\nreach a -> b\n")
	if got, want := strings.Count(err.Error(), "\n")+1, 2; got != want || !strings.HasPrefix(err.Error(), "2: ") {
		t.Errorf("two bad lines: %d errors %q, want %d, the first at line 2", got, err, want)
	}
}

// The flow words of the command line mean the flows sim prints.
func TestFlowWords(t *testing.T) {
	tests := []struct{ in, want string }{
		{"tcp/443", "tcp 443"}, {"UDP/53", "udp 53"}, {"tcp/8000-8080", "tcp 8000-8080"}, {"tcp", "tcp all"},
		{"icmp", "icmp type 8 code 0"}, {"icmp:3/4", "icmp type 3 code 4"}, {"icmp:3", "icmp type 3"}, {"icmp:all", "icmp all"},
		{"proto:47", "protocol 47"}, {"proto:2-5", "protocols 2-5"}, {"any", "all"}, {"tcp 443", "tcp 443"},
	}
	for _, tt := range tests {
		got, err := flowWords(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("flowWords(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	if f, err := parseOneFlow("icmpv6", true); err != nil || f.Query(sim.Query{}).ICMP == nil || f.Query(sim.Query{}).ICMP.Type() != 128 {
		t.Errorf("icmpv6 over IPv6: %v, %v; want echo request 128", f, err)
	}
}

// FuzzParseChecks: the parser never panics, and a statement it accepts
// parses back, printed as it records it, to the same statement.
func FuzzParseChecks(f *testing.F) {
	for _, s := range []string{
		"reach eni-app -> eni-db tcp/5432",
		"deny internet -> tag:tier=db any",
		"ports app -> db = tcp/5432, udp/53 ipv6",
		"only tag:tier=app+internet -> tag:tier=db tcp/5432",
		"not-exposed all!kind:load-balancer",
		"via nat-a: subnet:subnet-app-a -> internet tcp/443",
		"deny a -> b icmp:3/4 because NACL_IN at subnet-x ephemeral 32768-60999",
		`reach "eni:x y" -> b@10.0.0.1 proto:2-5 # c`,
		"reach a -> \\\nb tcp/1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		sts, err := parseChecks(src)
		if err != nil {
			return
		}
		for _, st := range sts {
			back, err := parseChecks(st.text)
			if err != nil {
				t.Fatalf("%q parsed, and its statement %q does not: %v", src, st.text, err)
			}
			if len(back) != 1 || summary(back[0]) != summary(st) {
				t.Fatalf("%q parsed to %q, which parses to %v", src, summary(st), back)
			}
		}
	})
}
