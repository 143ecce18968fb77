// Command planfix writes the plan fixtures of the vpcsim command's diff
// tests: the JSON that `terraform show -json` prints for a saved plan
// that changes the three-tier state of package tfimport's fixtures
// (tfimport/testdata/three-tier.state.json) in one security group:
//
//   - three-tier.open.plan.json: the app tier's group admits SSH (tcp 22)
//     from the VPC's CIDR, an ingress rule added;
//   - three-tier.close.plan.json: the app tier's group lets out only
//     HTTPS (tcp 443) where it let out everything.
//
// Every other resource is planned as a no-op with its state values. Run
// it from the repository root: go run ./cmd/vpcsim/testdata/planfix
package main

import (
	"encoding/json"
	"log"
	"os"
	"path/filepath"
)

// rule is an inline security group rule as the aws provider prints it.
func rule(desc, proto string, from, to int, cidrs ...any) map[string]any {
	if cidrs == nil {
		cidrs = []any{}
	}
	return map[string]any{"cidr_blocks": cidrs, "description": desc, "from_port": from, "to_port": to,
		"ipv6_cidr_blocks": []any{}, "prefix_list_ids": []any{}, "protocol": proto, "security_groups": []any{}, "self": false}
}

// changes are the plans to write: file name and the change to the app
// tier group's values.
var changes = []struct {
	file   string
	change func(v map[string]any)
}{
	{"three-tier.open.plan.json", func(v map[string]any) {
		v["ingress"] = append(v["ingress"].([]any), rule("SSH from the VPC", "tcp", 22, 22, "10.0.0.0/16"))
	}},
	{"three-tier.close.plan.json", func(v map[string]any) {
		v["egress"] = []any{rule("HTTPS out", "tcp", 443, 443, "0.0.0.0/0")}
	}},
}

const changed = "aws_security_group.app_tier"

func main() {
	b, err := os.ReadFile("tfimport/testdata/three-tier.state.json")
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range changes {
		var state map[string]any
		if err := json.Unmarshal(b, &state); err != nil {
			log.Fatal(err)
		}
		var planned map[string]any
		if err := json.Unmarshal(b, &planned); err != nil {
			log.Fatal(err)
		}
		var rcs []any
		var walk func(m map[string]any, mod string)
		walk = func(m map[string]any, mod string) {
			rs, _ := m["resources"].([]any)
			for _, x := range rs {
				r := x.(map[string]any)
				if r["mode"] != "managed" {
					continue
				}
				before := clone(r["values"])
				actions := []any{"no-op"}
				if r["address"] == changed {
					c.change(r["values"].(map[string]any))
					actions = []any{"update"}
				}
				rc := map[string]any{"address": r["address"], "mode": r["mode"], "type": r["type"], "name": r["name"],
					"provider_name": r["provider_name"],
					"change": map[string]any{"actions": actions, "before": before, "after": r["values"], "after_unknown": map[string]any{},
						"before_sensitive": map[string]any{}, "after_sensitive": map[string]any{}}}
				if idx, ok := r["index"]; ok {
					rc["index"] = idx
				}
				if mod != "" {
					rc["module_address"] = mod
				}
				rcs = append(rcs, rc)
			}
			cs, _ := m["child_modules"].([]any)
			for _, x := range cs {
				cm := x.(map[string]any)
				walk(cm, cm["address"].(string))
			}
		}
		values := planned["values"].(map[string]any)
		walk(values["root_module"].(map[string]any), "")
		plan := map[string]any{
			"format_version":    "1.2",
			"terraform_version": state["terraform_version"],
			"planned_values":    values,
			"resource_changes":  rcs,
			"prior_state":       state,
			"complete":          true,
			"errored":           false,
		}
		out, err := json.MarshalIndent(plan, "", "  ")
		if err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("cmd/vpcsim/testdata", c.file), append(out, '\n'), 0o644); err != nil {
			log.Fatal(err)
		}
	}
}

// clone deep-copies a JSON value.
func clone(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		log.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		log.Fatal(err)
	}
	return out
}
