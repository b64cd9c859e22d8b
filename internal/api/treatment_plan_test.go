package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/plans"
	"tend/internal/testdb"
)

type planVersionOut struct {
	Number     int    `json:"number"`
	SHA256     string `json:"sha256"`
	Source     string `json:"source"`
	AuthorName string `json:"author_name"`
	Signatures []struct {
		Role      string `json:"role"`
		TypedName string `json:"typed_name"`
		SHA256    string `json:"sha256"`
	} `json:"signatures"`
	Content *model.PlanContent `json:"content"`
}

type planOut struct {
	ID             string `json:"id"`
	State          string `json:"state"`
	Title          string `json:"title"`
	CurrentVersion int    `json:"current_version"`
	Shared         bool   `json:"shared"`
}

type planSavedOut struct {
	Plan      planOut        `json:"plan"`
	Version   planVersionOut `json:"version"`
	Unchanged bool           `json:"unchanged"`
}

type planViewOut struct {
	planOut
	Version       planVersionOut `json:"version"`
	Newest        bool           `json:"newest"`
	SignedVersion int            `json:"signed_version"`
	ReviewDue     bool           `json:"review_due"`
	Progress      []struct {
		Objective, Name string
		Known           bool
		Below           int
	} `json:"progress"`
	Can struct{ View, Change, Sign bool } `json:"can"`
}

type planVersionsOut struct {
	Items      []planVersionOut `json:"items"`
	NextBefore int              `json:"next_before"`
}

// signedIn gives st their own password and signs them in.
func signedIn(t *testing.T, h *apptest.Harness, st model.Staff) *apptest.Client {
	t.Helper()
	const pw = "a long own passphrase here"
	if err := h.App.Accounts.ChangePassword(t.Context(), apptest.As(st), apptest.StrongPassword, pw, false); err != nil {
		t.Fatal(err)
	}
	c := h.Client()
	c.Login(st.Email, pw)
	return c
}

// planBody is a plan's content as a client sends it: a measured objective under a goal.
func planBody(dxID, goal, today string) map[string]any {
	return map[string]any{"title": "Treatment plan", "review_date": today,
		"diagnoses": []map[string]any{{"diagnosis_id": dxID, "code": "Z00.00", "description": "Sent, and ignored"}},
		"problems": []map[string]any{{"statement": "Low mood most days.",
			"goals": []map[string]any{{"statement": goal, "objectives": []map[string]any{{"statement": "PHQ-9 below 10", "target_date": today,
				"measure": map[string]any{"scoring": "phq9", "below": 10}}}}},
			"interventions": []map[string]any{{"modality": "Cognitive behavioural therapy", "frequency": "Weekly"}}}},
		"narrative": "## Summary\n\nWeekly sessions."}
}

