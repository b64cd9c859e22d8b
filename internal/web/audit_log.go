package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"tend/internal/model"
)

type auditRow struct {
	model.AuditEvent
	ActorName string
}

type auditPage struct {
	page
	Rows      []auditRow
	Total     int
	Staff     []model.Staff
	Actions   []string
	Filter    url.Values
	Form      form
	Page      int
	PrevURL   string
	NextURL   string
	ExportURL string
}

const auditPerPage = 50

// auditFilter reads the filter from the query string; dates are days in the practice's time zone.
func auditFilter(q url.Values, loc *time.Location, f *form) model.AuditFilter {
	af := model.AuditFilter{ActorID: q.Get("actor"), RecordID: q.Get("record"), Action: q.Get("action")}
	for _, k := range []string{"actor", "record", "action", "from", "to"} {
		f.Values[k] = q.Get(k)
	}
	if v := q.Get("from"); v != "" {
		if t, err := time.ParseInLocation(time.DateOnly, v, loc); err == nil {
			af.From = t
		} else {
			f.Errors["from"] = "Use a date like 2026-01-31."
		}
	}
	if v := q.Get("to"); v != "" {
		if t, err := time.ParseInLocation(time.DateOnly, v, loc); err == nil {
			af.To = t.AddDate(0, 0, 1)
		} else {
			f.Errors["to"] = "Use a date like 2026-01-31."
		}
	}
	return af
}

// auditList shows Settings → Audit log (owner only) with filters and pages.
func (s *Server) auditList(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if !p.Role.ReadsAudit() {
		return model.ErrForbidden
	}
	pg, err := s.base(w, r, p, "Audit log", "settings")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := newForm()
	af := auditFilter(q, pg.Loc, &f)
	n, _ := strconv.Atoi(q.Get("page"))
	n = max(n, 1)
	af.Limit, af.Offset = auditPerPage, (n-1)*auditPerPage
	events, total, err := s.Audit.List(r.Context(), p, af)
	if err != nil {
		return err
	}
	staff, err := s.Accounts.ListStaff(r.Context(), p)
	if err != nil {
		return err
	}
	actions, err := s.Audit.Actions(r.Context(), p)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, st := range staff {
		names[st.ID] = st.Name
	}
	rows := make([]auditRow, len(events))
	for i, e := range events {
		rows[i] = auditRow{e, names[e.ActorID]}
	}
	data := auditPage{page: pg, Rows: rows, Total: total, Staff: staff, Actions: actions, Form: f, Page: n}
	link := func(page int) string {
		v := url.Values{}
		for k, vals := range q {
			v[k] = vals
		}
		v.Set("page", strconv.Itoa(page))
		return "/settings/audit?" + v.Encode()
	}
	if n > 1 {
		data.PrevURL = link(n - 1)
	}
	if n*auditPerPage < total {
		data.NextURL = link(n + 1)
	}
	exp := url.Values{}
	for k, vals := range q {
		if k != "page" {
			exp[k] = vals
		}
	}
	data.ExportURL = "/settings/audit/export?" + exp.Encode()
	s.render(w, http.StatusOK, "audit", data)
	return nil
}

// auditExport downloads the filtered audit log as CSV; the export is itself audited.
func (s *Server) auditExport(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if !p.Role.ReadsAudit() {
		return model.ErrForbidden
	}
	pr, err := s.Accounts.Practice(r.Context(), p)
	if err != nil {
		return err
	}
	f := newForm()
	af := auditFilter(r.URL.Query(), pr.Location(), &f)
	var buf bytes.Buffer
	if err := s.Audit.ExportCSV(r.Context(), p, af, &buf); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="tend-audit-`+s.Accounts.Now().Format("2006-01-02")+`.csv"`)
	_, err = buf.WriteTo(w)
	return err
}
