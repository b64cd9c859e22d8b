package authz_test

import (
	"errors"
	"testing"

	"tend/internal/authz"
	"tend/internal/model"
)

// Issue 11, item 1: a rule that keeps a record to its author refuses when the caller did not say who the
// author is; before, an empty author let everyone through, so a supervisor could have read a supervisee's
// psychotherapy notes through a caller that forgot it.
func TestOwnRuleRefusesWithoutAnAuthor(t *testing.T) {
	t.Parallel()
	sup := authz.Who{Principal: model.Principal{StaffID: "sup", PracticeID: "p", Role: model.RoleSupervisor}, Supervisees: map[string]bool{"clin": true}}
	target := authz.Target{Resource: authz.PsychotherapyNotes, PracticeID: "p", InChart: true, ClinicianID: "clin"}
	if err := authz.Decide(sup, authz.View, target); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("no author: %v, want not found", err)
	}
	target.AuthorID = "sup"
	if err := authz.Decide(sup, authz.View, target); err != nil {
		t.Fatalf("the author: %v, want allowed", err)
	}
	target.AuthorID = "clin"
	if err := authz.Decide(sup, authz.View, target); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("another author: %v, want not found", err)
	}
}
