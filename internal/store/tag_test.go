package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"tend/internal/db"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/testdb"
)

// LS-3, issue 19: the client list counts a tag filter that asks nothing else of a chart from the tag's
// links alone, without reading the charts. That is right only because a tag's links are always to charts
// of the tag's own practice: SetChartTags and InsertChartTags refuse a tag or a chart of another practice,
// and the count of another practice's tag is 0 (no other practice's chart is ever counted), on both engines.
func TestTagLinksStayInTheirPractice(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		practice := func(slug string) (string, model.Tag, []string) {
			pr := model.Practice{ID: id.New(), Name: slug, Slug: slug + "-" + id.New()[:8], TimeZone: "UTC", IdleTimeout: 15 * time.Minute, CreatedAt: now}
			if err := InsertPractice(ctx, d.W, pr); err != nil {
				t.Fatal(err)
			}
			tg := model.Tag{ID: id.New(), Name: "Evening"}
			if err := InsertTag(ctx, d.W, pr.ID, tg, now); err != nil {
				t.Fatal(err)
			}
			var charts []string
			for i := range 5 {
				c := model.Client{ID: id.New(), PracticeID: pr.ID, PersonID: id.New(), Kind: model.KindIndividual, FirstName: "Ana",
					LastName: slug, State: []model.RecordState{model.StateActive, model.StateInactive}[i%2], CreatedAt: now, UpdatedAt: now}
				if err := InsertClient(ctx, d.W, c); err != nil {
					t.Fatal(err)
				}
				charts = append(charts, c.ID)
			}
			return pr.ID, tg, charts
		}
		harbor, harborTag, harborCharts := practice("harbor")
		_, otherTag, otherCharts := practice("other")

		if err := SetChartTags(ctx, d.W, harborCharts[0], []string{harborTag.ID}); err != nil {
			t.Fatalf("own tag: %v", err)
		}
		if err := SetChartTags(ctx, d.W, harborCharts[1], []string{otherTag.ID}); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("another practice's tag on a chart: %v, want ErrNotFound", err)
		}
		if err := InsertChartTags(ctx, d.W, d.Dialect, harbor, [][2]string{{harborCharts[2], harborTag.ID}, {harborCharts[3], harborTag.ID}}); err != nil {
			t.Fatalf("import's own tags: %v", err)
		}
		for name, pairs := range map[string][][2]string{
			"another practice's tag":   {{harborCharts[4], otherTag.ID}},
			"another practice's chart": {{otherCharts[0], harborTag.ID}},
		} {
			if err := InsertChartTags(ctx, d.W, d.Dialect, harbor, pairs); !errors.Is(err, model.ErrNotFound) {
				t.Errorf("import, %s: %v, want ErrNotFound", name, err)
			}
		}
		if n, err := ForeignTagLinks(ctx, d.R, harbor); err != nil || n != 0 {
			t.Errorf("links across practices: %d, %v", n, err)
		}
		// The other practice tags all of its charts.
		for _, c := range otherCharts {
			if err := SetChartTags(ctx, d.W, c, []string{otherTag.ID}); err != nil {
				t.Fatal(err)
			}
		}

		list := func(tag string, statuses []model.Status) ClientPage {
			t.Helper()
			page, err := ListClients(ctx, d.R, ClientFilter{Dialect: d.Dialect, PracticeID: harbor, Visible: Visibility{All: true},
				TagID: tag, Statuses: statuses, Sort: "name", Limit: 25})
			if err != nil {
				t.Fatal(err)
			}
			return page
		}
		if p := list(harborTag.ID, model.Statuses()); p.Total != 3 || len(p.Clients) != 3 {
			t.Errorf("own tag, every status: total %d, %d clients, want 3", p.Total, len(p.Clients))
		}
		if p := list(harborTag.ID, []model.Status{model.StatusActive, model.StatusPending}); p.Total != 2 || len(p.Clients) != 2 {
			t.Errorf("own tag, in care: total %d, %d clients, want 2", p.Total, len(p.Clients))
		}
		if p := list(otherTag.ID, model.Statuses()); p.Total != 0 || len(p.Clients) != 0 {
			t.Errorf("another practice's tag: total %d, %d clients, want none", p.Total, len(p.Clients))
		}
		// A link written around the store's checks (what a crafted archive would hold) is counted, from
		// either practice's side, so the archive import can refuse it.
		if _, err := d.W.ExecContext(ctx, `INSERT INTO chart_tags (chart_id, tag_id) VALUES ($1, $2)`, harborCharts[4], otherTag.ID); err != nil {
			t.Fatal(err)
		}
		if n, err := ForeignTagLinks(ctx, d.R, harbor); err != nil || n != 1 {
			t.Errorf("a link across practices: %d, %v; want 1", n, err)
		}
	})
}
