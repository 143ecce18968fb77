package sim

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/vpcsim/vpcsim/workload"
)

// ScaleReport answers a scale-out question about a network's workloads:
// the first scale at which a subnet runs out of addresses (or a workload
// cannot grow), which subnets run out, and the addresses used at scales
// up to there.
type ScaleReport struct {
	// Limit is the largest scale asked about.
	Limit int `json:"limit"`
	// N is the first scale that does not fit; zero when every scale up to
	// Limit fits. Fits is the largest scale that fits (N - 1, or Limit).
	N    int `json:"n"`
	Fits int `json:"fits"`
	// Exhausted are the subnets that run out at N, by ID: what the
	// workloads ask of each, what it has, and what is missing.
	Exhausted []workload.Exhausted `json:"exhausted,omitempty"`
	// Limited is set when N is reached because a workload itself cannot
	// grow (more pods per node than the node runs, a count far beyond
	// its subnets) rather than a subnet running out.
	Limited error `json:"-"`
	// Points are the addresses used in each subnet the workloads use, at
	// scales from 1 up to N (or Limit), at most 64 of them, N included.
	Points []ScalePoint `json:"points"`
}

// ScalePoint is the use of the workloads' subnets at one scale.
type ScalePoint struct {
	N       int        `json:"n"`
	Subnets []ScaleUse `json:"subnets"`
}

// ScaleUse is the use of one subnet at one scale: the addresses held
// (by the workloads, 16 per /28 prefix, and by the declarations), the
// headroom workloads want kept, and the usable addresses (size less the
// five AWS reserves).
type ScaleUse struct {
	Subnet   string `json:"subnet"`
	Used     int    `json:"used"`
	Headroom int    `json:"headroom,omitempty"`
	Usable   int    `json:"usable"`
}

// maxScalePoints bounds ScaleReport.Points.
const maxScalePoints = 64

// ScaleOut finds the smallest scale k in 1..limit at which n's workloads,
// as scale(k, ws) sets them, no longer fit in their subnets: "scale the
// orders service to k tasks", "the node group to k nodes of 30 pods".
// scale receives a fresh copy of n.Workloads to change; it must be
// monotone (a larger k never needs fewer addresses of any subnet), as
// changing counts of any workload kind is. The addresses the
// declarations hold are taken first, as at compile time.
//
// ScaleOut validates n first (at its declared scale). It searches by
// doubling and bisection, then measures up to 64 scales for
// [ScaleReport.Points]. What a larger or an extra subnet changes is
// answered by a second ScaleOut on a changed copy ([Network.Clone]).
func ScaleOut(n *Network, limit int, scale func(k int, ws *workload.Workloads)) (*ScaleReport, error) {
	if n == nil {
		return nil, errNilNetwork()
	}
	if scale == nil {
		return nil, nilErr("scale", "want a function setting the workloads' counts for a scale k")
	}
	if limit < 1 {
		return nil, &FieldError{Resource: "scale-out", Field: "limit", Kind: ErrInvalidValue, Msg: fmt.Sprintf("%d: want at least 1", limit)}
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	env := envOf(n)
	at := func(k int) workload.Workloads {
		ws := n.Workloads.Clone()
		scale(k, &ws)
		return ws
	}
	ex, err := workload.ScaleOut(env, limit, at)
	if err != nil {
		return nil, errors.Join(workloadErrors(err)...)
	}
	r := &ScaleReport{Limit: limit, N: ex.N, Fits: limit, Exhausted: ex.Subnets, Limited: ex.Limit}
	top := limit
	if ex.N > 0 {
		r.Fits, top = ex.N-1, ex.N
	}
	usable, declared := map[string]int{}, map[string]int{}
	for _, s := range n.Subnets {
		if s.CIDR.IsValid() && s.CIDR.Addr().Is4() {
			usable[s.ID] = max((1<<(32-s.CIDR.Bits()))-5, 0)
			for _, a := range env.Taken {
				if s.CIDR.Contains(a) {
					declared[s.ID]++
				}
			}
		}
	}
	for _, k := range scalePoints(top) {
		d, err := workload.Demand(at(k), env)
		if err != nil {
			break // a workload cannot grow this far (Limited)
		}
		p := ScalePoint{N: k}
		for _, s := range d {
			p.Subnets = append(p.Subnets, ScaleUse{Subnet: s.Subnet, Used: s.Total() + declared[s.Subnet], Headroom: s.Headroom, Usable: usable[s.Subnet]})
		}
		r.Points = append(r.Points, p)
	}
	return r, nil
}

// scalePoints returns up to maxScalePoints scales from 1 to top, evenly
// spread, top included.
func scalePoints(top int) []int {
	var out []int
	for i := range maxScalePoints {
		k := 1 + (top-1)*i/(maxScalePoints-1)
		if len(out) == 0 || out[len(out)-1] != k {
			out = append(out, k)
		}
	}
	return out
}

// Subnets returns the IDs of the subnets the report's points measure,
// sorted.
func (r *ScaleReport) Subnets() []string {
	if r == nil {
		return nil
	}
	var out []string
	for _, p := range r.Points {
		for _, s := range p.Subnets {
			out = append(out, s.Subnet)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// String says where the workloads run out, and tabulates the use of each
// subnet (addresses held plus headroom, out of the usable ones) at up to
// 16 of the report's scales, the last included ("<nil>" for a nil
// report).
func (r *ScaleReport) String() string {
	if r == nil {
		return "<nil>"
	}
	var b strings.Builder
	switch {
	case r.N == 0:
		fmt.Fprintf(&b, "every scale up to %d fits\n", r.Limit)
	case r.Limited != nil:
		fmt.Fprintf(&b, "scale %d does not fit: %v\n", r.N, r.Limited)
	default:
		fmt.Fprintf(&b, "scale %d does not fit (%d does):\n", r.N, r.Fits)
		for _, x := range r.Exhausted {
			fmt.Fprintf(&b, "  %s runs out: %d addresses, %d /28 prefixes and %d headroom asked; %d free, %d free /28 blocks; short %d addresses, %d blocks\n",
				x.Demand.Subnet, x.Demand.Addresses, x.Demand.Prefixes, x.Demand.Headroom,
				x.Capacity.Free, x.Capacity.FreeBlocks, x.Short.Addresses, x.Short.Blocks)
		}
	}
	if len(r.Points) == 0 {
		return b.String()
	}
	w := tabwriter.NewWriter(&b, 0, 8, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(w, "scale\t")
	subnets := r.Subnets()
	for _, s := range subnets {
		fmt.Fprintf(w, "%s\t", s)
	}
	fmt.Fprintln(w)
	step := max(1, (len(r.Points)+15)/16) // at most 16 rows, the last included
	for i, p := range r.Points {
		if i%step != 0 && i != len(r.Points)-1 {
			continue
		}
		fmt.Fprintf(w, "%d\t", p.N)
		for _, s := range subnets {
			i, ok := slices.BinarySearchFunc(p.Subnets, s, func(u ScaleUse, id string) int { return cmp.Compare(u.Subnet, id) })
			if ok {
				u := p.Subnets[i]
				fmt.Fprintf(w, "%d/%d\t", u.Used+u.Headroom, u.Usable)
			} else {
				fmt.Fprint(w, "-\t")
			}
		}
		fmt.Fprintln(w)
	}
	w.Flush()
	return b.String()
}
