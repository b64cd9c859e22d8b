package api

import (
	"net/http"
	"strconv"
	"time"

	"tend/internal/model"
)

// listAudit lists the practice's audit events (owners only), filtered by actor_id, record_id, action,
// from and to (RFC 3339 or YYYY-MM-DD), newest first, paginated with page and per_page.
func (s *Server) listAudit(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	q := r.URL.Query()
	f := model.AuditFilter{ActorID: q.Get("actor_id"), RecordID: q.Get("record_id"), Action: q.Get("action")}
	pr := model.Problems{}
	f.From = parseTime(pr, "from", q.Get("from"), false)
	f.To = parseTime(pr, "to", q.Get("to"), true)
	page := parseInt(pr, "page", q.Get("page"), 1, 1, 1<<30)
	per := parseInt(pr, "per_page", q.Get("per_page"), 50, 1, 500)
	if err := pr.Err(); err != nil {
		return err
	}
	f.Limit, f.Offset = per, (page-1)*per
	events, total, err := s.Audit.List(r.Context(), p, f)
	if err != nil {
		return err
	}
	out := list[auditJSON]{Items: make([]auditJSON, 0, len(events)), Total: total, Page: page, PerPage: per}
	for _, e := range events {
		out.Items = append(out.Items, toAudit(e))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// parseTime reads an RFC 3339 time or a date; a date used as an upper bound means the end of that day (UTC).
func parseTime(pr model.Problems, field, v string, endOfDay bool) time.Time {
	if v == "" {
		return time.Time{}
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		pr.Add(field, "Use a date like 2026-01-31 or a time like 2026-01-31T09:00:00Z.")
		return time.Time{}
	}
	if endOfDay {
		t = t.AddDate(0, 0, 1)
	}
	return t
}

func parseInt(pr model.Problems, field, v string, def, lo, hi int) int {
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		pr.Add(field, "Use a whole number from "+strconv.Itoa(lo)+" to "+strconv.Itoa(hi)+".")
		return def
	}
	return n
}
