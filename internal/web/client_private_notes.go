package web

import (
	"errors"
	"net/http"
	"slices"

	"tend/internal/clients"
	"tend/internal/model"
	"tend/internal/psychnotes"
	"tend/internal/reflections"
)

// Issue 14, items 4 and 5: the chart's Psychotherapy notes tab (the viewer's own notes, nobody else's)
// and Reflections tab (notes written for the client, shared in the portal).

// privateTabs leaves out the tabs the viewer may not see: the policy hides psychotherapy notes from
// admins and billing, and reflections from them too.
func privateTabs(tabs []tabDef, v clients.View) []tabDef {
	return slices.DeleteFunc(slices.Clone(tabs), func(t tabDef) bool {
		return (t.Key == "psychotherapy" && !v.SeesPsychotherapy) || (t.Key == "reflections" && !v.SeesReflections)
	})
}

// loadPrivateTab fills the tab's list when the chart opens on one of these tabs.
func (s *Server) loadPrivateTab(r *http.Request, p model.Principal, data *chartPage) error {
	var err error
	switch data.Tab {
	case "psychotherapy":
		var l psychnotes.List
		if l, err = s.PsychNotes.List(r.Context(), p, data.C.ID, r.URL.Query().Get("page")); err == nil {
			data.PsychNotes = &l
		}
	case "reflections":
		var l reflections.List
		if l, err = s.Reflections.List(r.Context(), p, data.C.ID, r.URL.Query().Get("page")); err == nil {
			data.Reflections = &l
		}
	}
	return err
}

// pnotePage is a psychotherapy note's page: a new note, or the author's own with its form.
type pnotePage struct {
	page
	C        model.Client
	Note     model.PsychotherapyNote // empty for a new one
	Form     form
	CanWrite bool
}

var pnoteFields = []string{"date", "body"}

func (s *Server) renderPnote(w http.ResponseWriter, r *http.Request, p model.Principal, status int, data pnotePage) error {
	title := "New psychotherapy note"
	if data.Note.ID != "" {
		title = "Psychotherapy note"
	}
	pg, err := s.base(w, r, p, title, "clients")
	if err != nil {
		return err
	}
	data.page = pg
	s.render(w, r, status, "psychotherapy_note", data)
	return nil
}

