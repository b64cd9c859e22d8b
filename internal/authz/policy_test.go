package authz

import (
	"errors"
	"testing"

	"tend/internal/model"
)

func who(r model.Role, seesAll bool) Who {
	return Who{Principal: model.Principal{StaffID: "me", PracticeID: "p1", Role: r}, CliniciansSeeAll: seesAll,
		Supervisees: map[string]bool{"mentee": true}}
}

func chart(res Resource, clinician string) Target {
	return InChart(res, model.Client{PracticeID: "p1", AssignedClinicianID: clinician})
}

func answer(err error) string {
	switch {
	case err == nil:
		return "yes"
	case errors.Is(err, model.ErrNotFound):
		return "404"
	case errors.Is(err, model.ErrForbidden):
		return "403"
	}
	return err.Error()
}

// Issue 11, item 1: who reaches which chart (README "Who sees what"): clinicians their own clients, all
// with "clinicians see all"; supervisors also their supervisees', read-only; owners, admins and billing
// all; another practice's chart answers like a missing one.
func TestChartReach(t *testing.T) {
	t.Parallel()
	tests := []struct {
		role      model.Role
		seesAll   bool
		clinician string // the chart's: "me", "mentee" (supervised by me), "peer", "" (unassigned)
		view      string
		change    string
	}{
		{model.RoleClinician, false, "me", "yes", "yes"},
		{model.RoleClinician, false, "peer", "404", "404"},
		{model.RoleClinician, false, "", "404", "404"},
		{model.RoleClinician, true, "peer", "yes", "yes"},
		{model.RoleClinician, true, "", "yes", "yes"},
		{model.RoleSupervisor, false, "me", "yes", "yes"},
		{model.RoleSupervisor, false, "mentee", "yes", "403"},
		{model.RoleSupervisor, false, "peer", "404", "404"},
		{model.RoleSupervisor, true, "mentee", "yes", "403"}, // supervisor reads, never writes
		{model.RoleSupervisor, true, "peer", "yes", "yes"},
		{model.RoleOwner, false, "peer", "yes", "yes"},
		{model.RoleAdmin, false, "", "yes", "yes"},
		{model.RoleBilling, false, "peer", "yes", "yes"},
	}
	for _, tt := range tests {
		w := who(tt.role, tt.seesAll)
		if got := answer(Decide(w, View, chart(Charts, tt.clinician))); got != tt.view {
			t.Errorf("%s (see all %t) views %q's chart: got %s, want %s", tt.role, tt.seesAll, tt.clinician, got, tt.view)
		}
		if got := answer(Decide(w, Change, chart(Charts, tt.clinician))); got != tt.change {
			t.Errorf("%s (see all %t) changes %q's chart: got %s, want %s", tt.role, tt.seesAll, tt.clinician, got, tt.change)
		}
		other := InChart(Charts, model.Client{PracticeID: "p2", AssignedClinicianID: "me"})
		if got := answer(Decide(w, View, other)); got != "404" {
			t.Errorf("%s views another practice's chart: got %s, want 404", tt.role, got)
		}
		// The listing filter shows exactly the charts the person reaches.
		f := ChartFilter(w)
		listed := f.All || (tt.clinician != "" && (tt.clinician == f.ClinicianID || (f.SupervisorOf != "" && w.Supervisees[tt.clinician])))
		if listed != (tt.view == "yes") {
			t.Errorf("%s (see all %t): chart of %q listed %t, opens %s", tt.role, tt.seesAll, tt.clinician, listed, tt.view)
		}
	}
}

// Issue 11, item 1: the rows for the coming modules say what those modules must follow.
func TestComingRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		role model.Role
		act  Action
		t    Target
		want string
	}{
		{"admin sees that notes exist", model.RoleAdmin, View, chart(ClinicalNotes, "peer"), "yes"},
		{"admin never reads a note body", model.RoleAdmin, View, chart(NoteBodies, "peer"), "404"},
		{"owner reads note bodies", model.RoleOwner, View, chart(NoteBodies, "peer"), "yes"},
		{"billing sees no notes", model.RoleBilling, View, chart(ClinicalNotes, "peer"), "404"},
		{"billing reads no note body", model.RoleBilling, View, chart(NoteBodies, "peer"), "404"},
		{"billing sees no documents' answers", model.RoleBilling, View, chart(DocumentRequests, "peer"), "404"},
		{"billing sees billing", model.RoleBilling, View, chart(Billing, "peer"), "yes"},
		{"clinicians do not see billing", model.RoleClinician, View, chart(Billing, "me"), "403"},
		{"psychotherapy notes: the author", model.RoleClinician, View, withAuthor(chart(PsychotherapyNotes, "me"), "me"), "yes"},
		{"psychotherapy notes: not another clinician on the chart", model.RoleClinician, View, withAuthor(chart(PsychotherapyNotes, "me"), "peer"), "404"},
		{"psychotherapy notes: not the owner", model.RoleOwner, View, withAuthor(chart(PsychotherapyNotes, "peer"), "peer"), "404"},
		{"psychotherapy notes: not the supervisor", model.RoleSupervisor, View, withAuthor(chart(PsychotherapyNotes, "mentee"), "mentee"), "404"},
		{"supervisor reads a supervisee's note", model.RoleSupervisor, View, chart(NoteBodies, "mentee"), "yes"},
		{"supervisor never writes a supervisee's note", model.RoleSupervisor, Change, chart(NoteBodies, "mentee"), "403"},
		{"supervisor never writes on a supervisee's chart", model.RoleSupervisor, Change, chart(ClinicalNotes, "mentee"), "403"},
	}
	for _, tt := range tests {
		if got := answer(Decide(who(tt.role, false), tt.act, tt.t)); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, got, tt.want)
		}
	}
}

