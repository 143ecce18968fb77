package lattice

// Quotas are the VPC Lattice service quotas a network is checked against,
// per account and Region unless a field says otherwise. A zero field means
// the AWS default, so the zero Quotas is exactly the AWS defaults: call
// [Quotas.WithDefaults] to read the effective values. Raise a field to model
// an account whose quota AWS raised; a quota AWS does not let you raise is
// marked so, and a value above its default describes no real account.
type Quotas struct {
	// ListenersPerService (default 2; adjustable).
	ListenersPerService int `json:"listenersPerService,omitempty"`
	// RulesPerListener, the default rule not counted (default 10;
	// adjustable).
	RulesPerListener int `json:"rulesPerListener,omitempty"`
	// TargetGroupsPerService (default 10; adjustable).
	TargetGroupsPerService int `json:"targetGroupsPerService,omitempty"`
	// TargetsPerTargetGroup (default 1,000; adjustable).
	TargetsPerTargetGroup int `json:"targetsPerTargetGroup,omitempty"`
	// SecurityGroupsPerAssociation, on a VPC association (default 5; not
	// adjustable).
	SecurityGroupsPerAssociation int `json:"securityGroupsPerAssociation,omitempty"`
	// ServiceAssociationsPerServiceNetwork: services in one network
	// (default 500; adjustable).
	ServiceAssociationsPerServiceNetwork int `json:"serviceAssociationsPerServiceNetwork,omitempty"`
	// VPCAssociationsPerServiceNetwork (default 500; adjustable).
	VPCAssociationsPerServiceNetwork int `json:"vpcAssociationsPerServiceNetwork,omitempty"`
	// ServiceNetworkEndpointsPerServiceNetwork: VPC endpoints of type
	// service network per network (default 200; adjustable).
	ServiceNetworkEndpointsPerServiceNetwork int `json:"serviceNetworkEndpointsPerServiceNetwork,omitempty"`
	// ResourceConfigurationsPerServiceNetwork (default 500; adjustable).
	ResourceConfigurationsPerServiceNetwork int `json:"resourceConfigurationsPerServiceNetwork,omitempty"`
	// ResourceConfigurationsPerRegion (default 2,000; adjustable).
	ResourceConfigurationsPerRegion int `json:"resourceConfigurationsPerRegion,omitempty"`
	// ChildConfigurationsPerGroup: CHILD configurations in one GROUP
	// (default 60; adjustable).
	ChildConfigurationsPerGroup int `json:"childConfigurationsPerGroup,omitempty"`
	// ResourceGatewaysPerVPC (default 500 in the quota table, while the
	// resource gateway page still says 100; adjustable).
	ResourceGatewaysPerVPC int `json:"resourceGatewaysPerVpc,omitempty"`
	// ServiceNetworksPerRegion (default 50; adjustable).
	ServiceNetworksPerRegion int `json:"serviceNetworksPerRegion,omitempty"`
	// ServicesPerRegion (default 2,000; adjustable).
	ServicesPerRegion int `json:"servicesPerRegion,omitempty"`
	// TargetGroupsPerRegion (default 500; adjustable).
	TargetGroupsPerRegion int `json:"targetGroupsPerRegion,omitempty"`
	// DomainVerificationsPerRegion (default 5; adjustable).
	DomainVerificationsPerRegion int `json:"domainVerificationsPerRegion,omitempty"`
	// AuthPolicyBytes: the size of one auth policy document (default 10 KB,
	// taken as 10,240 bytes; not adjustable).
	AuthPolicyBytes int `json:"authPolicyBytes,omitempty"`
}

// DefaultQuotas returns the AWS default quotas.
func DefaultQuotas() Quotas {
	return Quotas{
		ListenersPerService:                      2,
		RulesPerListener:                         10,
		TargetGroupsPerService:                   10,
		TargetsPerTargetGroup:                    1000,
		SecurityGroupsPerAssociation:             5,
		ServiceAssociationsPerServiceNetwork:     500,
		VPCAssociationsPerServiceNetwork:         500,
		ServiceNetworkEndpointsPerServiceNetwork: 200,
		ResourceConfigurationsPerServiceNetwork:  500,
		ResourceConfigurationsPerRegion:          2000,
		ChildConfigurationsPerGroup:              60,
		ResourceGatewaysPerVPC:                   500,
		ServiceNetworksPerRegion:                 50,
		ServicesPerRegion:                        2000,
		TargetGroupsPerRegion:                    500,
		DomainVerificationsPerRegion:             5,
		AuthPolicyBytes:                          10 * 1024,
	}
}

// WithDefaults returns q with every zero field set to its AWS default.
func (q Quotas) WithDefaults() Quotas {
	d := DefaultQuotas()
	for _, f := range []struct{ got, def *int }{
		{&q.ListenersPerService, &d.ListenersPerService},
		{&q.RulesPerListener, &d.RulesPerListener},
		{&q.TargetGroupsPerService, &d.TargetGroupsPerService},
		{&q.TargetsPerTargetGroup, &d.TargetsPerTargetGroup},
		{&q.SecurityGroupsPerAssociation, &d.SecurityGroupsPerAssociation},
		{&q.ServiceAssociationsPerServiceNetwork, &d.ServiceAssociationsPerServiceNetwork},
		{&q.VPCAssociationsPerServiceNetwork, &d.VPCAssociationsPerServiceNetwork},
		{&q.ServiceNetworkEndpointsPerServiceNetwork, &d.ServiceNetworkEndpointsPerServiceNetwork},
		{&q.ResourceConfigurationsPerServiceNetwork, &d.ResourceConfigurationsPerServiceNetwork},
		{&q.ResourceConfigurationsPerRegion, &d.ResourceConfigurationsPerRegion},
		{&q.ChildConfigurationsPerGroup, &d.ChildConfigurationsPerGroup},
		{&q.ResourceGatewaysPerVPC, &d.ResourceGatewaysPerVPC},
		{&q.ServiceNetworksPerRegion, &d.ServiceNetworksPerRegion},
		{&q.ServicesPerRegion, &d.ServicesPerRegion},
		{&q.TargetGroupsPerRegion, &d.TargetGroupsPerRegion},
		{&q.DomainVerificationsPerRegion, &d.DomainVerificationsPerRegion},
		{&q.AuthPolicyBytes, &d.AuthPolicyBytes},
	} {
		if *f.got == 0 {
			*f.got = *f.def
		}
	}
	return q
}

// QuotaAdjustable reports whether AWS lets an account raise the quota
// whose JSON name is quota ("rulesPerListener", ...). Only
// securityGroupsPerAssociation and authPolicyBytes are fixed; an unknown
// name reports false.
func QuotaAdjustable(quota string) bool {
	switch quota {
	case "listenersPerService", "rulesPerListener", "targetGroupsPerService",
		"targetsPerTargetGroup", "serviceAssociationsPerServiceNetwork",
		"vpcAssociationsPerServiceNetwork", "serviceNetworkEndpointsPerServiceNetwork",
		"resourceConfigurationsPerServiceNetwork", "resourceConfigurationsPerRegion",
		"childConfigurationsPerGroup", "resourceGatewaysPerVpc", "serviceNetworksPerRegion",
		"servicesPerRegion", "targetGroupsPerRegion", "domainVerificationsPerRegion":
		return true
	}
	return false
}
