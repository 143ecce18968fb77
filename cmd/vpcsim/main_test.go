package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// Fixtures, relative to the package directory.
const (
	threeTier  = "testdata/three-tier.json"
	tfState    = "../../tfimport/testdata/three-tier.state.json"
	tfPlan     = "../../tfimport/testdata/three-tier.plan.json"
	openPlan   = "testdata/three-tier.open.plan.json"
	closePlan  = "testdata/three-tier.close.plan.json"
	awsConfigs = "../../awsimport/testdata/aws_configs"
	tfLattice  = "../../tfimport/testdata/lattice-service-network.plan.json"
	tfClient   = "eni:aws_instance.client/eni"
	roleARN    = "arn:aws:iam::111122223333:role/orders-client"
	checks     = "testdata/three-tier.checks"
	// workloads is threeTier with the orders service and its database
	// declared as workloads; workloadChecks states decisions about them.
	workloads = "testdata/three-tier-workloads.json"
	// lintALB is an application load balancer whose health check of
	// tg-api on 8081 its security group does not let out, beside an SSH
	// rule open to the internet: lint errors.
	lintALB        = "testdata/lint-alb.json"
	workloadChecks = "testdata/three-tier-workloads.checks"
	// awsHybrid and tfHybrid are a data centre dc1 over a VPN and Direct
	// Connect, and two Regions joined by transit gateway peering, as
	// describe output and as a Terraform plan and state.
	awsHybrid     = "../../awsimport/testdata/hybrid"
	tfHybridPlan  = "../../tfimport/testdata/hybrid.plan.json"
	tfHybridState = "../../tfimport/testdata/hybrid.state.json"
)

