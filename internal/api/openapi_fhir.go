package api

// fhirOperations document the FHIR R4 routes (IM-2).
var fhirOperations = []op{
	{"get", "/api/v1/clients/{id}/fhir", "The chart's record as a FHIR R4 Bundle (type collection, application/fhir+json): Patient (chosen name as usual, legal name as official, pronouns and gender identity by the extensions pack's individual-pronouns and individual-genderIdentity extensions), RelatedPerson (contacts with their roles), Condition (ICD-10-CM), MedicationStatement, CarePlan (the newest version of each treatment plan), Questionnaire and QuestionnaireResponse (documents; PHQ-9 as LOINC 44249-1, GAD-7 as LOINC 69737-5, total scores 44261-6 and 70274-6), Appointment and DocumentReference (files, by a link to their download). The Patient's identifier is urn:uuid:<chart id>. Audited like a chart read; 404 for billing staff, for admins unless the practice's admin_sees_clinical is on, and for charts out of reach; 422 for a couple or family chart", false, "", "200", "FHIRBundle", nil},
}

// fhirSchemas are the schemas of the FHIR routes: the Bundle is FHIR's own (https://hl7.org/fhir/R4/bundle.html).
var fhirSchemas = obj{
	"FHIRBundle": obj{"type": "object", "description": "A FHIR R4 Bundle; see https://hl7.org/fhir/R4/bundle.html",
		"properties": obj{"resourceType": obj{"type": "string", "enum": []string{"Bundle"}}, "type": str(),
			"entry": obj{"type": "array", "items": obj{"type": "object", "properties": obj{"resource": obj{"type": "object"}}}}},
		"required": []string{"resourceType", "type"}},
}
