package vpc

import (
	"encoding/json"
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// Zone names and AZ IDs as AWS documents them: the "AWS Availability
// Zones" and "AZ IDs" pages of the AWS Regions and Availability Zones
// guide (use1-az1 in us-east-1, euw1-az1 to euw1-az3 in eu-west-1, and
// the AZ IDs of every commercial Region), the Amazon EMR Serverless
// endpoints page (the GovCloud and China AZ IDs), "Available Local Zones"
// in the AWS Local Zones User Guide (us-east-1-bos-1a is use1-bos1-az1)
// and "Available Wavelength Zones" in the AWS Wavelength Developer Guide
// (us-east-1-wl1-bos-wlz-1 is use1-wl1-bos-wlz1).
func TestRegionOfZoneAndID(t *testing.T) {
	for _, tc := range []struct {
		zone, id, region string
	}{
		{"us-east-1a", "use1-az1", "us-east-1"},
		{"us-east-1f", "use1-az6", "us-east-1"},
		{"us-east-2c", "use2-az3", "us-east-2"},
		{"us-west-1b", "usw1-az3", "us-west-1"},
		{"eu-west-1a", "euw1-az1", "eu-west-1"},
		{"eu-west-1c", "euw1-az3", "eu-west-1"},
		{"ap-southeast-2a", "apse2-az1", "ap-southeast-2"},
		{"ap-southeast-6b", "apse6-az2", "ap-southeast-6"},
		{"ap-northeast-1d", "apne1-az4", "ap-northeast-1"},
		{"ca-central-1d", "cac1-az4", "ca-central-1"},
		{"mx-central-1a", "mxc1-az1", "mx-central-1"},
		{"me-central-1c", "mec1-az3", "me-central-1"},
		{"il-central-1a", "ilc1-az1", "il-central-1"},
		{"us-gov-west-1a", "usgw1-az1", "us-gov-west-1"},
		{"us-gov-east-1c", "usge1-az3", "us-gov-east-1"},
		{"cn-north-1a", "cnn1-az1", "cn-north-1"},
		{"cn-northwest-1a", "cnnw1-az1", "cn-northwest-1"},
		// Local Zones and Wavelength Zones.
		{"us-east-1-bos-1a", "use1-bos1-az1", "us-east-1"},
		{"us-east-1-qro-1a", "use1-qro1-az1", "us-east-1"},
		{"us-west-2-lax-1b", "usw2-lax1-az2", "us-west-2"},
		{"us-east-1-wl1-bos-wlz-1", "use1-wl1-bos-wlz1", "us-east-1"},
	} {
		if got, ok := RegionOfZone(tc.zone); !ok || got != tc.region {
			t.Errorf("RegionOfZone(%q) = %q, %v; want %q", tc.zone, got, ok, tc.region)
		}
		if got, ok := RegionOfZoneID(tc.id); !ok || got != tc.region {
			t.Errorf("RegionOfZoneID(%q) = %q, %v; want %q", tc.id, got, ok, tc.region)
		}
		if !ZoneIDMatches(tc.zone, tc.id) {
			t.Errorf("ZoneIDMatches(%q, %q) = false, want true", tc.zone, tc.id)
		}
	}
}

func TestNotZones(t *testing.T) {
	for _, name := range []string{
		"", "a", "az-a", "mars-1z", "us-east-1", "us-east-1A", "us-east-1ab", "us-east-10a", "US-EAST-1A",
		"eusc-de-east-1a", // not in the table
		"us-east-1-bos-a", "us-east-1-bos-01a", "us-east-1-bos1a", "us-east-1-bos-1", "us-east-1-1-1a",
		"us-east-1-wl1-bos-wlz1", "us-east-1-wl1-bos-wlz-01", "us-east-1-wl-bos-wlz-1", "us-east-1-wl1-bos-wlz-",
		"use1-az1",
	} {
		if r, ok := RegionOfZone(name); ok {
			t.Errorf("RegionOfZone(%q) = %q, true; want false", name, r)
		}
	}
	for _, id := range []string{
		"", "use1", "use1-az", "use1-az0", "use1-az01", "use1-azx", "use1-AZ1", "xyz1-az1", "us-east-1a",
		"use1-bos-az1", "use1-1-az1", "use1-bos1-az", "use1-wl1-bos-wlz", "use1-wl1-bos-wlz-1", "use1-wl1-bos",
	} {
		if r, ok := RegionOfZoneID(id); ok {
			t.Errorf("RegionOfZoneID(%q) = %q, true; want false", id, r)
		}
	}
}

func TestZoneIDMatches(t *testing.T) {
	for _, tc := range []struct {
		zone, id string
		want     bool
	}{
		{"us-east-1a", "use1-az4", true}, // names map to zones per account
		{"us-east-1a", "use2-az1", false},
		{"us-east-1a", "use1-bos1-az1", false},
		{"us-east-1-bos-1a", "use1-az1", false},
		{"us-east-1-bos-1a", "use1-bos1-az2", true},
		{"us-east-1-bos-1a", "use1-atl1-az1", false},
		{"us-east-1-bos-1a", "use1-bos2-az1", false},
		{"us-east-1-wl1-bos-wlz-1", "use1-wl1-bos-wlz1", true},
		{"us-east-1-wl1-bos-wlz-1", "use1-wl1-bos-wlz2", false},
		{"us-east-1-wl1-bos-wlz-1", "use1-az1", false},
		{"mars-1z", "use1-az1", false},
		{"us-east-1a", "mars", false},
	} {
		if got := ZoneIDMatches(tc.zone, tc.id); got != tc.want {
			t.Errorf("ZoneIDMatches(%q, %q) = %v, want %v", tc.zone, tc.id, got, tc.want)
		}
	}
}

// TestRegionTable checks the table against the rule AWS gives for AZ ID
// prefixes (the area code, the initials of the direction words, the
// number: ap-southeast-2 is apse2, us-gov-west-1 usgw1), and the Regions
// with independently mapped zone names against the "AZ IDs" page.
func TestRegionTable(t *testing.T) {
	rs := Regions()
	initials := map[string]string{
		"north": "n", "south": "s", "east": "e", "west": "w", "central": "c",
		"northeast": "ne", "southeast": "se", "northwest": "nw", "gov": "g",
	}
	prefixes := map[string]string{}
	var independent []string
	for i, r := range rs {
		if i > 0 && rs[i-1].Code >= r.Code {
			t.Errorf("Regions not sorted by code: %s before %s", rs[i-1].Code, r.Code)
		}
		parts := strings.Split(r.Code, "-")
		want := parts[0]
		for _, w := range parts[1 : len(parts)-1] {
			want += initials[w]
		}
		want += parts[len(parts)-1]
		if r.ZoneIDPrefix != want {
			t.Errorf("%s: ZoneIDPrefix %q, want %q", r.Code, r.ZoneIDPrefix, want)
		}
		if prev, dup := prefixes[r.ZoneIDPrefix]; dup {
			t.Errorf("%s and %s share the prefix %s", prev, r.Code, r.ZoneIDPrefix)
		}
		prefixes[r.ZoneIDPrefix] = r.Code
		wantPartition := "aws"
		switch {
		case strings.HasPrefix(r.Code, "us-gov-"):
			wantPartition = "aws-us-gov"
		case strings.HasPrefix(r.Code, "cn-"):
			wantPartition = "aws-cn"
		}
		if r.Partition != wantPartition {
			t.Errorf("%s: Partition %q, want %q", r.Code, r.Partition, wantPartition)
		}
		if r.IndependentZoneNames {
			independent = append(independent, r.Code)
		}
		if got, ok := LookupRegion(r.Code); !ok || got != r {
			t.Errorf("LookupRegion(%q) = %+v, %v", r.Code, got, ok)
		}
	}
	if len(rs) != 38 {
		t.Errorf("%d Regions, want 38 (34 commercial, 2 GovCloud, 2 China)", len(rs))
	}
	wantIndependent := []string{"ap-northeast-1", "ap-southeast-1", "ap-southeast-2", "eu-west-1", "sa-east-1",
		"us-east-1", "us-gov-west-1", "us-west-1", "us-west-2"}
	if d := cmp.Diff(wantIndependent, independent); d != "" {
		t.Errorf("Regions with independently mapped zone names (-want +got):\n%s", d)
	}
	if _, ok := LookupRegion("mars-1"); ok {
		t.Error("LookupRegion(mars-1) found a Region")
	}
	rs[0].Code = "changed"
	if Regions()[0].Code == "changed" {
		t.Error("Regions returned the table itself, not a copy")
	}
}

func TestSubnetZoneIDJSON(t *testing.T) {
	s := Subnet{ID: "s1", VPC: "vpc-1", AvailabilityZone: "us-east-1a", AvailabilityZoneID: "use1-az4", CIDR: netip.MustParsePrefix("10.0.0.0/24")}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"availabilityZoneId":"use1-az4"`) {
		t.Errorf("JSON %s lacks availabilityZoneId", b)
	}
	var back Subnet
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(s, back, cmpopts.EquateComparable(netip.Prefix{})); d != "" {
		t.Errorf("round trip (-want +got):\n%s", d)
	}
	b, _ = json.Marshal(Subnet{ID: "s2", AvailabilityZone: "us-east-1a"})
	if strings.Contains(string(b), "availabilityZoneId") {
		t.Errorf("JSON %s has an empty availabilityZoneId", b)
	}
}
