package audit_test

import (
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

// plant inserts a row into chain p at seq that Tend did not write: it claims to follow the recorded
// head but its hash was made without the key.
func plant(t *testing.T, st *store.Store, p string, seq int64) {
	t.Helper()
	var head string
	if err := st.DB.R.QueryRowContext(ctx, `SELECT hash FROM audit_chains WHERE chain = $1`, p).Scan(&head); err != nil {
		t.Fatal(err)
	}
	_, err := st.DB.W.ExecContext(ctx, `INSERT INTO audit_events (id, chain, seq, practice_id, at, actor_type, actor_id,
		actor_role, action, record_type, record_id, chart_id, ip, outcome, detail, prev_hash, hash)
		VALUES ($1, $2, $3, $2, 0, 'staff', 'x', 'owner', 'chart.view', '', '', '', '', 'success', '', $4, 'forged')`,
		fmt.Sprintf("planted-%d", seq), p, seq, head)
	if err != nil {
		t.Fatal(err)
	}
}

// Issue 12, item 4: verify reads every row of every chain, so an event planted beyond the recorded
// head is reported at its own sequence number instead of passing unseen.
// Proves TR-1.
func TestPlantedEventBeyondHeadIsCaught(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		for _, offset := range []int64{1, 3} {
			t.Run(fmt.Sprintf("head+%d", offset), func(t *testing.T) {
				st := store.New(testdbFresh(t, d))
				appendN(t, st, "p1", 4)
				appendN(t, st, "p2", 2)
				plant(t, st, "p1", 4+offset)
				be := verify(t, st)
				if be == nil {
					t.Fatal("a planted event beyond the head passed verification")
				}
				if be.Chain != "p1" || be.Seq != 4+offset || !strings.Contains(be.Reason, "beyond") {
					t.Fatalf("got %v; want chain p1 broken at %d, beyond the head", be, 4+offset)
				}
			})
		}
	})
}

// Issue 12, item 4: a stray row at the next sequence number must not block the chain's appends
// (single events, batches and group commit), and verify still names the stray row afterwards.
func TestAppendsSurvivePlantedEvent(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		st := store.New(d)
		appendN(t, st, "p1", 3)
		plant(t, st, "p1", 4)
		plant(t, st, "p1", 6)
		appendN(t, st, "p1", 2)
		many := make([]model.AuditEvent, 5)
		for i := range many {
			many[i] = model.AuditEvent{PracticeID: "p1", At: time.Now(), ActorType: model.ActorStaff, ActorID: "s", Action: "chart.view", RecordID: fmt.Sprint(i)}
		}
		plant(t, st, "p1", 10)
		if err := st.Tx(ctx, func(q store.Q) error { return testLog.AppendMany(ctx, q, many) }); err != nil {
			t.Fatalf("AppendMany after a planted event: %v", err)
		}
		b := audit.NewBatcher(testLog, st)
		defer b.Close()
		plant(t, st, "p1", 20)
		if err := b.Record(ctx, model.AuditEvent{PracticeID: "p1", At: time.Now(), ActorType: model.ActorStaff, ActorID: "s", Action: "chart.view"}); err != nil {
			t.Fatalf("Record after a planted event: %v", err)
		}
		var n int
		if err := st.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_events WHERE chain = 'p1' AND id NOT LIKE 'planted-%'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 3+2+5+1 {
			t.Fatalf("%d events written by Tend, want 11", n)
		}
		if be := verify(t, st); be == nil || be.Chain != "p1" || be.Seq != 4 {
			t.Fatalf("after appending past planted events: got %v, want chain p1 broken at 4", be)
		}
	})
}

// Issue 12, item 4: should the (chain, seq) constraint ever be dropped, a second row with a taken
// number is reported too. Only PostgreSQL can drop the constraint in place.
func TestDuplicateSeqIsCaught(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		if d.Dialect != db.Postgres {
			t.Skip("SQLite cannot drop a table constraint")
		}
		st := store.New(d)
		appendN(t, st, "p1", 4)
		for _, q := range []string{
			`ALTER TABLE audit_events DROP CONSTRAINT audit_events_chain_seq_key`,
			`INSERT INTO audit_events SELECT 'zz-copy', chain, seq, practice_id, at, actor_type, actor_id, actor_role, action,
				record_type, record_id, chart_id, ip, outcome, detail, prev_hash, hash FROM audit_events WHERE chain = 'p1' AND seq = 2`,
		} {
			if _, err := st.DB.W.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if be := verify(t, st); be == nil || be.Seq != 2 || be.EventID != "zz-copy" || !strings.Contains(be.Reason, "more than once") {
			t.Fatalf("a duplicated sequence number: got %v", be)
		}
	})
}

// Issue 12, item 4: verify now reads rows beyond the head it read first; those that appenders commit
// while it walks are genuine and must not be reported.
func TestVerifyDuringAppends(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		st := store.New(d)
		appendN(t, st, "p1", 1)
		done := make(chan error, 1)
		go func() {
			for i := range 150 {
				err := st.Tx(ctx, func(q store.Q) error {
					return testLog.Append(ctx, q, model.AuditEvent{PracticeID: "p1", At: time.Now(), ActorType: model.ActorStaff, ActorID: "s", Action: "chart.view", RecordID: fmt.Sprint(i)})
				})
				if err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
		for {
			if _, err := testLog.Verify(ctx, st.R()); err != nil {
				t.Fatalf("verify while appending: %v", err)
			}
			select {
			case err := <-done:
				if err != nil {
					t.Fatal(err)
				}
				return
			default:
			}
		}
	})
}
