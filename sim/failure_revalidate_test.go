package sim

// Every network a failure derives in this package's tests is validated
// again (see revalidateFailures): a derivation that leaves a dangling
// reference fails the test that made it.
func init() { revalidateFailures = true }
