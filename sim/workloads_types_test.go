package sim

import "reflect"

// The exported types of the workload, capacity, failure and lint files,
// for the nil-safety tests (see exportedTypes).
func init() {
	exportedTypes = append(exportedTypes,
		reflect.TypeFor[Failure](),
		reflect.TypeFor[WorkloadInfo](),
		reflect.TypeFor[CapacityReport](),
		reflect.TypeFor[SubnetUsage](),
		reflect.TypeFor[AddressUse](),
		reflect.TypeFor[ScaleReport](),
		reflect.TypeFor[ScalePoint](),
		reflect.TypeFor[ScaleUse](),
		reflect.TypeFor[FailureReport](),
		reflect.TypeFor[WorkloadImpact](),
		reflect.TypeFor[WorkloadFlow](),
		reflect.TypeFor[FlowChange](),
		reflect.TypeFor[Finding](),
		reflect.TypeFor[LintInfo](),
		reflect.TypeFor[Severity](),
	)
}
