package scaleplot

import (
	"cmp"
	"errors"
	"fmt"
	"path/filepath"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"

	"github.com/vpcsim/vpcsim/sim"
)

// Plot returns the plot of r, titled title ("addresses used against
// scale" when empty), to adjust before saving it.
func Plot(r *sim.ScaleReport, title string) (*plot.Plot, error) {
	if r == nil {
		return nil, errors.New("scaleplot: nil report: want the *sim.ScaleReport of sim.ScaleOut")
	}
	if len(r.Points) == 0 {
		return nil, errors.New("scaleplot: the report has no points: the workloads do not fit even at scale 1")
	}
	p := plot.New()
	p.Title.Text = cmp.Or(title, "addresses used against scale")
	p.X.Label.Text = "scale"
	p.Y.Label.Text = "addresses (held + headroom)"
	p.Legend.Top, p.Legend.Left = true, true
	for i, s := range r.Subnets() {
		var used, limit plotter.XYs
		for _, pt := range r.Points {
			j, ok := slices.BinarySearchFunc(pt.Subnets, s, func(u sim.ScaleUse, id string) int { return cmp.Compare(u.Subnet, id) })
			if !ok {
				continue
			}
			u := pt.Subnets[j]
			used = append(used, plotter.XY{X: float64(pt.N), Y: float64(u.Used + u.Headroom)})
			limit = append(limit, plotter.XY{X: float64(pt.N), Y: float64(u.Usable)})
		}
		if len(used) == 0 {
			continue
		}
		line, err := plotter.NewLine(used)
		if err != nil {
			return nil, fmt.Errorf("scaleplot: subnet %s: %w", s, err)
		}
		line.Color = plotutil.Color(i)
		line.Width = vg.Points(1.5)
		cap, err := plotter.NewLine(limit)
		if err != nil {
			return nil, fmt.Errorf("scaleplot: subnet %s: %w", s, err)
		}
		cap.Color = plotutil.Color(i)
		cap.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(line, cap)
		p.Legend.Add(s, line)
	}
	if r.N > 0 {
		p.Title.Text += fmt.Sprintf(" (runs out at %d)", r.N)
	}
	p.Add(plotter.NewGrid())
	return p, nil
}

// Save draws r into the file at path, in the format its extension names
// (.png, .svg, .pdf, .eps, .jpg, .tif), 16 by 10 centimetres.
func Save(r *sim.ScaleReport, path string) error {
	switch filepath.Ext(path) {
	case ".png", ".svg", ".pdf", ".eps", ".jpg", ".jpeg", ".tif", ".tiff":
	default:
		return fmt.Errorf("scaleplot: %q: want a file name ending in .png, .svg, .pdf, .eps, .jpg or .tif", path)
	}
	p, err := Plot(r, "")
	if err != nil {
		return err
	}
	return p.Save(16*vg.Centimeter, 10*vg.Centimeter, path)
}
