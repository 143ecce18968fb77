package workload

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The EKS AMI's max-pods table (misc/eni-max-pods.txt in
// aws/amazon-vpc-cni-k8s, generated from the EC2 limits by the formula
// ENIs × (IPv4 per ENI − 1) + 2) lists these values; the built-in table
// must reproduce every one of them.
func TestMaxPodsAllowedMatchesENIMaxPodsTable(t *testing.T) {
	want := map[string]int{
		"c5.large": 29, "c5.xlarge": 58, "c5.2xlarge": 58, "c5.4xlarge": 234, "c5.9xlarge": 234,
		"c6g.large": 29, "c6i.large": 29,
		"m5.large": 29, "m5.xlarge": 58, "m5.2xlarge": 58, "m5.4xlarge": 234, "m5.8xlarge": 234,
		"m5.12xlarge": 234, "m5.16xlarge": 737, "m5.24xlarge": 737,
		"m6g.medium": 8, "m6g.large": 29, "m6g.xlarge": 58,
		"m6i.large": 29, "m6i.xlarge": 58, "m6i.2xlarge": 58, "m7g.large": 29, "m7i.large": 29,
		"p3dn.24xlarge": 737, "r5.large": 29, "r5.xlarge": 58, "r5.2xlarge": 58, "r6i.large": 29,
		"t2.medium": 17, "t3.micro": 4, "t3.small": 11, "t3.medium": 17, "t3.large": 35,
		"t3.xlarge": 58, "t3.2xlarge": 58,
	}
	got := map[string]int{}
	for _, it := range InstanceTypes() {
		got[it.Name] = it.MaxPodsAllowed(false)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("max pods per instance type (-eni-max-pods.txt +built-in table):\n%s", d)
	}
	if !slices.IsSortedFunc(InstanceTypes(), func(a, b InstanceType) int { return strings.Compare(a.Name, b.Name) }) {
		t.Error("the instance table must be sorted by name for LookupInstanceType")
	}
	for _, it := range InstanceTypes() {
		if got, ok := LookupInstanceType(it.Name); !ok || got != it {
			t.Errorf("LookupInstanceType(%q) = %v, %v", it.Name, got, ok)
		}
	}
	if _, ok := LookupInstanceType("m5.huge"); ok {
		t.Error("LookupInstanceType found a type that does not exist")
	}
}

// The EKS AMI's max-pods calculator (templates/al2/runtime/
// max-pods-calculator.sh in awslabs/amazon-eks-ami): with prefix
// delegation on a Nitro instance the formula multiplies the address slots
// by 16; non-Nitro instances keep the secondary-address formula; the
// recommended value is capped at 110 for up to 30 vCPUs and 250 above.
// The EKS guide "Assign more IP addresses to Amazon EKS nodes with
// prefixes" shows m5.large going from 29 to 110 pods.
func TestMaxPods(t *testing.T) {
	for _, tc := range []struct {
		typ          string
		pd           bool
		allowed, rec int
	}{
		{"m5.large", false, 29, 29},
		{"m5.large", true, 3*9*16 + 2, 110}, // 434 allowed, capped at 110
		{"t3.small", true, 3*3*16 + 2, 110},
		{"t3.micro", true, 2*1*16 + 2, 34}, // below the cap
		{"m5.16xlarge", false, 737, 250},   // 64 vCPUs: cap 250
		{"m5.8xlarge", false, 234, 234},    // 32 vCPUs: cap 250, not reached
		{"m5.4xlarge", false, 234, 110},    // 16 vCPUs: cap 110
		{"c5.9xlarge", true, 8*29*16 + 2, 250},
		{"t2.medium", true, 17, 17}, // Xen: prefix delegation does not apply
	} {
		it, ok := LookupInstanceType(tc.typ)
		if !ok {
			t.Fatalf("no %s in the table", tc.typ)
		}
		if got := it.MaxPodsAllowed(tc.pd); got != tc.allowed {
			t.Errorf("%s pd=%v MaxPodsAllowed = %d, want %d", tc.typ, tc.pd, got, tc.allowed)
		}
		if got := it.MaxPods(tc.pd); got != tc.rec {
			t.Errorf("%s pd=%v MaxPods = %d, want %d", tc.typ, tc.pd, got, tc.rec)
		}
	}
}

