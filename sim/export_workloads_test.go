package sim

// SubtractOpen exposes the flow-set difference to the external property
// tests.
var SubtractOpen = subtractOpen
