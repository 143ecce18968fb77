package lattice

import (
	"slices"
	"strings"
)

// Account is an AWS account and the organization it belongs to. Resources
// name their owner by account ID; declaring the account is needed only to
// say which organization it is in, so that shares with an organization
// reach it.
type Account struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// Organization is the ID of its AWS Organizations organization
	// ("o-..."), if any.
	Organization string `json:"organization,omitempty"`
}

// ResourceShare shares resources owned by one account with other accounts
// through AWS RAM. Service networks, services and resource configurations
// can be shared; only their owner can share them, and what is shared with
// an account cannot be shared on by it. An account not the owner may use a
// resource (associate its VPC with a network, a service or resource
// configuration with its network, create an endpoint to it) only when a
// share reaches it.
//
// Principals are the accounts that accepted the share, or an organization
// whose member accounts it reaches without acceptance. Outside an
// organization an invitation not yet accepted shares nothing, so leave such
// accounts out.
type ResourceShare struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// Owner is the account sharing the resources; it must own each of them.
	Owner string `json:"owner"`
	// Resources are the IDs of the shared service networks, services and
	// resource configurations.
	Resources []string `json:"resources"`
	// Principals are account IDs and organization IDs ("o-...").
	Principals []string          `json:"principals"`
	Tags       map[string]string `json:"tags,omitempty"`
}

// IsOrganizationID reports whether principal names an organization
// ("o-" followed by its ID) rather than an account.
func IsOrganizationID(principal string) bool { return strings.HasPrefix(principal, "o-") }

// Reaches reports whether the share reaches account, a member of
// organization org ("" for none): a principal names the account, or names
// its organization.
func (s ResourceShare) Reaches(account, org string) bool {
	for _, p := range s.Principals {
		if p == account && account != "" || org != "" && p == org {
			return true
		}
	}
	return false
}

// Shares reports whether resource id is among the shared resources.
func (s ResourceShare) Shares(id string) bool { return slices.Contains(s.Resources, id) }
