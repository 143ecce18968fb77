package workload

import "strings"

// RDSInstance is an Amazon RDS DB instance, or a Multi-AZ DB cluster of
// RDS for MySQL or PostgreSQL: one interface per DB instance, each in a
// subnet of the DB subnet group.
type RDSInstance struct {
	ID     string `json:"id"`
	Name   string `json:"name,omitempty"`
	Engine Engine `json:"engine"`
	// InstanceClass is the DB instance class ("db.r6g.large"); it sizes
	// the free addresses an RDS Proxy in front of the instance wants.
	InstanceClass string `json:"instanceClass,omitempty"`
	// Deployment is single-AZ unless declared.
	Deployment Deployment `json:"deployment,omitempty"`
	// SubnetGroup must span at least two Availability Zones (three for a
	// Multi-AZ DB cluster), even for a single-AZ instance.
	SubnetGroup SubnetGroup `json:"subnetGroup"`
	// SecurityGroups of the instance's interfaces; none means the VPC's
	// default group.
	SecurityGroups []string `json:"securityGroups,omitempty"`
	// AvailabilityZone is where the primary (or writer) goes; empty means
	// the first zone of the subnet group in name order.
	AvailabilityZone string `json:"availabilityZone,omitempty"`
	// PubliclyAccessible gives the instance a public address; the VPC
	// needs DNS resolution, DNS hostnames and an internet gateway.
	PubliclyAccessible bool `json:"publiclyAccessible,omitempty"`
	// Port is the database port; zero means the engine's default
	// ([Engine.DefaultPort]).
	Port uint16 `json:"port,omitempty"`
}

// EffectivePort returns the port the database listens on.
func (d RDSInstance) EffectivePort() uint16 {
	if d.Port != 0 {
		return d.Port
	}
	return d.Engine.DefaultPort()
}

// Deployment is the availability deployment of an RDS DB instance.
type Deployment string

// RDS deployments. The zero value means [SingleAZ].
const (
	// SingleAZ is one DB instance in one zone.
	SingleAZ Deployment = "single-az"
	// MultiAZInstance adds a standby in another zone.
	MultiAZInstance Deployment = "multi-az-instance"
	// MultiAZCluster is a writer and two readable standbys in three zones
	// (RDS for MySQL and PostgreSQL only).
	MultiAZCluster Deployment = "multi-az-cluster"
)

// Valid reports whether d is a known deployment (zero counts as
// single-AZ).
func (d Deployment) Valid() bool {
	return d == "" || d == SingleAZ || d == MultiAZInstance || d == MultiAZCluster
}

// String returns the deployment ("single-az" for the zero value).
func (d Deployment) String() string {
	if d == "" {
		return string(SingleAZ)
	}
	return string(d)
}

// Engine is a database engine, spelled as the RDS API spells it.
type Engine string

// Database engines.
const (
	MySQL            Engine = "mysql"
	MariaDB          Engine = "mariadb"
	Postgres         Engine = "postgres"
	OracleEE         Engine = "oracle-ee"
	OracleEECDB      Engine = "oracle-ee-cdb"
	OracleSE2        Engine = "oracle-se2"
	OracleSE2CDB     Engine = "oracle-se2-cdb"
	SQLServerEE      Engine = "sqlserver-ee"
	SQLServerSE      Engine = "sqlserver-se"
	SQLServerEX      Engine = "sqlserver-ex"
	SQLServerWeb     Engine = "sqlserver-web"
	Db2SE            Engine = "db2-se"
	Db2AE            Engine = "db2-ae"
	AuroraMySQL      Engine = "aurora-mysql"
	AuroraPostgreSQL Engine = "aurora-postgresql"
)

// Valid reports whether e is a known engine.
func (e Engine) Valid() bool { return e.DefaultPort() != 0 }

// String returns the engine's name.
func (e Engine) String() string { return string(e) }

// IsAurora reports whether e is an Aurora engine.
func (e Engine) IsAurora() bool { return e == AuroraMySQL || e == AuroraPostgreSQL }

