package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"

	"tend/internal/audit"
	"tend/internal/model"
	"tend/internal/store"
)

// auditRow is one event as people read it: names and labels resolved for the page, ids kept for reference.
type auditRow struct {
	model.AuditEvent
	Who         string // the actor's name, or what kind of actor it was
	RoleLabel   string
	ActionLabel string
	ChartName   string // "" when the event is about no chart, or the chart is gone
	RecordLabel string
	RecordName  string // the record's name when it is a person or chart
}

// actionOption is one entry of the Action filter menu.
type actionOption struct{ Code, Label string }

type auditPage struct {
	page
	Rows      []auditRow
	Total     int
	Staff     []model.Staff
	Actions   []actionOption
	Filter    url.Values
	Form      form
	Page      int
	PrevURL   string
	NextURL   string
	ExportURL string
	// ChartID and ChartName are set when the log is narrowed to one chart ("who opened this chart").
	ChartID   string
	ChartName string
}

// auditRows resolves each event's names from the page's one batch of names.
func auditRows(events []model.AuditEvent, n store.AuditNames) []auditRow {
	rows := make([]auditRow, len(events))
	for i, e := range events {
		row := auditRow{AuditEvent: e, ActionLabel: audit.ActionLabel(e.Action), ChartName: n.Charts[e.ChartID],
			RecordLabel: audit.RecordLabel(e.RecordType)}
		switch e.ActorType {
		case model.ActorStaff:
			row.Who, row.RoleLabel = n.Staff[e.ActorID], model.Role(e.ActorRole).Label()
			if row.Who == "" {
				row.Who = "A former staff member"
			}
		case model.ActorPortal:
			row.Who = n.Portal[e.ActorID]
			if row.Who == "" {
				row.Who = "A portal user"
			}
		case model.ActorSystem:
			row.Who = "System"
		default:
			row.Who = "Unknown"
		}
		switch e.RecordType {
		case "staff":
			row.RecordName = n.Staff[e.RecordID]
		case "chart":
			row.RecordName = n.Charts[e.RecordID]
		case "portal_account":
			row.RecordName = n.Portal[e.RecordID]
		}
		rows[i] = row
	}
	return rows
}

const auditPerPage = 50

// auditQuery reads the filter from the query string and keeps it in the form for redisplay.
func auditQuery(v url.Values, f *form) audit.Query {
	for _, k := range []string{"actor", "record", "chart", "action", "from", "to"} {
		f.Values[k] = v.Get(k)
	}
	page, _ := strconv.Atoi(v.Get("page"))
	return audit.Query{ActorID: v.Get("actor"), RecordID: v.Get("record"), ChartID: v.Get("chart"), Action: v.Get("action"),
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
	if msg, ok := f.Errors["chart_id"]; ok {
		f.Errors["chart"] = msg
	}
	opts := make([]actionOption, len(actions))
	for i, a := range actions {
		opts[i] = actionOption{a, audit.ActionLabel(a)}
	}
	data := auditPage{page: pg, Rows: auditRows(res.Events, res.Names), Total: res.Total, Staff: staff, Actions: opts, Form: f, Page: q.Page}
	if _, bad := f.Errors["chart"]; !bad && q.ChartID != "" {
		data.ChartID, data.ChartName = q.ChartID, res.Names.Charts[q.ChartID]
		data.Title = "Who opened this chart"
	}
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
