package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/vpcsim/vpcsim/internal/importer"
	"github.com/vpcsim/vpcsim/vpc"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Exit codes.
const (
	exitOK      = 0 // success; a diff without --exit-code
	exitFailed  = 1 // a check failed; a lint error; diff --exit-code found differences
	exitInvalid = 2 // a usage error, an unreadable or invalid input
)

// usageError is a mistake in the command line or a check file's syntax.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// failedError reports checks that failed, lint errors or differences found: exit 1,
// with the report already written.
type failedError struct{}

func (failedError) Error() string { return "failed" }

// env is what a subcommand runs with.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// command is a subcommand.
type command struct {
	name, args, summary string
	help                string // the detailed help and examples
	run                 func(e *env, o *opts, args []string) error
	flags               func(fs *flag.FlagSet, o *opts)
}

// commands are the subcommands, in the order of the help.
var commands = []*command{reachCmd, portsCmd, whoCmd, exposureCmd, matrixCmd, drawCmd, lintCmd, checkCmd, diffCmd}

// run runs the command line args and returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage())
		return exitInvalid
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help", "help":
		if len(args) > 1 {
			if c := lookup(args[1]); c != nil {
				fmt.Fprint(stdout, c.usage())
				return exitOK
			}
		}
		fmt.Fprint(stdout, usage())
		return exitOK
	}
	c := lookup(name)
	if c == nil {
		var names []string
		for _, c := range commands {
			names = append(names, c.name)
		}
		fmt.Fprintf(stderr, "vpcsim: unknown command %q: want %s (vpcsim help explains them)\n", name, strings.Join(names, ", "))
		return exitInvalid
	}
	fs := flag.NewFlagSet("vpcsim "+c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	o := &opts{}
	fs.StringVar(&o.inputFormat, "input-format", formatAuto, "the format of the configuration: auto, vpcsim, aws or terraform")
	fs.BoolVar(&o.quiet, "q", false, "do not print the importers' warnings")
	onPremFlag(fs, o)
	c.flags(fs, o)
	pos, err := parseInterspersed(fs, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, c.usage())
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "vpcsim %s: %v\n\nRun vpcsim %s --help for usage.\n", c.name, err, c.name)
		return exitInvalid
	}
	o.fs = fs
	err = c.run(e, o, pos)
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, failedError{}):
		return exitFailed
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "vpcsim %s: %v\n\nRun vpcsim %s --help for usage.\n", c.name, err, c.name)
		return exitInvalid
	}
	fmt.Fprintf(stderr, "vpcsim %s: %v\n", c.name, err)
	return exitInvalid
}

// lookup finds a subcommand by name.
func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

// parseInterspersed parses flags anywhere among the positional
// arguments, which it returns in order.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// opts are the flags of a subcommand (each registers those it takes).
type opts struct {
	fs           *flag.FlagSet
	inputFormat  string
	quiet        bool
	format       string
	explain      bool
	ipv6         bool
	ephemeral    string
	srcPort      uint
	subnets      bool
	exitCode     bool
	failuresOnly bool
	// The HTTP request and the caller (reach).
	method, path, host string
	headers            headerFlag
	callerAccount      string
	callerARN          string
	callerOrg          string
	through            string
	// onprem names on-premises networks of imported configurations.
	onprem []importer.OnPrem
}

// onPremFlag registers --onprem, which names an on-premises network of an
// imported configuration, its gateways and its CIDRs; it may be repeated.
func onPremFlag(fs *flag.FlagSet, o *opts) {
	fs.Func("onprem", "name an on-premises network of AWS or Terraform input: ID[@GATEWAY,...][=CIDR,...], e.g.\n"+
		"dc1@cgw-0a1b,dxvif-fg5h=192.168.0.0/16 (repeatable; the CIDRs replace those the import infers)", func(s string) error {
		x, err := importer.ParseOnPrem(s)
		if err != nil {
			return err
		}
		o.onprem = append(o.onprem, x)
		return nil
	})
}

// formatFlag registers --format with the formats a subcommand writes, the
// first being the default.
func formatFlag(fs *flag.FlagSet, o *opts, formats ...string) {
	fs.StringVar(&o.format, "format", formats[0], "output format: "+strings.Join(formats, ", "))
}

// queryFlags registers the flags that refine queries.
func queryFlags(fs *flag.FlagSet, o *opts) {
	fs.BoolVar(&o.ipv6, "ipv6", false, "ask over IPv6: interfaces' IPv6 addresses, the IPv6 internet, icmpv6")
	fs.StringVar(&o.ephemeral, "ephemeral", "", "the client's ephemeral ports, on which replies must pass network ACLs (default 1024-65535; Linux uses 32768-60999)")
	fs.UintVar(&o.srcPort, "src-port", 0, "pin the client's source port instead of its ephemeral range")
}

// checkFormat refuses a --format the subcommand does not write.
func (o *opts) checkFormat(formats ...string) error {
	for _, f := range formats {
		if o.format == f {
			return nil
		}
	}
	return usageError{fmt.Sprintf("--format %q: want %s", o.format, strings.Join(formats, ", "))}
}

