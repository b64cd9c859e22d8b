package tasks_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/clients"
	"tend/internal/db"
	"tend/internal/files"
	"tend/internal/model"
	"tend/internal/store"
	"tend/internal/tasks"
	"tend/internal/testdb"
)

const pw = "another correct horse battery staple"

func strp(s string) *string { return &s }

type world struct {
	h                *apptest.Harness
	owner, clin, bil model.Staff
	chart            model.Client // Jo, an individual chart assigned to clin
	selfAccess       string       // Jo's portal access, with tasks
	family           model.Client // a family chart with members Ann and Ben, assigned to clin
	annPerson        string
	annMember        string // Ann's member chart
	annAccess        string
	benAccess        string
	staff            *apptest.Client // clin, signed in
}

func newWorld(t *testing.T, d *db.DB) world {
	t.Helper()
	ctx := context.Background()
	h := apptest.New(t, d)
	pr, owner := h.Setup()
	w := world{h: h, owner: owner}
	w.clin = h.AddStaff(owner, "Casey Clinician", "casey@example.org", model.RoleClinician)
	w.bil = h.AddStaff(owner, "Bill Billing", "bill@example.org", model.RoleBilling)
	c, err := h.App.Clients.Create(ctx, apptest.As(owner), model.ClientChange{FirstName: strp("Jo"), LastName: strp("Client"), AssignedClinicianID: &w.clin.ID})
	if err != nil {
		t.Fatal(err)
	}
	w.chart = c
	w.selfAccess = portalUser(t, h, pr, c, c.PersonID, "jo@example.net", model.AccessSelf)
	fam, err := h.App.Clients.CreateGroup(ctx, apptest.As(owner), clients.GroupInput{
		Change:  model.ClientChange{GroupName: strp("Family Doe"), AssignedClinicianID: &w.clin.ID},
		Members: []model.MemberInput{{New: model.NewPerson{FirstName: "Ann", LastName: "Doe"}}, {New: model.NewPerson{FirstName: "Ben", LastName: "Doe"}}}})
	if err != nil {
		t.Fatal(err)
	}
	w.family = fam
	ms, err := store.MembersOf(ctx, h.App.Outbox.Store.R(), fam.ID)
	if err != nil || len(ms) != 2 {
		t.Fatalf("members: %v %d", err, len(ms))
	}
	for _, m := range ms {
		if m.Client.FirstName == "Ann" {
			w.annPerson, w.annMember = m.Client.PersonID, m.Client.ID
			w.annAccess = portalUser(t, h, pr, fam, m.Client.PersonID, "ann@example.net", model.AccessMember)
		} else {
			w.benAccess = portalUser(t, h, pr, fam, m.Client.PersonID, "ben@example.net", model.AccessMember)
		}
	}
	w.staff = w.signIn(t, w.clin)
	return w
}

// signIn signs a staff member in and replaces their temporary password.
func (w world) signIn(t *testing.T, st model.Staff) *apptest.Client {
	t.Helper()
	c := w.h.Client()
	c.Login(st.Email, apptest.StrongPassword)
	if st.Role != model.RoleOwner {
		if r := c.API("POST", "/api/v1/me/password", map[string]string{"current_password": apptest.StrongPassword, "new_password": "a passphrase of " + st.Email}); r.StatusCode != 204 {
			t.Fatalf("password: %d %s", r.StatusCode, r.Body)
		}
	}
	return c
}

func portalUser(t *testing.T, h *apptest.Harness, pr model.Practice, c model.Client, personID, email string, role model.AccessRole) string {
	t.Helper()
	return h.PortalUser(model.Client{ID: c.ID, PracticeID: pr.ID, PersonID: c.PersonID}, personID, email, email, pw, role, nil).ID
}

// portal signs a portal user in.
func (w world) portal(t *testing.T, email string) *apptest.Client {
	t.Helper()
	c := w.h.Client()
	if r := c.API("POST", "/api/v1/portal/login", map[string]string{"email": email, "password": pw}); r.StatusCode != http.StatusOK {
		t.Fatalf("portal login: %d %s", r.StatusCode, r.Body)
	}
	return c
}

type taskOut struct {
	ID      string  `json:"id"`
	Title   string  `json:"title"`
	Status  string  `json:"status"`
	Reply   string  `json:"reply"`
	DoneBy  *string `json:"done_by"`
	Overdue bool    `json:"overdue"`
	HTML    string  `json:"instructions_html"`
}

