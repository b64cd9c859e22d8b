package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"tend/internal/csvimport"
	chartfiles "tend/internal/files"
	"tend/internal/imports"
	"tend/internal/model"
)

// Issue 18, item 1 (IM-1): Clients → Import, the CSV client import wizard: upload, map columns,
// preview, import (with a progress bar while the job runs) and undo.

type importPage struct {
	page
	Step    string // "upload", "map", "preview", "progress", "summary"
	Form    form
	Recent  []model.ClientImport
	Import  imports.View
	Choices []csvimport.Choice
	Preview imports.Preview
	MaxMB   int64
	// ShownProblems caps the problems listed on the page; the API lists every one.
	ShownProblems []csvimport.Problem
}

// maxShownProblems is how many problems the preview page lists.
const maxShownProblems = 1000

func importPath(id string) string { return "/imports/" + id }

func (s *Server) renderImport(w http.ResponseWriter, r *http.Request, p model.Principal, title string, data importPage, status int) error {
	pg, err := s.base(w, r, p, title, "clients")
	if err != nil {
		return err
	}
	data.page, data.Choices, data.MaxMB = pg, csvimport.Choices(), s.Imports.Limit()>>20
	if data.Form.Values == nil {
		data.Form = newForm()
	}
	if data.Step == "progress" {
		data.page.Refresh = 2
	}
	s.render(w, r, status, "client_import", data)
	return nil
}

// importStart shows the upload step and the latest imports.
func (s *Server) importStart(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	recent, err := s.Imports.Imports(r.Context(), p)
	if err != nil {
		return err
	}
	return s.renderImport(w, r, p, "Import clients", importPage{Step: "upload", Recent: recent}, http.StatusOK)
}

// importUpload keeps the uploaded file and goes on to the mapping step.
func (s *Server) importUpload(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if err := s.Imports.MayImport(p); err != nil {
		return err
	}
	_, in, err := chartfiles.FromRequest(w, r, s.Imports.Limit())
	if err == nil {
		var ci model.ClientImport
		if ci, err = s.Imports.Upload(r.Context(), p, in.Name, in.Content); err == nil {
			http.Redirect(w, r, importPath(ci.ID), http.StatusSeeOther)
			return nil
		}
	}
	f := newForm()
	if !validation(err, &f) {
		return err
	}
	w.Header().Set("Connection", "close") // the rest of a refused upload is not read
	recent, rerr := s.Imports.Imports(r.Context(), p)
	if rerr != nil {
		return rerr
	}
	return s.renderImport(w, r, p, "Import clients", importPage{Step: "upload", Form: f, Recent: recent}, http.StatusUnprocessableEntity)
}

// importShow is an import's page: the mapping step until it is committed, then its progress, then the summary.
func (s *Server) importShow(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	v, err := s.Imports.Get(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	switch {
	case v.Working():
		return s.renderImport(w, r, p, "Importing "+v.FileName, importPage{Step: "progress", Import: v}, http.StatusOK)
	case v.State == model.ImportDone || v.State == model.ImportUndone:
		return s.renderImport(w, r, p, "Import of "+v.FileName, importPage{Step: "summary", Import: v}, http.StatusOK)
	}
	f := newForm()
	for i, m := range v.Mapping {
		f.Values["col_"+strconv.Itoa(i)] = m
	}
	f.Values["date_order"] = v.DateOrder
	if v.State == model.ImportFailed {
		f.Message = v.Error
	}
	return s.renderImport(w, r, p, "Map the columns of "+v.FileName, importPage{Step: "map", Import: v, Form: f}, http.StatusOK)
}

// importMap saves the mapping and goes on to the preview.
func (s *Server) importMap(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	v, err := s.Imports.Get(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm()
	fields := make([]string, len(v.Header))
	for i := range fields {
		name := "col_" + strconv.Itoa(i)
		fields[i] = r.PostFormValue(name)
		f.Values[name] = fields[i]
	}
	f.Values["date_order"] = r.PostFormValue("date_order")
	_, err = s.Imports.SaveMapping(r.Context(), p, v.ID, imports.MappingInput{Fields: fields, DateOrder: f.Values["date_order"]})
	if err == nil {
		http.Redirect(w, r, importPath(v.ID)+"/preview", http.StatusSeeOther)
		return nil
	}
	if !validation(err, &f) {
		return err
	}
	for k, msg := range f.Errors {
		if n, ok := strings.CutPrefix(k, "mapping."); ok {
			f.Errors["col_"+n] = msg
		}
	}
	if f.Message == "" {
		f.Message = "The mapping was not saved: " + firstMessage(f)
	}
	return s.renderImport(w, r, p, "Map the columns of "+v.FileName, importPage{Step: "map", Import: v, Form: f}, http.StatusUnprocessableEntity)
}

// importPreview shows what the import would do before anything is written.
func (s *Server) importPreview(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	pv, err := s.Imports.Preview(r.Context(), p, r.PathValue("id"))
	if err != nil {
		f := newForm()
		if !validation(err, &f) {
			return err
		}
		s.setFlash(w, firstMessage(f))
		http.Redirect(w, r, importPath(r.PathValue("id")), http.StatusSeeOther)
		return nil
	}
	if pv.Working() || pv.State == model.ImportDone || pv.State == model.ImportUndone {
		http.Redirect(w, r, importPath(pv.ID), http.StatusSeeOther)
		return nil
	}
	return s.renderImport(w, r, p, "Preview of "+pv.FileName, importPage{Step: "preview", Import: pv.View, Preview: pv,
		ShownProblems: pv.Problems[:min(len(pv.Problems), maxShownProblems)]}, http.StatusOK)
}

// importCommit starts the import with the duplicates chosen for update.
func (s *Server) importCommit(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if err := r.ParseForm(); err != nil {
		return model.FieldError("update_rows", "The form could not be read. Reload the preview.")
	}
	var rows []int
	for _, v := range r.PostForm["update"] {
		n, err := strconv.Atoi(v)
		if err != nil {
			return model.FieldError("update_rows", "The form could not be read. Reload the preview.")
		}
		rows = append(rows, n)
	}
	_, err := s.Imports.Commit(r.Context(), p, r.PathValue("id"), rows)
	if err != nil {
		f := newForm()
		if !validation(err, &f) {
			return err
		}
		s.setFlash(w, "Nothing was imported: "+firstMessage(f))
		http.Redirect(w, r, importPath(r.PathValue("id"))+"/preview", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, importPath(r.PathValue("id")), http.StatusSeeOther)
	return nil
}

// importUndo takes a finished import back.
func (s *Server) importUndo(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	v, err := s.Imports.Undo(r.Context(), p, r.PathValue("id"))
	if err != nil {
		f := newForm()
		if !validation(err, &f) {
			return err
		}
		s.setFlash(w, "Nothing was undone: "+firstMessage(f))
	} else {
		s.setFlash(w, fmt.Sprintf("The import was undone: %d clients removed, %d restored as they were.", v.ClientImport.Created, v.ClientImport.Updated))
	}
	http.Redirect(w, r, importPath(r.PathValue("id")), http.StatusSeeOther)
	return nil
}
