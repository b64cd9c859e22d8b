// Package documents holds the use cases of forms and documents: the template library with its built-in
// templates and versions, requests on a chart (Manage documentation), completion and signing in the
// portal, scoring of assessments, review, and PDF output.
package documents

import "tend/internal/model"

// Builtin is a template every new practice starts with (DC-1).
type Builtin struct {
	Key         string
	Kind        model.TemplateKind
	Name        string
	Description string
	Scoring     string
	Fields      []model.Field
}

// frequency are the answers of the PHQ-9 and GAD-7 items; option i is worth i points.
var frequency = []string{"Not at all", "Several days", "More than half the days", "Nearly every day"}

func items(prefix string, texts []string) []model.Field {
	out := make([]model.Field, len(texts))
	for i, t := range texts {
		out[i] = model.Field{ID: prefix + itoa(i+1), Kind: model.FieldSingle, Label: t, Required: true, Options: frequency}
	}
	return out
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return string(rune('0'+i/10)) + string(rune('0'+i%10))
}

// Builtins returns the built-in templates. The PHQ-9 and GAD-7 items are the instruments' public-domain
// wording, kept word for word because their scores are only valid that way.
func Builtins() []Builtin {
	phq9 := append([]model.Field{{ID: "intro", Kind: model.FieldHeading,
		Label: "Over the last 2 weeks, how often have you been bothered by any of the following problems?"}},
		items("item", []string{
			"Little interest or pleasure in doing things",
			"Feeling down, depressed, or hopeless",
			"Trouble falling or staying asleep, or sleeping too much",
			"Feeling tired or having little energy",
			"Poor appetite or overeating",
			"Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
			"Trouble concentrating on things, such as reading the newspaper or watching television",
			"Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual",
			"Thoughts that you would be better off dead or of hurting yourself in some way",
		})...)
	phq9 = append(phq9, model.Field{ID: "difficulty", Kind: model.FieldSingle,
		Label:   "If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?",
		Options: []string{"Not difficult at all", "Somewhat difficult", "Very difficult", "Extremely difficult"}})
	gad7 := append([]model.Field{{ID: "intro", Kind: model.FieldHeading,
		Label: "Over the last 2 weeks, how often have you been bothered by the following problems?"}},
		items("item", []string{
			"Feeling nervous, anxious, or on edge",
			"Not being able to stop or control worrying",
			"Worrying too much about different things",
			"Trouble relaxing",
			"Being so restless that it is hard to sit still",
			"Becoming easily annoyed or irritable",
			"Feeling afraid as if something awful might happen",
		})...)
	return []Builtin{
		{Key: "intake", Kind: model.TemplateIntake, Name: "Intake form",
			Description: "Who you are, what brings you here, and your history, before the first session.",
			Fields: []model.Field{
				{ID: "about", Kind: model.FieldHeading, Label: "About you"},
				{ID: "legal_name", Kind: model.FieldText, Label: "Full legal name", Help: "As it appears on insurance or ID, if different from the name you go by."},
				{ID: "date_of_birth", Kind: model.FieldDate, Label: "Date of birth", Required: true},
				{ID: "pronouns", Kind: model.FieldText, Label: "Pronouns"},
				{ID: "gender_identity", Kind: model.FieldText, Label: "Gender identity"},
				{ID: "legal_sex", Kind: model.FieldSingle, Label: "Sex as listed with your insurance", Options: []string{"Female", "Male", "X", "Unknown"}, Only: "legal_sex"},
				{ID: "phone", Kind: model.FieldText, Label: "Best phone number"},
				{ID: "address", Kind: model.FieldParagraph, Label: "Home address"},
				{ID: "emergency_contact", Kind: model.FieldText, Label: "Emergency contact: name and phone number"},
				{ID: "concerns", Kind: model.FieldHeading, Label: "What brings you here"},
				{ID: "presenting_concerns", Kind: model.FieldParagraph, Label: "What would you like help with?", Required: true},
				{ID: "goals", Kind: model.FieldParagraph, Label: "What would you like to be different when therapy has helped?"},
				{ID: "history", Kind: model.FieldHeading, Label: "History"},
				{ID: "previous_therapy", Kind: model.FieldYesNo, Label: "Have you seen a therapist or counselor before?"},
				{ID: "medications", Kind: model.FieldParagraph, Label: "Medications you take now, with doses if you know them"},
				{ID: "medical_conditions", Kind: model.FieldParagraph, Label: "Medical conditions we should know about"},
				{ID: "substance_use", Kind: model.FieldSingle, Label: "How often do you drink alcohol or use other substances?",
					Options: []string{"Never", "Monthly or less", "A few times a month", "Weekly", "Daily or almost daily"}},
				{ID: "safety", Kind: model.FieldYesNo, Label: "In the past month, have you had thoughts of harming yourself or someone else?"},
			}},
		// The consent's cancellation policy comes from the practice's settings: see WithPolicy.
		{Key: "consent", Kind: model.TemplateConsent, Name: "Consent to treatment",
			Description: "The client agrees to start therapy and understands confidentiality and its limits.",
			Fields: []model.Field{
				{ID: "terms", Kind: model.FieldHeading, Label: "Please read before you sign"},
				{ID: "services", Kind: model.FieldYesNo, Required: true, Label: "I agree to take part in counseling with this practice and understand I may stop at any time."},
				{ID: "confidentiality", Kind: model.FieldYesNo, Required: true, Label: "I understand that what I share is kept confidential, except where the law requires otherwise (for example a risk of serious harm to myself or others, or suspected abuse of a child or vulnerable adult)."},
				{ID: "records", Kind: model.FieldYesNo, Required: true, Label: "I understand the practice keeps records of my care and that I may ask to see them."},
				{ID: "signature", Kind: model.FieldSignature, Required: true, Label: "Type your full name to sign"},
			}},
		{Key: "roi", Kind: model.TemplateConsent, Name: "Release of information",
			Description: "Permission for the practice to share information with a named person or organization.",
			Fields: []model.Field{
				{ID: "recipient", Kind: model.FieldText, Required: true, Label: "Share information with (person or organization)"},
				{ID: "recipient_contact", Kind: model.FieldParagraph, Label: "Their address, phone or email"},
				{ID: "information", Kind: model.FieldMultiple, Required: true, Label: "What may be shared",
					Options: []string{"Dates of attendance", "Diagnosis", "Treatment plan and progress", "Assessment results", "Other, as written below"}},
				{ID: "information_other", Kind: model.FieldParagraph, Label: "Other information that may be shared"},
				{ID: "purpose", Kind: model.FieldText, Required: true, Label: "Purpose of sharing"},
				{ID: "expires", Kind: model.FieldDate, Required: true, Label: "This permission ends on"},
				{ID: "revocable", Kind: model.FieldYesNo, Required: true, Label: "I understand I can withdraw this permission in writing at any time, except for information already shared."},
				{ID: "signature", Kind: model.FieldSignature, Required: true, Label: "Type your full name to sign"},
			}},
		{Key: "phq9", Kind: model.TemplateAssessment, Name: "PHQ-9 (depression)", Scoring: model.ScoringPHQ9,
			Description: "Patient Health Questionnaire: nine questions about the last two weeks, scored 0–27.", Fields: phq9},
		{Key: "gad7", Kind: model.TemplateAssessment, Name: "GAD-7 (anxiety)", Scoring: model.ScoringGAD7,
			Description: "Generalized Anxiety Disorder scale: seven questions about the last two weeks, scored 0–21.", Fields: gad7},
	}
}
