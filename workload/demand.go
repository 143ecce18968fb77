package workload

import (
	"cmp"
	"errors"
	"fmt"
	"net/netip"
	"slices"

	"github.com/vpcsim/vpcsim/vpc"
)

// SubnetDemand is what workloads take from one subnet: single addresses,
// /28 prefixes (which must be free, aligned blocks) and headroom (further
// free addresses a workload wants kept, such as the six EKS wants in each
// cluster subnet for replacing its interfaces), with one row per workload.
type SubnetDemand struct {
	Subnet           string `json:"subnet"`
	AvailabilityZone string `json:"availabilityZone,omitempty"`
	// Addresses counts single addresses, including those of pods drawn
	// from secondary addresses; pods drawn from prefixes are inside
	// Prefixes.
	Addresses int `json:"addresses"`
	Prefixes  int `json:"prefixes,omitempty"`
	Headroom  int `json:"headroom,omitempty"`
	// ENIs counts network interfaces in the AWS sense: pods are not
	// interfaces, and a shared Lambda interface counts once.
	ENIs      int              `json:"enis"`
	Workloads []WorkloadDemand `json:"workloads"`
}

// Total is the number of addresses the subnet gives up: single addresses
// plus 16 per prefix (headroom excluded).
func (d SubnetDemand) Total() int { return d.Addresses + d.Prefixes*IPsPerPrefix }

// WorkloadDemand is one workload's share of a [SubnetDemand]. A Lambda
// Hyperplane interface shared by several functions is counted in each of
// their rows, and once in the subnet's totals.
type WorkloadDemand struct {
	Workload  string `json:"workload"`
	Kind      Kind   `json:"kind"`
	Addresses int    `json:"addresses"`
	Prefixes  int    `json:"prefixes,omitempty"`
	Headroom  int    `json:"headroom,omitempty"`
	ENIs      int    `json:"enis"`
}

// Demand returns what the workloads take from each subnet they use,
// sorted by subnet ID, with workload rows sorted by workload ID. It
// validates like [Expand] (and fails where Expand fails, except for
// subnets too small, which is what demand is for; a declaration needing more than
// twice what all of a workload's subnets together hold is an
// [ErrCapacity] error here too) and assigns no
// addresses, so it is cheap enough to call at every step of a scaling
// experiment. The addresses and prefixes it counts are exactly those
// Expand assigns.
func Demand(ws Workloads, e Env) ([]SubnetDemand, error) {
	p, x, err := planAll(ws, e, true)
	if err != nil {
		return nil, err
	}
	return demandOf(p, x), nil
}

func demandOf(p *plan, x *env) []SubnetDemand {
	type wkey struct {
		subnet   int
		workload string
	}
	subs := map[int]*SubnetDemand{}
	rows := map[wkey]*WorkloadDemand{}
	sub := func(si int) *SubnetDemand {
		d := subs[si]
		if d == nil {
			d = &SubnetDemand{Subnet: x.subnets[si].ID, AvailabilityZone: x.subnets[si].AvailabilityZone}
			subs[si] = d
		}
		return d
	}
	row := func(si int, id string, k Kind) *WorkloadDemand {
		w := rows[wkey{si, id}]
		if w == nil {
			w = &WorkloadDemand{Workload: id, Kind: k}
			rows[wkey{si, id}] = w
		}
		return w
	}
	for _, ip := range p.ifaces {
		if ip.parent >= 0 {
			continue // a pod's address is counted with its node interface
		}
		d := sub(ip.subnet)
		d.Addresses += ip.singles
		d.Prefixes += ip.prefixes
		d.ENIs++
		seen := map[string]bool{}
		for _, m := range ip.members {
			if seen[m.Workload] {
				continue
			}
			seen[m.Workload] = true
			w := row(ip.subnet, m.Workload, m.Kind)
			w.Addresses += ip.singles
			w.Prefixes += ip.prefixes
			w.ENIs++
		}
	}
	for _, h := range p.headroom {
		sub(h.subnet).Headroom += h.n
		row(h.subnet, h.workload, h.kind).Headroom += h.n
	}
	for k, w := range rows {
		subs[k.subnet].Workloads = append(subs[k.subnet].Workloads, *w)
	}
	out := make([]SubnetDemand, 0, len(subs))
	for _, d := range subs {
		slices.SortFunc(d.Workloads, func(a, b WorkloadDemand) int { return cmp.Compare(a.Workload, b.Workload) })
		out = append(out, *d)
	}
	slices.SortFunc(out, func(a, b SubnetDemand) int { return cmp.Compare(a.Subnet, b.Subnet) })
	return out
}

// Capacity is what a subnet has to give: its usable addresses, those not
// yet taken, the aligned /28 blocks entirely free (what prefix delegation
// needs) and the largest aligned free block.
type Capacity struct {
	Subnet string       `json:"subnet"`
	CIDR   netip.Prefix `json:"cidr"`
	// Usable is the subnet's size minus the five addresses AWS reserves.
	Usable int `json:"usable"`
	// Free is Usable minus the taken addresses.
	Free int `json:"free"`
	// FreeBlocks counts aligned /28 blocks holding no reserved or taken
	// address.
	FreeBlocks int `json:"freeBlocks"`
	// LargestFree is the largest aligned block of free addresses (the
	// lowest of that size); zero when nothing is free.
	LargestFree netip.Prefix `json:"largestFree,omitzero"`
}

