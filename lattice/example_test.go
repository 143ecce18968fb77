package lattice_test

import (
	"encoding/json"
	"fmt"

	"github.com/vpcsim/vpcsim/lattice"
)

func ExampleGeneratedDNSName() {
	fmt.Println(lattice.GeneratedDNSName("rates", "svc-0b1f56d26672bf677", "us-east-1"))
	// Output: rates-0b1f56d26672bf677.baa444a.vpc-lattice-svcs.us-east-1.on.aws
}

// A service whose HTTPS listener sends POSTs under /admin to a fixed 404
// and splits everything else 90/10 between two target groups.
func ExampleService() {
	svc := lattice.Service{
		ID: "svc-orders", Name: "orders", Region: "eu-west-1",
		Listeners: []lattice.Listener{{
			ID: "listener-https", Protocol: lattice.ListenerHTTPS,
			DefaultAction: lattice.ForwardWeighted(lattice.Weighted("tg-blue", 90), lattice.Weighted("tg-green", 10)),
			Rules: []lattice.Rule{{
				ID: "rule-admin", Priority: 10,
				Match:  lattice.HTTPMatch{Method: "POST", PathMatch: &lattice.PathMatch{Prefix: "/admin"}},
				Action: lattice.Respond(404),
			}},
		}},
	}
	l := svc.Listeners[0]
	fmt.Println(svc.DomainName())
	fmt.Println(l.Protocol, l.EffectivePort(), l.DefaultAction.Forward.EffectiveWeights())
	b, _ := json.Marshal(l.Rules[0])
	fmt.Println(string(b))
	// Output:
	// orders-orders.8c077db.vpc-lattice-svcs.eu-west-1.on.aws
	// HTTPS 443 [90 10]
	// {"id":"rule-admin","priority":10,"match":{"method":"POST","pathMatch":{"prefix":"/admin"}},"action":{"fixedResponse":{"statusCode":404}}}
}
