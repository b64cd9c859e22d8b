package audit

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// Query is a request to read the audit log as the pages and the API receive it. Dates are
// YYYY-MM-DD days in the practice's time zone (To includes its whole day) or RFC 3339 times.
type Query struct {
	ActorID, RecordID, Action string
	ChartID                   string // only events about this chart ("who opened this chart")
	From, To                  string
	Page, PerPage             int
}

// Page is one page of matching events, with the names of the people and charts they mention.
type Page struct {
	Events  []model.AuditEvent
	Names   store.AuditNames
	Total   int
	Page    int
	PerPage int
}

// filter validates q and turns it into a store filter in the practice's time zone.
func (r *Reader) filter(ctx context.Context, p model.Principal, q Query) (model.AuditFilter, error) {
	if err := r.flush(ctx); err != nil {
		return model.AuditFilter{}, err
	}
	pr, err := store.PracticeByID(ctx, r.Store.R(), p.PracticeID)
	if err != nil {
		return model.AuditFilter{}, err
	}
	loc := pr.Location()
	problems := model.Problems{}
	f := model.AuditFilter{PracticeID: p.PracticeID, ActorID: q.ActorID, RecordID: q.RecordID, ChartID: q.ChartID, Action: q.Action}
	for field, v := range map[string]string{"actor_id": q.ActorID, "record_id": q.RecordID, "action": q.Action} {
		if !utf8.ValidString(v) || strings.ContainsRune(v, 0) || len(v) > 100 {
			problems.Add(field, "Use an id or action name from the log.")
		}
	}
	if q.ChartID != "" && !id.Valid(q.ChartID) {
		problems.Add("chart_id", "Open the log from a chart's \"Who opened this chart\" link, or use a chart id.")
	}
	f.From = parseBound(problems, "from", q.From, loc, false)
	f.To = parseBound(problems, "to", q.To, loc, true)
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		problems.Add("to", "Choose an end on or after the start.")
	}
	if q.Page < 0 {
		problems.Add("page", "Use a page number of 1 or more.")
	}
	if q.PerPage < 0 || q.PerPage > 500 {
		problems.Add("per_page", "Use from 1 to 500 entries a page.")
	}
	return f, problems.Err()
}

func parseBound(problems model.Problems, field, v string, loc *time.Location, end bool) time.Time {
	if v == "" {
		return time.Time{}
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t
	}
	t, err := time.ParseInLocation(time.DateOnly, v, loc)
	if err != nil {
		problems.Add(field, "Use a date like 2026-01-31.")
		return time.Time{}
	}
	if end {
		t = t.AddDate(0, 0, 1)
	}
	return t
}

// Search returns one page of the principal's practice's events matching q, newest first (owners only).
func (r *Reader) Search(ctx context.Context, p model.Principal, q Query) (Page, error) {
	if !authz.PracticeWide(p, authz.List, authz.AuditLog) {
		return Page{}, model.ErrForbidden
	}
	f, err := r.filter(ctx, p, q)
	if err != nil {
		return Page{}, err
	}
	out := Page{Page: max(q.Page, 1), PerPage: q.PerPage}
	if out.PerPage == 0 {
		out.PerPage = 50
	}
	f.Limit, f.Offset = out.PerPage, (out.Page-1)*out.PerPage
	if out.Events, out.Total, err = store.ListAuditEvents(ctx, r.Store.R(), f); err != nil {
		return out, err
	}
	out.Names, err = r.names(ctx, p.PracticeID, out.Events, q.ChartID)
	return out, err
}

// names resolves, in one query for the whole page, the staff, charts and portal accounts the events
// mention (as actor, chart or record), and the chart the page is filtered by.
func (r *Reader) names(ctx context.Context, practiceID string, events []model.AuditEvent, chartID string) (store.AuditNames, error) {
	var staff, charts, accounts []string
	seen := map[string]bool{}
	add := func(list *[]string, id string) {
		if id != "" && !seen[id] {
			seen[id] = true
			*list = append(*list, id)
		}
	}
	add(&charts, chartID)
	for _, e := range events {
		switch e.ActorType {
		case model.ActorStaff:
			add(&staff, e.ActorID)
		case model.ActorPortal:
			add(&accounts, e.ActorID)
		}
		add(&charts, e.ChartID)
		switch e.RecordType {
		case "chart":
			add(&charts, e.RecordID)
		case "staff":
			add(&staff, e.RecordID)
		case "portal_account":
			add(&accounts, e.RecordID)
		}
	}
	n, err := store.ResolveAuditNames(ctx, r.Store.R(), practiceID, staff, charts, accounts)
	if err != nil {
		return n, fmt.Errorf("audit: names: %w", err)
	}
	return n, nil
}
