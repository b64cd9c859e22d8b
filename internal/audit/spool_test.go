package audit_test

import (
	"context"
	"testing"
	"time"

	"tend/internal/audit"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/store"
	"tend/internal/testdb"
)

func countEvents(t *testing.T, st *store.Store, where string, args ...any) int {
	t.Helper()
	var n int
	if err := st.R().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_events WHERE `+where, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TR-1 on SQLite: read events wait in a side file, synced, and join the hash chain in batches: on
// Flush, on Close, and once only even when a move is repeated after a crash.
func TestSpool(t *testing.T) {
	t.Parallel()
	d := testdb.SQLite(t)
	st := store.New(d)
	side, err := db.OpenSpool(context.Background(), d.Path)
	if err != nil {
		t.Fatal(err)
	}
	spool := audit.NewSpool(side, testLog, st, time.Hour, func(err error) { t.Errorf("move: %v", err) })
	at := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	view := func(i int) model.AuditEvent {
		return model.AuditEvent{PracticeID: "p1", At: at.Add(time.Duration(i) * time.Second), ActorType: model.ActorStaff,
			ActorID: "staff-1", ActorRole: "owner", Action: "chart.view", RecordType: "chart", RecordID: "c1"}
	}
	for i := range 3 {
		if err := spool.Record(ctx, view(i)); err != nil {
			t.Fatal(err)
		}
	}
	// Recorded, but the main file is untouched until a move.
	if n := countEvents(t, st, "chain = 'p1'"); n != 0 {
		t.Fatalf("%d events in the log before a move, want 0", n)
	}
	if err := spool.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if n := countEvents(t, st, "chain = 'p1'"); n != 3 {
		t.Fatalf("%d events after Flush, want 3", n)
	}
	if be := verify(t, st); be != nil {
		t.Fatalf("chain broken after a move: %v", be)
	}
	// A move that committed and then crashed before the spool was cleared: the event is already in the
	// log with its id. Moving again must not add it twice.
	e := view(9)
	e.ID = "01939b7e-0000-7000-8000-000000000009"
	if err := spool.Record(ctx, e); err != nil {
		t.Fatal(err)
	}
	if err := st.Tx(ctx, func(q store.Q) error { return testLog.Append(ctx, q, e) }); err != nil {
		t.Fatal(err)
	}
	if err := spool.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if n := countEvents(t, st, "id = $1", e.ID); n != 1 {
		t.Fatalf("event moved %d times, want once", n)
	}
	// A second process that read the same waiting events before this one moved them drops only those
	// exact events when it is done, never a newer one (numbers are not reused).
	stale, err := store.SpooledEvents(ctx, side, 10)
	if err != nil || len(stale) != 0 {
		t.Fatalf("spool after moves: %v %v", stale, err)
	}
	if err := spool.Record(ctx, view(10)); err != nil {
		t.Fatal(err)
	}
	if err := store.DropSpooled(ctx, side, []store.SpooledEvent{{N: 1}, {N: 2}, {N: 3}}); err != nil {
		t.Fatal(err)
	}
	if left, _ := store.SpooledEvents(ctx, side, 10); len(left) != 1 {
		t.Fatalf("a stale drop removed a new event: %d left, want 1", len(left))
	}
	// Close moves what is left.
	if err := spool.Record(ctx, view(20)); err != nil {
		t.Fatal(err)
	}
	if err := spool.Close(); err != nil {
		t.Fatal(err)
	}
	if n := countEvents(t, st, "chain = 'p1'"); n != 6 {
		t.Fatalf("%d events after Close, want 6", n)
	}
	if be := verify(t, st); be != nil {
		t.Fatalf("chain broken: %v", be)
	}
}