func (w world) create(t *testing.T, chartID string, body map[string]any) taskOut {
	t.Helper()
	r := w.staff.API("POST", "/api/v1/clients/"+chartID+"/tasks", body)
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("create task: %d %s", r.StatusCode, r.Body)
	}
	var out taskOut
	r.JSON(t, &out)
	return out
}

func (w world) day(offset int) string {
	return w.h.Clock.Now().UTC().AddDate(0, 0, offset).Format(time.DateOnly)
}

type portalList struct {
	Open []taskOut `json:"open"`
	Done []taskOut `json:"done"`
}

func has(ts []taskOut, taskID string) bool {
	for _, x := range ts {
		if x.ID == taskID {
			return true
		}
	}
	return false
}

// Proves TK-1: staff assign homework with Markdown instructions and a due date; the client sees it under
// "To do now" in the portal, marks it done with a reply; staff see completion and the reply.
func TestAssignCompleteAndReply(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		task := w.create(t, w.chart.ID, map[string]any{"title": "Breathing practice", "instructions": "Do it **twice** a day.<script>x()</script>", "due_on": w.day(3)})
		if !strings.Contains(task.HTML, "<strong>twice</strong>") || strings.Contains(task.HTML, "<script") {
			t.Errorf("instructions not rendered safely: %q", task.HTML)
		}
		jo := w.portal(t, "jo@example.net")
		home := jo.Get("/portal/c/" + w.selfAccess)
		if home.StatusCode != http.StatusOK || !strings.Contains(string(home.Body), "Breathing practice") {
			t.Fatalf("portal chart home lacks the task under To do now: %d", home.StatusCode)
		}
		var ch struct {
			ToDo []struct{ Title, URL string } `json:"to_do"`
		}
		jo.API("GET", "/api/v1/portal/charts/"+w.selfAccess, nil).JSON(t, &ch)
		if len(ch.ToDo) != 1 || ch.ToDo[0].Title != "Breathing practice" {
			t.Errorf("the portal chart's to_do: %+v, want the task", ch.ToDo)
		}
		r := jo.Post("/portal/c/"+w.selfAccess+"/tasks/"+task.ID+"/done", url.Values{"reply": {"It helped on Tuesday."}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("mark done: %d %s", r.StatusCode, r.Body)
		}
		if again := jo.API("POST", "/api/v1/portal/charts/"+w.selfAccess+"/tasks/"+task.ID+"/done", map[string]string{}); again.StatusCode != http.StatusConflict {
			t.Errorf("second done: got %d, want 409", again.StatusCode)
		}
		g := w.staff.API("GET", "/api/v1/clients/"+w.chart.ID+"/tasks/"+task.ID, nil)
		var got taskOut
		g.JSON(t, &got)
		if got.Status != "done" || got.Reply != "It helped on Tuesday." || got.DoneBy == nil || *got.DoneBy != "client" {
			t.Errorf("staff see %+v, want done by the client with the reply", got)
		}
		page := w.staff.Get("/clients/" + w.chart.ID + "?tab=tasks")
		if !strings.Contains(string(page.Body), "It helped on Tuesday.") {
			t.Error("the Tasks tab does not show the reply")
		}
		// Reopened, it is open in the portal again.
		if p := w.staff.API("PATCH", "/api/v1/clients/"+w.chart.ID+"/tasks/"+task.ID, map[string]any{"status": "open"}); p.StatusCode != http.StatusOK {
			t.Fatalf("reopen: %d %s", p.StatusCode, p.Body)
		}
		var l portalList
		jo.API("GET", "/api/v1/portal/charts/"+w.selfAccess+"/tasks", nil).JSON(t, &l)
		if !has(l.Open, task.ID) {
			t.Error("a reopened task is not open in the portal")
		}
		// Every create, change, completion and read is audited, with ids only.
		if f := w.h.App.Audit.Flush; f != nil {
			if err := f(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		for _, action := range []string{"chart.task.create", "portal.task.done", "chart.task.view", "chart.tasks.view", "chart.task.reopen", "portal.tasks.view"} {
			var n int
			var detail string
			if err := d.R.QueryRowContext(context.Background(), `SELECT COUNT(*), COALESCE(MAX(detail), '') FROM audit_events WHERE action = $1 AND chart_id = $2`,
				action, w.chart.ID).Scan(&n, &detail); err != nil {
				t.Fatal(err)
			}
			if n == 0 || strings.Contains(detail, "Breathing") || strings.Contains(detail, "Tuesday") {
				t.Errorf("audit of %s: %d events, detail %q", action, n, detail)
			}
		}
	})
}

// Proves TK-1: the Tasks tab pages by key, 50 a page, newest first, and filters open and done.
func TestListPagesByKey(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx, clin := context.Background(), apptest.As(w.clin)
		var ids []string
		for i := range 51 {
			title := "Task " + strings.Repeat("x", i%3)
			v, err := w.h.App.Tasks.Create(ctx, clin, w.chart.ID, tasks.Input{TaskChange: model.TaskChange{Title: &title}})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, v.Task.ID)
			w.h.Clock.Advance(time.Second)
		}
		if _, err := w.h.App.Tasks.SetDone(ctx, clin, w.chart.ID, ids[0], true); err != nil {
			t.Fatal(err)
		}
		first, err := w.h.App.Tasks.List(ctx, clin, w.chart.ID, "", "")
		if err != nil {
			t.Fatal(err)
		}
		if len(first.Items) != tasks.PageSize || first.Next == "" || first.Items[0].ID != ids[50] {
			t.Fatalf("first page: %d items, next %q", len(first.Items), first.Next)
		}
		second, err := w.h.App.Tasks.List(ctx, clin, w.chart.ID, "", first.Next)
		if err != nil {
			t.Fatal(err)
		}
		if len(second.Items) != 1 || second.Items[0].ID != ids[0] || second.Next != "" {
			t.Errorf("second page: %+v, want the oldest task only", second.Items)
		}
		done, _ := w.h.App.Tasks.List(ctx, clin, w.chart.ID, "done", "")
		open, _ := w.h.App.Tasks.List(ctx, clin, w.chart.ID, "open", "")
		if len(done.Items) != 1 || len(open.Items) != tasks.PageSize {
			t.Errorf("filters: %d done, %d open", len(done.Items), len(open.Items))
		}
		if _, err := w.h.App.Tasks.List(ctx, clin, w.chart.ID, "soon", ""); err == nil {
			t.Error("an unknown filter is accepted")
		}
		if _, err := w.h.App.Tasks.List(ctx, clin, w.chart.ID, "", "garbage"); err == nil {
			t.Error("a forged page key is accepted")
		}
	})
}

