package demo_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/clients"
	"tend/internal/db"
	"tend/internal/demo"
	"tend/internal/documents"
	"tend/internal/model"
	"tend/internal/notes"
	"tend/internal/testdb"
)

func TestFill(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		h := apptest.New(t, d)
		login, err := demo.Fill(ctx, h.App.DemoServices(), 120, 7)
		if err != nil {
			t.Fatal(err)
		}
		res, err := h.App.Accounts.Login(ctx, login.Email, login.Password, "", "", "")
		if err != nil {
			t.Fatalf("the printed login does not work: %v", err)
		}
		p := model.Principal{StaffID: res.Staff.ID, PracticeID: res.Staff.PracticeID, Role: res.Staff.Role}
		all, err := h.App.Clients.List(ctx, p, clients.ListQuery{Statuses: model.Statuses(), PerPage: 200})
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[model.ChartKind]int{}
		for _, c := range all.Clients {
			kinds[c.Kind]++
		}
		// 120 people's charts, and a few couple or family charts made of them.
		if kinds[model.KindIndividual]+kinds[model.KindMinor] != 120 || kinds[model.KindMinor] == 0 || kinds[model.KindGroup] == 0 {
			t.Fatalf("charts by kind %v, want 120 individuals and minors and some groups", kinds)
		}
		for _, c := range all.Clients {
			switch c.Kind {
			case model.KindMinor:
				if cs, err := h.App.Clients.Contacts(ctx, p, c.ID); err != nil || len(cs) == 0 {
					t.Fatalf("minor %s has no guardian: %v", c.ID, err)
				}
			case model.KindGroup:
				if ms, err := h.App.Clients.Members(ctx, p, c.ID); err != nil || len(ms) != 2 {
					t.Fatalf("group %s has %d members: %v", c.ID, len(ms), err)
				}
			}
		}
		// Issue 16: the demo practice's services, default services on charts, and insurance on some
		// insurance-billed ones.
		svcs, err := h.App.Services.List(ctx, p, false)
		if err != nil || len(svcs) != 5 {
			t.Fatalf("demo services: %d, %v", len(svcs), err)
		}
		withDefault, insured := 0, 0
		for _, c := range all.Clients {
			if c.DefaultServiceID != "" {
				withDefault++
			}
			if c.BillingType == model.BillingInsurance && c.Kind != model.KindGroup {
				if v, err := h.App.Clients.Insurance(ctx, p, c.ID); err == nil && len(v.Policies) > 0 {
					insured++
				}
			}
		}
		if withDefault < 60 || insured == 0 {
			t.Errorf("%d charts with a default service, %d insured", withDefault, insured)
		}
		statuses, tagged, incomplete, invitedInCare := map[model.Status]int{}, 0, 0, 0
		for _, c := range all.Clients {
			statuses[c.Status()]++
			if c.Status() == model.StatusActive && c.PortalState == model.PortalInvited {
				invitedInCare++ // ST-1: invited while in care, still Active
			}
			if len(c.Tags) > 0 {
				tagged++
			}
			if !c.SetupComplete() {
				incomplete++
			}
		}
		if statuses[model.StatusActive] == 0 || statuses[model.StatusInactive] == 0 || statuses[model.StatusArchived] == 0 ||
			statuses[model.StatusPending] != 2 || invitedInCare != 1 || tagged == 0 || incomplete == 0 {
			t.Fatalf("too little variety: statuses %v, %d invited in care, %d tagged, %d incomplete", statuses, invitedInCare, tagged, incomplete)
		}
		// The printed portal sign-in works and reaches one chart.
		pl, err := h.App.Portal.Login(ctx, login.Portal.Email, login.Portal.Password, "", "", "")
		if err != nil {
			t.Fatalf("the printed portal login does not work: %v", err)
		}
		home, err := h.App.Portal.Home(ctx, model.PortalPrincipal{AccountID: pl.Account.ID, Email: pl.Account.Email})
		if err != nil || len(home.Charts) != 1 {
			t.Fatalf("the demo portal user reaches %d charts: %v", len(home.Charts), err)
		}
		// The demo documents: three PHQ-9s over six weeks, the latest to review, and an intake waiting.
		if err := demo.Documents(ctx, h.App.Accounts, h.App.Portal, h.App.Documents, login); err != nil {
			t.Fatal(err)
		}
		reqs, err := h.App.Documents.ChartDocuments(ctx, p, home.Charts[0].ChartID)
		if err != nil || len(reqs) != 4 {
			t.Fatalf("demo documents: %d, %v", len(reqs), err)
		}
		if rv, err := h.App.Documents.ToReview(ctx, p, 10); err != nil || len(rv) != 1 || *rv[0].Score != 5 {
			t.Fatalf("to review: %+v, %v", rv, err)
		}
		// Issue 13, item 18: each was finished after it was requested, and reviewed after it was finished;
		// the PHQ-9s are weeks apart, and none is in the future. Proves DC-4's dates read true.
		var finished []time.Time
		for _, r := range reqs {
			if r.CompletedAt.IsZero() {
				continue
			}
			if !r.RequestedAt.Before(r.StartedAt) || r.StartedAt.After(r.CompletedAt) || r.CompletedAt.After(h.Clock.Now()) ||
				(!r.ReviewedAt.IsZero() && !r.ReviewedAt.After(r.CompletedAt)) {
				t.Errorf("%s: requested %v, started %v, completed %v, reviewed %v: out of order", r.TemplateName, r.RequestedAt, r.StartedAt, r.CompletedAt, r.ReviewedAt)
			}
			finished = append(finished, r.CompletedAt)
		}
		slices.SortFunc(finished, time.Time.Compare)
		if len(finished) != 3 || finished[2].Sub(finished[0]) < 5*7*24*time.Hour {
			t.Errorf("the PHQ-9s were finished at %v, want three spread over weeks", finished)
		}
		staff, _ := h.App.Accounts.ListStaff(ctx, p)
		if len(staff) != 7 {
			t.Fatalf("%d staff, want 7", len(staff))
		}
		checkRecord(t, h, p, staff, all.Clients, home.Charts[0].ID, model.PortalPrincipal{AccountID: pl.Account.ID, Email: pl.Account.Email})
		// Issue 16: the recorded charts' sessions are attended appointments, and each has a weekly series
		// ahead with one cancelled and reminders waiting.
		counts := map[string]int{}
		rows, err := d.R.QueryContext(ctx, `SELECT status, COUNT(*) FROM appointments GROUP BY status`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var st string
			var n int
			if err := rows.Scan(&st, &n); err != nil {
				t.Fatal(err)
			}
			counts[st] = n
		}
		rows.Close()
		var due int
		if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM appointment_reminders WHERE sent_at IS NULL`).Scan(&due); err != nil {
			t.Fatal(err)
		}
		if counts["attended"] < 50 || counts["scheduled"] < 20 || counts["cancelled"] == 0 || due == 0 {
			t.Fatalf("demo appointments by status %v, %d reminders waiting", counts, due)
		}
		// Issue 16, items 9 and 10 (PY-1): no-shows and late cancels, a group session, charges and payments,
		// some balances outstanding, and every chart's kept balance the sum of its entries.
		var charges, payments, owing, groups, wrong int
		err = d.R.QueryRowContext(ctx, `SELECT
			(SELECT COUNT(*) FROM ledger_entries WHERE kind = 'charge'), (SELECT COUNT(*) FROM ledger_entries WHERE kind = 'payment'),
			(SELECT COUNT(*) FROM charts WHERE balance_cents > 0), (SELECT COUNT(DISTINCT group_session_id) FROM appointments),
			(SELECT COUNT(*) FROM charts c WHERE balance_cents != (SELECT COALESCE(SUM(amount_cents), 0) FROM ledger_entries e WHERE e.chart_id = c.id))`).
			Scan(&charges, &payments, &owing, &groups, &wrong)
		if err != nil {
			t.Fatal(err)
		}
		if counts["no_show"] == 0 || counts["late_cancel"] == 0 || charges < 50 || payments < 40 || owing == 0 || groups == 0 || wrong != 0 {
			t.Fatalf("demo money: %v, %d charges, %d payments, %d charts owing, %d group sessions, %d balances off", counts, charges, payments, owing, groups, wrong)
		}
		// Issue 16, item 10 (AP-1): the past sessions' reminders were sent a day ahead, their emails in the
		// mail log as sent, each sent reminder's count of emails matching the messages.
		var reminded, emailed, sentMail, queuedMail int
		err = d.R.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM appointment_reminders WHERE sent_at IS NOT NULL),
			(SELECT COALESCE(SUM(emailed), 0) FROM appointment_reminders WHERE sent_at IS NOT NULL),
			(SELECT COUNT(*) FROM mail_messages WHERE state = 'sent'), (SELECT COUNT(*) FROM mail_messages WHERE state = 'queued')`).
			Scan(&reminded, &emailed, &sentMail, &queuedMail)
		if err != nil {
			t.Fatal(err)
		}
		if reminded < 50 || emailed == 0 || sentMail < emailed || queuedMail != 0 {
			t.Fatalf("demo reminders: %d sent, %d emails, %d messages sent, %d still queued", reminded, emailed, sentMail, queuedMail)
		}
		if _, err := demo.Fill(ctx, h.App.DemoServices(), 5, 7); err == nil {
			t.Fatal("a second demo fill was allowed")
		}
	})
}