// Issue 15, item 8: a plan through the API: created, read with its progress and caps, saved as new
// versions against a base version (a stale one is 409, the same content 200 unchanged), signed, listed by
// version, restored, shared and closed; every version stays as it was saved, its sha256 that of its content.
// Proves TP-1.
func TestTreatmentPlansAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		clin := h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
		chart, err := h.App.Clients.Create(t.Context(), apptest.As(owner), model.ClientChange{FirstName: strp("Robin"), LastName: strp("Rivera"), AssignedClinicianID: &clin.ID})
		if err != nil {
			t.Fatal(err)
		}
		dx, err := h.App.Clinical.AddDiagnosis(t.Context(), apptest.As(clin), chart.ID, model.DiagnosisInput{Code: "F33.1", Primary: true})
		if err != nil {
			t.Fatal(err)
		}
		c := signedIn(t, h, clin)
		today := h.Clock.Now().Format(time.DateOnly)
		base := "/api/v1/clients/" + chart.ID + "/treatment-plans"

		r := c.API("POST", base, planBody(dx.ID, "See friends again", today))
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("create: %d %s", r.StatusCode, r.Body)
		}
		var made planSavedOut
		r.JSON(t, &made)
		if made.Version.Number != 1 || made.Plan.CurrentVersion != 1 || made.Version.Content == nil || made.Version.Content.Diagnoses[0].Code != "F33.1" ||
			made.Version.Content.Diagnoses[0].Description == "Sent, and ignored" || made.Version.AuthorName != "Cal Clinician" {
			t.Fatalf("created: %s", r.Body)
		}
		plan := base + "/" + made.Plan.ID

		var v planViewOut
		c.API("GET", plan, nil).JSON(t, &v)
		if v.Version.Number != 1 || !v.Newest || v.SignedVersion != 0 || !v.ReviewDue || !v.Can.Change || !v.Can.Sign || len(v.Progress) != 1 ||
			v.Progress[0].Objective != "problems.0.goals.0.objectives.0" || v.Progress[0].Name != "PHQ-9" || v.Progress[0].Known || v.Progress[0].Below != 10 {
			t.Fatalf("newest: %+v", v)
		}
		var list struct {
			Items []struct {
				ID              string `json:"id"`
				ClinicianSigned *bool  `json:"clinician_signed"`
				ReviewDue       *bool  `json:"review_due"`
			}
		}
		c.API("GET", base, nil).JSON(t, &list)
		if len(list.Items) != 1 || list.Items[0].ID != made.Plan.ID || list.Items[0].ClinicianSigned == nil || *list.Items[0].ClinicianSigned ||
			list.Items[0].ReviewDue == nil || !*list.Items[0].ReviewDue {
			t.Fatalf("list: %+v", list)
		}

		// Version 2; the same content again adds nothing; a save from version 1 now is stale.
		v2 := planBody(dx.ID, "See two friends a week", today)
		v2["base_version"] = 1
		var saved planSavedOut
		r = c.API("PUT", plan, v2)
		r.JSON(t, &saved)
		if r.StatusCode != http.StatusOK || saved.Version.Number != 2 || saved.Unchanged || saved.Plan.CurrentVersion != 2 {
			t.Fatalf("put: %d %s", r.StatusCode, r.Body)
		}
		v2["base_version"] = 2
		r = c.API("PUT", plan, v2)
		r.JSON(t, &saved)
		if r.StatusCode != http.StatusOK || !saved.Unchanged || saved.Version.Number != 2 {
			t.Fatalf("unchanged put: %d %s", r.StatusCode, r.Body)
		}
		stale := planBody(dx.ID, "Typed in an old tab", today)
		stale["base_version"] = 1
		if r := c.API("PUT", plan, stale); r.StatusCode != http.StatusConflict || r.Err(t).Error.Code != "conflict" ||
			!strings.Contains(r.Err(t).Error.Fields["base_version"], "version 2") {
			t.Fatalf("stale put: %d %s", r.StatusCode, r.Body)
		}
		if r := c.API("PUT", plan, planBody(dx.ID, "No base", today)); r.StatusCode != http.StatusUnprocessableEntity || r.Err(t).Error.Fields["base_version"] == "" {
			t.Fatalf("put without base_version: %d %s", r.StatusCode, r.Body)
		}

		// Sign version 2 (only the newest, once); the list says so.
		if r := c.API("POST", plan+"/sign", map[string]any{"version": 1, "full_name": "Cal Clinician"}); r.StatusCode != http.StatusConflict {
			t.Fatalf("signed an older version: %d %s", r.StatusCode, r.Body)
		}
		if r := c.API("POST", plan+"/sign", map[string]any{"full_name": "Cal Clinician"}); r.StatusCode != http.StatusUnprocessableEntity || r.Err(t).Error.Fields["version"] == "" {
			t.Fatalf("signed without a version: %d %s", r.StatusCode, r.Body)
		}
		if r := c.API("POST", plan+"/sign", map[string]any{"version": 2, "full_name": "Someone Else"}); r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("signed with another name: %d %s", r.StatusCode, r.Body)
		}
		var signed planVersionOut
		r = c.API("POST", plan+"/sign", map[string]any{"version": 2, "full_name": "Cal Clinician"})
		r.JSON(t, &signed)
		if r.StatusCode != http.StatusOK || len(signed.Signatures) != 1 || signed.Signatures[0].SHA256 != saved.Version.SHA256 || signed.Signatures[0].Role != "clinician" {
			t.Fatalf("sign: %d %s", r.StatusCode, r.Body)
		}
		if r := c.API("POST", plan+"/sign", map[string]any{"version": 2, "full_name": "Cal Clinician"}); r.StatusCode != http.StatusConflict {
			t.Fatalf("signed twice: %d", r.StatusCode)
		}

		// The versions, newest first, without content, on one page.
		var page planVersionsOut
		r = c.API("GET", plan+"/versions", nil)
		r.JSON(t, &page)
		if len(page.Items) != 2 || page.Items[0].Number != 2 || page.Items[0].Content != nil || len(page.Items[0].Signatures) != 1 || page.NextBefore != 0 ||
			strings.Contains(string(r.Body), "friends") {
			t.Fatalf("versions: %s", r.Body)
		}

		// Restore version 1: a new version 3 with version 1's content, unsigned.
		var back planSavedOut
		r = c.API("POST", plan+"/versions/1/restore", nil)
		r.JSON(t, &back)
		if r.StatusCode != http.StatusCreated || back.Version.Number != 3 || back.Version.SHA256 != made.Version.SHA256 || back.Version.Source != "restored" ||
			len(back.Version.Signatures) != 0 {
			t.Fatalf("restore: %d %s", r.StatusCode, r.Body)
		}
		if r := c.API("POST", plan+"/versions/3/restore", nil); r.StatusCode != http.StatusConflict {
			t.Fatalf("restore the newest: %d", r.StatusCode)
		}
		for _, bad := range []string{"/versions/9", "/versions/0", "/versions/x", "/versions/9/restore"} {
			method := "GET"
			if strings.HasSuffix(bad, "restore") {
				method = "POST"
			}
			if r := c.API(method, plan+bad, nil); r.StatusCode != http.StatusNotFound {
				t.Errorf("%s %s: %d, want 404", method, bad, r.StatusCode)
			}
		}

		// Share: the portal would show version 2, the newest signed one.
		var pl planOut
		r = c.API("POST", plan+"/share", map[string]any{"shared": true})
		r.JSON(t, &pl)
		if r.StatusCode != http.StatusOK || !pl.Shared {
			t.Fatalf("share: %d %s", r.StatusCode, r.Body)
		}
		c.API("GET", plan, nil).JSON(t, &v)
		if v.Version.Number != 3 || v.SignedVersion != 2 || !v.Shared {
			t.Fatalf("after sharing: %+v", v)
		}
		if r := c.API("POST", plan+"/share", map[string]any{}); r.StatusCode != http.StatusUnprocessableEntity || r.Err(t).Error.Fields["shared"] == "" {
			t.Fatalf("share without shared: %d %s", r.StatusCode, r.Body)
		}

		// Close: the plan stays readable and refuses changes.
		if r := c.API("PATCH", plan, map[string]any{"state": "paused"}); r.StatusCode != http.StatusUnprocessableEntity || r.Err(t).Error.Fields["state"] == "" {
			t.Fatalf("bad state: %d %s", r.StatusCode, r.Body)
		}
		r = c.API("PATCH", plan, map[string]any{"state": "closed"})
		r.JSON(t, &pl)
		if r.StatusCode != http.StatusOK || pl.State != "closed" {
			t.Fatalf("close: %d %s", r.StatusCode, r.Body)
		}
		v2["base_version"] = 3
		v2["title"] = "After closing"
		if r := c.API("PUT", plan, v2); r.StatusCode != http.StatusConflict {
			t.Fatalf("put on a closed plan: %d %s", r.StatusCode, r.Body)
		}

		// Version 1 reads as it was saved, its sha256 that of its content.
		var one planViewOut
		c.API("GET", plan+"/versions/1", nil).JSON(t, &one)
		if one.Version.Number != 1 || one.Newest || one.Version.SHA256 != made.Version.SHA256 || one.Version.Content == nil ||
			one.Version.Content.SHA256() != made.Version.SHA256 || one.Version.Content.Problems[0].Goals[0].Statement != "See friends again" {
			t.Fatalf("version 1 after later saves: %+v", one.Version)
		}
		var two planViewOut
		c.API("GET", plan+"/versions/2", nil).JSON(t, &two)
		if len(two.Version.Signatures) != 1 || two.Version.Content.SHA256() != two.Version.SHA256 || two.Version.Signatures[0].SHA256 != two.Version.SHA256 {
			t.Fatalf("version 2 after later saves: %+v", two.Version)
		}
	})
}