// Proves TK-1's bad input: an empty or too long title, too long instructions, a malformed date and a
// too long reply are refused with field errors and store nothing; a due date in the past is a warning
// the user confirms, not a refusal.
func TestValidationAndPastDueWarning(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		bad := []struct {
			body  map[string]any
			field string
		}{
			{map[string]any{"title": "  "}, "title"},
			{map[string]any{"title": strings.Repeat("x", 201)}, "title"},
			{map[string]any{"title": "T", "instructions": strings.Repeat("x", 21*1024)}, "instructions"},
			{map[string]any{"title": "T", "due_on": "2026-02-30"}, "due_on"},
			{map[string]any{"title": "T", "due_on": "soon"}, "due_on"},
			{map[string]any{"title": "T", "member_id": w.annMember}, "member_id"}, // not a group chart
			{map[string]any{"title": "T", "due_on": w.day(-2)}, "confirm_past_due"},
		}
		for _, b := range bad {
			r := w.staff.API("POST", "/api/v1/clients/"+w.chart.ID+"/tasks", b.body)
			if r.StatusCode != http.StatusUnprocessableEntity || r.Err(t).Error.Fields[b.field] == "" {
				t.Errorf("%v: got %d %s, want 422 on %s", b.body, r.StatusCode, r.Body, b.field)
			}
		}
		var l struct {
			Items []taskOut `json:"items"`
		}
		w.staff.API("GET", "/api/v1/clients/"+w.chart.ID+"/tasks", nil).JSON(t, &l)
		if len(l.Items) != 0 {
			t.Fatalf("refused tasks were stored: %d", len(l.Items))
		}
		past := w.create(t, w.chart.ID, map[string]any{"title": "Late start", "due_on": w.day(-2), "confirm_past_due": true})
		if !past.Overdue {
			t.Error("a confirmed past due date is not overdue")
		}
		// The page keeps what was typed and asks to confirm.
		f := url.Values{"title": {"Typed title"}, "due_on": {w.day(-1)}}
		r := w.staff.Post("/clients/"+w.chart.ID+"/tasks", f)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "Typed title") || !strings.Contains(string(r.Body), `name="confirm_past_due"`) {
			t.Errorf("past due on the page: got %d, want 422 with the typed title and the confirm box", r.StatusCode)
		}
		f.Set("confirm_past_due", "on")
		if r := w.staff.Post("/clients/"+w.chart.ID+"/tasks", f); r.StatusCode != http.StatusSeeOther {
			t.Errorf("confirmed past due on the page: got %d", r.StatusCode)
		}
		jo := w.portal(t, "jo@example.net")
		r = jo.API("POST", "/api/v1/portal/charts/"+w.selfAccess+"/tasks/"+past.ID+"/done", map[string]string{"reply": strings.Repeat("y", 2001)})
		if r.StatusCode != http.StatusUnprocessableEntity || r.Err(t).Error.Fields["reply"] == "" {
			t.Errorf("long reply: got %d %s, want 422 on reply", r.StatusCode, r.Body)
		}
		var got taskOut
		w.staff.API("GET", "/api/v1/clients/"+w.chart.ID+"/tasks/"+past.ID, nil).JSON(t, &got)
		if got.Status != "open" {
			t.Error("a refused reply completed the task")
		}
	})
}

