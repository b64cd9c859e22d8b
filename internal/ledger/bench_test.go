package ledger_test

import (
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
	"tend/internal/testdb"
)

// BenchmarkTimeline reads the newest page and a page deep in a ledger of 10,000 entries: the running
// balance is stored with each entry, so a page costs the same wherever it is.
// Proves PY-1.
func BenchmarkTimeline(b *testing.B) {
	d := testdb.SQLite(b)
	h := apptest.New(b, d)
	_, owner := h.Setup()
	c, err := h.App.Clients.Create(ctx, apptest.As(owner), model.ClientChange{FirstName: str("Robin"), LastName: str("Rivera")})
	if err != nil {
		b.Fatal(err)
	}
	now := time.Now().UTC()
	err = h.App.Outbox.Store.Tx(ctx, func(q store.Q) error {
		for i := range 10_000 {
			e := model.LedgerEntry{ID: id.New(), PracticeID: owner.PracticeID, ChartID: c.ID, Kind: model.EntryAdjustment, AmountCents: int64(100 + i%7),
				OnDate: "2026-03-01", Reason: model.ReasonCorrection, CreatedBy: owner.ID, CreatedAt: now}
			if _, err := store.AppendLedgerEntry(ctx, q, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	for _, c2 := range []struct {
		name   string
		before int64
	}{{"newest", 0}, {"deep", 200}} {
		b.Run(c2.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := h.App.Ledger.Timeline(ctx, apptest.As(owner), c.ID, c2.before); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
