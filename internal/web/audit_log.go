package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"

	"tend/internal/audit"
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

// auditQuery reads the filter from the query string and keeps it in the form for redisplay.
func auditQuery(v url.Values, f *form) audit.Query {
	for _, k := range []string{"actor", "record", "action", "from", "to"} {
		f.Values[k] = v.Get(k)
	}
	page, _ := strconv.Atoi(v.Get("page"))
	return audit.Query{ActorID: v.Get("actor"), RecordID: v.Get("record"), Action: v.Get("action"),
		From: v.Get("from"), To: v.Get("to"), Page: max(page, 1), PerPage: auditPerPage}
}

// auditList shows Settings → Audit log (owner only) with filters and pages.
func (s *Server) auditList(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if !s.Accounts.Capabilities(p).ReadAudit {
		return model.ErrForbidden
	}
	pg, err := s.base(w, r, p, "Audit log", "settings")
	if err != nil {
		return err
	}
	v := r.URL.Query()
	f := newForm()
	q := auditQuery(v, &f)
	res, err := s.Audit.Search(r.Context(), p, q)
	if err != nil && !validation(err, &f) {
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
	rows := make([]auditRow, len(res.Events))
	for i, e := range res.Events {
		rows[i] = auditRow{e, names[e.ActorID]}
	}
	data := auditPage{page: pg, Rows: rows, Total: res.Total, Staff: staff, Actions: actions, Form: f, Page: q.Page}
	link := func(page int) string {
		u := url.Values{}
		for k, vals := range v {
			u[k] = vals
		}
		u.Set("page", strconv.Itoa(page))
		return "/settings/audit?" + u.Encode()
	}
	if q.Page > 1 {
		data.PrevURL = link(q.Page - 1)
	}
	if q.Page*auditPerPage < res.Total {
		data.NextURL = link(q.Page + 1)
	}
	exp := url.Values{}
	for k, vals := range v {
		if k != "page" {
			exp[k] = vals
		}
	}
	data.ExportURL = "/settings/audit/export?" + exp.Encode()
	status := http.StatusOK
	if len(f.Errors) > 0 {
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, "audit", data)
	return nil
}

// auditExport downloads the filtered audit log as CSV; the export is itself audited.
func (s *Server) auditExport(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if !s.Accounts.Capabilities(p).ReadAudit {
		return model.ErrForbidden
	}
	f := newForm()
	var buf bytes.Buffer
	if err := s.Audit.ExportCSV(r.Context(), p, auditQuery(r.URL.Query(), &f), &buf); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="tend-audit-`+s.Accounts.Now().Format("2006-01-02")+`.csv"`)
	_, err := buf.WriteTo(w)
	return err
}
