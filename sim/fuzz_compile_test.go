package sim

// The fuzz target in load_test.go runs fuzzCompile on every network that
// loads and validates: compile it and ask a few questions of it, none of
// which may panic.
func init() {
	fuzzCompile = func(n *Network) {
		m, err := Compile(n)
		if err != nil {
			panic("a validated network failed to compile: " + err.Error())
		}
		var ends []Endpoint
		for _, e := range n.NetworkInterfaces {
			ends = append(ends, ENI(e.ID))
			if len(ends) == 3 {
				break
			}
		}
		ends = append(ends, Internet())
		for _, a := range ends {
			for _, b := range ends {
				q := Query{From: a, To: b, Port: 443}
				if _, err := m.Reach(q); err != nil {
					continue
				}
				m.Verdict(q)
				m.OpenPorts(q)
			}
		}
		m.Exposure()
	}
}
