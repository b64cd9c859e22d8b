package api

// fhirOperations document the FHIR R4 routes (IM-2).
var fhirOperations = []op{
	{"get", "/api/v1/clients/{id}/fhir", "The chart's record as a FHIR R4 Bundle (type collection, application/fhir+json): Patient (chosen name as usual, legal name as official, pronouns and gender identity by the extensions pack's individual-pronouns and individual-genderIdentity extensions), RelatedPerson (contacts with their roles), Condition (ICD-10-CM), MedicationStatement, CarePlan (the newest version of each treatment plan), Questionnaire and QuestionnaireResponse (documents; PHQ-9 as LOINC 44249-1, GAD-7 as LOINC 69737-5, total scores 44261-6 and 70274-6), Appointment and DocumentReference (files, by a link to their download). The Patient's identifier is urn:uuid:<chart id>. Audited like a chart read; 404 for billing staff, for admins unless the practice's admin_sees_clinical is on, and for charts out of reach; 422 for a couple or family chart", false, "", "200", "FHIRBundle", nil},
	{"post", "/api/v1/fhir/import", "Make or update a chart from a FHIR R4 Bundle holding one Patient (send it as the body, application/fhir+json or application/json, at most 10 MB). The Patient matches a chart by the identifier Tend exports (system urn:ietf:rfc:3986, value urn:uuid:<chart id>), then by email; otherwise a new chart is made (201; 200 for an update), with New client's validation and nobody invited. Its RelatedPersons become contacts (a person with the same email is linked), its Conditions with ICD-10-CM codes and its MedicationStatements are added (those already on the chart are skipped); every other resource type is listed in skipped with the reason, and the rest is imported. All of it is one transaction: a problem in any entry is 422 with error.fields named by entry (entry.3.code) and nothing is written. Audited with counts only", false, "FHIRBundle", "201", "FHIRImport", nil},
}

// fhirSchemas are the schemas of the FHIR routes: the Bundle is FHIR's own (https://hl7.org/fhir/R4/bundle.html).
var fhirSchemas = obj{
	"FHIRBundle": obj{"type": "object", "description": "A FHIR R4 Bundle; see https://hl7.org/fhir/R4/bundle.html",
		"properties": obj{"resourceType": obj{"type": "string", "enum": []string{"Bundle"}}, "type": str(),
			"entry": obj{"type": "array", "items": obj{"type": "object", "properties": obj{"resource": obj{"type": "object"}}}}},
		"required": []string{"resourceType", "type"}},
	"FHIRImport": object(obj{"client_id": str(), "created": boolean(),
		"imported": obj{"type": "object", "description": "Resources imported, by resource type", "additionalProperties": obj{"type": "integer"}},
		"skipped": obj{"type": "array", "items": object(obj{"entry": obj{"type": "integer", "description": "The index in the Bundle's entries"},
			"resource_type": str(), "reason": str()}, "entry", "resource_type", "reason")}},
		"client_id", "created", "imported", "skipped"),
}
