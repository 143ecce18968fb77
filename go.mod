module github.com/vpcsim/vpcsim

go 1.26

require (
	github.com/google/go-cmp v0.7.0
	github.com/hashicorp/terraform-json v0.29.0
	go4.org/netipx v0.0.0-20260823151212-3075585bcbeb
	gonum.org/v1/gonum v0.17.0
	pgregory.net/rapid v1.3.0
)

require (
	github.com/apparentlymart/go-textseg/v15 v15.0.0 // indirect
	github.com/hashicorp/go-version v1.9.0 // indirect
	github.com/zclconf/go-cty v1.16.4 // indirect
	golang.org/x/text v0.23.0 // indirect
)
