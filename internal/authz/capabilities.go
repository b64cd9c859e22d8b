package authz

import "tend/internal/model"

// Capabilities are the practice-wide things a staff member may do, as flags pages and API answers read
// to show or hide actions. Per-chart flags come on the chart's view (clients.View).
type Capabilities struct {
	ChangePractice  bool // Settings → Practice
	ManageStaff     bool // add staff, change roles, deactivate
	ResetTwoStep    bool // reset a colleague's two-step sign-in
	GrantOwner      bool // make someone an owner, change an owner
	ReadAudit       bool // Settings → Audit log and its export
	ReadMailLog     bool // Settings → Mail log, retry, test message
	ManageTags      bool // create, rename, delete the practice's tags
	ChangeTemplates bool // the document template library
	AssignCharts    bool // choose a chart's clinician
	DeleteCharts    bool // delete archived charts for good
	ReadDocuments   bool // documents sent to clients, their answers and scores
	ManageServices  bool // Settings → Services: add, edit, archive and restore services
	CalendarFeed    bool // Settings → Calendar feed: one's own appointments in a calendar app (AP-2)
	// PracticeCalendar: the whole practice's calendar, every clinician's appointments (issue 16, item 4).
	PracticeCalendar bool
	SeeBalances      bool // the client list's Balance column: the ledgers of the charts one reaches (PY-1)
	ExportClients    bool // the client list as CSV, with its filters (IM-2)
	ImportClients    bool // Clients → Import: the CSV import wizard (IM-1)
	ExportPractice   bool // Settings → Export: the whole practice as one archive (IM-2)
}

// CapabilitiesOf answers the table for p, across the practice.
func CapabilitiesOf(p model.Principal) Capabilities {
	who := Who{Principal: p}
	can := func(act Action, r Resource) bool { return Can(who, act, On(r)) }
	return Capabilities{
		ChangePractice:   can(Change, PracticeSettings),
		ManageStaff:      can(Change, Staff),
		ResetTwoStep:     can(Delete, StaffTwoStep),
		GrantOwner:       can(Change, Staff) && MayGrant(p, model.RoleOwner),
		ReadAudit:        can(List, AuditLog),
		ReadMailLog:      can(List, MailLog),
		ManageTags:       can(Change, Tags),
		ChangeTemplates:  can(Change, DocumentTemplates),
		AssignCharts:     can(Assign, Charts),
		DeleteCharts:     can(Delete, Charts),
		ReadDocuments:    can(View, DocumentRequests),
		ManageServices:   can(Change, Services),
		CalendarFeed:     can(Create, CalendarFeeds),
		PracticeCalendar: can(List, Appointments),
		SeeBalances:      can(View, Ledger),
		ExportClients:    can(Export, Charts),
		ImportClients:    can(Create, Imports),
		ExportPractice:   can(Export, PracticeArchive),
	}
}

// GrantableRoles lists the roles p may give, in display order.
func GrantableRoles(p model.Principal) []model.Role {
	var out []model.Role
	for _, r := range model.Roles() {
		if MayGrant(p, r) {
			out = append(out, r)
		}
	}
	return out
}

// Supervises reports whether a staff member may be someone's supervisor.
func Supervises(st model.Staff) bool { return st.Active && supervisingRoles[st.Role] }
