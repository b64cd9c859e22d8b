package audit_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"tend/internal/audit"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/store"
	"tend/internal/testdb"
)

var ctx = context.Background()

var testLog = audit.NewLog([]byte("test key"))

// appendN appends n events to the chain of practice p (no practice row is needed: the audit log outlives records).
func appendN(t *testing.T, st *store.Store, p string, n int) {
	t.Helper()
	at := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	for i := range n {
		err := st.Tx(ctx, func(q store.Q) error {
			return testLog.Append(ctx, q, model.AuditEvent{PracticeID: p, At: at.Add(time.Duration(i) * time.Second),
				ActorType: model.ActorStaff, ActorID: "staff-1", ActorRole: "owner", Action: "chart.view",
				RecordType: "chart", RecordID: fmt.Sprintf("chart-%d", i), IP: "10.1.1.1"})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func verify(t *testing.T, st *store.Store) *audit.BrokenError {
	t.Helper()
	_, err := testLog.Verify(ctx, st.R())
	if err == nil {
		return nil
	}
	var be *audit.BrokenError
	if !errors.As(err, &be) {
		t.Fatalf("Verify: %v", err)
	}
	return be
}

// TR-1: each event carries the previous one's hash; edits and deletions are caught and named.
func TestChainCatchesTampering(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		tests := []struct {
			name    string
			tamper  string
			wantSeq int64
			reason  string
		}{
			{"an edited event", `UPDATE audit_events SET ip = '6.6.6.6' WHERE chain = 'p1' AND seq = 3`, 3, "changed"},
			{"an edited time", `UPDATE audit_events SET at = at + 1 WHERE chain = 'p1' AND seq = 2`, 2, "changed"},
			{"a deleted event in the middle", `DELETE FROM audit_events WHERE chain = 'p1' AND seq = 4`, 4, "missing"},
			{"the newest event deleted", `DELETE FROM audit_events WHERE chain = 'p1' AND seq = 6`, 6, "missing from the end"},
			{"a rewritten hash", `UPDATE audit_events SET hash = prev_hash WHERE chain = 'p1' AND seq = 5`, 5, "changed"},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				st := store.New(testdbFresh(t, d))
				appendN(t, st, "p1", 6)
				appendN(t, st, "p2", 2)
				if be := verify(t, st); be != nil {
					t.Fatalf("intact chain reported broken: %v", be)
				}
				if _, err := st.DB.W.ExecContext(ctx, tc.tamper); err != nil {
					t.Fatal(err)
				}
				be := verify(t, st)
				if be == nil {
					t.Fatal("tampering was not detected")
				}
				if be.Chain != "p1" || be.Seq != tc.wantSeq || !strings.Contains(be.Reason, tc.reason) {
					t.Fatalf("got %v; want chain p1 at %d with reason containing %q", be, tc.wantSeq, tc.reason)
				}
			})
		}
	})
}

// testdbFresh gives each table case its own database of the same engine as d.
func testdbFresh(t *testing.T, d *db.DB) *db.DB {
	if d.Dialect == db.Postgres {
		return testdb.Postgres(t)
	}
	return testdb.SQLite(t)
}

func TestAppendChainsPerPractice(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		st := store.New(d)
		appendN(t, st, "p1", 3)
		appendN(t, st, "", 2)
		reports, err := testLog.Verify(ctx, st.R())
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int64{}
		for _, r := range reports {
			got[r.Chain] = r.Events
		}
		if got["p1"] != 3 || got[audit.InstallationChain] != 2 || len(got) != 2 {
			t.Fatalf("chains = %v, want p1:3 installation:2", got)
		}
	})
}

