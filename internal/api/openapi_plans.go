package api

import "tend/internal/model"

// planOperations document the treatment plan routes (issue 15, item 8), kept apart so other features'
// operations merge beside them.
var planOperations = []op{
	{"get", "/api/v1/clients/{id}/treatment-plans", "A chart's treatment plans, active first, with who signed each newest version and whether its review is due (the read is audited). 404 for billing staff, and for admins unless the practice's admin_sees_clinical is on", false, "", "200", "TreatmentPlanList", nil},
	{"post", "/api/v1/clients/{id}/treatment-plans", "Start a treatment plan with its first version (TP-1): the body is the plan's content ({} starts an empty plan titled \"Treatment plan\"). Diagnoses are named by diagnosis_id, picked from the chart's; their code and description are copied from the chart. Bad content is 422 with fields named as in the body (problems.0.goals.0.objectives.0.target_date…); nothing is stored", false, "TreatmentPlanContent", "201", "TreatmentPlanSaved", nil},
	{"get", "/api/v1/clients/{id}/treatment-plans/{plan}", "A plan with its newest version's content and signatures, the newest version the clinician signed, whether its review is due, each measured objective's progress from the chart's latest scores, and what you may do (the read is audited)", false, "", "200", "TreatmentPlanView", nil},
	{"put", "/api/v1/clients/{id}/treatment-plans/{plan}", "Save the plan's whole content as a new version; earlier versions never change and a new version starts unsigned. base_version is the version you edited: when someone saved a newer one since, 409 with error.fields.base_version and nothing is saved. Content the same as the newest version's adds nothing: 200 with unchanged true. A closed plan is 409", false, "TreatmentPlanSave", "200", "TreatmentPlanSaved", nil},
	{"patch", "/api/v1/clients/{id}/treatment-plans/{plan}", "Close a plan (it stays readable, and is no longer changed, signed, shared or reviewed) or reopen it", false, "TreatmentPlanState", "200", "TreatmentPlan", nil},
	{"get", "/api/v1/clients/{id}/treatment-plans/{plan}/versions", "A plan's versions, newest first, 50 a page, without their content: pass next_before as before for the older page (0: none)", false, "", "200", "TreatmentPlanVersionPage", []string{"before"}},
	{"get", "/api/v1/clients/{id}/treatment-plans/{plan}/versions/{v}", "One version of a plan (v: its number), with its content, signatures and progress, as it was saved", false, "", "200", "TreatmentPlanView", nil},
	{"post", "/api/v1/clients/{id}/treatment-plans/{plan}/versions/{v}/restore", "Restore an earlier version: its content becomes a new version (history only grows). The newest version itself is 409", false, "", "201", "TreatmentPlanSaved", nil},
	{"post", "/api/v1/clients/{id}/treatment-plans/{plan}/sign", "Sign the plan's newest version as its clinician, typing your full name; the time and the version's SHA-256 are kept. An older version, or one already signed, is 409", false, "TreatmentPlanSign", "200", "TreatmentPlanVersion", nil},
	{"post", "/api/v1/clients/{id}/treatment-plans/{plan}/share", "Share a plan to the portal, or stop sharing it (PT-10). The portal shows the newest version the clinician signed, so an unsigned plan is 422", false, "TreatmentPlanShare", "200", "TreatmentPlan", nil},
	{"get", "/api/v1/clients/{id}/treatment-plans/{plan}/diff", "Two versions compared word by word, per section (title, diagnoses, each problem with its goals, objectives and interventions, narrative, review date): spans of equal, inserted and deleted text, with counts. from and to are version numbers, either order; a version the plan does not have is 422", false, "", "200", "TreatmentPlanDiff", []string{"from", "to"}},
	{"get", "/api/v1/clients/{id}/treatment-plans/{plan}/versions/{v}/pdf", "One version as a PDF (application/pdf): the practice, the client's legal name, diagnoses with codes, problems, goals, objectives, interventions, narrative, review date and signatures with their hashes; an unsigned version says it is a draft", false, "", "200", "", nil},
	{"post", "/api/v1/clients/{id}/treatment-plans/generate", "Generate a draft plan from the chart (TP-2): its active diagnoses, presenting concerns and history (read for themes, never copied or sent), latest scores and recent session mood. It is saved as version 1 of a new plan, unsigned, for you to edit. source builtin (default) uses Tend's built-in generator, offline and the same for the same chart; llm asks the installation's language-model endpoint with a de-identified summary when one is configured and the practice allows it, and otherwise (or when it fails) gives the built-in draft with the reason in fallback", false, "TreatmentPlanGenerate", "201", "TreatmentPlanGenerated", nil},
	{"post", "/api/v1/clients/{id}/treatment-plans/{plan}/generate", "Generate a draft as a new unsigned version of a plan, keeping its title (as POST …/treatment-plans/generate)", false, "TreatmentPlanGenerate", "201", "TreatmentPlanGenerated", nil},
}