// Proves PT-12: on a family chart a member's task is private to them and staff; another member never
// sees it (list, page, API) nor completes it. A task for all members shows to each, and one member
// completing it completes it for all.
func TestFamilyMemberPrivacy(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		mine := w.create(t, w.family.ID, map[string]any{"title": "Ann's journal", "member_id": w.annMember})
		all := w.create(t, w.family.ID, map[string]any{"title": "Family walk"})
		ann, ben := w.portal(t, "ann@example.net"), w.portal(t, "ben@example.net")
		var la, lb portalList
		ann.API("GET", "/api/v1/portal/charts/"+w.annAccess+"/tasks", nil).JSON(t, &la)
		ben.API("GET", "/api/v1/portal/charts/"+w.benAccess+"/tasks", nil).JSON(t, &lb)
		if !has(la.Open, mine.ID) || !has(la.Open, all.ID) {
			t.Errorf("Ann sees %+v, want her task and the family's", la.Open)
		}
		if has(lb.Open, mine.ID) || !has(lb.Open, all.ID) {
			t.Errorf("Ben sees %+v, want only the family's task", lb.Open)
		}
		if r := ben.API("GET", "/api/v1/portal/charts/"+w.benAccess+"/tasks/"+mine.ID, nil); r.StatusCode != http.StatusNotFound {
			t.Errorf("Ben opening Ann's task: got %d, want 404", r.StatusCode)
		}
		if r := ben.Get("/portal/c/" + w.benAccess + "/tasks/" + mine.ID); r.StatusCode != http.StatusNotFound {
			t.Errorf("Ben's page of Ann's task: got %d, want 404", r.StatusCode)
		}
		for _, p := range []string{"/portal/c/" + w.benAccess, "/portal/c/" + w.benAccess + "/tasks"} {
			if r := ben.Get(p); strings.Contains(string(r.Body), "Ann&#39;s journal") || strings.Contains(string(r.Body), "Ann's journal") {
				t.Errorf("%s shows Ann's task to Ben", p)
			}
		}
		if r := ben.API("POST", "/api/v1/portal/charts/"+w.benAccess+"/tasks/"+mine.ID+"/done", map[string]string{}); r.StatusCode != http.StatusNotFound {
			t.Errorf("Ben completing Ann's task: got %d, want 404", r.StatusCode)
		}
		if r := ben.API("POST", "/api/v1/portal/charts/"+w.benAccess+"/tasks/"+all.ID+"/done", map[string]string{"reply": "We walked."}); r.StatusCode != http.StatusOK {
			t.Fatalf("Ben completing the family task: %d %s", r.StatusCode, r.Body)
		}
		ann.API("GET", "/api/v1/portal/charts/"+w.annAccess+"/tasks", nil).JSON(t, &la)
		if has(la.Open, all.ID) || !has(la.Done, all.ID) {
			t.Error("the family task Ben completed is not done for Ann")
		}
		if r := ann.API("POST", "/api/v1/portal/charts/"+w.annAccess+"/tasks/"+all.ID+"/done", map[string]string{}); r.StatusCode != http.StatusConflict {
			t.Errorf("Ann completing the done family task: got %d, want 409", r.StatusCode)
		}
	})
}

