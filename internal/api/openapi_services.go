package api

import "tend/internal/model"

// serviceOperations document the services and insurance routes (issue 16, items 1, 2 and 11), kept apart
// so other features' operations merge beside them.
var serviceOperations = []op{
	{"get", "/api/v1/services", "The practice's services by name (everyone in the practice reads them); archived ones only with archived=true. can_manage says whether you may add, change and archive them (owners and admins)", false, "", "200", "ServiceList", []string{"archived"}},
	{"post", "/api/v1/services", "Add a service: name and duration_minutes are required; rate_cents is integer cents (0 to 100000000), never a decimal. A rate below 0, a duration of 0 or above 1439 minutes, a name over 100 characters or a code that is not letters and digits is 422 with the field named; nothing is stored", false, "ServiceWrite", "201", "Service", nil},
	{"get", "/api/v1/services/{id}", "One service (archived ones too); another practice's is 404", false, "", "200", "Service", nil},
	{"patch", "/api/v1/services/{id}", "Change some of a service's fields; archived true archives it (it stays on the appointments and charts that use it, and is no longer offered), false restores it. Bad input is 422 and nothing changes", false, "ServiceWrite", "200", "Service", nil},
	{"get", "/api/v1/clients/{id}/insurance", "A chart's insurance policies, primary first (the read is audited). On a couple or family chart they are the identified patient's (GR-2): person_id says whose new policies are (null until the group has an identified patient), and in_use marks the policies of the current identified patient", false, "", "200", "InsuranceList", nil},
	{"post", "/api/v1/clients/{id}/insurance", "Add a policy for the client, or on a group chart for its identified patient (422 when it has none). payer is required; a person has at most one primary and one secondary policy on the chart (a second is 422 on priority); dates are YYYY-MM-DD and ends_on is not before starts_on. Whoever may change the chart may change its insurance, billing staff included", false, "InsurancePolicyWrite", "201", "InsurancePolicy", nil},
	{"put", "/api/v1/clients/{id}/insurance/{policy}", "Replace a policy's fields (the whole policy; it stays the person's it was recorded for), with the rules of POST", false, "InsurancePolicyWrite", "200", "InsurancePolicy", nil},
	{"delete", "/api/v1/clients/{id}/insurance/{policy}", "Remove a policy", false, "", "204", "", nil},
}

var serviceSchemas = obj{
	"Service": object(obj{"id": str(), "name": str(), "code": obj{"type": "string", "description": "CPT or other billing code, letters and digits; empty for none"},
		"duration_minutes": obj{"type": "integer", "minimum": 1, "maximum": model.MaxAppointmentMinutes, "description": "The default length of its sessions"},
		"rate_cents":       obj{"type": "integer", "minimum": 0, "maximum": model.MaxRateCents, "description": "The charge for one session, in cents (15000 is 150.00)"},
		"group":            obj{"type": "boolean", "description": "A group service (GR-6)"},
		"archived":         boolean(), "archived_at": nullable("string"), "created_at": strf("date-time"), "updated_at": strf("date-time")},
		"id", "name", "code", "duration_minutes", "rate_cents", "group", "archived"),
	"ServiceWrite": object(obj{"name": obj{"type": "string", "maxLength": model.MaxServiceName},
		"code":             obj{"type": "string", "maxLength": model.MaxServiceCode, "description": "Letters and digits, like 90837; stored in capitals"},
		"duration_minutes": obj{"type": "integer", "minimum": 1, "maximum": model.MaxAppointmentMinutes},
		"rate_cents":       obj{"type": "integer", "minimum": 0, "maximum": model.MaxRateCents},
		"group":            boolean(),
		"archived":         obj{"type": "boolean", "description": "PATCH only: true archives, false restores"}}),
	"ServiceList": object(obj{"items": obj{"type": "array", "items": ref("Service")}, "can_manage": boolean()}, "items", "can_manage"),
	"InsurancePolicy": object(obj{"id": str(), "client_id": str(), "person_id": obj{"type": "string", "description": "Whose policy it is: the client's person, or a group member's"},
		"person_name": str(), "in_use": obj{"type": "boolean", "description": "The chart uses it: the client's own, or the current identified patient's"},
		"payer": str(), "member_id": str(), "group_number": str(), "subscriber_name": str(),
		"subscriber_relationship": obj{"type": "string", "enum": model.SubscriberRelationships()},
		"priority":                obj{"type": "string", "enum": model.PolicyPriorities()},
		"starts_on":               obj{"type": "string", "description": "YYYY-MM-DD; empty for open"},
		"ends_on":                 obj{"type": "string", "description": "YYYY-MM-DD, not before starts_on; empty for open"},
		"created_at":              strf("date-time"), "updated_at": strf("date-time")},
		"id", "client_id", "person_id", "payer", "priority"),
	"InsurancePolicyWrite": object(obj{"payer": obj{"type": "string", "maxLength": 200}, "member_id": obj{"type": "string", "maxLength": 60},
		"group_number": obj{"type": "string", "maxLength": 60}, "subscriber_name": obj{"type": "string", "maxLength": 200},
		"subscriber_relationship": obj{"type": "string", "enum": model.SubscriberRelationships(), "description": "Default self"},
		"priority":                obj{"type": "string", "enum": model.PolicyPriorities(), "description": "Default primary"},
		"starts_on":               obj{"type": "string", "format": "date"}, "ends_on": obj{"type": "string", "format": "date"}}, "payer"),
	"InsuranceList": object(obj{"items": obj{"type": "array", "items": ref("InsurancePolicy")}, "person_id": nullable("string"),
		"can_change": boolean()}, "items", "person_id", "can_change"),
}
