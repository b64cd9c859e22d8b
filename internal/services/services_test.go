package services_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/clients"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/store"
	"tend/internal/testdb"
)

var ctx = context.Background()

func str(s string) *string { return &s }
func num(n int) *int       { return &n }
func cents(n int64) *int64 { return &n }
func yes(b bool) *bool     { return &b }

func fieldErr(err error, field string) string {
	var ve *model.ValidationError
	if errors.As(err, &ve) {
		return ve.Fields[field]
	}
	return ""
}

// Issue 16, item 1: services are created, changed, archived and restored by owners and admins; everyone
// lists them; bad input (a rate below 0, 0 or 1440 minutes, a long name, a code with spaces) is refused by
// field and nothing is stored; another practice's service answers like a missing one; each change is audited.
// Proves AP-1, CL-4.
func TestServicesCRUDAndBadInput(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		admin := h.AddStaff(owner, "Ada Admin", "ada@example.org", model.RoleAdmin)
		clin := h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
		bill := h.AddStaff(owner, "Bea Billing", "bea@example.org", model.RoleBilling)
		_, other := h.AddPractice("Elsewhere Therapy", "boss@elsewhere.example")
		svc := h.App.Services

		sv, err := svc.Create(ctx, apptest.As(owner), model.ServiceInput{Name: str(" Psychotherapy, 60 minutes "), Code: str("90837"),
			DurationMinutes: num(60), RateText: str("160.50")})
		if err != nil {
			t.Fatal(err)
		}
		if sv.Name != "Psychotherapy, 60 minutes" || sv.Code != "90837" || sv.DurationMinutes != 60 || sv.RateCents != 16050 || sv.Group {
			t.Fatalf("created %+v", sv)
		}
		if _, err := svc.Create(ctx, apptest.As(admin), model.ServiceInput{Name: str("Group"), Code: str("90853"), DurationMinutes: num(90),
			RateCents: cents(6000), Group: yes(true)}); err != nil {
			t.Fatalf("admin creates: %v", err)
		}
		bad := []struct {
			name  string
			in    model.ServiceInput
			field string
		}{
			{"negative rate", model.ServiceInput{Name: str("X"), DurationMinutes: num(50), RateCents: cents(-1)}, "rate_cents"},
			{"negative typed rate", model.ServiceInput{Name: str("X"), DurationMinutes: num(50), RateText: str("-150.00")}, "rate"},
			{"rate too high", model.ServiceInput{Name: str("X"), DurationMinutes: num(50), RateCents: cents(model.MaxRateCents + 1)}, "rate_cents"},
			{"zero minutes", model.ServiceInput{Name: str("X"), DurationMinutes: num(0)}, "duration_minutes"},
			{"1440 minutes", model.ServiceInput{Name: str("X"), DurationMinutes: num(1440)}, "duration_minutes"},
			{"no duration", model.ServiceInput{Name: str("X")}, "duration_minutes"},
			{"long name", model.ServiceInput{Name: str(strings.Repeat("n", 101)), DurationMinutes: num(50)}, "name"},
			{"empty name", model.ServiceInput{Name: str(" "), DurationMinutes: num(50)}, "name"},
			{"code with a space", model.ServiceInput{Name: str("X"), Code: str("908 37"), DurationMinutes: num(50)}, "code"},
			{"long code", model.ServiceInput{Name: str("X"), Code: str(strings.Repeat("9", 21)), DurationMinutes: num(50)}, "code"},
		}
		for _, b := range bad {
			if _, err := svc.Create(ctx, apptest.As(owner), b.in); fieldErr(err, b.field) == "" {
				t.Errorf("%s: got %v, want a message on %s", b.name, err, b.field)
			}
		}
		if _, err := svc.Create(ctx, apptest.As(owner), bad[0].in); fieldErr(err, "rate_cents") != "A rate cannot be below 0." {
			t.Errorf("negative rate message: %v", err)
		}
		if _, err := svc.Update(ctx, apptest.As(owner), sv.ID, model.ServiceInput{DurationMinutes: num(1440)}); fieldErr(err, "duration_minutes") == "" {
			t.Errorf("update to 1440 minutes: %v", err)
		}
		list, err := svc.List(ctx, apptest.As(bill), false)
		if err != nil || len(list) != 2 {
			t.Fatalf("billing lists: %d, %v", len(list), err)
		}
		// Only owners and admins keep the list.
		for _, st := range []model.Staff{clin, bill} {
			if _, err := svc.Create(ctx, apptest.As(st), model.ServiceInput{Name: str("Mine"), DurationMinutes: num(50)}); !errors.Is(err, model.ErrForbidden) {
				t.Errorf("%s creates: %v", st.Role, err)
			}
			if _, err := svc.SetArchived(ctx, apptest.As(st), sv.ID, true); !errors.Is(err, model.ErrForbidden) {
				t.Errorf("%s archives: %v", st.Role, err)
			}
		}
		if _, err := svc.Get(ctx, apptest.As(other), sv.ID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("another practice reads: %v", err)
		}
		if _, err := svc.Update(ctx, apptest.As(other), sv.ID, model.ServiceInput{Name: str("Mine")}); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("another practice changes: %v", err)
		}
		up, err := svc.Update(ctx, apptest.As(admin), sv.ID, model.ServiceInput{RateCents: cents(17000), Archived: yes(true)})
		if err != nil || up.RateCents != 17000 || !up.Archived() || up.Name != sv.Name {
			t.Fatalf("update and archive: %+v, %v", up, err)
		}
		if list, _ := svc.List(ctx, apptest.As(owner), false); len(list) != 1 {
			t.Errorf("archived still offered: %d", len(list))
		}
		if list, _ := svc.List(ctx, apptest.As(owner), true); len(list) != 2 {
			t.Errorf("archived not listed on request: %d", len(list))
		}
		if back, err := svc.SetArchived(ctx, apptest.As(owner), sv.ID, false); err != nil || back.Archived() {
			t.Errorf("restore: %+v, %v", back, err)
		}
		events, _, err := store.ListAuditEvents(ctx, h.App.Clients.Store.R(), model.AuditFilter{PracticeID: owner.PracticeID, Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, e := range events {
			if e.RecordType == "service" {
				seen[e.Action] = true
			}
		}
		for _, a := range []string{"service.create", "service.update", "service.restore"} {
			if !seen[a] {
				t.Errorf("no %s event: %v", a, seen)
			}
		}
	})
}

