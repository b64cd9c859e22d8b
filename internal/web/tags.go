package web

import (
	"net/http"

	"tend/internal/model"
	"tend/internal/store"
)

type tagsPage struct {
	page
	Tags      []store.TagCount
	Form      form
	CanManage bool
}

func (s *Server) tagsData(w http.ResponseWriter, r *http.Request, p model.Principal, f form) (tagsPage, error) {
	pg, err := s.base(w, r, p, "Tags", "settings")
	if err != nil {
		return tagsPage{}, err
	}
	tags, err := s.Clients.Tags(r.Context(), p)
	return tagsPage{page: pg, Tags: tags, Form: f, CanManage: pg.Can.ManageTags}, err
}

// tagList shows Settings → Tags: create, rename, delete.
func (s *Server) tagList(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	data, err := s.tagsData(w, r, p, newForm())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "tags", data)
	return nil
}

func (s *Server) tagResult(w http.ResponseWriter, r *http.Request, p model.Principal, err error, f form, done string) error {
	if err == nil {
		s.setFlash(w, done)
		http.Redirect(w, r, "/settings/tags", http.StatusSeeOther)
		return nil
	}
	if !validation(err, &f) {
		return err
	}
	data, err := s.tagsData(w, r, p, f)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusUnprocessableEntity, "tags", data)
	return nil
}

// tagCreate adds a tag.
func (s *Server) tagCreate(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f := formFrom(r, "name")
	_, err := s.Clients.CreateTag(r.Context(), p, f.Get("name"))
	return s.tagResult(w, r, p, err, f, "Tag created.")
}

// tagRename renames a tag.
func (s *Server) tagRename(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f := newForm()
	f.Values["rename_"+r.PathValue("id")] = r.PostFormValue("name")
	_, err := s.Clients.RenameTag(r.Context(), p, r.PathValue("id"), r.PostFormValue("name"))
	if ve, ce := asValidation(err); ve != nil || ce != nil {
		f.Message = "The tag was not renamed: " + firstMessageOf(err)
	}
	return s.tagResult(w, r, p, err, f, "Tag renamed.")
}

// tagDelete removes a tag from every client.
func (s *Server) tagDelete(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	err := s.Clients.DeleteTag(r.Context(), p, r.PathValue("id"))
	return s.tagResult(w, r, p, err, newForm(), "Tag deleted.")
}

func firstMessageOf(err error) string {
	f := newForm()
	validation(err, &f)
	return firstMessage(f)
}