// The VPC CNI plugin's own examples (docs/eni-and-ip-target.md in
// aws/amazon-vpc-cni-k8s) give, for t3.small (3 interfaces, 4 addresses
// each) and p3dn.24xlarge (15 interfaces, 50 addresses each), the
// interfaces attached and the secondary addresses per interface for a
// number of pods under WARM_ENI_TARGET, WARM_IP_TARGET and
// MINIMUM_IP_TARGET.
func TestNodeAddressingSecondaryIPs(t *testing.T) {
	small, _ := LookupInstanceType("t3.small")
	big, _ := LookupInstanceType("p3dn.24xlarge")
	for _, tc := range []struct {
		name string
		typ  InstanceType
		cni  CNI
		pods int
		want []int // secondary addresses per interface
	}{
		{"t3.small warm-eni=1, 0 pods", small, CNI{}, 0, []int{3}},
		{"t3.small warm-eni=1, 5 pods", small, CNI{}, 5, []int{3, 3, 3}},
		{"t3.small warm-eni=1, 9 pods", small, CNI{}, 9, []int{3, 3, 3}},
		{"t3.small warm-ip=1 min-ip=1, 0 pods", small, CNI{WarmIPTarget: 1, MinimumIPTarget: 1}, 0, []int{1}},
		{"t3.small warm-ip=1 min-ip=1, 5 pods", small, CNI{WarmIPTarget: 1, MinimumIPTarget: 1}, 5, []int{3, 3}},
		{"t3.small warm-ip=1 min-ip=1, 9 pods", small, CNI{WarmIPTarget: 1, MinimumIPTarget: 1}, 9, []int{3, 3, 3}},
		{"t3.small warm-ip=2 min-ip=5, 0 pods", small, CNI{WarmIPTarget: 2, MinimumIPTarget: 5}, 0, []int{3, 2}},
		{"t3.small warm-ip=2 min-ip=5, 5 pods", small, CNI{WarmIPTarget: 2, MinimumIPTarget: 5}, 5, []int{3, 3, 1}},
		{"t3.small warm-ip=2 min-ip=5, 9 pods", small, CNI{WarmIPTarget: 2, MinimumIPTarget: 5}, 9, []int{3, 3, 3}},
		{"p3dn warm-eni=1, 0 pods", big, CNI{}, 0, []int{49}},
		{"p3dn warm-eni=1, 3 pods", big, CNI{}, 3, []int{49, 49}},
		{"p3dn warm-eni=1, 95 pods", big, CNI{}, 95, []int{49, 49, 49}},
		{"p3dn warm-ip=5 min-ip=10, 0 pods", big, CNI{WarmIPTarget: 5, MinimumIPTarget: 10}, 0, []int{10}},
		{"p3dn warm-ip=5 min-ip=10, 7 pods", big, CNI{WarmIPTarget: 5, MinimumIPTarget: 10}, 7, []int{12}},
		{"p3dn warm-ip=5 min-ip=10, 15 pods", big, CNI{WarmIPTarget: 5, MinimumIPTarget: 10}, 15, []int{20}},
		{"p3dn warm-ip=5 min-ip=10, 45 pods", big, CNI{WarmIPTarget: 5, MinimumIPTarget: 10}, 45, []int{49, 1}},
		// WARM_ENI_TARGET=0 attaches interfaces only as pods need them.
		{"t3.small warm-eni=0, 4 pods", small, CNI{WarmENITarget: ptr(0)}, 4, []int{3, 3}},
		{"t3.small warm-eni=0, 0 pods", small, CNI{WarmENITarget: ptr(0)}, 0, []int{3}},
	} {
		got := NodeAddressing(tc.typ, tc.cni, tc.pods)
		if d := cmp.Diff(NodeAddresses{Secondary: tc.want}, got); d != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, d)
		}
		if got.PodCapacity() < tc.pods {
			t.Errorf("%s: capacity %d < %d pods", tc.name, got.PodCapacity(), tc.pods)
		}
	}
}

