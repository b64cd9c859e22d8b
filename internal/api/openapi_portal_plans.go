package api

// portalPlanOperations document the portal's treatment-plan routes (PT-10), kept apart so other features'
// operations merge beside them.
var portalPlanOperations = []op{
	{"get", "/api/v1/portal/charts/{id}/treatment-plans", "Treatment plans shared on a chart (id: the access id), each at the newest version its clinician signed, for the client, a guardian or a group member with the documents permission (else 404); audited", true, "", "200", "PortalPlanList", nil},
	{"get", "/api/v1/portal/charts/{id}/treatment-plans/{plan_id}", "One shared plan at the newest version its clinician signed (never a draft or a newer unsigned version), with its signatures; an unshared plan answers 404; audited", true, "", "200", "PortalPlan", nil},
	{"post", "/api/v1/portal/charts/{id}/treatment-plans/{plan_id}/sign", "Sign the version you read as the client: full_name as it is on your account (422 otherwise); the time, the version's SHA-256, your IP address and account are kept. 409 when the clinician signed a newer version since (read it, then sign), when you already signed this version, or when the plan is closed", true, "PortalPlanSign", "200", "PortalPlan", nil},
}

var planDay = obj{"type": "string", "description": "A calendar day, YYYY-MM-DD; empty for none"}

// portalPlanSchemas are the schemas of those routes.
var portalPlanSchemas = obj{
	"PortalPlanSummary": object(obj{"id": str(), "title": str(), "state": obj{"type": "string", "enum": []string{"active", "closed"}},
		"version":       obj{"type": "integer", "description": "The newest version the clinician signed: the one shown"},
		"review_date":   planDay,
		"signed_by_you": boolean(), "awaits_your_signature": obj{"type": "boolean", "description": "Active, and you have not signed the version shown"},
		"url": str()}, "id", "title", "state", "version", "review_date", "signed_by_you", "awaits_your_signature", "url"),
	"PortalPlanList": itemsOf("PortalPlanSummary"),
	"PortalPlan": object(obj{"id": str(), "state": obj{"type": "string", "enum": []string{"active", "closed"}}, "version": integer(),
		"sha256": obj{"type": "string", "description": "SHA-256 of the version's exact content: what a signature signs"},
		"content": object(obj{"title": str(),
			"diagnoses":   obj{"type": "array", "items": object(obj{"diagnosis_id": str(), "code": str(), "description": str(), "label": str()})},
			"problems":    obj{"type": "array", "description": "Each problem with its goals (each with measurable objectives: statement, target_date, measure) and interventions (modality, frequency, detail)", "items": obj{"type": "object"}},
			"review_date": planDay}, "title", "diagnoses", "problems", "review_date"),
		"narrative_html": obj{"type": "string", "description": "The narrative, rendered from Markdown and sanitized (headings, lists, emphasis, links)"},
		"signatures": obj{"type": "array", "items": object(obj{"role": obj{"type": "string", "enum": []string{"clinician", "client"}},
			"typed_name": str(), "signed_at": strf("date-time"), "sha256": str(), "yours": boolean()}, "role", "typed_name", "signed_at", "sha256", "yours")},
		"can_sign": obj{"type": "boolean", "description": "You may sign this version now"}, "sign_url": str()},
		"id", "state", "version", "sha256", "content", "narrative_html", "signatures", "can_sign", "sign_url"),
	"PortalPlanSign": object(obj{"version": obj{"type": "integer", "description": "The version you read and sign"},
		"full_name": obj{"type": "string", "description": "Your full name as it is on your portal account"}}, "version", "full_name"),
}
