package web

import (
	"net/http"

	"tend/internal/httpx"
	"tend/internal/model"
)

// clientExport downloads the client list as CSV with the list's search and filters (IM-2): every match,
// not one page, streamed as it is read.
func (s *Server) clientExport(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	d := httpx.NewDownload(w, "text/csv; charset=utf-8", "tend-clients-"+s.Accounts.Now().Format("2006-01-02")+".csv")
	_, err := s.Clients.ExportCSV(r.Context(), p, listQuery(r.URL.Query()), d)
	return d.Fail(err)
}