// Issue 15, item 2: a plan's versions page by key, 50 at a time, newest first.
// Proves TP-1.
func TestTreatmentPlanVersionsPage(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		chart, err := h.App.Clients.Create(t.Context(), apptest.As(owner), model.ClientChange{FirstName: strp("Sam"), LastName: strp("Stone")})
		if err != nil {
			t.Fatal(err)
		}
		as := apptest.As(owner)
		made, err := h.App.Plans.Create(t.Context(), as, chart.ID, plans.SaveInput{Content: model.PlanContent{Title: "Version 1"}})
		if err != nil {
			t.Fatal(err)
		}
		for n := 2; n <= plans.VersionsPageSize+2; n++ {
			if _, err := h.App.Plans.Save(t.Context(), as, chart.ID, made.Plan.ID, plans.SaveInput{Content: model.PlanContent{Title: fmt.Sprint("Version ", n)}, BaseVersion: n - 1}); err != nil {
				t.Fatal(err)
			}
		}
		versions := "/api/v1/clients/" + chart.ID + "/treatment-plans/" + made.Plan.ID + "/versions"
		var page planVersionsOut
		c.API("GET", versions, nil).JSON(t, &page)
		if len(page.Items) != plans.VersionsPageSize || page.Items[0].Number != 52 || page.Items[49].Number != 3 || page.NextBefore != 3 {
			t.Fatalf("first page: %d items, %d…%d, next_before %d", len(page.Items), page.Items[0].Number, page.Items[len(page.Items)-1].Number, page.NextBefore)
		}
		page = planVersionsOut{}
		c.API("GET", fmt.Sprintf("%s?before=%d", versions, 3), nil).JSON(t, &page)
		if len(page.Items) != 2 || page.Items[0].Number != 2 || page.Items[1].Number != 1 || page.NextBefore != 0 {
			t.Fatalf("last page: %+v", page)
		}
		if r := c.API("GET", versions+"?before=latest", nil); r.StatusCode != http.StatusUnprocessableEntity || r.Err(t).Error.Fields["before"] == "" {
			t.Fatalf("bad key: %d %s", r.StatusCode, r.Body)
		}
	})
}

