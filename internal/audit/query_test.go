package audit_test

import (
	"errors"
	"testing"
	"time"

	"tend/internal/audit"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/store"
	"tend/internal/testdb"
)

// Dates in a query are days in the practice's time zone, on both engines, with every filter applied.
func TestSearchFiltersInPracticeTimeZone(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		st := store.New(d)
		r := &audit.Reader{Store: st, Log: testLog, Now: time.Now}
		err := st.Tx(ctx, func(q store.Q) error {
			if err := store.InsertPractice(ctx, q, model.Practice{ID: "p1", Name: "P", Slug: "p", TimeZone: "America/Chicago", IdleTimeout: 15 * time.Minute, CreatedAt: time.Now()}); err != nil {
				return err
			}
			events := []struct {
				at            string
				actor, action string
				record, chart string
			}{
				{"2026-03-02T05:59:00Z", "a", "chart.view", "c1", "c1"}, // 1 March, 23:59 in Chicago
				{"2026-03-02T06:00:00Z", "a", "chart.view", "c2", "c2"}, // 2 March, 00:00 in Chicago
				{"2026-03-03T05:59:00Z", "b", "chart.update", "n1", "c2"},
				{"2026-03-03T06:00:00Z", "b", "chart.view", "c2", "c2"}, // 3 March in Chicago
			}
			for _, e := range events {
				at, _ := time.Parse(time.RFC3339, e.at)
				if err := testLog.Append(ctx, q, model.AuditEvent{PracticeID: "p1", At: at, ActorType: model.ActorStaff, ActorID: e.actor,
					Action: e.action, RecordType: "chart", RecordID: e.record, ChartID: e.chart}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		owner := model.Principal{PracticeID: "p1", Role: model.RoleOwner}
		tests := []struct {
			name string
			q    audit.Query
			want int
		}{
			{"everything", audit.Query{}, 4},
			{"one day in Chicago", audit.Query{From: "2026-03-02", To: "2026-03-02"}, 2},
			{"from a day on", audit.Query{From: "2026-03-03"}, 1},
			{"by person", audit.Query{ActorID: "b"}, 2},
			{"by action", audit.Query{Action: "chart.update"}, 1},
			{"by record or chart", audit.Query{RecordID: "c2"}, 3},
			{"an exact time", audit.Query{From: "2026-03-03T05:59:00Z"}, 2},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				res, err := r.Search(ctx, owner, tc.q)
				if err != nil {
					t.Fatal(err)
				}
				if res.Total != tc.want || len(res.Events) != tc.want {
					t.Fatalf("total %d, %d events; want %d", res.Total, len(res.Events), tc.want)
				}
			})
		}
		res, _ := r.Search(ctx, owner, audit.Query{PerPage: 3, Page: 2})
		if res.Total != 4 || len(res.Events) != 1 || res.Events[0].Seq != 1 {
			t.Fatalf("page 2 of 3 a page: total %d, %d events", res.Total, len(res.Events))
		}
		var ve *model.ValidationError
		if _, err := r.Search(ctx, owner, audit.Query{From: "yesterday", To: "2026-02-30"}); !errors.As(err, &ve) || ve.Fields["from"] == "" || ve.Fields["to"] == "" {
			t.Fatalf("bad dates: %v", err)
		}
		if _, err := r.Search(ctx, model.Principal{PracticeID: "p1", Role: model.RoleAdmin}, audit.Query{}); !errors.Is(err, model.ErrForbidden) {
			t.Fatalf("admin search: %v", err)
		}
	})
}
