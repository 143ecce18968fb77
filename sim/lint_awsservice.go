package sim

import (
	"fmt"
	"slices"
	"strings"
)

// gatewayServices are the AWS services a gateway endpoint serves.
var gatewayServices = []string{"dynamodb", "s3"}

// lintServiceViaNAT finds the route tables whose subnets reach S3 or
// DynamoDB through a NAT gateway: a gateway endpoint for the service on
// the route table would carry that traffic at no charge, where the NAT
// gateway charges for every gigabyte it processes (Amazon VPC User Guide,
// "Gateway endpoints": no additional charge; "NAT gateway pricing": a
// per-GB data processing charge). One finding per route table, naming the
// services and the subnets whose traffic takes a NAT gateway.
func lintServiceViaNAT(m *Model, add func(Finding)) {
	for ri := range m.rtbs {
		t := &m.rtbs[ri]
		var svcs, subnets, nats []string
		for _, svc := range gatewayServices {
			for si := range m.subnets {
				S := &m.subnets[si]
				if S.rtb != rtbIdx(ri) {
					continue
				}
				r, err := m.Reach(Query{From: SubnetHost(S.id), To: Service(svc), Port: 443})
				if err != nil || r.Status != Reachable {
					continue
				}
				if i := slices.IndexFunc(r.Path, func(h Hop) bool { return h.Kind == KindNATGateway }); i >= 0 {
					svcs = append(svcs, svc)
					subnets = append(subnets, S.id)
					nats = append(nats, r.Path[i].Component)
				}
			}
		}
		if len(svcs) == 0 {
			continue
		}
		for _, s := range []*[]string{&svcs, &subnets, &nats} {
			slices.Sort(*s)
			*s = slices.Compact(*s)
		}
		region := "<region>"
		if t.vpc >= 0 && m.vpcs[t.vpc].region != "" {
			region = m.vpcs[t.vpc].region
		}
		names := make([]string, len(svcs))
		for i, svc := range svcs {
			names[i] = "com.amazonaws." + region + "." + svc
		}
		add(Finding{Resource: t.id, Kind: "route-table", Field: "routes",
			Explanation: fmt.Sprintf("%s traffic from %s leaves through %s, which charges for every gigabyte it processes",
				strings.Join(svcs, " and "), strings.Join(subnets, ", "), strings.Join(nats, ", ")),
			Fix: fmt.Sprintf("add gateway endpoints (%s) on route table %s: they carry the traffic at no charge", strings.Join(names, ", "), t.id)})
	}
}