// The VPC CNI plugin's prefix examples (docs/prefix-and-ip-target.md in
// aws/amazon-vpc-cni-k8s): WARM_PREFIX_TARGET keeps a whole free /28
// beyond the prefixes pods use; the address targets hold enough prefixes
// for max(MINIMUM_IP_TARGET, pods + WARM_IP_TARGET) addresses; a new
// interface is attached only once the existing ones' prefix slots are
// full (t3.small has three slots per interface). The document's
// p3dn.24xlarge rows agree on the prefix counts checked here but list
// extra empty interfaces its t3.small rows do not; vpcsim follows the
// t3.small rows and its text.
func TestNodeAddressingPrefixes(t *testing.T) {
	small, _ := LookupInstanceType("t3.small")
	big, _ := LookupInstanceType("p3dn.24xlarge")
	pd := CNI{PrefixDelegation: true}
	ipt := CNI{PrefixDelegation: true, WarmIPTarget: 1, MinimumIPTarget: 1}
	for _, tc := range []struct {
		name string
		typ  InstanceType
		cni  CNI
		pods int
		want []int // prefixes per interface
	}{
		{"t3.small warm-prefix=1, 0 pods", small, pd, 0, []int{1}},
		{"t3.small warm-prefix=1, 5 pods", small, pd, 5, []int{2}},
		{"t3.small warm-prefix=1, 16 pods", small, pd, 16, []int{2}},
		{"t3.small warm-prefix=1, 17 pods", small, pd, 17, []int{3}},
		{"t3.small warm-prefix=1, 58 pods", small, pd, 58, []int{3, 2}},
		{"t3.small warm-ip=1 min-ip=1, 0 pods", small, ipt, 0, []int{1}},
		{"t3.small warm-ip=1 min-ip=1, 5 pods", small, ipt, 5, []int{1}},
		{"t3.small warm-ip=1 min-ip=1, 17 pods", small, ipt, 17, []int{2}},
		{"t3.small warm-ip=1 min-ip=1, 58 pods", small, ipt, 58, []int{3, 1}},
		{"t3.small warm-ip=7 min-ip=20, 17 pods", small, CNI{PrefixDelegation: true, WarmIPTarget: 7, MinimumIPTarget: 20}, 17, []int{2}},
		{"t3.small warm-ip=7 min-ip=20, 58 pods", small, CNI{PrefixDelegation: true, WarmIPTarget: 7, MinimumIPTarget: 20}, 58, []int{3, 2}},
		{"p3dn warm-prefix=1, 3 pods", big, pd, 3, []int{2}},
		{"p3dn warm-prefix=1, 95 pods", big, pd, 95, []int{7}},
		{"p3dn warm-ip=5 min-ip=10, 15 pods", big, CNI{PrefixDelegation: true, WarmIPTarget: 5, MinimumIPTarget: 10}, 15, []int{2}},
		{"p3dn warm-ip=5 min-ip=10, 45 pods", big, CNI{PrefixDelegation: true, WarmIPTarget: 5, MinimumIPTarget: 10}, 45, []int{4}},
	} {
		got := NodeAddressing(tc.typ, tc.cni, tc.pods)
		if d := cmp.Diff(NodeAddresses{Prefixes: tc.want}, got); d != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, d)
		}
		if got.Addresses() != got.ENIs() {
			t.Errorf("%s: with prefixes a node holds only its interfaces' primary addresses, got %d for %d interfaces", tc.name, got.Addresses(), got.ENIs())
		}
	}
}

// "Instances that aren't Nitro-based continue to allocate individual
// secondary IP addresses" (EKS guide, "Increase the available IP
// addresses for your Amazon EKS node").
func TestNodeAddressingNonNitroIgnoresPrefixDelegation(t *testing.T) {
	t2, _ := LookupInstanceType("t2.medium")
	got := NodeAddressing(t2, CNI{PrefixDelegation: true}, 6)
	if d := cmp.Diff(NodeAddresses{Secondary: []int{5, 5, 5}}, got); d != "" {
		t.Errorf("t2.medium with prefix delegation asked (-want +got):\n%s", d)
	}
}
