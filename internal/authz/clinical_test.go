package authz

import (
	"testing"

	"tend/internal/model"
)

// CL-8: clinical information follows the chart for owners, clinicians and supervisors (read-only on a
// supervisee's chart), is hidden from billing like a missing record, and reaches admins only when the
// practice turns "admins see clinical information" on.
func TestClinicalInformation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		role         model.Role
		adminSees    bool
		clinician    string // the chart's: "me", "mentee" (supervised by me), "peer", "" (unassigned)
		view, change string
	}{
		{model.RoleOwner, false, "peer", "yes", "yes"},
		{model.RoleAdmin, false, "peer", "404", "404"},
		{model.RoleAdmin, false, "", "404", "404"},
		{model.RoleAdmin, true, "peer", "yes", "yes"},
		{model.RoleClinician, false, "me", "yes", "yes"},
		{model.RoleClinician, true, "me", "yes", "yes"},
		{model.RoleClinician, false, "peer", "404", "404"},
		{model.RoleSupervisor, false, "me", "yes", "yes"},
		{model.RoleSupervisor, false, "mentee", "yes", "403"},
		{model.RoleSupervisor, false, "peer", "404", "404"},
		{model.RoleBilling, false, "me", "404", "404"},
		{model.RoleBilling, true, "peer", "404", "404"},
	}
	for _, tt := range tests {
		w := who(tt.role, false)
		w.AdminSeesClinical = tt.adminSees
		if got := answer(Decide(w, View, chart(ClinicalInfo, tt.clinician))); got != tt.view {
			t.Errorf("%s (admin sees %t) views clinical information on %q's chart: got %s, want %s", tt.role, tt.adminSees, tt.clinician, got, tt.view)
		}
		if got := answer(Decide(w, Change, chart(ClinicalInfo, tt.clinician))); got != tt.change {
			t.Errorf("%s (admin sees %t) changes clinical information on %q's chart: got %s, want %s", tt.role, tt.adminSees, tt.clinician, got, tt.change)
		}
	}
	other := InChart(ClinicalInfo, model.Client{PracticeID: "p2", AssignedClinicianID: "me"})
	if got := answer(Decide(who(model.RoleOwner, true), View, other)); got != "404" {
		t.Errorf("another practice's clinical information: got %s, want 404", got)
	}
}
