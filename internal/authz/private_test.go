package authz

import (
	"testing"

	"tend/internal/model"
)

// Issue 14, items 4 and 5 (NT-1, PT-10): psychotherapy notes are their author's alone, written only
// where the chart is the author's to change; reflections are clinical content that admins and billing
// never see and supervisors only read on supervisees' charts.
func TestPrivateNoteRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		role    model.Role
		seesAll bool
		act     Action
		t       Target
		want    string
	}{
		{"author writes a psychotherapy note on their client", model.RoleClinician, false, Change, withAuthor(chart(PsychotherapyNotes, "me"), "me"), "yes"},
		{"author with see-all writes on a colleague's client", model.RoleClinician, true, Change, withAuthor(chart(PsychotherapyNotes, "peer"), "me"), "yes"},
		{"a colleague's psychotherapy note is missing to a clinician", model.RoleClinician, true, View, withAuthor(chart(PsychotherapyNotes, "peer"), "peer"), "404"},
		{"supervisor writes no psychotherapy note on a supervisee's chart", model.RoleSupervisor, false, Change, withAuthor(chart(PsychotherapyNotes, "mentee"), "me"), "403"},
		{"supervisor still reads their own old one there", model.RoleSupervisor, false, View, withAuthor(chart(PsychotherapyNotes, "mentee"), "me"), "yes"},
		{"supervisor's own psychotherapy note on their client", model.RoleSupervisor, false, Change, withAuthor(chart(PsychotherapyNotes, "me"), "me"), "yes"},
		{"admin never has a psychotherapy note", model.RoleAdmin, false, View, withAuthor(chart(PsychotherapyNotes, "me"), "me"), "404"},
		{"billing never has a psychotherapy note", model.RoleBilling, false, Change, withAuthor(chart(PsychotherapyNotes, "me"), "me"), "404"},
		{"owner writes their own", model.RoleOwner, false, Change, withAuthor(chart(PsychotherapyNotes, "peer"), "me"), "yes"},
		{"owner never reads a clinician's", model.RoleOwner, false, View, withAuthor(chart(PsychotherapyNotes, "peer"), "peer"), "404"},
		{"clinician writes reflections for their client", model.RoleClinician, false, Change, chart(Reflections, "me"), "yes"},
		{"clinician does not reach a colleague's reflections", model.RoleClinician, false, View, chart(Reflections, "peer"), "404"},
		{"supervisor reads a supervisee's reflections", model.RoleSupervisor, false, View, chart(Reflections, "mentee"), "yes"},
		{"supervisor writes none there", model.RoleSupervisor, false, Change, chart(Reflections, "mentee"), "403"},
		{"owner reads reflections", model.RoleOwner, false, View, chart(Reflections, "peer"), "yes"},
		{"admin never sees reflections", model.RoleAdmin, false, View, chart(Reflections, "peer"), "404"},
		{"billing never sees reflections", model.RoleBilling, false, View, chart(Reflections, "peer"), "404"},
		{"another practice's reflections are missing", model.RoleOwner, false, View, InChart(Reflections, model.Client{PracticeID: "p2"}), "404"},
	}
	for _, tt := range tests {
		if got := answer(Decide(who(tt.role, tt.seesAll), tt.act, tt.t)); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, got, tt.want)
		}
	}
	// PT-6, PT-7: shared reflections reach a portal user with the shared-notes permission only.
	portal := []struct {
		name string
		u    PortalUser
		want string
	}{
		{"client with shared notes", PortalUser{model.AccessSelf, model.Features{model.FeatureNotes}, true}, "yes"},
		{"guardian with shared notes", PortalUser{model.AccessGuardian, model.Features{model.FeatureNotes}, true}, "yes"},
		{"client without", PortalUser{model.AccessSelf, model.Features{model.FeatureDocuments}, true}, "404"},
		{"disabled access", PortalUser{model.AccessSelf, model.Features{model.FeatureNotes}, false}, "404"},
	}
	for _, tt := range portal {
		if got := answer(PortalDecide(tt.u, View, ClinicalNotes)); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, got, tt.want)
		}
	}
}
