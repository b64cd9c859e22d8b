package store

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"tend/internal/db"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/testdb"
)

// Issue 14 (speed): within one request the practice is read once; a write in the request forgets what
// was kept, reads inside a transaction never use it, and a context without a memo always reads.
// Proves CL-10 and NT-2 stay fast without stale reads (issue 14, speed).
func TestMemoKeepsReadsUntilAWrite(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		bg := context.Background()
		st := New(d)
		pr := model.Practice{ID: id.New(), Name: "Harbor", Slug: "harbor-" + id.New()[:8], TimeZone: "UTC", IdleTimeout: 15 * time.Minute,
			CreatedAt: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
		if err := InsertPractice(bg, d.W, pr); err != nil {
			t.Fatal(err)
		}
		rename := func(ctx context.Context, name string) {
			t.Helper()
			err := st.Tx(ctx, func(q Q) error {
				_, err := q.ExecContext(ctx, `UPDATE practices SET name = $1 WHERE id = $2`, name, pr.ID)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		nameIn := func(ctx context.Context, q Q) string {
			t.Helper()
			p, err := PracticeByID(ctx, q, pr.ID)
			if err != nil {
				t.Fatal(err)
			}
			return p.Name
		}
		ctx := WithMemo(bg)
		if got := nameIn(ctx, st.R()); got != "Harbor" {
			t.Fatalf("first read: got %q", got)
		}
		// Another request renames the practice: this request keeps what it read.
		rename(bg, "Harbour")
		for _, tc := range []struct {
			what string
			ctx  context.Context
			q    Q
			want string
		}{
			{"the same request again", ctx, st.R(), "Harbor"},
			{"a context without a memo", bg, st.R(), "Harbour"},
		} {
			if got := nameIn(tc.ctx, tc.q); got != tc.want {
				t.Errorf("%s: got %q, want %q", tc.what, got, tc.want)
			}
		}
		var inTx string
		err := d.WithTx(ctx, func(tx *sql.Tx) error { inTx = nameIn(ctx, tx); return nil })
		if err != nil || inTx != "Harbour" {
			t.Errorf("inside a transaction: got %q (%v), want what the database holds", inTx, err)
		}
		// This request writes: what it reads next is read afresh.
		rename(ctx, "Harbor Counselling")
		if got := nameIn(ctx, st.R()); got != "Harbor Counselling" {
			t.Errorf("after the request's own write: got %q, want the new name", got)
		}
	})
}