// planContentProps are the properties of a plan's content, model.PlanContent's JSON.
func planContentProps() obj {
	date := func(what string) obj {
		return obj{"type": "string", "description": what + ", YYYY-MM-DD in the practice's calendar, not before the plan began; empty for none"}
	}
	text := func(max int, what string) obj { return obj{"type": "string", "maxLength": max, "description": what} }
	measure := object(obj{"scoring": obj{"type": "string", "enum": []string{model.ScoringPHQ9, model.ScoringGAD7}, "description": "An assessment the practice uses"},
		"below":    obj{"type": "integer", "minimum": 1, "description": "Met when the latest score is below this"},
		"baseline": obj{"type": []string{"integer", "null"}, "minimum": 0, "description": "The score the objective starts from, when known"}}, "scoring", "below")
	objective := object(obj{"statement": text(model.MaxPlanStatement, "What will be measured, and how"), "target_date": date("The target date"),
		"measure": measure}, "statement")
	goal := object(obj{"statement": text(model.MaxPlanStatement, "The goal"), "objectives": obj{"type": "array", "maxItems": model.MaxPlanObjectives, "items": objective}}, "statement")
	intervention := object(obj{"modality": text(model.MaxPlanIntervention, "For example, cognitive behavioural therapy"),
		"frequency": text(model.MaxPlanIntervention, "For example, weekly"), "detail": text(model.MaxPlanStatement, "")}, "modality")
	problem := object(obj{"statement": text(model.MaxPlanStatement, "The problem"),
		"goals":         obj{"type": "array", "maxItems": model.MaxPlanGoals, "items": goal},
		"interventions": obj{"type": "array", "maxItems": model.MaxPlanInterventions, "items": intervention}}, "statement")
	diagnosis := object(obj{"diagnosis_id": obj{"type": "string", "description": "One of the chart's diagnoses"},
		"code":        obj{"type": "string", "description": "Copied from the chart when the version is saved; ignored when sent"},
		"description": obj{"type": "string", "description": "The code's official description, copied like code; ignored when sent"},
		"label":       obj{"type": "string", "description": "The diagnosis's own label on the chart, copied like code; ignored when sent"}}, "diagnosis_id")
	return obj{
		"title":       text(model.MaxPlanTitle, "Required"),
		"diagnoses":   obj{"type": "array", "maxItems": model.MaxPlanDiagnoses, "items": diagnosis, "description": "The chart's diagnoses the plan addresses"},
		"problems":    obj{"type": "array", "maxItems": model.MaxPlanProblems, "items": problem, "description": "Rows left wholly empty are dropped"},
		"narrative":   obj{"type": "string", "description": "Markdown: headings, lists, emphasis and links (raw HTML is never shown); at most 48 KB"},
		"review_date": date("When the plan comes up for review"),
	}
}

func planSaveProps() obj {
	props := planContentProps()
	props["base_version"] = obj{"type": "integer", "minimum": 1, "description": "The version you edited (current_version when you read the plan)"}
	return props
}

var (
	planSignature = object(obj{"role": obj{"type": "string", "enum": []string{model.PlanSignerClinician, model.PlanSignerClient}},
		"staff_id": str(), "account_id": obj{"type": "string", "description": "The portal account, for a client's signature"},
		"typed_name": str(), "signed_at": strf("date-time"), "sha256": obj{"type": "string", "description": "The version's sha256 when it was signed"}},
		"role", "typed_name", "signed_at", "sha256")
	planCaps = object(obj{"view": boolean(), "change": obj{"type": "boolean", "description": "Create, save, restore, share, close"},
		"sign": obj{"type": "boolean", "description": "Sign as the clinician"}}, "view", "change", "sign")
)

// planHeadProps are a plan's own fields, as every answer about a plan carries them.
func planHeadProps() obj {
	return obj{"id": str(), "client_id": str(), "state": obj{"type": "string", "enum": []string{string(model.PlanActive), string(model.PlanClosed)}},
		"title": str(), "current_version": obj{"type": "integer", "description": "The newest version's number"},
		"review_date": obj{"type": "string", "description": "The newest version's review date, YYYY-MM-DD; empty for none"},
		"shared":      boolean(), "shared_at": nullable("string"), "created_by": str(), "created_at": strf("date-time"), "updated_at": strf("date-time")}
}

func planViewSchema() obj {
	props := planHeadProps()
	props["version"] = ref("TreatmentPlanVersion")
	props["newest"] = obj{"type": "boolean", "description": "The version shown is the newest"}
	props["signed_version"] = obj{"type": "integer", "description": "The newest version the clinician signed, 0 for none: what the portal shows once shared"}
	props["review_due"] = obj{"type": "boolean", "description": "The plan is active and its review date has come"}
	props["progress"] = obj{"type": "array", "description": "Each measured objective of the version, by the chart's latest score of its assessment", "items": object(obj{
		"objective": obj{"type": "string", "description": "problems.0.goals.1.objectives.2"}, "name": obj{"type": "string", "description": "PHQ-9 or GAD-7"},
		"known": obj{"type": "boolean", "description": "A score exists"}, "latest": nullable("integer"), "band": str(), "latest_at": nullable("string"),
		"met": boolean(), "baseline": nullable("integer"), "below": integer()}, "objective", "name", "known", "met", "below")}
	props["can"] = planCaps
	return object(props, "id", "client_id", "state", "title", "current_version", "version", "signed_version", "review_due", "progress", "can")
}

