package api

import (
	"net/http"

	"tend/internal/model"
)

type tagCountJSON struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Clients int    `json:"clients"`
}

// listTags lists the practice's tags with how many clients carry each.
func (s *Server) listTags(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	tags, err := s.Clients.Tags(r.Context(), p)
	if err != nil {
		return err
	}
	out := list[tagCountJSON]{Items: make([]tagCountJSON, 0, len(tags)), Total: len(tags), Page: 1, PerPage: len(tags)}
	for _, t := range tags {
		out.Items = append(out.Items, tagCountJSON{t.ID, t.Name, t.Clients})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

type tagRequest struct {
	Name string `json:"name"`
}

// createTag adds a tag.
func (s *Server) createTag(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in tagRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	t, err := s.Clients.CreateTag(r.Context(), p, in.Name)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, tagJSON{t.ID, t.Name})
	return nil
}

// renameTag renames a tag.
func (s *Server) renameTag(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in tagRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	t, err := s.Clients.RenameTag(r.Context(), p, r.PathValue("id"), in.Name)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, tagJSON{t.ID, t.Name})
	return nil
}

// deleteTag deletes a tag from every client and the list.
func (s *Server) deleteTag(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if err := s.Clients.DeleteTag(r.Context(), p, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
