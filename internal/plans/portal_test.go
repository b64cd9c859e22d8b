package plans_test

import (
	"errors"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/plans"
	"tend/internal/store"
	"tend/internal/testdb"
)

// portalUser gives a person access to chart c through a portal account named name; it returns the
// access and the principal the portal would sign them in as.
func portalUser(t *testing.T, w world, c model.Client, personID, name string, role model.AccessRole, perms model.Features) (string, model.PortalPrincipal) {
	t.Helper()
	now := w.h.Clock.Now()
	email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.net"
	acct := model.PortalAccount{ID: id.New(), Email: email, Name: name, CreatedAt: now}
	a := model.PortalAccess{ID: id.New(), PracticeID: c.PracticeID, ChartID: c.ID, PersonID: personID, Role: role, Permissions: perms,
		Email: email, AccountID: acct.ID, State: model.AccessActive, CreatedAt: now}
	err := w.h.App.Outbox.Store.Tx(ctx, func(q store.Q) error {
		if err := store.InsertPortalAccount(ctx, q, acct, "x"); err != nil {
			return err
		}
		return store.InsertPortalAccess(ctx, q, a)
	})
	if err != nil {
		t.Fatal(err)
	}
	return a.ID, model.PortalPrincipal{AccountID: acct.ID, Email: email, Name: name, IP: "203.0.113.7"}
}