// Issue 15, bad input through the API: a target date before the plan, an assessment the practice does not
// use, a 1 MB narrative and a diagnosis not on the chart each come back as 422 under the field's own name,
// and nothing is stored. Proves TP-1.
func TestTreatmentPlanBadInputAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		c := h.Client()
		c.Login("owner@example.org", apptest.StrongPassword)
		chart, err := h.App.Clients.Create(t.Context(), apptest.As(owner), model.ClientChange{FirstName: strp("Ann"), LastName: strp("Ash")})
		if err != nil {
			t.Fatal(err)
		}
		dx, err := h.App.Clinical.AddDiagnosis(t.Context(), apptest.As(owner), chart.ID, model.DiagnosisInput{Code: "F41.1"})
		if err != nil {
			t.Fatal(err)
		}
		today := h.Clock.Now().Format(time.DateOnly)
		base := "/api/v1/clients/" + chart.ID + "/treatment-plans"
		body := planBody(dx.ID, "Worry less", today)
		goal := body["problems"].([]map[string]any)[0]["goals"].([]map[string]any)[0]
		goal["objectives"] = []map[string]any{
			{"statement": "Sleep seven hours", "target_date": h.Clock.Now().AddDate(0, 0, -2).Format(time.DateOnly)},
			{"statement": "Depression measured", "measure": map[string]any{"scoring": "bdi2", "below": 10}},
		}
		body["narrative"] = strings.Repeat("a", 1000*1000)
		body["diagnoses"] = []map[string]any{{"diagnosis_id": dx.ID}, {"diagnosis_id": id.New()}}
		r := c.API("POST", base, body)
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("bad plan: %d %.300s", r.StatusCode, r.Body)
		}
		fields := r.Err(t).Error.Fields
		for field, want := range map[string]string{
			"problems.0.goals.0.objectives.0.target_date": "before the plan began",
			"problems.0.goals.0.objectives.1.measure":     "PHQ-9 or GAD-7",
			"narrative": "at most 48 KB",
			"diagnoses": "this chart's",
		} {
			if !strings.Contains(fields[field], want) {
				t.Errorf("%s: %q, want %q (all: %v)", field, fields[field], want, fields)
			}
		}
		if r := c.API("POST", base, map[string]any{"title": "Plan", "goals": []string{}}); r.StatusCode != http.StatusBadRequest {
			t.Errorf("an unknown field: %d %s", r.StatusCode, r.Body)
		}
		var list struct{ Items []planOut }
		c.API("GET", base, nil).JSON(t, &list)
		if len(list.Items) != 0 {
			t.Fatalf("a refused plan was stored: %+v", list.Items)
		}
	})
}

