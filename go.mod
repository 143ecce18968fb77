module github.com/vpcsim/vpcsim

go 1.26

require (
	github.com/google/go-cmp v0.7.0 // indirect
	go4.org/netipx v0.0.0-20260823151212-3075585bcbeb // indirect
	gonum.org/v1/gonum v0.17.0 // indirect
	pgregory.net/rapid v1.3.0 // indirect
)