func withAuthor(t Target, author string) Target { t.AuthorID = author; return t }

// Issue 11, item 1: practice-wide rules, and that only an owner makes or changes an owner.
func TestPracticeRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		role model.Role
		caps Capabilities
	}{
		{model.RoleOwner, Capabilities{ChangePractice: true, ManageStaff: true, ResetTwoStep: true, GrantOwner: true, ReadAudit: true, ReadMailLog: true,
			ManageTags: true, ChangeTemplates: true, AssignCharts: true, DeleteCharts: true, ReadDocuments: true, ManageServices: true, CalendarFeed: true,
			PracticeCalendar: true, SeeBalances: true, ExportClients: true, ImportClients: true, ExportPractice: true}},
		{model.RoleAdmin, Capabilities{ChangePractice: true, ManageStaff: true, ResetTwoStep: true, ManageTags: true, ChangeTemplates: true, AssignCharts: true,
			DeleteCharts: true, ReadDocuments: true, ManageServices: true, CalendarFeed: true, PracticeCalendar: true, SeeBalances: true, ExportClients: true, ImportClients: true}},
		{model.RoleClinician, Capabilities{ChangeTemplates: true, ReadDocuments: true, CalendarFeed: true, SeeBalances: true, ExportClients: true}},
		{model.RoleSupervisor, Capabilities{ChangeTemplates: true, ReadDocuments: true, CalendarFeed: true, SeeBalances: true, ExportClients: true}},
		{model.RoleBilling, Capabilities{AssignCharts: true, SeeBalances: true, ExportClients: true}},
	}
	for _, tt := range tests {
		p := model.Principal{Role: tt.role}
		if got := CapabilitiesOf(p); got != tt.caps {
			t.Errorf("%s: got %+v, want %+v", tt.role, got, tt.caps)
		}
		if got, want := MayChangeStaff(p, model.RoleOwner), tt.role == model.RoleOwner; got != want {
			t.Errorf("%s changes an owner: got %t, want %t", tt.role, got, want)
		}
		// TR-2: who may reset someone's two-step sign-in; only an owner resets an owner's.
		if got, want := MayResetTwoStep(p, model.RoleOwner), tt.role == model.RoleOwner; got != want {
			t.Errorf("%s resets an owner's two-step: got %t, want %t", tt.role, got, want)
		}
		if got, want := MayResetTwoStep(p, model.RoleClinician), tt.caps.ResetTwoStep; got != want {
			t.Errorf("%s resets a clinician's two-step: got %t, want %t", tt.role, got, want)
		}
	}
	w := who(model.RoleClinician, false)
	if got := answer(Decide(w, Delete, Target{Resource: Tokens, AuthorID: "me"})); got != "yes" {
		t.Errorf("revoking one's own token: %s", got)
	}
	if got := answer(Decide(w, Delete, Target{Resource: Tokens, AuthorID: "peer"})); got != "404" {
		t.Errorf("revoking a colleague's token: %s", got)
	}
}

// Issue 11, item 1: portal role × permission.
func TestPortalRules(t *testing.T) {
	t.Parallel()
	all := model.DefaultFeatures()
	tests := []struct {
		name string
		u    PortalUser
		act  Action
		res  Resource
		want string
	}{
		{"the client opens the chart", PortalUser{model.AccessSelf, nil, true}, View, Charts, "yes"},
		{"a disabled access opens nothing", PortalUser{model.AccessSelf, all, false}, View, Charts, "404"},
		{"documents need the permission", PortalUser{model.AccessGuardian, model.Features{model.FeatureAppointments}, true}, View, DocumentRequests, "404"},
		{"a guardian with it answers documents", PortalUser{model.AccessGuardian, all, true}, Change, DocumentRequests, "yes"},
		{"a member sees who opened the chart", PortalUser{model.AccessMember, nil, true}, View, AuditLog, "yes"},
		{"another contact does not", PortalUser{model.AccessContact, all, true}, View, AuditLog, "404"},
		{"appointments need the permission", PortalUser{model.AccessSelf, model.Features{model.FeatureDocuments}, true}, View, Appointments, "404"},
		{"billing needs the permission", PortalUser{model.AccessSelf, all, true}, View, Billing, "404"},
		{"nothing outside the table", PortalUser{model.AccessSelf, all, true}, Delete, Charts, "404"},
	}
	for _, tt := range tests {
		if got := answer(PortalDecide(tt.u, tt.act, tt.res)); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, got, tt.want)
		}
	}
}

// Issue 11, item 1: the table has no duplicate rows, and every role has a reach row, so no cell is
// decided by accident.
func TestTableIsComplete(t *testing.T) {
	t.Parallel()
	seen := map[[2]string]bool{}
	for _, rw := range table {
		k := [2]string{string(rw.res), string(rw.act)}
		if seen[k] {
			t.Errorf("two rows for %s %s", rw.res, rw.act)
		}
		seen[k] = true
	}
	for _, r := range model.Roles() {
		if _, ok := chartReach[r]; !ok {
			t.Errorf("no chart reach for %s", r)
		}
	}
}