// DefaultPort returns the engine's default port: 3306 for MySQL, MariaDB
// and Aurora MySQL, 5432 for PostgreSQL and Aurora PostgreSQL, 1521 for
// Oracle, 1433 for SQL Server, 50000 for Db2; 0 for an unknown engine.
func (e Engine) DefaultPort() uint16 {
	switch e {
	case MySQL, MariaDB, AuroraMySQL:
		return 3306
	case Postgres, AuroraPostgreSQL:
		return 5432
	case OracleEE, OracleEECDB, OracleSE2, OracleSE2CDB:
		return 1521
	case SQLServerEE, SQLServerSE, SQLServerEX, SQLServerWeb:
		return 1433
	case Db2SE, Db2AE:
		return 50000
	}
	return 0
}

// AuroraCluster is an Amazon Aurora DB cluster: a writer and readers, one
// interface each, in subnets of the DB subnet group.
type AuroraCluster struct {
	ID     string `json:"id"`
	Name   string `json:"name,omitempty"`
	Engine Engine `json:"engine"`
	// Instances is the number of DB instances (at least one); the first
	// is the writer.
	Instances int `json:"instances"`
	// InstanceClass of every instance ("db.r6g.large").
	InstanceClass string `json:"instanceClass,omitempty"`
	// AvailabilityZones are up to three zones for the instances: the first
	// three instances go to distinct zones in this order, later ones
	// round robin. Empty means the subnet group's zones in name order.
	AvailabilityZones []string `json:"availabilityZones,omitempty"`
	// SubnetGroup must span at least two Availability Zones.
	SubnetGroup SubnetGroup `json:"subnetGroup"`
	// SecurityGroups of the instances' interfaces; none means the VPC's
	// default group.
	SecurityGroups     []string `json:"securityGroups,omitempty"`
	PubliclyAccessible bool     `json:"publiclyAccessible,omitempty"`
	// Port is the database port; zero means the engine's default.
	Port uint16 `json:"port,omitempty"`
}

// EffectivePort returns the port the cluster listens on.
func (c AuroraCluster) EffectivePort() uint16 {
	if c.Port != 0 {
		return c.Port
	}
	return c.Engine.DefaultPort()
}

// RDSProxy is an Amazon RDS Proxy in front of an RDS DB instance or an
// Aurora cluster.
type RDSProxy struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// Target is the ID of the RDSInstance or AuroraCluster workload the
	// proxy fronts.
	Target string `json:"target"`
	// Subnets are at least two subnets in distinct Availability Zones, in
	// the target's VPC.
	Subnets []string `json:"subnets"`
	// SecurityGroups of the proxy's interfaces; none means the VPC's
	// default group.
	SecurityGroups []string `json:"securityGroups,omitempty"`
	// AdditionalEndpoints is the number of proxy endpoints beyond the
	// default one; each wants three more free addresses.
	AdditionalEndpoints int `json:"additionalEndpoints,omitempty"`
	// MinFreeAddresses overrides the free addresses the proxy wants kept in
	// its subnets for scaling; zero means AWS's recommendation for the
	// target's instance classes ([ProxyFreeAddresses]).
	MinFreeAddresses int `json:"minFreeAddresses,omitempty"`
}

// ProxyFreeAddresses returns the minimum number of free addresses AWS
// recommends keeping in an RDS Proxy's subnets for a DB instance of the
// given class: 10 up to xlarge, 15 for 2xlarge, 25 for 4xlarge, 45 for
// 8xlarge, 60 for 12xlarge, 75 for 16xlarge, 110 for 24xlarge. It
// reports false for a class whose size the table does not list.
func ProxyFreeAddresses(instanceClass string) (int, bool) {
	i := strings.LastIndexByte(instanceClass, '.')
	if i < 0 || !strings.HasPrefix(instanceClass, "db.") {
		return 0, false
	}
	switch size := instanceClass[i+1:]; size {
	case "micro", "small", "medium", "large", "xlarge":
		return 10, true
	case "2xlarge":
		return 15, true
	case "4xlarge":
		return 25, true
	case "8xlarge":
		return 45, true
	case "12xlarge":
		return 60, true
	case "16xlarge":
		return 75, true
	case "24xlarge":
		return 110, true
	}
	return 0, false
}
