package vpc

import (
	"slices"
	"strings"
)

// Region is an AWS Region as vpcsim knows it.
type Region struct {
	// Code is the Region code, as in us-east-1.
	Code string
	// ZoneIDPrefix begins every AZ ID of the Region: use1 in use1-az1.
	ZoneIDPrefix string
	// Partition is the AWS partition holding the Region: aws, aws-us-gov
	// or aws-cn.
	Partition string
	// IndependentZoneNames is set for the oldest Regions, where AWS maps
	// Availability Zone names to physical zones (AZ IDs) independently for
	// each account (for accounts created before November 2025): us-east-1a
	// of one account may be another zone than us-east-1a of another. In
	// the other Regions a zone name is the same zone in every account.
	IndependentZoneNames bool
}

// regions is the table of Regions, sorted by code. Sources (AWS Regions
// and Availability Zones guide): "AWS Availability Zones" lists the AZ IDs
// of every commercial Region, "AZ IDs" the Regions with independently
// mapped zone names; the AZ IDs of the GovCloud and China Regions are
// those the Amazon EMR Serverless endpoints page lists for them.
var regions = []Region{
	{"af-south-1", "afs1", "aws", false},
	{"ap-east-1", "ape1", "aws", false},
	{"ap-east-2", "ape2", "aws", false},
	{"ap-northeast-1", "apne1", "aws", true},
	{"ap-northeast-2", "apne2", "aws", false},
	{"ap-northeast-3", "apne3", "aws", false},
	{"ap-south-1", "aps1", "aws", false},
	{"ap-south-2", "aps2", "aws", false},
	{"ap-southeast-1", "apse1", "aws", true},
	{"ap-southeast-2", "apse2", "aws", true},
	{"ap-southeast-3", "apse3", "aws", false},
	{"ap-southeast-4", "apse4", "aws", false},
	{"ap-southeast-5", "apse5", "aws", false},
	{"ap-southeast-6", "apse6", "aws", false},
	{"ap-southeast-7", "apse7", "aws", false},
	{"ca-central-1", "cac1", "aws", false},
	{"ca-west-1", "caw1", "aws", false},
	{"cn-north-1", "cnn1", "aws-cn", false},
	{"cn-northwest-1", "cnnw1", "aws-cn", false},
	{"eu-central-1", "euc1", "aws", false},
	{"eu-central-2", "euc2", "aws", false},
	{"eu-north-1", "eun1", "aws", false},
	{"eu-south-1", "eus1", "aws", false},
	{"eu-south-2", "eus2", "aws", false},
	{"eu-west-1", "euw1", "aws", true},
	{"eu-west-2", "euw2", "aws", false},
	{"eu-west-3", "euw3", "aws", false},
	{"il-central-1", "ilc1", "aws", false},
	{"me-central-1", "mec1", "aws", false},
	{"me-south-1", "mes1", "aws", false},
	{"mx-central-1", "mxc1", "aws", false},
	{"sa-east-1", "sae1", "aws", true},
	{"us-east-1", "use1", "aws", true},
	{"us-east-2", "use2", "aws", false},
	{"us-gov-east-1", "usge1", "aws-us-gov", false},
	{"us-gov-west-1", "usgw1", "aws-us-gov", true},
	{"us-west-1", "usw1", "aws", true},
	{"us-west-2", "usw2", "aws", true},
}

// Regions returns the Regions vpcsim knows, sorted by code: the 34
// commercial Regions AWS listed in 2025 (from af-south-1 to us-west-2,
// with ap-east-2, ap-southeast-6 and mx-central-1), the two AWS GovCloud
// (US) Regions and the two China Regions. The AWS European Sovereign
// Cloud and Regions announced later are not covered: their zones do not
// validate until the table lists them. The slice is a copy.
func Regions() []Region { return slices.Clone(regions) }

// LookupRegion returns the Region with code code.
func LookupRegion(code string) (Region, bool) {
	i, ok := slices.BinarySearchFunc(regions, code, func(r Region, c string) int { return strings.Compare(r.Code, c) })
	if !ok {
		return Region{}, false
	}
	return regions[i], true
}

// regionByPrefix returns the Region whose AZ IDs begin with prefix.
func regionByPrefix(prefix string) (Region, bool) {
	for _, r := range regions {
		if r.ZoneIDPrefix == prefix {
			return r, true
		}
	}
	return Region{}, false
}

// zoneGroup says which kind of zone a name or ID names: "" for an
// Availability Zone, the location and number of a Local Zone ("bos1" for
// us-east-1-bos-1a and use1-bos1-az1), and "wl" followed by the carrier
// network, location and number of a Wavelength Zone ("wl1-bos-wlz1" for
// us-east-1-wl1-bos-wlz-1 and use1-wl1-bos-wlz1). A zone name and an AZ ID
// can name the same zone only when their groups are equal.
type zoneGroup string