// Proves TK-1: a private to-do is staff's alone; the portal never shows it, on its pages or in the API.
func TestPrivateToDoNeverInPortal(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		todo := w.create(t, w.chart.ID, map[string]any{"title": "Call the school counsellor", "private": true})
		jo := w.portal(t, "jo@example.net")
		var l portalList
		jo.API("GET", "/api/v1/portal/charts/"+w.selfAccess+"/tasks", nil).JSON(t, &l)
		if has(l.Open, todo.ID) || has(l.Done, todo.ID) {
			t.Error("the portal API lists a private to-do")
		}
		if r := jo.API("GET", "/api/v1/portal/charts/"+w.selfAccess, nil); strings.Contains(string(r.Body), "school counsellor") {
			t.Error("the portal chart's to_do lists a private to-do")
		}
		if r := jo.API("GET", "/api/v1/portal/charts/"+w.selfAccess+"/tasks/"+todo.ID, nil); r.StatusCode != http.StatusNotFound {
			t.Errorf("portal API opening a private to-do: got %d, want 404", r.StatusCode)
		}
		if r := jo.API("POST", "/api/v1/portal/charts/"+w.selfAccess+"/tasks/"+todo.ID+"/done", map[string]string{}); r.StatusCode != http.StatusNotFound {
			t.Errorf("portal completing a private to-do: got %d, want 404", r.StatusCode)
		}
		for _, p := range []string{"/portal/c/" + w.selfAccess, "/portal/c/" + w.selfAccess + "/tasks", "/portal/c/" + w.selfAccess + "/tasks/" + todo.ID} {
			if r := jo.Get(p); strings.Contains(string(r.Body), "school counsellor") {
				t.Errorf("%s shows the private to-do", p)
			}
		}
		// Staff tick it off themselves.
		if r := w.staff.Post("/clients/"+w.chart.ID+"/tasks/"+todo.ID+"/status", url.Values{"status": {"done"}}); r.StatusCode != http.StatusSeeOther {
			t.Errorf("staff marking the to-do done: %d", r.StatusCode)
		}
	})
}

// Proves TK-1: overdue tasks count on the chart's Overview and on Home's Needs attention, counted per
// chart in one query; billing staff see no tasks at all; another practice's tasks answer 404.
func TestOverdueCountsAndReach(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		for _, due := range []int{-3, -1} {
			w.create(t, w.chart.ID, map[string]any{"title": "Late", "due_on": w.day(due), "confirm_past_due": true})
		}
		w.create(t, w.chart.ID, map[string]any{"title": "Late to-do", "due_on": w.day(-1), "confirm_past_due": true, "private": true})
		w.create(t, w.chart.ID, map[string]any{"title": "Later", "due_on": w.day(5)})
		w.create(t, w.family.ID, map[string]any{"title": "Family late", "due_on": w.day(-4), "confirm_past_due": true})
		var ov struct {
			Tasks *struct{ Open, Overdue int } `json:"tasks"`
		}
		w.staff.API("GET", "/api/v1/clients/"+w.chart.ID+"/overview", nil).JSON(t, &ov)
		if ov.Tasks == nil || ov.Tasks.Open != 4 || ov.Tasks.Overdue != 3 {
			t.Errorf("overview tasks: got %+v, want 4 open, 3 overdue", ov.Tasks)
		}
		if p := w.staff.Get("/clients/" + w.chart.ID + "?tab=overview"); !strings.Contains(string(p.Body), "3 overdue") {
			t.Error("the Overview tab lacks the overdue count")
		}
		var home struct {
			OverdueTasks []struct {
				ClientID  string `json:"client_id"`
				Count     int    `json:"count"`
				OldestDue string `json:"oldest_due"`
			} `json:"overdue_tasks"`
		}
		w.staff.API("GET", "/api/v1/home", nil).JSON(t, &home)
		if len(home.OverdueTasks) != 2 || home.OverdueTasks[0].ClientID != w.family.ID || home.OverdueTasks[1].Count != 3 {
			t.Errorf("home overdue tasks: got %+v, want the family (1) then Jo (3)", home.OverdueTasks)
		}
		if p := w.staff.Get("/"); !strings.Contains(string(p.Body), "Overdue tasks") {
			t.Error("Home lacks Overdue tasks")
		}
		// LS-4: the client list's badge, counted for the page in one query.
		if p := w.staff.Get("/clients"); !strings.Contains(string(p.Body), "3 overdue tasks") || !strings.Contains(string(p.Body), "1 overdue task<") {
			t.Error("the client list lacks the overdue task badges")
		}
		bil := w.signIn(t, w.bil)
		if r := bil.API("GET", "/api/v1/clients/"+w.chart.ID+"/tasks", nil); r.StatusCode != http.StatusNotFound {
			t.Errorf("billing listing tasks: got %d, want 404", r.StatusCode)
		}
		if p := bil.Get("/clients"); strings.Contains(string(p.Body), "overdue task") {
			t.Error("billing's client list shows overdue tasks")
		}
		var bov map[string]any
		bil.API("GET", "/api/v1/clients/"+w.chart.ID+"/overview", nil).JSON(t, &bov)
		if _, ok := bov["tasks"]; ok {
			t.Error("billing's overview has a tasks block")
		}
		_, ownerB := w.h.AddPractice("Other practice", "other@example.org")
		other := w.signIn(t, ownerB)
		var l struct {
			Items []taskOut `json:"items"`
		}
		w.staff.API("GET", "/api/v1/clients/"+w.chart.ID+"/tasks", nil).JSON(t, &l)
		for _, p := range []string{"/api/v1/clients/" + w.chart.ID + "/tasks", "/api/v1/clients/" + w.chart.ID + "/tasks/" + l.Items[0].ID} {
			if r := other.API("GET", p, nil); r.StatusCode != http.StatusNotFound {
				t.Errorf("another practice GET %s: got %d, want 404", p, r.StatusCode)
			}
		}
		if r := other.API("DELETE", "/api/v1/clients/"+w.chart.ID+"/tasks/"+l.Items[0].ID, nil); r.StatusCode != http.StatusNotFound {
			t.Errorf("another practice DELETE: got %d, want 404", r.StatusCode)
		}
	})
}