func planListItemSchema() obj {
	props := planHeadProps()
	props["clinician_signed"] = obj{"type": "boolean", "description": "The newest version carries the clinician's signature"}
	props["client_signed"] = obj{"type": "boolean", "description": "The newest version carries the client's signature"}
	props["review_due"] = obj{"type": "boolean", "description": "The plan is active and its review date has come"}
	return object(props, "id", "client_id", "state", "title", "current_version")
}

// planSchemas are the schemas of the treatment plan routes.
var planSchemas = obj{
	"TreatmentPlanContent": object(planContentProps()),
	"TreatmentPlanSave":    object(planSaveProps(), "base_version", "title"),
	"TreatmentPlan":        object(planHeadProps(), "id", "client_id", "state", "title", "current_version"),
	"TreatmentPlanList": object(obj{"items": obj{"type": "array", "items": planListItemSchema()}, "can": planCaps,
		"today": obj{"type": "string", "format": "date", "description": "The practice's today: a review date on or before it is due"}}, "items", "can", "today"),
	"TreatmentPlanVersion": object(obj{"number": integer(), "sha256": obj{"type": "string", "description": "Hex SHA-256 of the content's canonical JSON (the content object as this API writes it)"},
		"source":      obj{"type": "string", "enum": []string{string(model.PlanWritten), string(model.PlanRestored), string(model.PlanBuiltin), string(model.PlanLLM)}},
		"source_note": obj{"type": "string", "description": "For a restored version, the version it copies"},
		"author_id":   str(), "author_name": str(), "created_at": strf("date-time"),
		"signatures": obj{"type": "array", "items": planSignature},
		"content":    obj{"type": "object", "properties": planContentProps(), "description": "Absent in lists"}},
		"number", "sha256", "source", "author_id", "author_name", "created_at", "signatures"),
	"TreatmentPlanVersionPage": object(obj{"items": obj{"type": "array", "items": ref("TreatmentPlanVersion")},
		"next_before": obj{"type": "integer", "description": "Pass as before for the older page; 0 on the last"}}, "items", "next_before"),
	"TreatmentPlanView": planViewSchema(),
	"TreatmentPlanSaved": object(obj{"plan": ref("TreatmentPlan"), "version": ref("TreatmentPlanVersion"),
		"unchanged": obj{"type": "boolean", "description": "The content sent was the newest version's: no version was added"}}, "plan", "version", "unchanged"),
	"TreatmentPlanState": object(obj{"state": obj{"type": "string", "enum": []string{string(model.PlanActive), string(model.PlanClosed)}}}, "state"),
	"TreatmentPlanSign": object(obj{"version": obj{"type": "integer", "description": "The newest version's number, as you read it"},
		"full_name": obj{"type": "string", "description": "Your full name, typed"}}, "version", "full_name"),
	"TreatmentPlanShare": object(obj{"shared": boolean()}, "shared"),
	"TreatmentPlanDiff": object(obj{"plan": ref("TreatmentPlan"), "from": ref("TreatmentPlanVersion"), "to": ref("TreatmentPlanVersion"),
		"summary":      object(obj{"words_added": integer(), "words_removed": integer(), "sections_changed": integer()}, "words_added", "words_removed"),
		"summary_text": obj{"type": "string", "description": "The summary in words: \"12 words added, 3 removed, in 2 sections\", or \"No changes\""},
		"sections": obj{"type": "array", "items": object(obj{
			"name":    obj{"type": "string", "description": "Title, Diagnoses, Problem 1…, Narrative, Review date"},
			"heading": obj{"type": "string", "description": "A problem's statement"},
			"changed": boolean(),
			"spans": obj{"type": "array", "items": object(obj{"op": obj{"type": "string", "enum": []string{"equal", "insert", "delete"}},
				"text": obj{"type": "string", "description": "Words with their spaces and line breaks"}}, "op", "text")},
			"stats": object(obj{"words_added": integer(), "words_removed": integer()})}, "name", "changed", "spans")}},
		"plan", "from", "to", "summary", "sections"),
	"TreatmentPlanGenerate": object(obj{
		"length": obj{"type": "string", "enum": []string{"short", "medium", "long"}, "description": "Default medium"},
		"tone":   obj{"type": "string", "enum": []string{"professional", "conversational", "clinical"}, "description": "Default professional"},
		"format": obj{"type": "string", "enum": []string{"structured", "narrative", "bullets"}, "description": "Default structured"},
		"source": obj{"type": "string", "enum": []string{"builtin", "llm"}, "description": "Default builtin"}}),
	"TreatmentPlanGenerated": object(obj{"plan": ref("TreatmentPlan"), "version": ref("TreatmentPlanVersion"), "unchanged": boolean(),
		"fallback": obj{"type": "string", "description": "Why the language model was not used when it was asked for (setting off, none configured, an error or timeout); empty otherwise"},
		"external": obj{"type": "boolean", "description": "A de-identified summary was sent to the language-model endpoint"}}, "plan", "version", "fallback", "external"),
}
