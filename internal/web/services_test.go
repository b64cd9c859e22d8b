package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/clients"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

// Issue 16, items 1 and 2: Settings → Services adds, edits, archives and restores services; each bad
// value (a rate below 0, 0 or 1440 minutes, a long name, a code with a space) comes back beside its field
// with what was typed; rates show as money.
// Proves AP-1, CL-4.
func TestServicesPage(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		h.Setup()
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		if !strings.Contains(string(c.Get("/settings").Body), `href="/settings/services"`) {
			t.Fatal("Settings does not link Services")
		}
		good := url.Values{"name": {"Psychotherapy, 60 minutes"}, "code": {"90837"}, "duration_minutes": {"60"}, "rate": {"160.50"}}
		for field, v := range map[string]string{"rate": "-150.00", "duration_minutes": "0", "name": strings.Repeat("n", 101), "code": "908 37"} {
			form := url.Values{}
			for k, vs := range good {
				form[k] = vs
			}
			form.Set(field, v)
			r := c.Post("/settings/services", form)
			body := string(r.Body)
			if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-`+field+`-error"`) || !strings.Contains(body, `value="`+v+`"`) {
				t.Errorf("bad %s: %d, message or typed value missing", field, r.StatusCode)
			}
		}
		form := url.Values{"name": {"Long"}, "duration_minutes": {"1440"}, "rate": {"10"}}
		if r := c.Post("/settings/services", form); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), `id="f-duration_minutes-error"`) {
			t.Errorf("1440 minutes: %d", r.StatusCode)
		}
		if r := c.Post("/settings/services", url.Values{"name": {"Negative"}, "duration_minutes": {"50"}, "rate": {"-1"}}); !strings.Contains(string(r.Body), "An amount cannot be below 0.") {
			t.Errorf("a rate below 0 is not refused with a clear message")
		}
		if r := c.Post("/settings/services", good); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("add: %d %s", r.StatusCode, r.Body)
		}
		list := string(c.Get("/settings/services").Body)
		if !strings.Contains(list, "Psychotherapy, 60 minutes") || !strings.Contains(list, "$160.50") || !strings.Contains(list, "90837") {
			t.Fatal("the list does not show the new service with its rate as money")
		}
		svID := regexp.MustCompile(`/settings/services/([0-9a-f-]{36})#edit-service`).FindStringSubmatch(list)[1]
		if edit := string(c.Get("/settings/services/" + svID).Body); !strings.Contains(edit, `value="160.50"`) {
			t.Error("the edit form does not hold the rate")
		}
		good.Set("rate", "175")
		if r := c.Post("/settings/services/"+svID, good); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d", r.StatusCode)
		}
		if !strings.Contains(string(c.Get("/settings/services").Body), "$175.00") {
			t.Error("the changed rate is not shown")
		}
		if r := c.Post("/settings/services/"+svID+"/archive", nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("archive: %d", r.StatusCode)
		}
		if strings.Contains(string(c.Get("/settings/services").Body), "Psychotherapy, 60 minutes") {
			t.Error("an archived service is still listed")
		}
		if !strings.Contains(string(c.Get("/settings/services?archived=1").Body), "Archived") {
			t.Error("archived services are not shown on request")
		}
		if r := c.Post("/settings/services/"+svID+"/restore", nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("restore: %d", r.StatusCode)
		}
	})
}

