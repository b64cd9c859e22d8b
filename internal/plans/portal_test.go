package plans_test

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/password"
	"tend/internal/plans"
	"tend/internal/store"
	"tend/internal/testdb"
)

const portalPassword = "another correct horse battery staple"

// portalUser gives a person access to chart c through a portal account named name; it returns the
// access and the principal the portal would sign them in as.
func portalUser(t *testing.T, w world, c model.Client, personID, name string, role model.AccessRole, perms model.Features) (string, model.PortalPrincipal) {
	t.Helper()
	now := w.h.Clock.Now()
	email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.net"
	acct := model.PortalAccount{ID: id.New(), Email: email, Name: name, CreatedAt: now}
	a := model.PortalAccess{ID: id.New(), PracticeID: c.PracticeID, ChartID: c.ID, PersonID: personID, Role: role, Permissions: perms,
		Email: email, AccountID: acct.ID, State: model.AccessActive, CreatedAt: now}
	hash, err := password.Hash(portalPassword)
	if err != nil {
		t.Fatal(err)
	}
	err = w.h.App.Outbox.Store.Tx(ctx, func(q store.Q) error {
		if err := store.InsertPortalAccount(ctx, q, acct, hash); err != nil {
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

// Issue 15, item 3: the portal's pages and API. The chart's portal home links the plan and lists it under
// To do now while it waits for the client's signature; the plan page signs with the typed name (a wrong
// one is refused with the message, and what was typed stays); afterwards it says when the client signed.
// The API lists, shows and signs the same version; a second signature is a conflict.
// Proves PT-10, PT-9.
func TestPortalPlanPagesAndAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		clin := apptest.As(w.clin)
		self, client := portalUser(t, w, w.chart, w.chart.PersonID, "Robin Rivera", model.AccessSelf, model.DefaultFeatures())
		c := w.h.Client()
		if r := c.API("POST", "/api/v1/portal/login", map[string]string{"email": client.Email, "password": portalPassword}); r.StatusCode != http.StatusOK {
			t.Fatalf("portal login: %d %s", r.StatusCode, r.Body)
		}
		home := "/portal/c/" + self
		if r := c.Get(home); r.StatusCode != http.StatusOK || strings.Contains(string(r.Body), "/plans") {
			t.Fatalf("chart page before any plan: %d, links plans: %t", r.StatusCode, strings.Contains(string(r.Body), "/plans"))
		}
		made, err := w.svc.Create(ctx, clin, w.chart.ID, plans.SaveInput{Content: w.content("Walk <b>daily</b>")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Sign(ctx, clin, w.chart.ID, made.Plan.ID, 1, "Cal Clinician"); err != nil {
			t.Fatal(err)
		}
		page := home + "/plans/" + made.Plan.ID
		if r := c.Get(page); r.StatusCode != http.StatusNotFound {
			t.Fatalf("unshared plan page: %d", r.StatusCode)
		}
		if _, err := w.svc.Share(ctx, clin, w.chart.ID, made.Plan.ID, true); err != nil {
			t.Fatal(err)
		}
		body := string(c.Get(home).Body)
		if !strings.Contains(body, `href="`+home+`/plans"`) || !strings.Contains(body, `href="`+page+`">Treatment plan — waiting for your signature`) {
			t.Fatalf("chart page does not link the plan or list it to do:\n%s", body)
		}
		r := c.Get(page)
		if r.StatusCode != http.StatusOK || !strings.Contains(string(r.Body), "Walk &lt;b&gt;daily&lt;/b&gt;") || !strings.Contains(string(r.Body), `name="full_name"`) {
			t.Fatalf("plan page: %d\n%s", r.StatusCode, r.Body)
		}
		r = c.Post(page+"/sign", url.Values{"version": {"1"}, "full_name": {"Not Robin"}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "as it is on your account") || !strings.Contains(string(r.Body), `value="Not Robin"`) {
			t.Fatalf("wrong name: %d\n%s", r.StatusCode, r.Body)
		}
		if r = c.Post(page+"/sign", url.Values{"version": {"1"}, "full_name": {"Robin Rivera"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign: %d %s", r.StatusCode, r.Body)
		}
		if body := string(c.Get(page).Body); !strings.Contains(body, "You signed this on") || strings.Contains(body, `name="full_name"`) {
			t.Fatalf("after signing:\n%s", body)
		}
		if body := string(c.Get(home).Body); strings.Contains(body, "waiting for your signature") {
			t.Fatal("the signed plan is still to do")
		}

		var list struct {
			Items []struct {
				ID          string `json:"id"`
				Version     int    `json:"version"`
				SignedByYou bool   `json:"signed_by_you"`
			} `json:"items"`
		}
		api := "/api/v1/portal/charts/" + self + "/treatment-plans"
		c.Get(api).JSON(t, &list)
		if len(list.Items) != 1 || list.Items[0].ID != made.Plan.ID || list.Items[0].Version != 1 || !list.Items[0].SignedByYou {
			t.Fatalf("API list: %+v", list.Items)
		}
		var one struct {
			Version    int `json:"version"`
			Signatures []struct {
				Role  string `json:"role"`
				Yours bool   `json:"yours"`
			} `json:"signatures"`
			CanSign bool `json:"can_sign"`
		}
		c.Get(api+"/"+made.Plan.ID).JSON(t, &one)
		if one.Version != 1 || len(one.Signatures) != 2 || !one.Signatures[1].Yours || one.Signatures[1].Role != "client" || one.CanSign {
			t.Fatalf("API plan: %+v", one)
		}
		if r := c.API("POST", api+"/"+made.Plan.ID+"/sign", map[string]any{"version": 1, "full_name": "Robin Rivera"}); r.StatusCode != http.StatusConflict {
			t.Fatalf("signed twice through the API: %d %s", r.StatusCode, r.Body)
		}
		if r := c.Get(api + "/" + id.New()); r.StatusCode != http.StatusNotFound {
			t.Fatalf("a missing plan: %d", r.StatusCode)
		}
	})
}