// RegionOfZone returns the Region code of zone name, when name is the name
// of an Availability Zone (us-east-1a: the Region code and a zone letter),
// a Local Zone (us-east-1-bos-1a: the parent Region's code, a location
// code, a number and a zone letter) or a Wavelength Zone
// (us-east-1-wl1-bos-wlz-1: the parent Region's code, "wl" and a carrier
// network number, a location code, "wlz" and a number) of a Region that
// [Regions] lists.
func RegionOfZone(name string) (string, bool) {
	r, _, ok := parseZone(name)
	return r.Code, ok
}

// RegionOfZoneID returns the Region code of AZ ID id, when id is the ID of
// an Availability Zone (use1-az1: the Region's [Region.ZoneIDPrefix], "-az"
// and a number), a Local Zone (use1-bos1-az1) or a Wavelength Zone
// (use1-wl1-bos-wlz1) of a Region that [Regions] lists.
func RegionOfZoneID(id string) (string, bool) {
	r, _, ok := parseZoneID(id)
	return r.Code, ok
}

// ZoneIDMatches reports whether id can be the AZ ID of zone name: both are
// valid, of one Region, and of the same zone for a Local Zone or a
// Wavelength Zone (us-east-1-bos-1a is use1-bos1-az1 or another
// use1-bos1-azN; us-east-1-wl1-bos-wlz-1 is use1-wl1-bos-wlz1), or both of
// Availability Zones. Which Availability Zone of a Region a name stands
// for depends on the account (see [Region.IndependentZoneNames]), so any
// AZ ID of the Region fits an Availability Zone name.
func ZoneIDMatches(name, id string) bool {
	r, g, ok := parseZone(name)
	r2, g2, ok2 := parseZoneID(id)
	return ok && ok2 && r == r2 && g == g2
}

// splitZone splits a zone name after its Region code, the longest known
// Region code that name begins with (a zero Region and name when none
// is).
func splitZone(name string) (Region, string) {
	best := -1
	for i, r := range regions {
		if strings.HasPrefix(name, r.Code) && (best < 0 || len(r.Code) > len(regions[best].Code)) {
			best = i
		}
	}
	if best < 0 {
		return Region{}, name
	}
	return regions[best], name[len(regions[best].Code):]
}

// parseZone parses a zone name into its Region and group.
func parseZone(name string) (Region, zoneGroup, bool) {
	r, rest := splitZone(name)
	if r.Code == "" {
		return Region{}, "", false
	}
	// An Availability Zone: one zone letter.
	if len(rest) == 1 && isLower(rest[0]) {
		return r, "", true
	}
	parts := strings.Split(rest, "-")
	if parts[0] != "" {
		return Region{}, "", false
	}
	parts = parts[1:]
	switch {
	case len(parts) == 2 && isWord(parts[0]) && len(parts[1]) >= 2 && isNumber(parts[1][:len(parts[1])-1]) && isLower(parts[1][len(parts[1])-1]):
		// A Local Zone: location, then number and zone letter.
		return r, zoneGroup(parts[0] + parts[1][:len(parts[1])-1]), true
	case len(parts) == 4 && isWL(parts[0]) && isWord(parts[1]) && parts[2] == "wlz" && isNumber(parts[3]):
		// A Wavelength Zone: carrier network, location, "wlz", number.
		return r, zoneGroup(parts[0] + "-" + parts[1] + "-wlz" + parts[3]), true
	}
	return Region{}, "", false
}

// parseZoneID parses an AZ ID into its Region and group.
func parseZoneID(id string) (Region, zoneGroup, bool) {
	parts := strings.Split(id, "-")
	r, ok := regionByPrefix(parts[0])
	if !ok {
		return Region{}, "", false
	}
	parts = parts[1:]
	switch {
	case len(parts) == 1 && isAZ(parts[0]):
		return r, "", true
	case len(parts) == 2 && isLocation(parts[0]) && isAZ(parts[1]):
		return r, zoneGroup(parts[0]), true
	case len(parts) == 3 && isWL(parts[0]) && isWord(parts[1]) && strings.HasPrefix(parts[2], "wlz") && isNumber(parts[2][3:]):
		return r, zoneGroup(strings.Join(parts, "-")), true
	}
	return Region{}, "", false
}

func isLower(c byte) bool { return 'a' <= c && c <= 'z' }

// isWord reports whether s is a location code: lower-case letters.
func isWord(s string) bool {
	return s != "" && strings.IndexFunc(s, func(c rune) bool { return c < 'a' || c > 'z' }) < 0
}

// isNumber reports whether s is a positive decimal number with no leading
// zero.
func isNumber(s string) bool {
	return s != "" && s[0] != '0' && strings.IndexFunc(s, func(c rune) bool { return c < '0' || c > '9' }) < 0
}

// isAZ reports whether s is "az" and a number.
func isAZ(s string) bool { return strings.HasPrefix(s, "az") && isNumber(s[2:]) }

// isWL reports whether s is "wl" and a carrier network number.
func isWL(s string) bool { return strings.HasPrefix(s, "wl") && isNumber(s[2:]) }

// isLocation reports whether s is a Local Zone's location code and number,
// as in bos1.
func isLocation(s string) bool {
	i := strings.IndexFunc(s, func(c rune) bool { return c < 'a' || c > 'z' })
	return i > 0 && isNumber(s[i:])
}
