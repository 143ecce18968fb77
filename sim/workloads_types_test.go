package sim

import "reflect"

// The exported types of the workload, capacity, failure and lint files,
// for the nil-safety tests (see exportedTypes).
func init() {
	exportedTypes = append(exportedTypes,
		reflect.TypeFor[Failure](),
		reflect.TypeFor[WorkloadInfo](),
	)
}
