// Package scaleplot draws the answer of a scale-out experiment
// ([sim.ScaleOut]) with gonum's plot package: the addresses each subnet
// gives up (held addresses plus the headroom workloads want kept) against
// the scale, one line per subnet, and each subnet's usable addresses as a
// dashed line of the same color, so the scale at which the first line
// crosses its limit is where the first subnet runs out.
//
// It lives apart from package sim so that only programs drawing plots
// depend on gonum.org/v1/plot and its image and font packages.
//
// # Model and invariants
//
// A plot is drawn from a [sim.ScaleReport] alone: it reads nothing else
// and changes nothing. One line per subnet the report measured, in the
// report's subnet order, so the same report always gives the same
// picture; the x axis is the scale (tasks, nodes, ...) of the report's
// measured points, the y axis addresses. A subnet's usable addresses (its
// size less the five AWS reserves) are its limit line. An empty report, or
// a path whose extension names no format gonum's plot writes, is an error,
// not a panic.
package scaleplot
