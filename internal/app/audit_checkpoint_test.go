package app_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/audit"
	"tend/internal/config"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/store"
	"tend/internal/testdb"
)

// setUpWithEvents makes a practice with a few audited changes and returns its chain id and a password file.
func setUpWithEvents(t *testing.T, env map[string]string) (string, string) {
	t.Helper()
	pw := filepath.Join(env["TEND_DATA_DIR"], "pw.txt")
	if err := os.WriteFile(pw, []byte("correct horse battery staple\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := run(t, env, "", "setup", "--practice", "Harbor Counseling", "--name", "Olivia Owner", "--email", "owner@example.org", "--password-file", pw); code != 0 {
		t.Fatalf("setup: %d %q", code, errOut)
	}
	addUser(t, env, pw, "cal@example.org")
	d := openSQL(t, env)
	var chain string
	if err := d.QueryRow(`SELECT chain FROM audit_chains WHERE chain <> 'installation'`).Scan(&chain); err != nil {
		t.Fatal(err)
	}
	return chain, pw
}

func addUser(t *testing.T, env map[string]string, pw, email string) {
	t.Helper()
	if code, _, errOut := run(t, env, "", "user", "add", "--practice", "harbor-counseling", "--email", email, "--name", "Cal", "--role", "clinician", "--password-file", pw); code != 0 {
		t.Fatalf("user add: %d %q", code, errOut)
	}
}

func openSQL(t *testing.T, env map[string]string) *sql.DB {
	t.Helper()
	d, err := sql.Open(driver(env), dsn(env))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func headOf(t *testing.T, d *sql.DB, chain string) int64 {
	t.Helper()
	var seq int64
	if err := d.QueryRow(`SELECT seq FROM audit_chains WHERE chain = $1`, chain).Scan(&seq); err != nil {
		t.Fatal(err)
	}
	return seq
}

// Issue 12, item 4: deleting the newest audit events and resetting the chain's head leaves a chain that
// verifies on its own; the checkpoints written outside the database show the truncation, naming the
// practice and the position, and `tend audit verify --checkpoints` exits non-zero. Untouched, it passes.
// Proves TR-1.
func TestAuditCheckpointsShowATruncation(t *testing.T) {
	t.Parallel()
	engines(t, func(t *testing.T, env map[string]string) {
		chain, pw := setUpWithEvents(t, env)
		d := openSQL(t, env)
		var chains int
		if err := d.QueryRow(`SELECT COUNT(*) FROM audit_chains WHERE seq > 0`).Scan(&chains); err != nil {
			t.Fatal(err)
		}
		code, out, errOut := run(t, env, "", "audit", "checkpoint")
		file := filepath.Join(env["TEND_DATA_DIR"], "audit-checkpoints.jsonl")
		if code != 0 || !strings.Contains(out, fmt.Sprintf("%d checkpoint(s) appended to %s", chains, file)) {
			t.Fatalf("audit checkpoint: %d %q %q", code, out, errOut)
		}
		if !strings.Contains(errOut, "audit checkpoint") || !strings.Contains(errOut, chain) {
			t.Fatalf("the log does not carry the checkpoint: %q", errOut)
		}
		if st, err := os.Stat(file); err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("checkpoint file: %v %v", st, err)
		}
		cps, err := audit.ReadCheckpoints(file)
		if err != nil || len(cps) != chains {
			t.Fatalf("checkpoints: %+v %v", cps, err)
		}
		checkpointed := headOf(t, d, chain)

		if code, out, errOut := run(t, env, "", "audit", "verify", "--checkpoints"); code != 0 || !strings.Contains(out, fmt.Sprintf("checkpoints match: %d checked", chains)) {
			t.Fatalf("verify --checkpoints, untouched: %d %q %q", code, out, errOut)
		}
		addUser(t, env, pw, "dee@example.org") // the chain grows past the checkpoint: still fine
		if code, out, errOut := run(t, env, "", "audit", "verify", "--checkpoints", file); code != 0 || !strings.Contains(out, "checkpoints match") {
			t.Fatalf("verify --checkpoints FILE after more events: %d %q %q", code, out, errOut)
		}

		// Remove the newest events down to below the checkpoint and reset the head to the last one kept.
		var prev string
		if err := d.QueryRow(`SELECT prev_hash FROM audit_events WHERE chain = $1 AND seq = $2`, chain, checkpointed).Scan(&prev); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(`DELETE FROM audit_events WHERE chain = $1 AND seq >= $2`, chain, checkpointed); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(`UPDATE audit_chains SET seq = $1, hash = $2 WHERE chain = $3`, checkpointed-1, prev, chain); err != nil {
			t.Fatal(err)
		}
		if code, out, errOut := run(t, env, "", "audit", "verify"); code != 0 {
			t.Fatalf("the truncated chain should verify on its own (that is why checkpoints exist): %d %q %q", code, out, errOut)
		}
		code, _, errOut = run(t, env, "", "audit", "verify", "--checkpoints")
		want := fmt.Sprintf("chain %s at sequence %d", chain, checkpointed)
		if code == 0 || !strings.Contains(errOut, want) || !strings.Contains(errOut, "removed from its end") {
			t.Fatalf("verify --checkpoints after a truncation: %d %q, want %q", code, errOut, want)
		}

		// New events fill the positions again, but not with the events the checkpoint recorded.
		addUser(t, env, pw, "eli@example.org")
		addUser(t, env, pw, "fay@example.org")
		code, _, errOut = run(t, env, "", "audit", "verify", "--checkpoints")
		if code == 0 || !strings.Contains(errOut, want) || !strings.Contains(errOut, "rewritten") {
			t.Fatalf("verify --checkpoints after a truncation and new events: %d %q", code, errOut)
		}
	})
}

// Issue 12, item 4: someone holding the key can rewrite an event and its hash so that the chain verifies;
// the checkpoint of that position still shows it. A malformed checkpoint file is refused, naming the line.
// Proves TR-1.
func TestAuditCheckpointsShowARewrite(t *testing.T) {
	t.Parallel()
	engines(t, func(t *testing.T, env map[string]string) {
		chain, _ := setUpWithEvents(t, env)
		if code, _, errOut := run(t, env, "", "audit", "checkpoint"); code != 0 {
			t.Fatalf("audit checkpoint: %d %q", code, errOut)
		}
		cfg := config.Config{DataDir: env["TEND_DATA_DIR"], DatabaseURL: env["TEND_DATABASE_URL"]}
		if err := cfg.LoadSecretIfPresent(); err != nil {
			t.Fatal(err)
		}
		key, err := cfg.AuditKey()
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		d, err := db.Open(ctx, cfg.Database())
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		var last model.AuditEvent
		if err := store.WalkAuditChain(ctx, d.R, chain, func(e model.AuditEvent) error { last = e; return nil }); err != nil {
			t.Fatal(err)
		}
		last.Outcome = model.OutcomeFailure
		last.Hash = audit.NewLog(key).Hash(last)
		if _, err := d.W.ExecContext(ctx, `UPDATE audit_events SET outcome = $1, hash = $2 WHERE id = $3`, last.Outcome, last.Hash, last.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := d.W.ExecContext(ctx, `UPDATE audit_chains SET hash = $1 WHERE chain = $2`, last.Hash, chain); err != nil {
			t.Fatal(err)
		}
		if code, out, errOut := run(t, env, "", "audit", "verify"); code != 0 {
			t.Fatalf("a chain rewritten with the key verifies on its own: %d %q %q", code, out, errOut)
		}
		code, _, errOut := run(t, env, "", "audit", "verify", "--checkpoints")
		if want := fmt.Sprintf("chain %s at sequence %d", chain, last.Seq); code == 0 || !strings.Contains(errOut, want) || !strings.Contains(errOut, "rewritten") {
			t.Fatalf("verify --checkpoints after a rewrite: %d %q, want %q", code, errOut, want)
		}

		bad := filepath.Join(env["TEND_DATA_DIR"], "bad.jsonl")
		if err := os.WriteFile(bad, []byte(`{"chain":"x","seq":1,"hash":"ab","at":"2026-03-02T09:00:00Z"}`+"\nnot json\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if code, _, errOut := run(t, env, "", "audit", "verify", "--checkpoints="+bad); code == 0 || !strings.Contains(errOut, "line 2 is not a checkpoint") {
			t.Fatalf("a malformed checkpoint file: %d %q", code, errOut)
		}
		if code, _, errOut := run(t, env, "", "audit", "verify", "--checkpoints", filepath.Join(env["TEND_DATA_DIR"], "none.jsonl")); code == 0 || !strings.Contains(errOut, "none.jsonl") {
			t.Fatalf("a missing checkpoint file: %d %q", code, errOut)
		}
	})
}

// Issue 12, item 4: with TEND_AUDIT_CHECKPOINT_INTERVAL set, the running app writes the checkpoints as
// a periodic River job (at start, then every interval); a second run writes only chains that moved.
func TestAuditCheckpointJob(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		var file string
		h := apptest.NewConfigured(t, d, func(c *config.Config) {
			c.CheckpointEvery = time.Hour
			file = c.CheckpointFile()
		})
		h.Setup()
		if err := h.App.Jobs.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		var cps []audit.Checkpoint
		for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if cps, _ = audit.ReadCheckpoints(file); len(cps) > 0 {
				break
			}
		}
		heads, err := store.AuditChainHeads(context.Background(), d.R)
		if err != nil {
			t.Fatal(err)
		}
		if len(cps) == 0 || len(cps) != len(heads) {
			t.Fatalf("the periodic job wrote %d checkpoints for %d chains", len(cps), len(heads))
		}
		for i, h := range heads {
			if cps[i].Chain != h.Chain || cps[i].Seq != h.Seq || cps[i].Hash != h.Hash {
				t.Errorf("checkpoint %+v, head %+v", cps[i], h)
			}
		}
		if n, err := audit.VerifyCheckpoints(context.Background(), d.R, cps); err != nil || n != len(cps) {
			t.Fatalf("verify: %d %v", n, err)
		}
	})
}