// ports returns the ephemeral range and source port of the flags.
func (o *opts) ports() (vpc.PortRange, uint16, error) {
	var eph vpc.PortRange
	if o.ephemeral != "" {
		lo, hi, ok := strings.Cut(o.ephemeral, "-")
		a, err1 := strconv.ParseUint(lo, 10, 16)
		b, err2 := strconv.ParseUint(hi, 10, 16)
		if !ok || err1 != nil || err2 != nil || a == 0 || a > b {
			return eph, 0, usageError{fmt.Sprintf("--ephemeral %q: want a port range such as 32768-60999", o.ephemeral)}
		}
		eph = vpc.Ports(uint16(a), uint16(b))
	}
	if o.srcPort > 65535 {
		return eph, 0, usageError{fmt.Sprintf("--src-port %d: want a port 1-65535", o.srcPort)}
	}
	return eph, uint16(o.srcPort), nil
}

// load loads the configuration at path with the flags' input format,
// writing the importers' warnings to stderr unless -q.
func (e *env) load(o *opts, path string) (*config, error) {
	var warn io.Writer = e.stderr
	if o.quiet {
		warn = nil
	}
	return load(path, o.inputFormat, o.onprem, e.stdin, warn)
}

// wantArgs checks the number of positional arguments.
func wantArgs(args []string, min, max int, what string) error {
	if len(args) < min || (max >= 0 && len(args) > max) {
		return usageError{fmt.Sprintf("want %s, got %d argument(s)", what, len(args))}
	}
	return nil
}

// usage is the top-level help.
func usage() string {
	var b strings.Builder
	b.WriteString(`vpcsim simulates AWS VPC networking offline: can A reach B on a port, by
which path, and if not, which component blocks it, with which rule.

Usage:
  vpcsim COMMAND [flags] CONFIG [arguments]
  vpcsim help COMMAND

CONFIG is the network: a vpcsim JSON file, AWS describe output (a JSON file,
or a directory such as an aws_configs/<account>/<region> tree), or what
terraform show -json prints for a plan or a state. The format is detected
from the content (--input-format vpcsim, aws or terraform names it); "-"
reads standard input. What an importer skips or bases on placeholders is
printed to standard error as warnings (-q silences them).

Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-14s %s\n", c.name, c.summary)
	}
	b.WriteString(`
Examples:
  vpcsim reach net.json eni-app eni-db tcp/5432
  vpcsim ports plan.json internet tag:tier=web
  vpcsim who-can-reach aws_configs eni-db tcp/5432 --explain
  vpcsim exposure --format markdown plan.json
  vpcsim matrix net.json tag:tier=app+tag:tier=db
  vpcsim draw net.json eni-app eni-db tcp/5432 --format mermaid
  vpcsim lint plan.json
  vpcsim check plan.json network.checks
  vpcsim diff state.json plan.json

` + targetsHelp + `
` + flowsHelp + `
Exit status: 0 success; 1 a check failed (check), a finding of severity
error (lint), differences found (diff --exit-code); 2 a usage error or an input that cannot be read or is
not a valid network.
`)
	return b.String()
}

// targetsHelp explains targets.
const targetsHelp = `Targets (endpoints and selections of interfaces), one word each:
  eni-0a1b, eni:ID       a network interface by ID (eni: for other IDs, such
                         as Terraform addresses)
  eni-0a1b@10.0.1.5      an interface at one of its addresses
  lb:ID                  a load balancer (by ID, Terraform address or name):
                         its node in the source's zone, then its listener,
                         rules and targets
  lattice:SERVICE        a VPC Lattice service (by ID, DNS name, custom
                         domain, Terraform address or name): through the
                         source VPC's service network association, then its
                         listener, auth policies, rules and targets
  10.0.1.5               whatever holds an address
  internet               any internet host; internet@8.8.8.8 one of them
  onprem:ID              any host of an on-premises network;
                         onprem:ID@192.168.1.5 one of them
  subnet:ID              the subnet's host (routes and ACLs only) where one
                         endpoint is meant; its interfaces in a selection
  tag:KEY=VALUE          the interfaces tagged so; subnet-tag:KEY=VALUE those
                         in subnets tagged so
  sg:ID, vpc:ID          the interfaces of a security group, of a VPC
  kind:KIND              the interfaces of a kind (ec2-instance, ecs-task,
                         lambda, rds, load-balancer, ...)
  workload:ID            a workload's interfaces (workload:ID/ROLE those in
                         one role, such as orders-db/writer): as an endpoint,
                         every pair is answered and the worst one named
  all                    every declared interface and workload interface
  A+B, A&B, A!B          union, intersection, A except B (left to right)
`

// flowsHelp explains flows.
const flowsHelp = `Flows:
  tcp/443, udp/53        one port; tcp/8000-8080 a range, tcp every port
  icmp                   echo request; icmp:8/0 a type and code, icmp:3
                         every code of a type, icmp:all; icmpv6 likewise
  proto:47, proto:2-5    other protocols
  any                    every flow
`

// usage is a subcommand's help.
func (c *command) usage() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: vpcsim %s [flags] %s\n\n%s\n", c.name, c.args, strings.TrimSpace(c.help))
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	o := &opts{}
	fs.StringVar(&o.inputFormat, "input-format", formatAuto, "the format of the configuration: auto, vpcsim, aws or terraform")
	fs.BoolVar(&o.quiet, "q", false, "do not print the importers' warnings")
	onPremFlag(fs, o)
	c.flags(fs, o)
	b.WriteString("\nFlags:\n")
	fs.SetOutput(&b)
	fs.PrintDefaults()
	return b.String()
}