// Issue 16, item 1 (CL-4): a chart's default service is a service of its practice that is still offered;
// another practice's, an archived one or a made-up id is refused on default_service_id.
func TestDefaultService(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		_, other := h.AddPractice("Elsewhere Therapy", "boss@elsewhere.example")
		as := apptest.As(owner)
		mine, err := h.App.Services.Create(ctx, as, model.ServiceInput{Name: str("Intake"), Code: str("90791"), DurationMinutes: num(60)})
		if err != nil {
			t.Fatal(err)
		}
		theirs, err := h.App.Services.Create(ctx, apptest.As(other), model.ServiceInput{Name: str("Theirs"), DurationMinutes: num(60)})
		if err != nil {
			t.Fatal(err)
		}
		c, err := h.App.Clients.Create(ctx, as, model.ClientChange{FirstName: str("Robin"), LastName: str("Rivera")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.App.Clients.Update(ctx, as, c.ID, model.ClientChange{DefaultServiceID: &theirs.ID}, nil); fieldErr(err, "default_service_id") == "" {
			t.Errorf("another practice's service: %v", err)
		}
		if _, err := h.App.Clients.Update(ctx, as, c.ID, model.ClientChange{DefaultServiceID: str("not-an-id")}, nil); fieldErr(err, "default_service_id") == "" {
			t.Errorf("made-up id: %v", err)
		}
		got, err := h.App.Clients.Update(ctx, as, c.ID, model.ClientChange{DefaultServiceID: &mine.ID}, nil)
		if err != nil || got.DefaultServiceID != mine.ID {
			t.Fatalf("set: %+v, %v", got.DefaultServiceID, err)
		}
		if v, _ := h.App.Clients.Get(ctx, as, c.ID); v.DefaultServiceID != mine.ID {
			t.Errorf("stored: %q", v.DefaultServiceID)
		}
		// Archiving the service keeps it on the chart; choosing an archived one anew is refused.
		if _, err := h.App.Services.SetArchived(ctx, as, mine.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := h.App.Clients.Update(ctx, as, c.ID, model.ClientChange{MessagingOn: yes(false)}, nil); err != nil {
			t.Errorf("another change with an archived default: %v", err)
		}
		c2, err := h.App.Clients.Create(ctx, as, model.ClientChange{FirstName: str("Sam"), LastName: str("Stone")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.App.Clients.Update(ctx, as, c2.ID, model.ClientChange{DefaultServiceID: &mine.ID}, nil); fieldErr(err, "default_service_id") == "" {
			t.Errorf("archived service chosen: %v", err)
		}
		if got, err := h.App.Clients.Update(ctx, as, c.ID, model.ClientChange{DefaultServiceID: str("")}, nil); err != nil || got.DefaultServiceID != "" {
			t.Errorf("clear: %q, %v", got.DefaultServiceID, err)
		}
	})
}

// Issue 16, item 2 (CL-9, GR-2): insurance policies are added, changed and removed; a person has at most
// one primary and one secondary; dates are real and the end is not before the start; on a couple chart
// the policy is the identified patient's; billing staff keep it, a colleague out of reach never sees it.
func TestInsurance(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		clin := h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
		colleague := h.AddStaff(owner, "Cora Colleague", "cora@example.org", model.RoleClinician)
		bill := h.AddStaff(owner, "Bea Billing", "bea@example.org", model.RoleBilling)
		_, other := h.AddPractice("Elsewhere Therapy", "boss@elsewhere.example")
		as := apptest.As(owner)
		c, err := h.App.Clients.Create(ctx, as, model.ClientChange{FirstName: str("Robin"), LastName: str("Rivera"), AssignedClinicianID: &clin.ID})
		if err != nil {
			t.Fatal(err)
		}
		prim, err := h.App.Clients.AddPolicy(ctx, apptest.As(clin), c.ID, model.PolicyInput{Payer: "Aetna", MemberID: "W123", GroupNumber: "G9",
			SubscriberName: "Robin Rivera", StartsOn: "2025-01-01", EndsOn: "2025-12-31"})
		if err != nil {
			t.Fatal(err)
		}
		if prim.Priority != model.PolicyPrimary || prim.SubscriberRelationship != model.SubscriberSelf || prim.PersonID != c.PersonID {
			t.Fatalf("policy %+v", prim)
		}
		if _, err := h.App.Clients.AddPolicy(ctx, apptest.As(bill), c.ID, model.PolicyInput{Payer: "Cigna", Priority: "primary"}); fieldErr(err, "priority") == "" {
			t.Errorf("two primaries: %v", err)
		}
		sec, err := h.App.Clients.AddPolicy(ctx, apptest.As(bill), c.ID, model.PolicyInput{Payer: "Cigna", Priority: "secondary", SubscriberRelationship: "spouse"})
		if err != nil {
			t.Fatalf("billing adds a secondary: %v", err)
		}
		for name, in := range map[string]model.PolicyInput{
			"ends_on":                 {Payer: "X", Priority: "secondary", StartsOn: "2025-06-01", EndsOn: "2025-05-31"},
			"starts_on":               {Payer: "X", Priority: "secondary", StartsOn: "2025-02-30"},
			"payer":                   {Payer: "  ", Priority: "secondary"},
			"subscriber_relationship": {Payer: "X", Priority: "secondary", SubscriberRelationship: "cousin"},
		} {
			if _, err := h.App.Clients.UpdatePolicy(ctx, as, c.ID, sec.ID, in); fieldErr(err, name) == "" {
				t.Errorf("bad %s: %v", name, err)
			}
		}
		if _, err := h.App.Clients.UpdatePolicy(ctx, as, c.ID, sec.ID, model.PolicyInput{Payer: "Cigna", Priority: "primary"}); fieldErr(err, "priority") == "" {
			t.Errorf("secondary made a second primary: %v", err)
		}
		if up, err := h.App.Clients.UpdatePolicy(ctx, as, c.ID, sec.ID, model.PolicyInput{Payer: "Cigna PPO", Priority: "secondary", EndsOn: "2026-01-31"}); err != nil || up.Payer != "Cigna PPO" || up.EndsOn != "2026-01-31" {
			t.Errorf("update: %+v, %v", up, err)
		}
		v, err := h.App.Clients.Insurance(ctx, apptest.As(bill), c.ID)
		if err != nil || len(v.Policies) != 2 || v.Policies[0].ID != prim.ID || !v.CanChange {
			t.Fatalf("insurance: %+v, %v", v, err)
		}
		if _, err := h.App.Clients.Insurance(ctx, apptest.As(colleague), c.ID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("colleague out of reach: %v", err)
		}
		if _, err := h.App.Clients.Insurance(ctx, apptest.As(other), c.ID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("another practice: %v", err)
		}
		if err := h.App.Clients.RemovePolicy(ctx, apptest.As(other), c.ID, prim.ID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("another practice removes: %v", err)
		}
		if err := h.App.Clients.RemovePolicy(ctx, as, c.ID, sec.ID); err != nil {
			t.Fatal(err)
		}
		if v, _ := h.App.Clients.Insurance(ctx, as, c.ID); len(v.Policies) != 1 {
			t.Errorf("after removing: %d", len(v.Policies))
		}

		// GR-2: on a couple chart the policy is the identified patient's.
		g, err := h.App.Clients.CreateGroup(ctx, as, clients.GroupInput{Change: model.ClientChange{GroupName: str("Rivera-Stone")},
			Members: []model.MemberInput{{ClientID: c.ID}, {New: model.NewPerson{FirstName: "Sam", LastName: "Stone"}, IdentifiedPatient: true}}})
		if err != nil {
			t.Fatal(err)
		}
		members, err := store.MembersOf(ctx, h.App.Clients.Store.R(), g.ID)
		if err != nil {
			t.Fatal(err)
		}
		var patient model.Client
		for _, m := range members {
			if m.IdentifiedPatient {
				patient = m.Client
			}
		}
		if patient.FirstName != "Sam" {
			t.Fatalf("identified patient: %+v", patient)
		}
		gp, err := h.App.Clients.AddPolicy(ctx, as, g.ID, model.PolicyInput{Payer: "Blue Cross", SubscriberRelationship: "spouse"})
		if err != nil {
			t.Fatal(err)
		}
		if gp.PersonID != patient.PersonID || gp.ChartID != g.ID {
			t.Errorf("group policy is %s's, want the identified patient's %s", gp.PersonID, patient.PersonID)
		}
		gv, err := h.App.Clients.Insurance(ctx, as, g.ID)
		if err != nil || gv.PersonName != "Sam Stone" || len(gv.Policies) != 1 || !gv.Policies[0].InUse {
			t.Errorf("group insurance: %+v, %v", gv, err)
		}
		// The individual chart's own policy is not the group's.
		if iv, _ := h.App.Clients.Insurance(ctx, as, c.ID); len(iv.Policies) != 1 || iv.Policies[0].Payer != "Aetna" {
			t.Errorf("individual chart: %+v", iv.Policies)
		}
	})
}
