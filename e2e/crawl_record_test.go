package e2e

import (
	"context"
	"fmt"
	"testing"

	"tend/internal/appointments"
	"tend/internal/apptest"
	"tend/internal/demo"
	"tend/internal/model"
	"tend/internal/notes"
)

// recordPages are the clinical record's pages of the demo the crawl must see (issue 14): as the owner,
// a chart's Overview, Clinical tab and its edit forms, Notes tab, a draft, a signed note with an addendum
// and a co-signature, Notes to co-sign, the owner's Psychotherapy notes tab and one note, the Reflections
// tab and one reflection; as the supervisor, Notes to co-sign and a note waiting for them; as the client,
// the shared notes and one of them; and (issue 15) a chart's Treatment plan tab, a plan's page, editor,
// history, an older version and a comparison of two versions, and the portal's plans and plan; and
// (issue 16, item 4) the calendar's week, the practice's week and day, the new-appointment form, empty
// and for a chart, and an appointment's page.
type recordPages struct {
	staff, supervisor, portal []string
	supervisorEmail           string
}

// findRecordPages looks the pages up through the use cases, on the demo's record.
func findRecordPages(t *testing.T, h *apptest.Harness, owner model.Principal, charts []model.Client, login demo.Login, accessID string) recordPages {
	t.Helper()
	ctx := context.Background()
	chart := "/clients/" + login.Portal.ChartID
	rp := recordPages{staff: []string{chart + "?tab=overview", chart + "?tab=clinical", chart + "?tab=clinical&edit=summary",
		chart + "?tab=clinical&add=medication", chart + "?tab=notes", chart + "?tab=reflections", "/notes/cosign"}}
	v, err := h.App.Clinical.Get(ctx, owner, login.Portal.ChartID)
	if err != nil || len(v.ActiveDiagnoses()) == 0 {
		t.Fatalf("the portal client's chart has no diagnosis: %v", err)
	}
	rp.staff = append(rp.staff, chart+"?tab=clinical&edit_diagnosis="+v.ActiveDiagnoses()[0].ID)
	if ms := v.CurrentMedications(); len(ms) > 0 {
		rp.staff = append(rp.staff, chart+"?tab=clinical&edit_medication="+ms[0].ID)
	}
	refs, err := h.App.Reflections.List(ctx, owner, login.Portal.ChartID, "")
	if err != nil || len(refs.Items) == 0 {
		t.Fatalf("the portal client's chart has no reflection: %v", err)
	}
	for _, r := range refs.Items {
		if r.Shared() {
			rp.staff = append(rp.staff, chart+"/reflections/"+r.ID)
			rp.portal = []string{"/portal/c/" + accessID + "/reflections", "/portal/c/" + accessID + "/reflections/" + r.ID}
			break
		}
	}
	// Issue 15: the portal client's plan (the demo shares it), a plan with a newer draft to compare, and
	// their pages on both sides.
	rp.staff = append(rp.staff, chart+"?tab=plan")
	ps, err := h.App.Plans.List(ctx, owner, login.Portal.ChartID)
	if err != nil || len(ps.Plans) == 0 || !ps.Plans[0].Shared() {
		t.Fatalf("the portal client's chart has no shared plan: %+v %v", ps.Plans, err)
	}
	shared := chart + "/plans/" + ps.Plans[0].ID
	rp.staff = append(rp.staff, shared, shared+"/edit", shared+"/history", shared+"/versions/1")
	rp.portal = append(rp.portal, "/portal/c/"+accessID+"/plans", "/portal/c/"+accessID+"/plans/"+ps.Plans[0].ID)
	compared := false
	for _, c := range charts {
		if compared {
			break
		}
		l, err := h.App.Plans.List(ctx, owner, c.ID)
		if err != nil {
			continue // a chart whose plans the owner may not see
		}
		for _, pl := range l.Plans {
			if pl.CurrentVersion > 1 {
				u := fmt.Sprintf("/clients/%s/plans/%s", c.ID, pl.ID)
				rp.staff = append(rp.staff, u+"/history", fmt.Sprintf("%s/diff?from=1&to=%d", u, pl.CurrentVersion))
				compared = true
				break
			}
		}
	}
	if !compared {
		t.Fatal("the demo has no plan with two versions to compare")
	}
	var draft, draftChart, cosigned, awaiting, psych string
	ownDraft := false
	for _, c := range charts {
		pg, err := h.App.Notes.List(ctx, owner, c.ID, model.NoteFilter{Limit: notes.MaxPage})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range pg.Notes {
			path := "/clients/" + c.ID + "/notes/" + n.ID
			switch {
			case !n.Signed() && (draft == "" || !ownDraft && n.AuthorID == owner.StaffID):
				// A draft of the owner's own opens as the form that saves itself; a colleague's, read only.
				draft, draftChart, ownDraft = path, c.ID, n.AuthorID == owner.StaffID
			case n.AwaitsCosign() && awaiting == "":
				awaiting = path
			case !n.CosignedAt.IsZero() && cosigned == "":
				if nv, err := h.App.Notes.Get(ctx, owner, c.ID, n.ID); err == nil && len(nv.Addenda) > 0 {
					cosigned = path
				}
			}
		}
		if c.AssignedClinicianID == owner.StaffID && psych == "" {
			if ps, err := h.App.PsychNotes.List(ctx, owner, c.ID, ""); err == nil && len(ps.Notes) > 0 {
				psych = "/clients/" + c.ID
				rp.staff = append(rp.staff, psych+"?tab=psychotherapy", psych+"/psychotherapy-notes/"+ps.Notes[0].ID)
			}
		}
	}
	if draft == "" || cosigned == "" || awaiting == "" || psych == "" || len(rp.portal) == 0 {
		t.Fatalf("the demo lacks a page to check: draft %q, co-signed with addendum %q, awaiting %q, psychotherapy %q, portal %v",
			draft, cosigned, awaiting, psych, rp.portal)
	}
	rp.staff = append(rp.staff, draft, "/clients/"+draftChart+"?tab=notes", "/clients/"+draftChart+"?tab=overview", cosigned)
	rp.supervisor = []string{"/notes/cosign", awaiting}
	rp.staff = append(rp.staff, "/calendar", "/calendar?clinician=all", "/calendar?view=day&clinician=all", "/appointments/new",
		"/appointments/new?chart="+login.Portal.ChartID)
	sessions, err := h.App.Appointments.OfChart(ctx, owner, login.Portal.ChartID, appointments.Cursor{})
	if err != nil || len(sessions.Items) == 0 {
		t.Fatalf("the portal client's chart has no appointment: %v", err)
	}
	rp.staff = append(rp.staff, "/appointments/"+sessions.Items[0].ID)
	staff, err := h.App.Accounts.ListStaff(ctx, owner)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range staff {
		if st.Role == model.RoleSupervisor {
			rp.supervisorEmail = st.Email
			// The demo's staff have a temporary password: the supervisor picks their own first.
			p := model.Principal{StaffID: st.ID, PracticeID: st.PracticeID, Role: st.Role, Name: st.Name}
			if err := h.App.Accounts.ChangePassword(ctx, p, login.StaffPassword, apptest.StrongPassword, false); err != nil {
				t.Fatal(err)
			}
		}
	}
	return rp
}