// pnoteNewForm shows an empty note dated today.
func (s *Server) pnoteNewForm(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	c, err := s.PsychNotes.Chart(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm()
	pr, err := s.Accounts.Practice(r.Context(), p)
	if err != nil {
		return err
	}
	f.Values["date"] = s.Accounts.Now().In(pr.Location()).Format("2006-01-02")
	return s.renderPnote(w, r, p, http.StatusOK, pnotePage{C: c, Form: f, CanWrite: true})
}

// pnoteCreate saves a new note; a refusal shows the form again with what was typed.
func (s *Server) pnoteCreate(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f := formFrom(r, pnoteFields...)
	date, body := f.Get("date"), f.Get("body")
	n, err := s.PsychNotes.Create(r.Context(), p, r.PathValue("id"), model.PsychotherapyNoteChange{Date: &date, Body: &body})
	if err != nil {
		if !validation(err, &f) {
			return err
		}
		c, err := s.PsychNotes.Chart(r.Context(), p, r.PathValue("id"))
		if err != nil {
			return err
		}
		return s.renderPnote(w, r, p, http.StatusUnprocessableEntity, pnotePage{C: c, Form: f, CanWrite: true})
	}
	s.setFlash(w, "The psychotherapy note is saved. Only you can read it.")
	http.Redirect(w, r, "/clients/"+n.ChartID+"/psychotherapy-notes/"+n.ID, http.StatusSeeOther)
	return nil
}

// pnoteView opens one of the viewer's own notes, with its form.
func (s *Server) pnoteView(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	n, c, canWrite, err := s.PsychNotes.Get(r.Context(), p, r.PathValue("id"), r.PathValue("pnote"))
	if err != nil {
		return err
	}
	f := newForm()
	f.Values["date"], f.Values["body"] = n.Date, n.Body
	return s.renderPnote(w, r, p, http.StatusOK, pnotePage{C: c, Note: n, Form: f, CanWrite: canWrite})
}

// pnoteSave stores an edit; a refusal shows the form again with what was typed.
func (s *Server) pnoteSave(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f := formFrom(r, pnoteFields...)
	date, body := f.Get("date"), f.Get("body")
	n, err := s.PsychNotes.Update(r.Context(), p, r.PathValue("id"), r.PathValue("pnote"), model.PsychotherapyNoteChange{Date: &date, Body: &body})
	if err != nil {
		if !validation(err, &f) {
			return err
		}
		cur, c, canWrite, err := s.PsychNotes.Get(r.Context(), p, r.PathValue("id"), r.PathValue("pnote"))
		if err != nil {
			return err
		}
		return s.renderPnote(w, r, p, http.StatusUnprocessableEntity, pnotePage{C: c, Note: cur, Form: f, CanWrite: canWrite})
	}
	s.setFlash(w, "Saved.")
	http.Redirect(w, r, "/clients/"+n.ChartID+"/psychotherapy-notes/"+n.ID, http.StatusSeeOther)
	return nil
}

// pnoteDelete removes one of the viewer's notes.
func (s *Server) pnoteDelete(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if err := s.PsychNotes.Delete(r.Context(), p, r.PathValue("id"), r.PathValue("pnote")); err != nil {
		return err
	}
	s.setFlash(w, "The psychotherapy note is deleted.")
	http.Redirect(w, r, "/clients/"+r.PathValue("id")+"?tab=psychotherapy", http.StatusSeeOther)
	return nil
}

// reflectionPage is a reflection's page: a new one, or one with its preview and (when allowed) its form.
type reflectionPage struct {
	page
	C         model.Client
	R         reflections.View // empty for a new one
	Form      form
	CanChange bool
}

var reflectionFields = []string{"title", "body"}

func (s *Server) renderReflection(w http.ResponseWriter, r *http.Request, p model.Principal, status int, data reflectionPage) error {
	title := "New reflection"
	if data.R.ID != "" {
		title = data.R.Title
	}
	pg, err := s.base(w, r, p, title, "clients")
	if err != nil {
		return err
	}
	data.page = pg
	s.render(w, r, status, "reflection", data)
	return nil
}

// reflectionNewForm shows an empty reflection.
func (s *Server) reflectionNewForm(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	c, err := s.Reflections.Chart(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.renderReflection(w, r, p, http.StatusOK, reflectionPage{C: c, Form: newForm(), CanChange: true})
}

// reflectionCreate saves a new reflection (not shared yet); a refusal shows the form again.
func (s *Server) reflectionCreate(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f := formFrom(r, reflectionFields...)
	title, body := f.Get("title"), f.Get("body")
	v, err := s.Reflections.Create(r.Context(), p, r.PathValue("id"), model.ReflectionChange{Title: &title, Body: &body})
	if err != nil {
		if !validation(err, &f) {
			return err
		}
		c, err := s.Reflections.Chart(r.Context(), p, r.PathValue("id"))
		if err != nil {
			return err
		}
		return s.renderReflection(w, r, p, http.StatusUnprocessableEntity, reflectionPage{C: c, Form: f, CanChange: true})
	}
	s.setFlash(w, "The reflection is saved. The client does not see it until you share it.")
	http.Redirect(w, r, "/clients/"+v.ChartID+"/reflections/"+v.ID, http.StatusSeeOther)
	return nil
}

// reflectionView shows a reflection as the client would see it, and its form to those who may change it.
func (s *Server) reflectionView(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	v, c, canChange, err := s.Reflections.Get(r.Context(), p, r.PathValue("id"), r.PathValue("ref"))
	if err != nil {
		return err
	}
	f := newForm()
	f.Values["title"], f.Values["body"] = v.Title, v.Body
	return s.renderReflection(w, r, p, http.StatusOK, reflectionPage{C: c, R: v, Form: f, CanChange: canChange})
}

// reflectionSave stores an edit; a shared reflection stays shared and the client sees the new words.
func (s *Server) reflectionSave(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f := formFrom(r, reflectionFields...)
	title, body := f.Get("title"), f.Get("body")
	v, err := s.Reflections.Update(r.Context(), p, r.PathValue("id"), r.PathValue("ref"), model.ReflectionChange{Title: &title, Body: &body})
	if err != nil {
		if !validation(err, &f) {
			return err
		}
		cur, c, canChange, err := s.Reflections.Get(r.Context(), p, r.PathValue("id"), r.PathValue("ref"))
		if err != nil {
			return err
		}
		return s.renderReflection(w, r, p, http.StatusUnprocessableEntity, reflectionPage{C: c, R: cur, Form: f, CanChange: canChange})
	}
	msg := "Saved."
	if v.Shared() {
		msg = "Saved. The client sees the new version now."
	}
	s.setFlash(w, msg)
	http.Redirect(w, r, "/clients/"+v.ChartID+"/reflections/"+v.ID, http.StatusSeeOther)
	return nil
}

// reflectionShare shows the reflection in the portal, optionally with an email notice.
func (s *Server) reflectionShare(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	v, err := s.Reflections.Share(r.Context(), p, r.PathValue("id"), r.PathValue("ref"), r.PostFormValue("notify") == "on")
	var ve *model.ValidationError
	if errors.As(err, &ve) {
		s.setFlash(w, ve.Message)
		http.Redirect(w, r, "/clients/"+r.PathValue("id")+"/reflections/"+r.PathValue("ref"), http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return err
	}
	s.setFlash(w, "Shared. Portal users with shared notes see it now.")
	http.Redirect(w, r, "/clients/"+v.ChartID+"/reflections/"+v.ID, http.StatusSeeOther)
	return nil
}

// reflectionUnshare takes the reflection out of the portal at once.
func (s *Server) reflectionUnshare(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	v, err := s.Reflections.Unshare(r.Context(), p, r.PathValue("id"), r.PathValue("ref"))
	if err != nil {
		return err
	}
	s.setFlash(w, "No longer shared. The portal does not show it any more.")
	http.Redirect(w, r, "/clients/"+v.ChartID+"/reflections/"+v.ID, http.StatusSeeOther)
	return nil
}

// reflectionDelete removes a reflection for good.
func (s *Server) reflectionDelete(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if err := s.Reflections.Delete(r.Context(), p, r.PathValue("id"), r.PathValue("ref")); err != nil {
		return err
	}
	s.setFlash(w, "The reflection is deleted.")
	http.Redirect(w, r, "/clients/"+r.PathValue("id")+"?tab=reflections", http.StatusSeeOther)
	return nil
}
