package model

// Member is a client's place in a group chart (GR-1…GR-4).
type Member struct {
	GroupID           string
	Client            Client // the member's own chart
	IdentifiedPatient bool   // whose insurance is used
	BillingContact    bool   // who is billed and receives billing documents
	Reminders         bool   // receives appointment reminders
	Bridging          bool   // receives session-bridging questionnaires
}

// MemberInput is a member to add: an existing client (ClientID) or a new one.
type MemberInput struct {
	ClientID          string
	New               NewPerson
	IdentifiedPatient bool
	BillingContact    bool
	Reminders         bool
	Bridging          bool
}

// GroupSummary names a group chart a client belongs to.
type GroupSummary struct {
	ID, Name    string
	Members     int
	ClinicianID string // the group chart's assigned clinician, for deciding who may see it
}