// Issue 16, items 1 and 2 (CL-4, CL-9, GR-2): the default service and insurance policies are set in
// Details and in the setup wizard's billing step; another practice's service is refused by its field; a
// second primary policy and an end before the start are refused with what was typed kept; a couple
// chart's policy is the identified patient's.
func TestDefaultServiceAndInsurancePages(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		h := apptest.New(t, d)
		_, owner := h.Setup()
		_, other := h.AddPractice("Elsewhere Therapy", "boss@elsewhere.example")
		as := apptest.As(owner)
		dur := 45
		sv, err := h.App.Services.Create(ctx, as, model.ServiceInput{Name: strp("Psychotherapy, 45 minutes"), Code: strp("90834"), DurationMinutes: &dur})
		if err != nil {
			t.Fatal(err)
		}
		theirs, err := h.App.Services.Create(ctx, apptest.As(other), model.ServiceInput{Name: strp("Theirs"), DurationMinutes: &dur})
		if err != nil {
			t.Fatal(err)
		}
		cl, err := h.App.Clients.Create(ctx, as, model.ClientChange{FirstName: strp("Robin"), LastName: strp("Rivera"), Sex: strp("female")})
		if err != nil {
			t.Fatal(err)
		}
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		base := "/clients/" + cl.ID

		// Details → Preferences.
		if form := string(c.Get(base + "/edit/preferences").Body); !strings.Contains(form, `name="default_service_id"`) || !strings.Contains(form, "Psychotherapy, 45 minutes") {
			t.Fatal("Preferences offers no default service")
		}
		r := c.Post(base+"/edit/preferences", url.Values{"billing_type": {"insurance"}, "default_service_id": {theirs.ID}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), `id="f-default_service_id-error"`) {
			t.Fatalf("another practice's service: %d", r.StatusCode)
		}
		if r := c.Post(base+"/edit/preferences", url.Values{"billing_type": {"insurance"}, "default_service_id": {sv.ID}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("save preferences: %d %s", r.StatusCode, r.Body)
		}
		details := string(c.Get(base + "?tab=details").Body)
		if !strings.Contains(details, "Psychotherapy, 45 minutes (90834)") || !strings.Contains(details, `id="h-insurance"`) {
			t.Fatal("Details shows neither the default service nor the Insurance panel")
		}

		// Insurance in Details.
		pol := url.Values{"payer": {"Aetna"}, "member_id": {"W123"}, "subscriber_relationship": {"self"}, "priority": {"primary"}, "starts_on": {"2025-01-01"}}
		if r := c.Post(base+"/insurance", pol); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("add policy: %d %s", r.StatusCode, r.Body)
		}
		pol.Set("payer", "Cigna Second")
		r = c.Post(base+"/insurance", pol)
		if body := string(r.Body); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-priority-error"`) || !strings.Contains(body, `value="Cigna Second"`) {
			t.Errorf("a second primary: %d", r.StatusCode)
		}
		pol.Set("priority", "secondary")
		pol.Set("ends_on", "2024-12-31")
		if r := c.Post(base+"/insurance", pol); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), `id="f-ends_on-error"`) {
			t.Errorf("an end before the start: %d", r.StatusCode)
		}
		v, err := h.App.Clients.Insurance(ctx, as, cl.ID)
		if err != nil || len(v.Policies) != 1 || v.Policies[0].Payer != "Aetna" {
			t.Fatalf("policies: %+v, %v", v.Policies, err)
		}
		polID := v.Policies[0].ID
		if edit := string(c.Get(base + "/insurance/" + polID).Body); !strings.Contains(edit, `value="W123"`) {
			t.Error("the policy's edit form is not filled in")
		}
		pol = url.Values{"payer": {"Aetna Choice"}, "member_id": {"W123"}, "priority": {"primary"}}
		if r := c.Post(base+"/insurance/"+polID, pol); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("edit policy: %d", r.StatusCode)
		}
		if !strings.Contains(string(c.Get(base+"?tab=details").Body), "Aetna Choice") {
			t.Error("the changed policy is not shown")
		}
		if r := c.Post(base+"/insurance/"+polID+"/delete", nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("remove policy: %d", r.StatusCode)
		}

		// The wizard's billing step: default service, then insurance on the same step.
		cl2, err := h.App.Clients.Create(ctx, as, model.ClientChange{FirstName: strp("Sam"), LastName: strp("Stone"), Sex: strp("male")})
		if err != nil {
			t.Fatal(err)
		}
		setup := "/clients/" + cl2.ID + "/setup/billing"
		if step := string(c.Get(setup).Body); !strings.Contains(step, `name="default_service_id"`) {
			t.Fatal("the billing step offers no default service")
		}
		r = c.Post(setup, url.Values{"action": {"save"}, "billing_type": {"insurance"}, "default_service_id": {sv.ID}})
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != setup+"#insurance" {
			t.Fatalf("billing step: %d to %q", r.StatusCode, r.Header.Get("Location"))
		}
		if step := string(c.Get(setup).Body); !strings.Contains(step, `id="h-insurance"`) || !strings.Contains(step, `name="return" value="setup"`) {
			t.Fatal("the billing step shows no insurance form")
		}
		r = c.Post("/clients/"+cl2.ID+"/insurance", url.Values{"return": {"setup"}, "payer": {"United"}, "starts_on": {"2025-13-01"}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "Step 5 of") || !strings.Contains(string(r.Body), `id="f-starts_on-error"`) {
			t.Errorf("a bad date in the wizard: %d", r.StatusCode)
		}
		r = c.Post("/clients/"+cl2.ID+"/insurance", url.Values{"return": {"setup"}, "payer": {"United"}})
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != setup+"#insurance" {
			t.Fatalf("policy in the wizard: %d to %q", r.StatusCode, r.Header.Get("Location"))
		}
		if got, _ := h.App.Clients.Get(ctx, as, cl2.ID); got.DefaultServiceID != sv.ID || got.BillingType != model.BillingInsurance {
			t.Errorf("wizard saved %q %q", got.DefaultServiceID, got.BillingType)
		}

		// GR-2: a couple chart's policy is its identified patient's.
		g, err := h.App.Clients.CreateGroup(ctx, as, clients.GroupInput{Change: model.ClientChange{GroupName: strp("Rivera-Stone")},
			Members: []model.MemberInput{{ClientID: cl.ID}, {ClientID: cl2.ID, IdentifiedPatient: true}}})
		if err != nil {
			t.Fatal(err)
		}
		if r := c.Post("/clients/"+g.ID+"/edit/preferences", url.Values{"billing_type": {"insurance"}, "default_service_id": {sv.ID}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("group preferences: %d %s", r.StatusCode, r.Body)
		}
		if members := string(c.Get("/clients/" + g.ID + "?tab=members").Body); !strings.Contains(members, "identified patient's insurance (Sam Stone)") {
			t.Fatal("the Members tab does not say whose insurance a couple chart uses")
		}
		if r := c.Post("/clients/"+g.ID+"/insurance", url.Values{"payer": {"Blue Cross"}, "subscriber_relationship": {"spouse"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("group policy: %d", r.StatusCode)
		}
		gv, err := h.App.Clients.Insurance(ctx, as, g.ID)
		if err != nil || len(gv.Policies) != 1 || gv.Policies[0].PersonID != cl2.PersonID {
			t.Errorf("group policy is not the identified patient's: %+v, %v", gv.Policies, err)
		}
	})
}