// checkRecord proves the demo's year of clinical record (issue 14, item 7) went through the real use
// cases: notes in every state (NT-1) with mood scores (NT-2), signed with a hash of what was signed,
// addenda, co-signatures done and waiting, diagnoses and medications (CL-8), psychotherapy notes kept to
// their author, and reflections the portal user sees only while shared (PT-6, PT-10).
func checkRecord(t *testing.T, h *apptest.Harness, owner model.Principal, staff []model.Staff, charts []model.Client, accessID string, pp model.PortalPrincipal) {
	t.Helper()
	ctx := context.Background()
	as := map[string]model.Principal{}
	var supervisor model.Principal
	supervisees := map[string]bool{}
	for _, st := range staff {
		as[st.ID] = model.Principal{StaffID: st.ID, PracticeID: st.PracticeID, Role: st.Role, Name: st.Name}
		if st.Role == model.RoleSupervisor {
			supervisor = as[st.ID]
		}
		if st.SupervisorID != "" {
			supervisees[st.ID] = true
			if !st.NotesNeedCosign {
				t.Errorf("supervisee %s: notes need co-signature is off", st.ID)
			}
		}
	}
	if len(supervisees) != 2 {
		t.Fatalf("%d supervisees, want 2", len(supervisees))
	}
	got := map[string]int{}
	withRecord, psych := 0, 0
	var signedWithAddendum model.Note
	for _, c := range charts {
		pg, err := h.App.Notes.List(ctx, owner, c.ID, model.NoteFilter{Limit: notes.MaxPage})
		if err != nil {
			t.Fatalf("notes of %s: %v", c.ID, err)
		}
		if len(pg.Notes) == 0 {
			continue
		}
		withRecord++
		for _, n := range pg.Notes {
			got[string(n.State)]++
			switch {
			case pg.Late(n):
				got["late"]++
			case n.CosignedAt.After(n.SignedAt):
				got["co-signed"]++
			case n.AwaitsCosign():
				got["awaiting co-signature"]++
			}
			if n.Mood != nil {
				got["with mood"]++
			}
			if n.NeedsCosign != supervisees[n.AuthorID] || n.AuthorID != c.AssignedClinicianID {
				t.Errorf("note %s by %s on a chart of %s: needs co-signature %v", n.ID, n.AuthorID, c.AssignedClinicianID, n.NeedsCosign)
			}
			if n.Signed() && !n.CosignedAt.IsZero() && signedWithAddendum.ID == "" {
				v, err := h.App.Notes.Get(ctx, owner, c.ID, n.ID)
				if err != nil {
					t.Fatal(err)
				}
				if len(v.Addenda) > 0 {
					signedWithAddendum = v.Note
				}
			}
		}
		v, err := h.App.Clinical.Get(ctx, owner, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		active := v.ActiveDiagnoses()
		if len(active) == 0 || !active[0].Primary || v.Summary.Concerns == "" || v.Summary.History == "" {
			t.Errorf("chart %s: diagnoses %+v, summary %+v: want a primary diagnosis, history and concerns", c.ID, active, v.Summary)
		}
		got["resolved diagnoses"] += len(v.ResolvedDiagnoses())
		got["current medications"] += len(v.CurrentMedications())
		got["stopped medications"] += len(v.StoppedMedications())
		ps, err := h.App.PsychNotes.List(ctx, as[c.AssignedClinicianID], c.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		psych += len(ps.Notes)
		if mine, err := h.App.PsychNotes.List(ctx, owner, c.ID, ""); c.AssignedClinicianID != owner.StaffID && (err != nil || len(mine.Notes) != 0) {
			t.Errorf("the owner sees %d psychotherapy notes of a colleague's chart: %v", len(mine.Notes), err)
		}
	}
	t.Logf("%d charts with a record: %v, %d psychotherapy notes", withRecord, got, psych)
	// Each clinician's first chart ends with a late draft and the second with yesterday's; a supervisee's
	// newest signed note waits for the co-signature and the older ones are co-signed.
	for _, k := range []string{"draft", "late", "co-signed", "awaiting co-signature", "with mood", "resolved diagnoses", "current medications", "stopped medications"} {
		if got[k] == 0 {
			t.Errorf("no %s in the demo's notes and clinical information: %v", k, got)
		}
	}
	if withRecord < 10 || withRecord > 5*demo.ChartsPerClinician+1 || got["signed"] < 4*got["draft"] || got["draft"] <= got["late"] || psych == 0 {
		t.Errorf("%d charts with a record, notes %v, %d psychotherapy notes: want most notes signed, drafts besides late ones", withRecord, got, psych)
	}
	// A signature's hash is that of exactly what was signed; the addendum left both alone.
	if signedWithAddendum.ID == "" {
		t.Fatal("no co-signed note with an addendum")
	}
	if n := signedWithAddendum; documents.ContentHash(notes.SignedContent(n)) != n.ContentSHA256 || n.SignedContent != notes.SignedContent(n) {
		t.Errorf("note %s: the stored hash is not that of its content", n.ID)
	}
	if cs, err := h.App.Notes.ToCosign(ctx, supervisor, 50); err != nil || len(cs) == 0 {
		t.Errorf("the supervisor has %d notes to co-sign: %v", len(cs), err)
	}
	// PT-10: the portal user reads the two shared reflections, not the one taken back.
	l, err := h.App.Reflections.PortalList(ctx, pp, accessID, "")
	if err != nil || len(l.Items) != 2 {
		t.Fatalf("the portal user sees %d shared reflections, want 2: %v", len(l.Items), err)
	}
	if staffList, err := h.App.Reflections.List(ctx, owner, l.Access.ChartID, ""); err != nil || len(staffList.Items) != 3 {
		t.Fatalf("the chart has %d reflections, want 3: %v", len(staffList.Items), err)
	}
	// Issue 17, item 4: a PDF handout shared with the client, the client's own PNG upload, and the sleep
	// diary they sent with a message (their own upload too).
	fl, err := h.App.Files.PortalList(ctx, pp, accessID, "")
	if err != nil || len(fl.Items) != 3 {
		t.Fatalf("the portal user sees %d files, want 3: %v", len(fl.Items), err)
	}
	kinds := map[string]bool{}
	for _, f := range fl.Items {
		kinds[f.ContentType] = f.Shared
	}
	if shared, ok := kinds["application/pdf"]; !ok || !shared {
		t.Errorf("no shared PDF handout: %v", kinds)
	}
	if shared, ok := kinds["image/png"]; !ok || shared {
		t.Errorf("no private client upload: %v", kinds)
	}
}
