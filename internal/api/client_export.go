package api

import (
	"net/http"
	"net/url"
	"strings"

	"tend/internal/clients"
	"tend/internal/httpx"
	"tend/internal/model"
)

// exportClients streams the clients the caller may see that match the list's filters as CSV (IM-2).
func (s *Server) exportClients(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	d := httpx.NewDownload(w, "text/csv; charset=utf-8", "tend-clients-"+s.Clients.Now().Format("2006-01-02")+".csv")
	_, err := s.Clients.ExportCSV(r.Context(), p, listFilters(r.URL.Query()), d)
	return d.Fail(err)
}

// listFilters reads the client list's search and filters from a query string; a status may be given
// once per value or comma-separated.
func listFilters(v url.Values) clients.ListQuery {
	lq := clients.ListQuery{Q: v.Get("q"), TagID: v.Get("tag"), ClinicianID: v.Get("clinician"), Sort: v.Get("sort"), Kind: model.ChartKind(v.Get("kind"))}
	for _, st := range v["status"] {
		for _, one := range strings.Split(st, ",") {
			if one = strings.TrimSpace(one); one != "" {
				lq.Statuses = append(lq.Statuses, model.Status(one))
			}
		}
	}
	return lq
}
