package outbox_test

import (
	"context"
	"crypto/tls"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/jobs"
	"tend/internal/mail"
	"tend/internal/mail/mailtest"
	"tend/internal/outbox"
	"tend/internal/store"
	"tend/internal/testdb"
)

var ctx = context.Background()

func queue(t *testing.T, h *apptest.Harness, to string) string {
	t.Helper()
	var id string
	err := h.App.Outbox.Store.Tx(ctx, func(q store.Q) error {
		var err error
		id, err = h.App.Outbox.Queue(ctx, q, outbox.Draft{To: to, Subject: "Your Tend test message",
			Text: "Open https://tend.example/portal/register?t=secret-link", HTML: "<p>Open the link</p>"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// Issue 5, item 2: a message queued before a crash goes out after the restart, exactly once, and its
// bodies (which may hold a single-use link) are cleared once it is delivered.
func TestDeliveredOnceAfterACrash(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		srv := mailtest.Start(t, true)
		h := apptest.New(t, d)
		smtp, err := mail.NewSMTP("smtp://"+mailtest.Username+"@"+srv.Addr, mailtest.Password)
		if err != nil {
			t.Fatal(err)
		}
		smtp.TLS = &tls.Config{RootCAs: srv.Pool}
		h.App.Outbox.Sender = smtp
		id := queue(t, h, "rosa@example.org")
		// The process "dies" here: nothing was sent. A new process (a new runner, its own lease owner)
		// starts on the same database and runs what is due.
		workers := river.NewWorkers()
		river.AddWorker(workers, &outbox.SendWorker{Outbox: h.App.Outbox})
		restarted, err := jobs.New(d, slog.New(slog.NewTextHandler(io.Discard, nil)), workers,
			jobs.Options{Poll: 10 * time.Millisecond, Queues: map[string]int{outbox.QueueName: 2}})
		if err != nil {
			t.Fatal(err)
		}
		if n, err := restarted.RunDue(ctx); n != 1 || err != nil {
			t.Fatalf("after restart ran %d: %v", n, err)
		}
		if n, _ := restarted.RunDue(ctx); n != 0 {
			t.Fatal("ran again")
		}
		// The first process's queue finds nothing to send (its leader may queue the periodic cleanup).
		if _, err := h.App.Jobs.RunDue(ctx); err != nil {
			t.Fatal(err)
		}
		if got := srv.Messages(); len(got) != 1 || !strings.Contains(got[0], "secret-link") {
			t.Fatalf("received %d messages", len(got))
		}
		m, err := store.MailByID(ctx, h.App.Outbox.Store.R(), id)
		if err != nil || m.State != "sent" || m.Text != "" || m.HTML != "" || m.SentAt.IsZero() {
			t.Fatalf("stored message after sending: %+v %v", m, err)
		}
	})
}

// A refused recipient fails at once with the reason kept; without an SMTP server the message is
// written as an .eml file into the data folder.
func TestRefusedAndWritten(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		srv := mailtest.Start(t, true)
		srv.Reject("gone@example.org")
		h := apptest.New(t, d)
		folder := h.App.Outbox.Sender // the default: .eml files, since the test config sets no SMTP URL
		smtp, _ := mail.NewSMTP("smtp://"+mailtest.Username+"@"+srv.Addr, mailtest.Password)
		smtp.TLS = &tls.Config{RootCAs: srv.Pool}
		h.App.Outbox.Sender = smtp
		id := queue(t, h, "gone@example.org")
		h.App.Jobs.RunDue(ctx)
		m, _ := store.MailByID(ctx, h.App.Outbox.Store.R(), id)
		if m.State != "failed" || !strings.Contains(m.LastError, "550") {
			t.Fatalf("refused message: %+v", m)
		}
		h.App.Outbox.Sender = folder
		id = queue(t, h, "rosa@example.org")
		h.App.Jobs.RunDue(ctx)
		m, _ = store.MailByID(ctx, h.App.Outbox.Store.R(), id)
		dir := folder.(mail.Folder).Dir
		files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
		if m.State != "written" || len(files) != 1 {
			t.Fatalf("written message: %+v, %d files", m, len(files))
		}
		if b, _ := os.ReadFile(files[0]); !strings.Contains(string(b), "rosa@example.org") {
			t.Fatal("the .eml file does not hold the message")
		}
	})
}

// Issue 11, item 3: one try at sending is cut off well before River would take the job for dead and
// run it again elsewhere, so a slow mail server cannot cause a second send.
func TestSendTimeoutUnderRescue(t *testing.T) {
	t.Parallel()
	w := &outbox.SendWorker{}
	if got := w.Timeout(nil); got <= 0 || got > jobs.DefaultRescueAfter/2 {
		t.Fatalf("send timeout %v, rescue after %v", got, jobs.DefaultRescueAfter)
	}
}