// Appenders running at once (several app instances on PostgreSQL) still build one unbroken chain.
func TestConcurrentAppends(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		st := store.New(d)
		const workers, each = 6, 15
		errs := make(chan error, workers)
		for w := range workers {
			go func() {
				for i := range each {
					err := st.Tx(ctx, func(q store.Q) error {
						return testLog.Append(ctx, q, model.AuditEvent{PracticeID: "p1", At: time.Now(), ActorType: model.ActorStaff,
							ActorID: fmt.Sprintf("w%d", w), Action: "chart.view", RecordID: fmt.Sprint(i)})
					})
					if err != nil {
						errs <- err
						return
					}
				}
				errs <- nil
			}()
		}
		for range workers {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		reports, err := testLog.Verify(ctx, st.R())
		if err != nil {
			t.Fatalf("chain after concurrent appends: %v", err)
		}
		if len(reports) != 1 || reports[0].Events != workers*each {
			t.Fatalf("reports = %+v, want one chain of %d", reports, workers*each)
		}
	})
}

// Someone with write access to the database but without the secret cannot rewrite an event and
// recompute the chain: the hashes are keyed.
func TestRewrittenChainWithoutKeyIsCaught(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		st := store.New(d)
		appendN(t, st, "p1", 4)
		forger := audit.NewLog([]byte("a guessed key"))
		// Rewrite event 2's IP and recompute events 2..4 and the head with the forger's key.
		prev := ""
		err := store.WalkAuditChain(ctx, st.R(), "p1", func(e model.AuditEvent) error {
			if e.Seq == 1 {
				prev = e.Hash
				return nil
			}
			if e.Seq == 2 {
				e.IP = "6.6.6.6"
			}
			e.PrevHash = prev
			e.Hash = forger.Hash(e)
			prev = e.Hash
			_, err := st.DB.W.ExecContext(ctx, `UPDATE audit_events SET ip = $1, prev_hash = $2, hash = $3 WHERE id = $4`, e.IP, e.PrevHash, e.Hash, e.ID)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.DB.W.ExecContext(ctx, `UPDATE audit_chains SET hash = $1 WHERE chain = 'p1'`, prev); err != nil {
			t.Fatal(err)
		}
		be := verify(t, st)
		if be == nil || be.Seq != 2 || !strings.Contains(be.Reason, "changed") {
			t.Fatalf("a chain rewritten without the key: got %v, want a break at 2", be)
		}
	})
}

// A practice whose whole chain (events and head) was deleted is reported.
func TestMissingPracticeChainIsCaught(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		st := store.New(d)
		if err := st.Tx(ctx, func(q store.Q) error {
			return store.InsertPractice(ctx, q, model.Practice{ID: "p1", Name: "P", Slug: "p", TimeZone: "UTC", IdleTimeout: 15 * time.Minute, CreatedAt: time.Now()})
		}); err != nil {
			t.Fatal(err)
		}
		appendN(t, st, "p1", 2)
		if be := verify(t, st); be != nil {
			t.Fatalf("intact: %v", be)
		}
		for _, q := range []string{`DELETE FROM audit_events WHERE chain = 'p1'`, `DELETE FROM audit_chains WHERE chain = 'p1'`} {
			if _, err := st.DB.W.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if be := verify(t, st); be == nil || be.Chain != "p1" || !strings.Contains(be.Reason, "whole chain is missing") {
			t.Fatalf("a deleted chain: got %v", be)
		}
	})
}

// Group commit: many readers at once each get their event committed, in one unbroken chain.
func TestBatcher(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		st := store.New(d)
		b := audit.NewBatcher(testLog, st)
		const n = 60
		errs := make(chan error, n)
		for i := range n {
			go func() {
				errs <- b.Record(ctx, model.AuditEvent{PracticeID: "p1", At: time.Now(), ActorType: model.ActorStaff,
					ActorID: "s", Action: "chart.view", RecordID: fmt.Sprint(i)})
			}()
		}
		for range n {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		reports, err := testLog.Verify(ctx, st.R())
		if err != nil || len(reports) != 1 || reports[0].Events != n {
			t.Fatalf("after %d concurrent records: %+v, %v", n, reports, err)
		}
		b.Close()
		if err := b.Record(ctx, model.AuditEvent{PracticeID: "p1", At: time.Now(), Action: "x"}); !errors.Is(err, audit.ErrClosed) {
			t.Fatalf("record after close: %v", err)
		}
	})
}
