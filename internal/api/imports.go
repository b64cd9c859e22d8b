package api

import (
	"mime"
	"net/http"
	"strings"
	"time"

	"tend/internal/csvimport"
	"tend/internal/files"
	"tend/internal/imports"
	"tend/internal/model"
)

// Issue 18, item 1 (IM-1): the CSV client import wizard's steps as API calls: upload, mapping,
// preview, commit, status and undo.

// importJSON is an import and where it stands.
type importJSON struct {
	ID          string     `json:"id"`
	FileName    string     `json:"file_name"`
	Size        int64      `json:"size"`
	State       string     `json:"state"`
	Encoding    string     `json:"encoding"`
	Delimiter   string     `json:"delimiter"`
	Header      []string   `json:"header"`
	Mapping     []string   `json:"mapping"`
	DateOrder   string     `json:"date_order"`
	Sample      [][]string `json:"sample"`
	Rows        int        `json:"rows"`
	Written     *int       `json:"written"` // clients written so far by a running import, when known
	Created     int        `json:"created"`
	Updated     int        `json:"updated"`
	Skipped     int        `json:"skipped"`
	Error       string     `json:"error"`
	CanUndo     bool       `json:"can_undo"`
	CreatedAt   time.Time  `json:"created_at"`
	CommittedAt *time.Time `json:"committed_at"`
	UndoneAt    *time.Time `json:"undone_at"`
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func toImport(v imports.View) importJSON {
	out := importJSON{ID: v.ID, FileName: v.FileName, Size: v.Size, State: string(v.State), Encoding: v.Encoding, Delimiter: v.Delimiter,
		Header: v.Header, Mapping: v.Mapping, DateOrder: v.DateOrder, Sample: v.Sample, Rows: v.Total, Created: v.ClientImport.Created,
		Updated: v.ClientImport.Updated, Skipped: v.Skipped, Error: v.Error, CanUndo: v.CanUndo, CreatedAt: v.CreatedAt,
		CommittedAt: optTime(v.CommittedAt), UndoneAt: optTime(v.UndoneAt)}
	if v.Written >= 0 {
		n := v.Written
		out.Written = &n
	}
	if out.Sample == nil {
		out.Sample = [][]string{}
	}
	return out
}

// uploadImport takes the file as multipart/form-data (a part named "file") or as the raw body (text/csv,
// with ?name= for its name), streamed and refused past the limit.
func (s *Server) uploadImport(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if err := s.Imports.MayImport(p); err != nil {
		return err
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var v model.ClientImport
	var err error
	if strings.HasPrefix(ct, "multipart/") {
		_, in, ferr := files.FromRequest(w, r, s.Imports.Limit())
		if ferr != nil {
			return ferr
		}
		v, err = s.Imports.Upload(r.Context(), p, in.Name, in.Content)
	} else {
		r.Body = http.MaxBytesReader(w, r.Body, s.Imports.Limit()+1)
		v, err = s.Imports.Upload(r.Context(), p, r.URL.Query().Get("name"), r.Body)
	}
	if err != nil {
		return err
	}
	view, err := s.Imports.Get(r.Context(), p, v.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/client-imports/"+v.ID)
	writeJSON(w, http.StatusCreated, toImport(view))
	return nil
}

func (s *Server) getImport(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	v, err := s.Imports.Get(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toImport(v))
	return nil
}

func (s *Server) mapImport(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in struct {
		Mapping   []string `json:"mapping"`
		DateOrder string   `json:"date_order"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if _, err := s.Imports.SaveMapping(r.Context(), p, r.PathValue("id"), imports.MappingInput{Fields: in.Mapping, DateOrder: in.DateOrder}); err != nil {
		return err
	}
	return s.getImport(w, r, p)
}

type importProblemJSON struct {
	Row     int    `json:"row"`
	Line    int    `json:"line"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

type importDuplicateJSON struct {
	Row       int    `json:"row"`
	Line      int    `json:"line"`
	Email     string `json:"email"`
	OfRow     int    `json:"of_row,omitempty"`
	ClientID  string `json:"client_id,omitempty"`
	CanUpdate bool   `json:"can_update"`
	Update    bool   `json:"update"`
}

func (s *Server) previewImport(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	pv, err := s.Imports.Preview(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	type column struct {
		Header string `json:"header"`
		Field  string `json:"field"`
	}
	type row struct {
		Row    int      `json:"row"`
		Values []string `json:"values"`
		Minor  bool     `json:"minor"`
		OK     bool     `json:"ok"`
	}
	out := struct {
		Import      importJSON            `json:"import"`
		DateOrder   string                `json:"date_order"`
		Columns     []column              `json:"columns"`
		First       []row                 `json:"first"`
		Problems    []importProblemJSON   `json:"problems"`
		ProblemRows int                   `json:"problem_rows"`
		Duplicates  []importDuplicateJSON `json:"duplicates"`
		NewTags     []string              `json:"new_tags"`
		Minors      int                   `json:"minors"`
		Creates     int                   `json:"creates"`
		Skips       int                   `json:"skips"`
		Updates     int                   `json:"updates"`
	}{Import: toImport(pv.View), DateOrder: string(pv.DateOrder), Columns: []column{}, First: []row{}, Problems: []importProblemJSON{},
		ProblemRows: pv.ProblemRows, Duplicates: []importDuplicateJSON{}, NewTags: append([]string{}, pv.NewTags...), Minors: pv.Minors,
		Creates: pv.Creates, Skips: pv.Skips, Updates: pv.Updates}
	for _, c := range pv.Columns {
		out.Columns = append(out.Columns, column{c.Header, string(c.Field)})
	}
	for _, f := range pv.First {
		out.First = append(out.First, row{f.N, f.Values, f.Minor, f.OK})
	}
	for _, pr := range pv.Problems {
		out.Problems = append(out.Problems, importProblemJSON{pr.Row, pr.Line, pr.Column, pr.Message})
	}
	for _, d := range pv.Duplicates {
		out.Duplicates = append(out.Duplicates, importDuplicateJSON{d.Row, d.Line, d.Email, d.OfRow, d.ChartID, d.CanUpdate, d.Update})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) commitImport(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in struct {
		UpdateRows []int `json:"update_rows"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	v, err := s.Imports.Commit(r.Context(), p, r.PathValue("id"), in.UpdateRows)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, toImport(v))
	return nil
}

func (s *Server) undoImport(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	v, err := s.Imports.Undo(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toImport(v))
	return nil
}

// importFields lists the fields a column can be mapped to, for the OpenAPI document.
func importFields() []string {
	var out []string
	for _, c := range csvimport.Choices() {
		out = append(out, string(c.Field))
	}
	return out
}
