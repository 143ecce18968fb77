package reference

import (
	"fmt"
	"net/netip"

	"github.com/vpcsim/vpcsim/sim"
)

// goal is where a walk must arrive.
type goal struct {
	host     string     // a host ID (see host.id)
	internet netip.Addr // an internet host
	dns      bool       // the Amazon DNS resolver of the sender's VPC
	service  string     // an AWS service, by service name
	// onPrem and onPremAddr are a host of an on-premises network.
	onPrem     string
	onPremAddr netip.Addr
	// call is the API call the flow carries, for endpoint policies.
	call *sim.APICall
	// lattice is the Lattice service a request to a service-network
	// endpoint's interface is for (see lattice.go).
	lattice string
	// resource is the Lattice resource configuration a request to a
	// service-network or resource endpoint's interface is for (see
	// lattice_resource.go).
	resource string
}

// walk carries one packet (a request, or the reply to one) through the
// network, component by component, until it arrives or is stopped.
type walk struct {
	r     *Net
	reply bool
	goal  goal

	// nats are the translations NAT gateways made on the request, for
	// them to undo on the reply.
	nats []natRecord
	// tracked holds the interfaces whose security groups the request
	// passed (connection state, see eni.go).
	tracked map[string]bool
	// seen holds every (step, component, packet) state: the walk is
	// deterministic, so a repeated state repeats forever.
	seen map[string]bool
	// returnTo, on the reply to a load balancer's connection that carried
	// its client's address, is the node: the reply goes back to it,
	// whatever its destination address (see lb.go).
	returnTo string
	// fwd are the stateful appliances the request passed, in order; back
	// those of them the reply passed (see eni.go).
	fwd  []string
	back map[string]bool
	// pins are the attachment subnets a transit gateway chose for the
	// request at VPC attachments in appliance mode, by attachment ID
	// (see tgw.go).
	pins map[string]string

	ok     bool
	reason sim.Reason
	at     string // the host arrived at; "" for the internet or DNS
	// atOnPrem is the on-premises network arrived at.
	atOnPrem string
	atDNS    bool
	final    packet // the packet as it arrived
	// err is set when the walk met what the reference cannot decide.
	err error
	// legs counts the GENEVE exchanges this walk is nested in (gwlb.go).
	legs int
}

func newWalk(r *Net, reply bool, g goal) *walk {
	return &walk{r: r, reply: reply, goal: g, tracked: map[string]bool{}, seen: map[string]bool{}, back: map[string]bool{}, pins: map[string]string{}}
}

func (w *walk) fail(reason sim.Reason) { w.reason = reason }

func (w *walk) arrive(at string, p packet) { w.ok, w.at, w.final = true, at, p }

// repeated records a state and reports (failing the walk with a routing
// loop) whether it was seen before.
func (w *walk) repeated(step, component string, p packet) bool {
	k := fmt.Sprintf("%s|%s|%+v", step, component, p)
	if w.seen[k] {
		w.fail(sim.RouteLoop)
		return true
	}
	w.seen[k] = true
	return false
}
