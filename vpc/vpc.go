package vpc

import "net/netip"

// VPC is a virtual private cloud: one or more IPv4 CIDR blocks (the first is
// the primary), an optional Amazon-provided IPv6 block, and its DNS settings.
type VPC struct {
	ID      string `json:"id"`
	Name    string `json:"name,omitempty"`
	Account string `json:"account,omitempty"`
	// Region is the code of the VPC's Region, one [Regions] lists, as in
	// us-east-1. Empty means the Region of its subnets' zones.
	Region string `json:"region,omitempty"`
	// CIDRs are the IPv4 blocks; CIDRs[0] is the primary. Each is /16–/28.
	CIDRs []netip.Prefix `json:"cidrs"`
	// IPv6CIDR is the optional IPv6 block (a /56 when Amazon provides it).
	IPv6CIDR netip.Prefix `json:"ipv6Cidr,omitzero"`
	// EnableDNSSupport mirrors the VPC attribute: whether the Amazon DNS
	// resolver answers in the VPC. Nil means true, as AWS defaults it.
	EnableDNSSupport *bool `json:"enableDnsSupport,omitempty"`
	// EnableDNSHostnames mirrors the VPC attribute (AWS default false).
	EnableDNSHostnames bool              `json:"enableDnsHostnames,omitempty"`
	Tags               map[string]string `json:"tags,omitempty"`
}

// DNSSupport reports whether the Amazon DNS resolver answers in the VPC.
func (v VPC) DNSSupport() bool { return v.EnableDNSSupport == nil || *v.EnableDNSSupport }

// Subnet is a range of a VPC in one Availability Zone (or Local Zone or
// Wavelength Zone) of the VPC's Region.
type Subnet struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	VPC  string `json:"vpc"`
	// AvailabilityZone is the zone's name as the subnet's account sees it:
	// us-east-1a, a Local Zone such as us-east-1-bos-1a, or a Wavelength
	// Zone such as us-east-1-wl1-bos-wlz-1 (see [RegionOfZone]).
	AvailabilityZone string `json:"availabilityZone"`
	// AvailabilityZoneID is the zone's AZ ID, such as use1-az1: the same
	// physical zone in every account. In the oldest Regions AWS maps zone
	// names to zones independently for each account (see
	// [Region.IndependentZoneNames]), so us-east-1a of one account may be
	// use1-az4 and of another use1-az6. Declare it (from describe-subnets
	// or Terraform's availability_zone_id) when subnets of several accounts
	// meet in one Region, as through a transit gateway: zones are then
	// matched by ID. Empty means not declared; names are then compared.
	AvailabilityZoneID string       `json:"availabilityZoneId,omitempty"`
	CIDR               netip.Prefix `json:"cidr"`
	IPv6CIDR           netip.Prefix `json:"ipv6Cidr,omitzero"`
	// MapPublicIPOnLaunch gives the EC2 instances (and EKS nodes) launched
	// here a public IPv4 address, unless their interface's AssignPublicIP
	// says otherwise. Interfaces of other kinds, ECS tasks and load
	// balancers among them, take AssignPublicIP only, and Lambda interfaces
	// never get one (see [NetworkInterface.WantsPublicIP]).
	MapPublicIPOnLaunch bool              `json:"mapPublicIpOnLaunch,omitempty"`
	Tags                map[string]string `json:"tags,omitempty"`
}

// ReservedAddresses is how many addresses AWS reserves in every subnet: the
// network address, the router (+1), DNS (+2), one for future use (+3) and the
// last address.
const ReservedAddresses = 5

// UsableAddresses returns how many IPv4 addresses of a subnet CIDR can be
// given to network interfaces: 2^(32-bits) - 5, or 0 for an invalid prefix.
func UsableAddresses(p netip.Prefix) int {
	if !p.IsValid() || !p.Addr().Is4() || p.Bits() > 28 {
		return 0
	}
	return 1<<(32-p.Bits()) - ReservedAddresses
}

// IsReserved reports whether a is one of the addresses AWS reserves in the
// subnet p: the first four and the last. Addresses outside p are not.
func IsReserved(p netip.Prefix, a netip.Addr) bool {
	if !p.IsValid() || !p.Contains(a) {
		return false
	}
	first := p.Masked().Addr()
	for i := 0; i < 4; i++ {
		if a == first {
			return true
		}
		first = first.Next()
	}
	return a == LastAddr(p)
}

// LastAddr returns the last address of prefix p (its broadcast address for
// IPv4).
func LastAddr(p netip.Prefix) netip.Addr {
	b := p.Masked().Addr().AsSlice()
	bits := p.Bits()
	for i := range b {
		for j := 0; j < 8; j++ {
			if i*8+j >= bits {
				b[i] |= 0x80 >> j
			}
		}
	}
	a, _ := netip.AddrFromSlice(b)
	return a
}
