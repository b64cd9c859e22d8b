package api

import (
	"fmt"
	"net/http"
	"time"

	"tend/internal/model"
)

// psychNoteJSON is one of the caller's own psychotherapy notes (issue 14, item 4). Nobody else is ever
// answered with one.
type psychNoteJSON struct {
	ID        string    `json:"id"`
	ClientID  string    `json:"client_id"`
	Date      string    `json:"date"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

func toPsychNote(n model.PsychotherapyNote) psychNoteJSON {
	return psychNoteJSON{n.ID, n.ChartID, n.Date, n.Body, n.CreatedAt, n.UpdatedAt}
}

// psychNoteList is a page of the caller's notes; next_page is the page key of the next one.
type psychNoteList struct {
	Items    []psychNoteJSON `json:"items"`
	NextPage string          `json:"next_page"`
	CanWrite bool            `json:"can_write"`
}

// psychNoteRequest writes or changes a note; on PATCH absent fields stay as they are.
type psychNoteRequest struct {
	Date *string `json:"date"`
	Body *string `json:"body"`
}

func (in psychNoteRequest) change() model.PsychotherapyNoteChange {
	return model.PsychotherapyNoteChange{Date: in.Date, Body: in.Body}
}

func (s *Server) listPsychNotes(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	l, err := s.PsychNotes.List(r.Context(), p, r.PathValue("id"), r.URL.Query().Get("page"))
	if err != nil {
		return err
	}
	out := psychNoteList{Items: make([]psychNoteJSON, 0, len(l.Notes)), NextPage: l.Next, CanWrite: l.CanWrite}
	for _, n := range l.Notes {
		out.Items = append(out.Items, toPsychNote(n))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) createPsychNote(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in psychNoteRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	n, err := s.PsychNotes.Create(r.Context(), p, r.PathValue("id"), in.change())
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/clients/%s/psychotherapy-notes/%s", n.ChartID, n.ID))
	writeJSON(w, http.StatusCreated, toPsychNote(n))
	return nil
}

func (s *Server) getPsychNote(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	n, _, _, err := s.PsychNotes.Get(r.Context(), p, r.PathValue("id"), r.PathValue("pnote_id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toPsychNote(n))
	return nil
}

func (s *Server) updatePsychNote(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in psychNoteRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	n, err := s.PsychNotes.Update(r.Context(), p, r.PathValue("id"), r.PathValue("pnote_id"), in.change())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toPsychNote(n))
	return nil
}

func (s *Server) deletePsychNote(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if err := s.PsychNotes.Delete(r.Context(), p, r.PathValue("id"), r.PathValue("pnote_id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