// SubnetCapacity returns the capacity of subnet s when the addresses in
// taken are held (addresses outside s are ignored). A CIDR that is not an
// IPv4 subnet of /16 to /28 has no capacity.
func SubnetCapacity(s vpc.Subnet, taken []netip.Addr) Capacity {
	c := Capacity{Subnet: s.ID, CIDR: s.CIDR}
	space, ok := newAddrSpace(s.CIDR, taken)
	if !ok {
		return c
	}
	c.Usable = vpc.UsableAddresses(s.CIDR)
	c.Free = space.free()
	c.FreeBlocks = len(space.freeBlocks())
	c.LargestFree = space.largestFree()
	return c
}

// Shortfall is how much a demand exceeds a capacity: the single addresses
// (headroom included) and the /28 blocks missing. Both are zero when the
// demand fits.
type Shortfall struct {
	Addresses int `json:"addresses,omitempty"`
	Blocks    int `json:"blocks,omitempty"`
}

// Fits reports whether nothing is missing.
func (s Shortfall) Fits() bool { return s.Addresses == 0 && s.Blocks == 0 }

// Short returns how far d exceeds c. Prefixes need whole free blocks;
// single addresses and headroom may use any other free address, so d
// fits when its prefixes fit in c's free blocks and its single addresses
// plus headroom fit in what the prefixes leave (the placement [Expand]
// makes).
func (c Capacity) Short(d SubnetDemand) Shortfall {
	var s Shortfall
	s.Blocks = max(0, d.Prefixes-c.FreeBlocks)
	left := c.Free - min(d.Prefixes, c.FreeBlocks)*IPsPerPrefix
	s.Addresses = max(0, d.Addresses+d.Headroom-left)
	return s
}

// Exhaustion answers a scale-out question: the smallest scale N at which
// the workloads no longer fit.
type Exhaustion struct {
	// N is the first scale that does not fit; zero when every scale up to
	// the limit asked fits.
	N int `json:"n"`
	// Subnets are those that run out at N, sorted by ID.
	Subnets []Exhausted `json:"subnets,omitempty"`
	// Limit is set when N is reached because a workload itself cannot
	// grow further (an [ErrLimit] error such as more pods per node than
	// max pods, or an [ErrCapacity] error for more than twice
	// what all of a workload's subnets together hold) rather than one subnet.
	Limit error `json:"-"`
}

// Exhausted is one subnet that runs out: what is asked of it, what it
// has, and what is missing.
type Exhausted struct {
	Demand   SubnetDemand `json:"demand"`
	Capacity Capacity     `json:"capacity"`
	Short    Shortfall    `json:"short"`
}

// ScaleOut finds the smallest n in 1..limit at which scale(n) no longer
// fits in e's subnets (with e.Taken already held): a subnet lacks
// addresses, headroom or free /28 blocks, or a workload reports
// [ErrLimit] (or [ErrCapacity]). It answers questions such as "how many tasks can the orders
// service run before a subnet runs out" or "how many nodes of K pods".
//
// scale must be monotone: a larger n never needs less of any subnet (the
// counts of every workload kind here are). ScaleOut searches by doubling
// and bisection, calling [Demand] O(log limit) times. Other errors (an
// invalid declaration) are returned as they are.
func ScaleOut(e Env, limit int, scale func(n int) Workloads) (Exhaustion, error) {
	if scale == nil {
		return Exhaustion{}, &FieldError{Resource: "scale-out", Field: "scale", Kind: ErrInvalidValue, Msg: "a scale function is required"}
	}
	if limit < 1 {
		return Exhaustion{}, &FieldError{Resource: "scale-out", Field: "limit", Kind: ErrInvalidValue, Msg: fmt.Sprintf("%d: want at least 1", limit)}
	}
	subnets := map[string]vpc.Subnet{}
	for _, s := range e.Subnets {
		subnets[s.ID] = s
	}
	caps := map[string]Capacity{}
	// check returns the exhaustion at n, or a zero N when n fits.
	check := func(n int) (Exhaustion, error) {
		ds, err := Demand(scale(n), e)
		if err != nil {
			if onlyFitErrors(err) {
				return Exhaustion{N: n, Limit: err}, nil
			}
			return Exhaustion{}, err
		}
		var ex Exhaustion
		for _, d := range ds {
			c, ok := caps[d.Subnet]
			if !ok {
				c = SubnetCapacity(subnets[d.Subnet], e.Taken)
				caps[d.Subnet] = c
			}
			if s := c.Short(d); !s.Fits() {
				ex.N = n
				ex.Subnets = append(ex.Subnets, Exhausted{Demand: d, Capacity: c, Short: s})
			}
		}
		return ex, nil
	}
	lo, hi := 0, 1 // lo fits (or is 0), hi is the next probe
	var at Exhaustion
	for {
		ex, err := check(hi)
		if err != nil {
			return Exhaustion{}, err
		}
		if ex.N != 0 {
			at = ex
			break
		}
		if hi == limit {
			return Exhaustion{}, nil
		}
		lo, hi = hi, min(2*hi, limit)
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		ex, err := check(mid)
		if err != nil {
			return Exhaustion{}, err
		}
		if ex.N != 0 {
			hi, at = mid, ex
		} else {
			lo = mid
		}
	}
	return at, nil
}

// onlyFitErrors reports whether every error joined in err says that
// something does not fit ([ErrLimit] or [ErrCapacity]) rather than that a
// declaration is invalid.
func onlyFitErrors(err error) bool {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			if !onlyFitErrors(e) {
				return false
			}
		}
		return true
	}
	return errors.Is(err, ErrLimit) || errors.Is(err, ErrCapacity)
}
