package sim

// This file holds the errors of nil receivers and arguments. A library
// used inside tests must not take the test binary down: the methods of a
// nil *Model, a nil *Network and a nil *Result return these errors, or an
// empty answer where the method returns no error (the graph methods, the
// String methods, Allowed).

// nilErr returns an [ErrNil] error about the named value, saying what to
// pass instead.
func nilErr(what, want string) error {
	return &FieldError{Resource: what, Kind: ErrNil, Msg: want}
}

// errNilModel is what the methods of a nil *Model return.
func errNilModel() error {
	return nilErr("model", "want a *sim.Model built by sim.Compile")
}

// errNilNetwork is what Compile and the methods of a nil *Network return.
func errNilNetwork() error {
	return nilErr("network", "want a *sim.Network: declare one, or read one with sim.Load")
}
