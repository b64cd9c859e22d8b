package outbox_test

import (
	"crypto/tls"
	"errors"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/mail"
	"tend/internal/mail/mailtest"
	"tend/internal/model"
	"tend/internal/outbox"
	"tend/internal/store"
	"tend/internal/testdb"
)

// metric reads one unlabelled value from /metrics.
func metric(t *testing.T, h *apptest.Harness, name string) float64 {
	t.Helper()
	r := h.Client().Get("/metrics")
	if r.StatusCode != 200 {
		t.Fatalf("/metrics: %d", r.StatusCode)
	}
	m := regexp.MustCompile(`(?m)^` + name + ` (\S+)$`).FindSubmatch(r.Body)
	if m == nil {
		t.Fatalf("/metrics has no %s:\n%s", name, r.Body)
	}
	v, err := strconv.ParseFloat(string(m[1]), 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Issue 11, item 3: queue depth, the oldest due job's wait, failed jobs and failed mail are exported as
// metrics, read at each scrape.
func TestQueueMetrics(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		srv := mailtest.Start(t, true)
		srv.Reject("gone@example.org")
		h := apptest.New(t, d)
		if v := metric(t, h, "tend_jobs_queued"); v != 0 {
			t.Fatalf("an empty queue has depth %v", v)
		}
		queue(t, h, "gone@example.org")
		queue(t, h, "rosa@example.org")
		time.Sleep(20 * time.Millisecond)
		if v := metric(t, h, "tend_jobs_queued"); v != 2 {
			t.Fatalf("depth %v, want 2", v)
		}
		if v := metric(t, h, "tend_jobs_oldest_due_seconds"); v <= 0 || v > 60 {
			t.Fatalf("the oldest due job waited %v s", v)
		}
		smtp, _ := mail.NewSMTP("smtp://"+mailtest.Username+"@"+srv.Addr, mailtest.Password)
		smtp.TLS = &tls.Config{RootCAs: srv.Pool}
		h.App.Outbox.Sender = smtp
		h.RunJobs()
		for name, want := range map[string]float64{"tend_jobs_queued": 0, "tend_jobs_oldest_due_seconds": 0, "tend_jobs_failed": 1,
			"tend_mail_failed": 1, "tend_queue_up": 1} {
			if v := metric(t, h, name); v != want {
				t.Errorf("%s = %v, want %v", name, v, want)
			}
		}
	})
}

// Issue 11, item 3: finished messages older than the retention period are deleted by the periodic
// cleanup; newer ones and those still waiting stay.
func TestCleanup(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		old := queue(t, h, "rosa@example.org")
		h.RunJobs() // written as an .eml file
		h.Clock.Advance(31 * 24 * time.Hour)
		// Queued after the clock moved on: the periodic cleanup, which the leader may queue at start and
		// RunJobs may then run, finds it younger than the retention whenever it runs.
		waiting := func() string {
			// A message whose job was cancelled without a result is marked failed, so Retry is offered.
			id := queue(t, h, "cal@example.org")
			m, _ := store.MailByID(ctx, h.App.Outbox.Store.R(), id)
			if _, err := h.App.Jobs.Client.JobCancel(ctx, m.JobID); err != nil {
				t.Fatal(err)
			}
			return id
		}()
		recent := queue(t, h, "mia@example.org")
		h.RunJobs()
		w := &outbox.CleanupWorker{Outbox: h.App.Outbox, Retention: 30 * 24 * time.Hour}
		if err := w.Work(ctx, &river.Job[outbox.CleanupArgs]{}); err != nil {
			t.Fatal(err)
		}
		for id, kept := range map[string]bool{old: false, waiting: true, recent: true} {
			_, err := store.MailByID(ctx, h.App.Outbox.Store.R(), id)
			if gone := errors.Is(err, model.ErrNotFound); gone == kept {
				t.Errorf("message kept=%v, want %v (%v)", !gone, kept, err)
			}
		}
		if m, err := store.MailByID(ctx, h.App.Outbox.Store.R(), waiting); err != nil || m.State != "failed" || m.LastError == "" {
			t.Errorf("the message whose job stopped: %s %q (%v), want failed with a reason", m.State, m.LastError, err)
		}
		if m, err := store.MailByID(ctx, h.App.Outbox.Store.R(), recent); err != nil || m.State == "failed" {
			t.Errorf("a delivered message: %s (%v)", m.State, err)
		}
	})
}
