package api

import (
	"net/http"
	"strconv"

	"tend/internal/audit"
	"tend/internal/model"
)

// namedAuditJSON is an event with what people read: the action's label and, resolved when the page is
// read, the names of the actor and chart (the log itself keeps ids only).
type namedAuditJSON struct {
	auditJSON
	ActionLabel string `json:"action_label"`
	ActorName   string `json:"actor_name,omitempty"`
	ChartName   string `json:"chart_name,omitempty"`
}

// listAudit lists the practice's audit events (owners only), filtered by actor_id, record_id, chart_id,
// action, from and to (YYYY-MM-DD in the practice's time zone, or RFC 3339), newest first, with page and
// per_page.
func (s *Server) listAudit(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	v := r.URL.Query()
	problems := model.Problems{}
	q := audit.Query{ActorID: v.Get("actor_id"), RecordID: v.Get("record_id"), ChartID: v.Get("chart_id"), Action: v.Get("action"), From: v.Get("from"), To: v.Get("to"),
		Page: queryInt(problems, v.Get("page"), "page"), PerPage: queryInt(problems, v.Get("per_page"), "per_page")}
	if err := problems.Err(); err != nil {
		return err
	}
	res, err := s.Audit.Search(r.Context(), p, q)
	if err != nil {
		return err
	}
	out := list[namedAuditJSON]{Items: make([]namedAuditJSON, 0, len(res.Events)), Total: res.Total, Page: res.Page, PerPage: res.PerPage}
	for _, e := range res.Events {
		n := namedAuditJSON{auditJSON: toAudit(e), ActionLabel: audit.ActionLabel(e.Action), ChartName: res.Names.Charts[e.ChartID]}
		switch e.ActorType {
		case model.ActorStaff:
			n.ActorName = res.Names.Staff[e.ActorID]
		case model.ActorPortal:
			n.ActorName = res.Names.Portal[e.ActorID]
		}
		out.Items = append(out.Items, n)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// queryInt reads an optional whole number from the query string; 0 means absent.
func queryInt(problems model.Problems, v, field string) int {
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		problems.Add(field, "Use a whole number of 1 or more.")
	}
	return n
}
