module github.com/vpcsim/vpcsim

go 1.26

require (
	github.com/google/go-cmp v0.7.0
	go4.org/netipx v0.0.0-20260823151212-3075585bcbeb
	gonum.org/v1/gonum v0.17.0
	pgregory.net/rapid v1.3.0
)
