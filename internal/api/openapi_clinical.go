package api

import "tend/internal/icd10"

// clinicalOperations document the clinical information routes (CL-8), kept apart so other features'
// operations merge beside them.
var clinicalOperations = []op{
	{"get", "/api/v1/clients/{id}/diagnoses", "A chart's diagnoses, active first (the primary one leading), then resolved (the read is audited). 404 for billing staff, and for admins unless the practice's admin_sees_clinical is on", false, "", "200", "DiagnosisList", nil},
	{"post", "/api/v1/clients/{id}/diagnoses", "Add a diagnosis: a billable ICD-10-CM code of Tend's list (422 under code for an unknown code or a category heading). primary: true takes the mark off the chart's other diagnosis in the same change", false, "DiagnosisWrite", "201", "Diagnosis", nil},
	{"get", "/api/v1/clients/{id}/diagnoses/{diagnosis_id}", "One diagnosis (the read is audited)", false, "", "200", "Diagnosis", nil},
	{"patch", "/api/v1/clients/{id}/diagnoses/{diagnosis_id}", "Change some of a diagnosis's fields. Resolve with status resolved and resolved_date (it stops being primary); reactivate with status active (the resolved date is cleared). The audit log names the revisions before and after", false, "DiagnosisWrite", "200", "Diagnosis", nil},
	{"delete", "/api/v1/clients/{id}/diagnoses/{diagnosis_id}", "Remove a diagnosis recorded by mistake; its earlier values stay in its history", false, "", "204", "", nil},
	{"get", "/api/v1/clients/{id}/medications", "A chart's medications, current first (no stop date, or one after today in the practice's time zone), then stopped (the read is audited)", false, "", "200", "MedicationList", nil},
	{"post", "/api/v1/clients/{id}/medications", "Add a medication (422 under stop_date when it is before start_date)", false, "MedicationWrite", "201", "Medication", nil},
	{"get", "/api/v1/clients/{id}/medications/{medication_id}", "One medication (the read is audited)", false, "", "200", "Medication", nil},
	{"patch", "/api/v1/clients/{id}/medications/{medication_id}", "Change some of a medication's fields; stop it with stop_date", false, "MedicationWrite", "200", "Medication", nil},
	{"delete", "/api/v1/clients/{id}/medications/{medication_id}", "Remove a medication recorded by mistake; its earlier values stay in its history", false, "", "204", "", nil},
	{"get", "/api/v1/clients/{id}/clinical-summary", "A chart's mental-health history and presenting concerns (the read is audited)", false, "", "200", "ClinicalSummary", nil},
	{"put", "/api/v1/clients/{id}/clinical-summary", "Write the mental-health history, the presenting concerns or both (an absent field stays as it is; at most 20,000 characters each)", false, "ClinicalSummaryWrite", "200", "ClinicalSummary", nil},
	{"get", "/api/v1/icd10", "Find ICD-10-CM codes as you type, by code (a prefix, with or without the dot, any case) or by words (each typed word starts a word of the description, any order): the exact code first, then codes under it, then matches by words. limit 1-50 (default 20); billable=true leaves out category headings. The list: chapter F and the Z codes of behavioural health, " + icd10.Release, false, "", "200", "ICD10List", []string{"q", "limit", "billable"}},
}

var (
	adminSeesClinical = obj{"type": "boolean", "description": "Admins see and change clients' clinical information (diagnoses, medications, history, concerns); off by default. Billing staff never do"}
	calendarDay       = obj{"type": []string{"string", "null"}, "format": "date", "description": "A calendar day, YYYY-MM-DD; null when not given"}
	calendarDayIn     = obj{"type": "string", "description": "A calendar day, YYYY-MM-DD; empty clears it"}
	diagnosisStatus   = obj{"type": "string", "enum": []string{"active", "resolved"}}
)

// clinicalSchemas are the schemas of those routes.
var clinicalSchemas = obj{
	"Diagnosis": object(obj{"id": str(), "client_id": str(),
		"code":        obj{"type": "string", "description": "The ICD-10-CM code with its dot (F41.1)"},
		"description": obj{"type": "string", "description": "The code's official description"},
		"label":       obj{"type": "string", "description": "The clinician's own words, such as a DSM-5-TR name"},
		"primary":     boolean(), "onset_date": calendarDay, "status": diagnosisStatus, "resolved_date": calendarDay,
		"revision_id": obj{"type": "string", "description": "The revision holding these values; the audit log names revisions, never values"},
		"created_at":  strf("date-time"), "updated_at": strf("date-time")}),
	"DiagnosisList": itemsOf("Diagnosis"),
	"DiagnosisWrite": object(obj{"code": obj{"type": "string", "description": "With or without the dot, any case. Required when adding"},
		"label": obj{"type": "string", "maxLength": 200}, "primary": boolean(), "onset_date": calendarDayIn,
		"status": diagnosisStatus, "resolved_date": calendarDayIn}),
	"Medication": object(obj{"id": str(), "client_id": str(), "name": str(), "dose": str(), "frequency": str(), "prescriber": str(),
		"start_date": calendarDay, "stop_date": calendarDay, "revision_id": str(), "created_at": strf("date-time"), "updated_at": strf("date-time")}),
	"MedicationList": itemsOf("Medication"),
	"MedicationWrite": object(obj{"name": obj{"type": "string", "maxLength": 200, "description": "Required when adding"},
		"dose": obj{"type": "string", "maxLength": 200}, "frequency": obj{"type": "string", "maxLength": 200},
		"prescriber": obj{"type": "string", "maxLength": 200}, "start_date": calendarDayIn, "stop_date": calendarDayIn}),
	"ClinicalSummary": object(obj{"client_id": str(), "history": str(), "concerns": str(), "revision_id": nullable("string"),
		"updated_at": obj{"type": []string{"string", "null"}, "format": "date-time"}}),
	"ClinicalSummaryWrite": object(obj{"history": obj{"type": "string", "maxLength": 20000}, "concerns": obj{"type": "string", "maxLength": 20000}}),
	"ICD10": object(obj{"code": obj{"type": "string", "description": "With its dot (F41.1)"}, "description": str(),
		"billable": obj{"type": "boolean", "description": "false for a category heading, which a diagnosis cannot use"}}),
	"ICD10List": itemsOf("ICD10"),
}

// withSchemas joins schema sets into one.
func withSchemas(sets ...obj) obj {
	out := obj{}
	for _, s := range sets {
		for k, v := range s {
			out[k] = v
		}
	}
	return out
}