// Issue 15: plans are clinical information. Billing staff and another practice get 404 as for a missing
// plan; an admin too, until the practice lets admins see clinical information; a supervisor reads a
// supervisee's plan but changes nothing on it (403). Proves TP-1.
func TestTreatmentPlanReachAPI(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		_, owner := h.Setup()
		clin := h.AddStaff(owner, "Cal Clinician", "cal@example.org", model.RoleClinician)
		sup := h.AddStaff(owner, "Sue Supervisor", "sue@example.org", model.RoleSupervisor)
		if _, err := h.App.Accounts.UpdateStaff(t.Context(), apptest.As(owner), clin.ID, model.StaffChange{SupervisorID: &sup.ID}); err != nil {
			t.Fatal(err)
		}
		chart, err := h.App.Clients.Create(t.Context(), apptest.As(owner), model.ClientChange{FirstName: strp("Robin"), LastName: strp("Rivera"), AssignedClinicianID: &clin.ID})
		if err != nil {
			t.Fatal(err)
		}
		made, err := h.App.Plans.Create(t.Context(), apptest.As(clin), chart.ID, plans.SaveInput{Content: model.PlanContent{Title: "Plan", Narrative: "Private words"}})
		if err != nil {
			t.Fatal(err)
		}
		base := "/api/v1/clients/" + chart.ID + "/treatment-plans"
		plan := base + "/" + made.Plan.ID
		reads := []string{base, plan, plan + "/versions", plan + "/versions/1"}
		put := map[string]any{"base_version": 1, "title": "Changed"}

		bill := signedIn(t, h, h.AddStaff(owner, "Bea Billing", "bea@example.org", model.RoleBilling))
		admin := signedIn(t, h, h.AddStaff(owner, "Ada Admin", "ada@example.org", model.RoleAdmin))
		_, otherOwner := h.AddPractice("Elsewhere Therapy", "boss@elsewhere.example")
		other := h.Client()
		other.Login(otherOwner.Email, apptest.StrongPassword)
		for who, c := range map[string]*apptest.Client{"billing": bill, "admin": admin, "another practice": other} {
			for _, path := range reads {
				if r := c.API("GET", path, nil); r.StatusCode != http.StatusNotFound || strings.Contains(string(r.Body), "Private") {
					t.Errorf("%s GET %s: %d, want 404", who, path, r.StatusCode)
				}
			}
			if r := c.API("PUT", plan, put); r.StatusCode != http.StatusNotFound {
				t.Errorf("%s PUT: %d, want 404", who, r.StatusCode)
			}
			if r := c.API("POST", base, map[string]any{"title": "Theirs"}); r.StatusCode != http.StatusNotFound {
				t.Errorf("%s POST: %d, want 404", who, r.StatusCode)
			}
		}

		// The practice lets admins see clinical information: the admin reads and changes plans, never signs.
		oc := h.Client()
		oc.Login("owner@example.org", apptest.StrongPassword)
		if r := oc.API("PATCH", "/api/v1/practice", map[string]any{"admin_sees_clinical": true}); r.StatusCode != http.StatusOK {
			t.Fatalf("setting: %d %s", r.StatusCode, r.Body)
		}
		for _, path := range reads {
			if r := admin.API("GET", path, nil); r.StatusCode != http.StatusOK {
				t.Errorf("admin GET %s with the setting: %d, want 200", path, r.StatusCode)
			}
		}
		var v planViewOut
		admin.API("GET", plan, nil).JSON(t, &v)
		if !v.Can.View || !v.Can.Change || v.Can.Sign {
			t.Errorf("admin's caps: %+v", v.Can)
		}
		if r := admin.API("POST", plan+"/sign", map[string]any{"version": 1, "full_name": "Ada Admin"}); r.StatusCode != http.StatusNotFound {
			t.Errorf("admin signs: %d, want 404", r.StatusCode)
		}
		if r := bill.API("GET", plan, nil); r.StatusCode != http.StatusNotFound {
			t.Errorf("billing with the setting: %d, want 404", r.StatusCode)
		}

		// A supervisor reads the supervisee's plan and changes nothing.
		sc := signedIn(t, h, sup)
		sc.API("GET", plan, nil).JSON(t, &v)
		if v.ID != made.Plan.ID || v.Can.Change || v.Can.Sign {
			t.Fatalf("supervisor's view: %+v", v)
		}
		for _, ch := range []struct {
			method, path string
			body         any
		}{
			{"PUT", plan, put}, {"PATCH", plan, map[string]any{"state": "closed"}}, {"POST", plan + "/sign", map[string]any{"version": 1, "full_name": "Sue Supervisor"}},
			{"POST", plan + "/share", map[string]any{"shared": true}}, {"POST", base, map[string]any{"title": "Mine"}},
		} {
			if r := sc.API(ch.method, ch.path, ch.body); r.StatusCode != http.StatusForbidden {
				t.Errorf("supervisor %s %s: %d, want 403", ch.method, ch.path, r.StatusCode)
			}
		}
		if cur, err := h.App.Plans.Get(t.Context(), apptest.As(clin), chart.ID, made.Plan.ID, 0); err != nil || cur.Plan.CurrentVersion != 1 || cur.Plan.State != model.PlanActive {
			t.Fatalf("the plan after refused changes: %+v %v", cur.Plan, err)
		}
	})
}