// Each subcommand runs in process against the fixtures; its standard
// output, standard error and exit code are compared with a golden file
// (go test ./cmd/vpcsim -update rewrites them).
func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		args []string
		exit int
	}{
		{"help", []string{"help"}, 0},
		{"help-reach", []string{"reach", "--help"}, 0},
		{"help-check", []string{"help", "check"}, 0},
		{"no-args", nil, 2},
		{"unknown-command", []string{"frobnicate"}, 2},

		{"reach", []string{"reach", threeTier, "eni-app-a", "eni-rds", "tcp/5432"}, 0},
		{"reach-blocked", []string{"reach", threeTier, "eni-bastion", "eni-rds", "tcp/22"}, 0},
		{"reach-json", []string{"reach", "--format", "json", threeTier, "internet", "eni-alb-a", "tcp/443"}, 0},
		{"reach-markdown", []string{"reach", threeTier, "eni-app-a", "internet@8.8.8.8", "udp/53", "--format", "markdown"}, 0},
		{"reach-subnet-icmp", []string{"reach", threeTier, "subnet:subnet-app-a", "eni-rds", "icmp:8/0"}, 0},
		{"reach-address", []string{"reach", threeTier, "eni-app-b", "10.0.20.10", "tcp/5432", "--ephemeral", "32768-60999"}, 0},
		{"reach-bad-flow", []string{"reach", threeTier, "eni-app-a", "eni-rds", "tcp/99999"}, 2},
		{"reach-unknown-eni", []string{"reach", threeTier, "eni-nope", "eni-rds", "tcp/5432"}, 2},
		{"reach-subnet-as-eni", []string{"reach", threeTier, "subnet-app-a", "eni-rds", "tcp/5432"}, 2},
		{"reach-selection", []string{"reach", threeTier, "sg:sg-app", "eni-rds", "tcp/5432"}, 2},
		{"reach-missing-file", []string{"reach", "testdata/nope.json", "a", "b", "tcp/1"}, 2},
		{"reach-invalid-network", []string{"reach", "testdata/invalid.json", "a", "b", "tcp/1"}, 2},
		{"reach-terraform-plan", []string{"reach", tfPlan, "internet", "tag:Name=app-0", "tcp/8080"}, 0},
		{"reach-terraform-plan-eni", []string{"reach", tfPlan, "eni:aws_instance.app[1]/eni", "eni:aws_instance.app[0]/eni", "tcp/8080"}, 0},

		{"reach-terraform-load-balancer", []string{"reach", "-q", tfPlan, "internet", "lb:aws_lb.public", "tcp/443"}, 0},
		{"reach-terraform-state-load-balancer", []string{"reach", "-q", tfState, "internet", "lb:arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/public/22aeb6e63b02acdd", "tcp/443"}, 0},
		{"reach-terraform-load-balancer-invalid", []string{"reach", "testdata/alb-one-zone.state.json", "eni-0client", "eni-0web", "tcp/80"}, 0},

		// Requests and callers: the ALB of the AWS fixture forwards
		// /api/* with X-Env: prod and answers the rest itself; the Lattice
		// network of the Terraform plan admits its organization's callers
		// only and answers /admin itself.
		{"reach-lb-request", []string{"reach", "-q", awsConfigs, "eni-01a00000000000801", "lb:web", "tcp/443", "--path", "/api/orders?id=7", "--header", "X-Env: prod", "--method", "post"}, 0},
		{"reach-lb-request-unmatched", []string{"reach", "-q", "--format", "json", awsConfigs, "eni-01a00000000000801", "lb:web", "tcp/443", "--path", "/api/orders"}, 0},
		{"reach-lattice", []string{"reach", "-q", tfLattice, tfClient, "lattice:orders", "tcp/443", "--caller-arn", roleARN, "--caller-org", "o-example"}, 0},
		{"reach-lattice-anonymous", []string{"reach", "-q", tfLattice, tfClient, "lattice:orders", "tcp/443"}, 0},
		{"reach-lattice-fixed-response", []string{"reach", "-q", "--format", "markdown", tfLattice, tfClient, "lattice:aws_vpclattice_service.orders", "tcp/443",
			"--caller-account", "111122223333", "--caller-org", "o-example", "--path", "/admin/users"}, 0},
		{"ports-lattice", []string{"ports", "-q", tfLattice, tfClient, "lattice:orders", "--caller-account", "111122223333", "--caller-org", "o-example"}, 0},
		{"who-can-reach-lattice", []string{"who-can-reach", "-q", tfLattice, "lattice:orders", "tcp/443", "--caller-account", "111122223333", "--caller-org", "o-example"}, 0},
		{"reach-lattice-unknown", []string{"reach", "-q", tfLattice, tfClient, "lattice:payments", "tcp/443"}, 2},
		{"reach-caller-accounts-differ", []string{"reach", "-q", tfLattice, tfClient, "lattice:orders", "tcp/443", "--caller-account", "444455556666", "--caller-arn", roleARN}, 2},
		{"reach-lattice-through", []string{"reach", "-q", "testdata/lattice-endpoint-peer.json", "eni-peer", "lattice:svc-payments", "tcp/443", "--through", "vpce-sn",
			"--method", "POST", "--path", "/charge", "--caller-arn", "arn:aws:iam::222222222222:role/orders", "--caller-org", "o-shop"}, 0},
		{"reach-through-not-lattice", []string{"reach", "-q", "testdata/lattice-endpoint-peer.json", "eni-peer", "eni-orders", "tcp/443", "--through", "vpce-sn"}, 2},
		{"reach-bad-header", []string{"reach", "-q", tfLattice, tfClient, "lattice:orders", "tcp/443", "--header", "no colon"}, 2},

		// On-premises networks of imported configurations.
		{"reach-aws-onprem", []string{"reach", "-q", awsHybrid, "onprem:dc1", "eni-0a0000000000b0001", "tcp/636"}, 0},
		{"reach-aws-onprem-address", []string{"reach", "-q", awsHybrid, "eni-0c0000000000e0001", "onprem:dc1@192.168.10.5", "tcp/443"}, 0},
		{"who-can-reach-aws-onprem", []string{"who-can-reach", "-q", awsHybrid, "eni-0a0000000000a0001", "tcp/22"}, 0},
		{"reach-terraform-onprem", []string{"reach", "-q", tfHybridPlan, "eni:aws_instance.eu/eni", "onprem:dc1", "tcp/443"}, 0},
		{"reach-terraform-onprem-flag", []string{"reach", tfHybridPlan, "--onprem", "office@aws_dx_transit_virtual_interface.dc1=172.16.0.0/12",
			"onprem:office", "eni:aws_instance.ldap/eni", "tcp/636"}, 0},
		{"reach-onprem-flag-bad", []string{"reach", tfHybridState, "--onprem", "office=172.16.0.1/12", "onprem:office", "eni-x", "tcp/636"}, 2},
		{"reach-onprem-flag-vpcsim", []string{"reach", threeTier, "--onprem", "dc1=10.0.0.0/8", "onprem:dc1", "eni-rds", "tcp/5432"}, 2},

		{"reach-workload", []string{"reach", "-q", workloads, "workload:orders", "workload:orders-db", "tcp/5432"}, 0},
		{"reach-workload-role", []string{"reach", workloads, "internet", "workload:orders-db/standby", "tcp/5432"}, 0},
		{"reach-workload-unknown", []string{"reach", workloads, "workload:order", "workload:orders-db", "tcp/5432"}, 2},
		{"reach-workload-bad-role", []string{"reach", workloads, "workload:orders/tasks", "workload:orders-db", "tcp/5432"}, 2},
		{"ports-workload", []string{"ports", workloads, "workload:orders", "workload:orders-db/primary"}, 0},
		{"check-workloads", []string{"check", workloads, workloadChecks}, 1},
		{"check-terraform-workloads", []string{"check", "-q", "../../tfimport/testdata/example-ecsfargate.plan.json", "testdata/ecsfargate-plan.checks"}, 0},
		{"reach-terraform-workload", []string{"reach", "-q", "../../tfimport/testdata/example-lambdadata.plan.json", "workload:api", "workload:db-proxy", "tcp/5432"}, 0},

		{"ports", []string{"ports", threeTier, "eni-app-a", "eni-rds"}, 0},
		{"ports-explain", []string{"ports", "--explain", threeTier, "internet", "eni-alb-b"}, 0},
		{"ports-json", []string{"ports", "--format=json", threeTier, "eni-alb-a", "eni-app-b"}, 0},
		{"ports-markdown", []string{"ports", "--format=markdown", threeTier, "subnet:subnet-app-a", "subnet:subnet-db-a"}, 0},
		{"ports-nothing", []string{"ports", threeTier, "internet", "eni-rds"}, 0},

		{"who-can-reach", []string{"who-can-reach", threeTier, "eni-rds", "tcp/5432"}, 0},
		{"who-can-reach-explain", []string{"who-can-reach", "--explain", threeTier, "eni-alb-c", "tcp/443"}, 0},
		{"who-can-reach-json", []string{"who-can-reach", "--format", "json", threeTier, "eni-redis", "tcp/6379"}, 0},
		{"who-can-reach-markdown", []string{"who-can-reach", "--format", "markdown", threeTier, "eni-app-c", "tcp/8080"}, 0},

		{"exposure", []string{"exposure", threeTier}, 0},
		{"exposure-explain", []string{"exposure", "--explain", threeTier, "eni-alb-a"}, 0},
		{"exposure-markdown", []string{"exposure", "--format", "markdown", threeTier}, 0},
		{"exposure-json", []string{"exposure", "--format", "json", threeTier, "sg:sg-app"}, 0},
		{"exposure-aws", []string{"exposure", awsConfigs}, 0},

		{"matrix", []string{"matrix", threeTier}, 0},
		{"matrix-selection", []string{"matrix", threeTier, "sg:sg-app+kind:rds", "eni-bastion"}, 0},
		{"matrix-subnets-markdown", []string{"matrix", "--subnets", "--format", "markdown", threeTier, "vpc:vpc-prod"}, 0},
		{"matrix-json", []string{"matrix", "--format", "json", threeTier, "kind:load-balancer"}, 0},
		{"matrix-aws", []string{"matrix", "-q", awsConfigs}, 0},
		{"matrix-terraform-state", []string{"matrix", "--subnets", tfState}, 0},
		{"matrix-bad-selector", []string{"matrix", threeTier, "tag:tier"}, 2},

		{"draw-mermaid", []string{"draw", "--format", "mermaid", threeTier, "eni-bastion", "eni-rds", "tcp/22"}, 0},
		{"draw-dot", []string{"draw", threeTier}, 0},
		{"draw-bad-format", []string{"draw", "--format", "svg", threeTier}, 2},

		{"help-lint", []string{"lint", "--help"}, 0},
		{"lint", []string{"lint", threeTier}, 0},
		{"lint-errors", []string{"lint", lintALB}, 1},
		{"lint-explain", []string{"lint", "--explain", lintALB}, 1},
		{"lint-markdown", []string{"lint", "--format", "markdown", lintALB}, 1},
		{"lint-json", []string{"lint", "-q", "--format", "json", awsConfigs}, 0},
		{"lint-terraform-state", []string{"lint", "-q", tfState}, 0},
		{"lint-clean", []string{"lint", "../../tfimport/testdata/network-core.state.json"}, 0},
		{"lint-clean-json", []string{"lint", "--format", "json", "../../tfimport/testdata/network-core.state.json"}, 0},
		{"lint-bad-args", []string{"lint", threeTier, "eni-app-a"}, 2},

		{"check", []string{"check", threeTier, checks}, 1},
		{"check-markdown", []string{"check", "--format", "markdown", "--failures-only", threeTier, checks}, 1},
		{"check-lattice", []string{"check", "-q", tfLattice, "testdata/lattice.checks"}, 1},
		{"check-syntax-error", []string{"check", threeTier, "testdata/syntax-error.checks"}, 2},
		{"check-unknown", []string{"check", threeTier, "testdata/unknown.checks"}, 2},

		{"diff-open", []string{"diff", "-q", tfState, openPlan}, 0},
		{"diff-close", []string{"diff", "-q", "--exit-code", tfState, closePlan}, 1},
		{"diff-close-markdown", []string{"diff", "-q", "--format", "markdown", tfState, closePlan}, 0},
		{"diff-open-json", []string{"diff", "-q", "--format", "json", tfState, openPlan}, 0},
		{"diff-load-balancer", []string{"diff", "-q", "--exit-code", tfState, "testdata/three-tier.no-http.state.json"}, 1},
		{"diff-same", []string{"diff", "--exit-code", threeTier, threeTier}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, strings.NewReader(""), &stdout, &stderr)
			if code != tt.exit {
				t.Errorf("vpcsim %s: exit %d, want %d\nstderr:\n%s", strings.Join(tt.args, " "), code, tt.exit, stderr.String())
			}
			var b strings.Builder
			b.WriteString("$ vpcsim " + strings.Join(tt.args, " ") + "\n")
			b.WriteString(stdout.String())
			if stderr.Len() > 0 {
				b.WriteString("--- stderr\n" + stderr.String())
			}
			b.WriteString("--- exit " + string(rune('0'+code)) + "\n")
			golden(t, filepath.Join("testdata", "golden", tt.name+".txt"), b.String())
		})
	}
}

// golden compares got with the file at path, or writes it with -update.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (write it with go test ./cmd/vpcsim -run %s -update)", err, t.Name())
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s\nIf intended, rewrite with go test ./cmd/vpcsim -update", path, diff)
	}
}

// Standard input is read as a configuration when it is named "-".
func TestStdin(t *testing.T) {
	b, err := os.ReadFile(threeTier)
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := run([]string{"reach", "-", "eni-app-a", "eni-rds", "tcp/5432"}, bytes.NewReader(b), &stdout, &stderr)
	if code != 0 || !strings.HasPrefix(stdout.String(), "eni-app-a -> eni-rds tcp/5432: reachable") {
		t.Errorf("reach from stdin: exit %d, stdout %q, stderr %q", code, stdout.String(), stderr.String())
	}
}
