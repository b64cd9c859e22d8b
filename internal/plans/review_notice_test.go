package plans_test

import (
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/plans"
	"tend/internal/testdb"
)

type sentMail struct{ to, subject, text, html string }

func mailTo(t *testing.T, d *db.DB, email string) []sentMail {
	t.Helper()
	rows, err := d.R.QueryContext(ctx, `SELECT to_address, subject, text_body, html_body FROM mail_messages WHERE to_address = $1 ORDER BY created_at`, email)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []sentMail
	for rows.Next() {
		var m sentMail
		if err := rows.Scan(&m.to, &m.subject, &m.text, &m.html); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

// Issue 15, item 4: the chart's clinician is emailed once when a plan's review date comes within the
// practice's notice days (14 here), however often the sweep runs; a new review date is announced again
// once it comes within range; a closed plan is never announced. The email holds the date and a link, and
// no client name, diagnosis or plan text; the notice is audited with ids.
// Proves TP-1.
func TestReviewReminders(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		clin := apptest.As(w.clin)
		day := func(n int) string { return w.h.Clock.Now().AddDate(0, 0, n).Format(time.DateOnly) }
		c := w.content("Sleep through the night")
		c.Title, c.ReviewDate = "Robin's recovery plan", day(10)
		made, err := w.svc.Create(ctx, clin, w.chart.ID, plans.SaveInput{Content: c})
		if err != nil {
			t.Fatal(err)
		}
		closed := w.content("Rest")
		closed.ReviewDate = day(5)
		old, err := w.svc.Create(ctx, clin, w.chart.ID, plans.SaveInput{Content: closed})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.SetState(ctx, clin, w.chart.ID, old.Plan.ID, model.PlanClosed); err != nil {
			t.Fatal(err)
		}
		worker := &plans.ReviewNoticeWorker{Plans: w.svc}
		run := func() {
			t.Helper()
			if err := worker.Work(ctx, &river.Job[plans.ReviewNoticeArgs]{}); err != nil {
				t.Fatal(err)
			}
		}
		run()
		run()
		got := mailTo(t, d, w.clin.Email)
		if len(got) != 1 {
			t.Fatalf("emails after two runs: %d, want 1", len(got))
		}
		m := got[0]
		pr, err := w.h.App.Accounts.Practice(ctx, apptest.As(w.owner))
		if err != nil {
			t.Fatal(err)
		}
		date, _ := model.LocalDate(day(10), pr.Locale())
		link := "/clients/" + w.chart.ID + "/plans/" + made.Plan.ID
		if m.subject != "A treatment plan is due for review" || !strings.Contains(m.text, date) || !strings.Contains(m.text, link) {
			t.Errorf("email: %+v (want %s and %s)", m, date, link)
		}
		for _, secret := range []string{"Robin", "Rivera", "F33", "Low mood", "Sleep through", "recovery plan", w.diag.Description} {
			if strings.Contains(m.subject+m.text+m.html, secret) {
				t.Errorf("the email holds %q: %+v", secret, m)
			}
		}
		// A later review date, out of range: nothing yet; once the clock reaches its notice days, one more.
		c.ReviewDate = day(40)
		if _, err := w.svc.Save(ctx, clin, w.chart.ID, made.Plan.ID, plans.SaveInput{Content: c, BaseVersion: 1}); err != nil {
			t.Fatal(err)
		}
		run()
		if n := len(mailTo(t, d, w.clin.Email)); n != 1 {
			t.Fatalf("emails after moving the review date out of range: %d, want 1", n)
		}
		w.h.Clock.Advance(27 * 24 * time.Hour)
		run()
		run()
		if n := len(mailTo(t, d, w.clin.Email)); n != 2 {
			t.Fatalf("emails once the new date came within range: %d, want 2", n)
		}
		var notices, closedNotices int
		if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_events WHERE action = 'chart.plan.review_notice' AND record_id = $1 AND chart_id = $2`,
			made.Plan.ID, w.chart.ID).Scan(&notices); err != nil {
			t.Fatal(err)
		}
		if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_events WHERE action = 'chart.plan.review_notice' AND record_id = $1`,
			old.Plan.ID).Scan(&closedNotices); err != nil {
			t.Fatal(err)
		}
		if notices != 2 || closedNotices != 0 {
			t.Errorf("audited notices: %d for the active plan, %d for the closed one; want 2 and 0", notices, closedNotices)
		}
	})
}
