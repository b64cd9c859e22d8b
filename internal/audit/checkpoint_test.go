package audit_test

import (
	"bytes"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tend/internal/audit"
	"tend/internal/db"
	"tend/internal/store"
	"tend/internal/testdb"
)

// Issue 12, item 4: checkpoints append each chain's head to a file and the log (ids and hash only); a
// later run repeats only the chains that moved; each chain's failing checkpoint is named. Proves TR-1.
func TestCheckpoints(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		st := store.New(d)
		appendN(t, st, "practice-a", 3)
		appendN(t, st, "practice-b", 2)
		var logs bytes.Buffer
		path := filepath.Join(t.TempDir(), "audit-checkpoints.jsonl")
		c := &audit.Checkpointer{Store: st, Path: path, Now: time.Now, Log: slog.New(slog.NewJSONHandler(&logs, nil))}
		for i, want := range []int{2, 0} {
			if n, err := c.Write(ctx); err != nil || n != want {
				t.Fatalf("write %d: %d checkpoints, %v; want %d", i+1, n, err, want)
			}
		}
		appendN(t, st, "practice-b", 1)
		if n, err := c.Write(ctx); err != nil || n != 1 {
			t.Fatalf("after practice-b moved: %d checkpoints, %v", n, err)
		}
		if got := strings.Count(logs.String(), `"msg":"audit checkpoint"`); got != 3 || !strings.Contains(logs.String(), `"chain":"practice-a","seq":3`) {
			t.Fatalf("log lines: %d\n%s", got, logs.String())
		}
		cps, err := audit.ReadCheckpoints(path)
		if err != nil || len(cps) != 3 {
			t.Fatalf("read: %+v %v", cps, err)
		}
		if n, err := audit.VerifyCheckpoints(ctx, st.R(), cps); err != nil || n != 3 {
			t.Fatalf("verify untouched: %d %v", n, err)
		}

		// practice-a loses its newest event with the head reset; practice-b's second event is rewritten.
		if _, err := d.W.ExecContext(ctx, `DELETE FROM audit_events WHERE chain = 'practice-a' AND seq = 3`); err != nil {
			t.Fatal(err)
		}
		if _, err := d.W.ExecContext(ctx, `UPDATE audit_chains SET seq = 2 WHERE chain = 'practice-a'`); err != nil {
			t.Fatal(err)
		}
		if _, err := d.W.ExecContext(ctx, `UPDATE audit_events SET hash = 'forged' WHERE chain = 'practice-b' AND seq = 2`); err != nil {
			t.Fatal(err)
		}
		_, err = audit.VerifyCheckpoints(ctx, st.R(), cps)
		var found []string
		for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
			var ce *audit.CheckpointError
			if !errors.As(e, &ce) {
				t.Fatalf("not a checkpoint error: %v", e)
			}
			found = append(found, e.Error())
		}
		if len(found) != 2 || !strings.Contains(found[0], "chain practice-a at sequence 3") || !strings.Contains(found[0], "removed from its end") ||
			!strings.Contains(found[1], "chain practice-b at sequence 2") || !strings.Contains(found[1], "rewritten") {
			t.Fatalf("errors: %q", found)
		}
		if b, _ := os.ReadFile(path); bytes.Contains(b, []byte("chart-")) {
			t.Fatal("the checkpoint file holds more than ids and hashes")
		}
	})
}