// Issue 15, items 3 and 9: the portal sees only shared plans, and always as the newest version the
// clinician signed: a later unsigned version stays with the clinician. The client signs that version
// (typed name, time, SHA-256, IP, account); staff see the signature on it; once the clinician signs a
// newer version, the portal shows that one, waiting for the client's signature again, while the old
// signature stays on the old version. A contact who is not a guardian, an access without the documents
// permission and another person's access reach nothing.
// Proves PT-10, TP-1, DC-5.
func TestPortalSeesSharedSignedPlans(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		clin := apptest.As(w.clin)
		self, client := portalUser(t, w, w.chart, w.chart.PersonID, "Robin Rivera", model.AccessSelf, model.DefaultFeatures())
		made, err := w.svc.Create(ctx, clin, w.chart.ID, plans.SaveInput{Content: w.content("Feel able to see friends again")})
		if err != nil {
			t.Fatal(err)
		}
		planID := made.Plan.ID
		// Unshared (and unsigned): the list is empty, the plan answers not found.
		if l, err := w.svc.PortalList(ctx, client, self); err != nil || len(l.Plans) != 0 {
			t.Fatalf("unshared plan listed: %+v %v", l.Plans, err)
		}
		if _, err := w.svc.Sign(ctx, clin, w.chart.ID, planID, 1, "Cal Clinician"); err != nil {
			t.Fatal(err)
		}
		if l, err := w.svc.PortalList(ctx, client, self); err != nil || len(l.Plans) != 0 {
			t.Fatalf("signed, unshared plan listed: %+v %v", l.Plans, err)
		}
		if _, err := w.svc.PortalGet(ctx, client, self, planID); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("unshared plan opened: %v", err)
		}
		if _, err := w.svc.Share(ctx, clin, w.chart.ID, planID, true); err != nil {
			t.Fatal(err)
		}
		// The clinician saves version 2 and does not sign it: the portal still shows version 1.
		if _, err := w.svc.Save(ctx, clin, w.chart.ID, planID, plans.SaveInput{Content: w.content("A DRAFT GOAL"), BaseVersion: 1}); err != nil {
			t.Fatal(err)
		}
		l, err := w.svc.PortalList(ctx, client, self)
		if err != nil || len(l.Plans) != 1 || l.Plans[0].Version.Number != 1 || l.ToSign() != 1 {
			t.Fatalf("portal list: %+v %v", l.Plans, err)
		}
		v, err := w.svc.PortalGet(ctx, client, self, planID)
		if err != nil {
			t.Fatal(err)
		}
		if v.Version.Number != 1 || v.Version.Content.Problems[0].Goals[0].Statement != "Feel able to see friends again" || !v.CanSign ||
			v.Mine != nil || !strings.Contains(string(v.Narrative), "<h2>Summary</h2>") || v.Version.Content.Diagnoses[0].Code != "F33.1" {
			t.Fatalf("portal view: %+v", v)
		}
		// Signing: the typed name must be the account's; a stale version number is a conflict.
		if _, err := w.svc.PortalSign(ctx, client, self, planID, 1, "Someone Else"); fieldErr(err, "full_name") == "" {
			t.Fatalf("signed with another name: %v", err)
		}
		if _, err := w.svc.PortalSign(ctx, client, self, planID, 2, "Robin Rivera"); !errors.Is(err, model.ErrConflict) {
			t.Fatalf("signed the unsigned draft: %v", err)
		}
		signed, err := w.svc.PortalSign(ctx, client, self, planID, 1, "  robin   rivera ")
		if err != nil {
			t.Fatal(err)
		}
		if signed.Mine == nil || signed.Mine.TypedName != "robin rivera" || signed.Mine.SHA256 != made.Version.SHA256 ||
			signed.Mine.SignerIP != "203.0.113.7" || signed.Mine.AccountID != client.AccountID || signed.CanSign {
			t.Fatalf("client signature: %+v", signed.Mine)
		}
		if _, err := w.svc.PortalSign(ctx, client, self, planID, 1, "Robin Rivera"); !errors.Is(err, model.ErrConflict) {
			t.Fatalf("signed twice: %v", err)
		}
		// Staff see the client's signature on version 1.
		sv, err := w.svc.Get(ctx, clin, w.chart.ID, planID, 1)
		if err != nil || !sv.Version.SignedBy(model.PlanSignerClient) {
			t.Fatalf("staff view of version 1: %+v %v", sv.Version.Signatures, err)
		}
		// The clinician signs version 2: the portal shows it, unsigned by the client; version 1 keeps the
		// client's signature.
		if _, err := w.svc.Sign(ctx, clin, w.chart.ID, planID, 2, "Cal Clinician"); err != nil {
			t.Fatal(err)
		}
		v2, err := w.svc.PortalGet(ctx, client, self, planID)
		if err != nil || v2.Version.Number != 2 || v2.Mine != nil || !v2.CanSign || v2.Version.Content.Problems[0].Goals[0].Statement != "A DRAFT GOAL" {
			t.Fatalf("after version 2 was signed: %+v %v", v2, err)
		}
		if l, err := w.svc.PortalList(ctx, client, self); err != nil || l.ToSign() != 1 || l.Plans[0].Version.Number != 2 {
			t.Fatalf("list after version 2: %+v %v", l.Plans, err)
		}
		if sv, err := w.svc.Get(ctx, clin, w.chart.ID, planID, 1); err != nil || !sv.Version.SignedBy(model.PlanSignerClient) {
			t.Fatalf("version 1 lost the client's signature: %v", err)
		}

		// A contact who is not a guardian, a client without the documents permission, another person's
		// access and another chart's plan: not found.
		ct, err := w.h.App.Clients.AddContact(ctx, apptest.As(w.owner), w.chart.ID, model.ContactInput{Relationship: model.RelSpousePartner,
			New: model.NewPerson{FirstName: "Pat", LastName: "Partner"}})
		if err != nil {
			t.Fatal(err)
		}
		contact, pc := portalUser(t, w, w.chart, ct.Person.ID, "Pat Partner", model.AccessContact, model.DefaultFeatures())
		gd, err := w.h.App.Clients.AddContact(ctx, apptest.As(w.owner), w.chart.ID, model.ContactInput{Relationship: model.RelLegalGuardian,
			New: model.NewPerson{FirstName: "Gail", LastName: "Guardian"}})
		if err != nil {
			t.Fatal(err)
		}
		noDocs, pn := portalUser(t, w, w.chart, gd.Person.ID, "Gail Guardian", model.AccessGuardian, model.Features{model.FeatureAppointments})
		other, err := w.h.App.Clients.Create(ctx, apptest.As(w.owner), model.ClientChange{FirstName: str("Sam"), LastName: str("Other"), AssignedClinicianID: &w.clin.ID})
		if err != nil {
			t.Fatal(err)
		}
		otherAccess, po := portalUser(t, w, other, other.PersonID, "Sam Other", model.AccessSelf, model.DefaultFeatures())
		for name, try := range map[string]struct {
			pp     model.PortalPrincipal
			access string
		}{"contact": {pc, contact}, "no documents permission": {pn, noDocs}, "another's access": {po, self}, "another chart": {po, otherAccess}} {
			if _, err := w.svc.PortalGet(ctx, try.pp, try.access, planID); !errors.Is(err, model.ErrNotFound) {
				t.Errorf("%s opened the plan: %v", name, err)
			}
			if _, err := w.svc.PortalSign(ctx, try.pp, try.access, planID, 2, try.pp.Name); !errors.Is(err, model.ErrNotFound) {
				t.Errorf("%s signed the plan: %v", name, err)
			}
			if l, err := w.svc.PortalList(ctx, try.pp, try.access); err == nil && len(l.Plans) > 0 {
				t.Errorf("%s listed the plan", name)
			}
		}
		// Unsharing takes it away at once.
		if _, err := w.svc.Share(ctx, clin, w.chart.ID, planID, false); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.PortalGet(ctx, client, self, planID); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("unshared plan still opens: %v", err)
		}
		// Reads and the signature are audited in the chart's practice, as the portal account.
		if f := w.h.App.Audit.Flush; f != nil {
			if err := f(ctx); err != nil {
				t.Fatal(err)
			}
		}
		var n int
		if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_events WHERE chart_id = $1 AND actor_id = $2
			AND action IN ('portal.plans.view', 'portal.plan.view', 'portal.plan.sign')`, w.chart.ID, client.AccountID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n < 6 {
			t.Errorf("audited portal reads and signature: %d", n)
		}
	})
}