// Proves TK-1 and FL-1: a task goes with one of the chart's files. A task for the client takes only a
// file shared with them (an unshared one is refused next to the field, nothing saved); a private to-do
// takes any of the chart's files; another chart's file is refused. The client's task then offers the
// file's download in the portal, and the download answers.
func TestTaskWithFile(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := context.Background()
		pc := apptest.As(w.clin)
		upload := func(chartID, name string) model.File {
			t.Helper()
			f, err := w.h.App.Files.Upload(ctx, pc, chartID, files.Upload{Name: name, Content: strings.NewReader("Breathe in for four, hold for seven, out for eight.\n")})
			if err != nil {
				t.Fatal(err)
			}
			return f
		}
		sheet, elsewhere := upload(w.chart.ID, "worksheet.txt"), upload(w.family.ID, "family-plan.txt")
		r := w.staff.API("POST", "/api/v1/clients/"+w.chart.ID+"/tasks", map[string]any{"title": "Breathing practice", "file_id": sheet.ID})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Err(t).Error.Fields["file_id"], "share it") {
			t.Fatalf("a client task with an unshared file: %d %s", r.StatusCode, r.Body)
		}
		if r := w.staff.API("POST", "/api/v1/clients/"+w.chart.ID+"/tasks", map[string]any{"title": "Other", "file_id": elsewhere.ID}); r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("another chart's file: %d %s", r.StatusCode, r.Body)
		}
		w.create(t, w.chart.ID, map[string]any{"title": "Check the worksheet", "private": true, "file_id": sheet.ID})
		if _, err := w.h.App.Files.SetShared(ctx, pc, w.chart.ID, sheet.ID, true); err != nil {
			t.Fatal(err)
		}
		task := w.create(t, w.chart.ID, map[string]any{"title": "Breathing practice", "file_id": sheet.ID})
		staffPage := string(w.staff.Get("/clients/" + w.chart.ID + "/tasks/" + task.ID).Body)
		if !strings.Contains(staffPage, "/clients/"+w.chart.ID+"/files/"+sheet.ID+"/download") {
			t.Error("the task's page does not link its file")
		}
		jo := w.portal(t, "jo@example.net")
		link := "/portal/c/" + w.selfAccess + "/files/" + sheet.ID + "/download"
		if page := string(jo.Get("/portal/c/" + w.selfAccess + "/tasks/" + task.ID).Body); !strings.Contains(page, link) {
			t.Fatal("the portal's task does not offer its file")
		}
		if r := jo.Get(link); r.StatusCode != http.StatusOK || !strings.Contains(string(r.Body), "Breathe in for four") {
			t.Errorf("the task's file in the portal: %d", r.StatusCode)
		}
	})
}
