package api

import (
	"net/http"
	"strconv"

	"tend/internal/audit"
	"tend/internal/model"
)

// listAudit lists the practice's audit events (owners only), filtered by actor_id, record_id, action,
// from and to (YYYY-MM-DD in the practice's time zone, or RFC 3339), newest first, with page and per_page.
func (s *Server) listAudit(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	v := r.URL.Query()
	problems := model.Problems{}
	q := audit.Query{ActorID: v.Get("actor_id"), RecordID: v.Get("record_id"), Action: v.Get("action"), From: v.Get("from"), To: v.Get("to"),
		Page: queryInt(problems, v.Get("page"), "page"), PerPage: queryInt(problems, v.Get("per_page"), "per_page")}
	if err := problems.Err(); err != nil {
		return err
	}
	res, err := s.Audit.Search(r.Context(), p, q)
	if err != nil {
		return err
	}
	out := list[auditJSON]{Items: make([]auditJSON, 0, len(res.Events)), Total: res.Total, Page: res.Page, PerPage: res.PerPage}
	for _, e := range res.Events {
		out.Items = append(out.Items, toAudit(e))
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
