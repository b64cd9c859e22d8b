package app_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"tend/internal/app"
	"tend/internal/config"
	"tend/internal/db"
	"tend/internal/mail/mailtest"
	"tend/internal/outbox"
	"tend/internal/store"
)

// TestMain lets this test binary play the process that crashes (see crashChild).
func TestMain(m *testing.M) {
	if os.Getenv("TEND_CRASH_CHILD") == "1" {
		crashChild()
	}
	os.Exit(m.Run())
}

// crashChild queues a message the way a change does, then dies at once, before any worker sends it.
func crashChild() {
	ctx := context.Background()
	cfg, _ := config.Load("child", os.Getenv, io.Discard)
	if err := cfg.Finish(); err != nil {
		panic(err)
	}
	if err := cfg.EnsureSecret(); err != nil {
		panic(err)
	}
	d, err := db.Open(ctx, cfg.Database())
	if err != nil {
		panic(err)
	}
	if _, err := d.Migrate(ctx); err != nil {
		panic(err)
	}
	a, err := app.Build(*cfg, d, slog.New(slog.NewTextHandler(io.Discard, nil)), time.Now)
	if err != nil {
		panic(err)
	}
	err = a.Outbox.Store.Tx(ctx, func(q store.Q) error {
		_, err := a.Outbox.Queue(ctx, q, outbox.Draft{To: "rosa@example.org", Subject: "Tend test message", Text: "hello", HTML: "<p>hello</p>"})
		return err
	})
	if err != nil {
		panic(err)
	}
	_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
	select {}
}

// Issue 5, item 2: a message queued by a process that is killed before sending goes out once the server
// starts again, and exactly once.
func TestMailSurvivesACrash(t *testing.T) {
	t.Parallel()
	engines(t, func(t *testing.T, env map[string]string) {
		srv := mailtest.Start(t, true)
		ca := filepath.Join(t.TempDir(), "ca.pem")
		if err := os.WriteFile(ca, srv.CertPEM, 0o600); err != nil {
			t.Fatal(err)
		}
		env["TEND_SMTP_URL"] = "smtp://" + mailtest.Username + ":" + mailtest.Password + "@" + srv.Addr
		env["TEND_SMTP_CA_FILE"] = ca
		env["TEND_MAIL_FROM"] = "Harbor Counseling <noreply@harbor.example>"
		child := exec.Command(os.Args[0], "-test.run=^$")
		child.Env = append(os.Environ(), "TEND_CRASH_CHILD=1")
		for k, v := range env {
			child.Env = append(child.Env, k+"="+v)
		}
		err := child.Run()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("the child was meant to be killed: %v", err)
		}
		if n := len(srv.Messages()); n != 0 {
			t.Fatalf("%d messages before the restart", n)
		}
		_, cancel, done := startServe(t, env)
		defer cancel()
		deadline := time.Now().Add(15 * time.Second)
		for len(srv.Messages()) == 0 && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		// Stop the server (its worker finishes what it started), then count: any second delivery has
		// happened by then.
		cancel()
		if code := <-done; code != 0 {
			t.Fatalf("serve exited with %d", code)
		}
		if got := srv.Messages(); len(got) != 1 || !strings.Contains(got[0], "rosa@example.org") {
			t.Fatalf("received %d messages after the restart, want exactly 1", len(got))
		}
	})
}
