package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"tend/internal/httpx"
	"tend/internal/model"
	"tend/internal/notes"
)

// noteJSON is a session note. Listings and answers to people who may not read note bodies carry no
// sections, signed content or mood score.
type noteJSON struct {
	ID              string              `json:"id"`
	ClientID        string              `json:"client_id"`
	AuthorID        string              `json:"author_id"`
	AuthorName      string              `json:"author_name"`
	Template        string              `json:"template"`
	TemplateName    string              `json:"template_name"`
	ServiceDate     string              `json:"service_date"`
	DurationMinutes int                 `json:"duration_minutes"`
	ServiceType     string              `json:"service_type"`
	Mood            *int                `json:"mood"`
	State           string              `json:"state"`
	Late            bool                `json:"late"`
	CreatedAt       time.Time           `json:"created_at"`
	UpdatedAt       time.Time           `json:"updated_at"`
	SignedAt        *time.Time          `json:"signed_at"`
	SignerName      string              `json:"signer_name,omitempty"`
	ContentSHA256   string              `json:"content_sha256,omitempty"`
	NeedsCosign     bool                `json:"needs_cosign"`
	CosignedAt      *time.Time          `json:"cosigned_at"`
	CosignerName    string              `json:"cosigner_name,omitempty"`
	Sections        []model.NoteSection `json:"sections,omitempty"`
	SignedContent   string              `json:"signed_content,omitempty"` // the exact JSON the SHA-256 is of
	Addenda         []addendumJSON      `json:"addenda,omitempty"`
}

type addendumJSON struct {
	ID         string    `json:"id"`
	NoteID     string    `json:"note_id"`
	AuthorID   string    `json:"author_id"`
	AuthorName string    `json:"author_name"`
	Reason     string    `json:"reason"`
	Body       string    `json:"body"`
	CreatedAt  time.Time `json:"created_at"`
}

func toAddendum(a model.Addendum) addendumJSON {
	return addendumJSON{a.ID, a.NoteID, a.AuthorID, a.AuthorName, a.Reason, a.Body, a.CreatedAt}
}

func toNote(n model.Note, late bool) noteJSON {
	out := noteJSON{ID: n.ID, ClientID: n.ChartID, AuthorID: n.AuthorID, AuthorName: n.AuthorName, Template: n.Template, TemplateName: n.TemplateName,
		ServiceDate: n.ServiceDate, DurationMinutes: n.DurationMinutes, ServiceType: n.ServiceType, Mood: n.Mood, State: string(n.State), Late: late,
		CreatedAt: n.CreatedAt, UpdatedAt: n.UpdatedAt, SignedAt: timePtr(n.SignedAt), SignerName: n.SignerName, ContentSHA256: n.ContentSHA256,
		NeedsCosign: n.NeedsCosign, CosignedAt: timePtr(n.CosignedAt), CosignerName: n.CosignerName, Sections: n.Sections, SignedContent: n.SignedContent}
	for _, a := range n.Addenda {
		out.Addenda = append(out.Addenda, toAddendum(a))
	}
	return out
}

// notePage is a page of a chart's notes: next_cursor pages older, prev_cursor newer; neither counts.
type notePage struct {
	Items      []noteJSON `json:"items"`
	NextCursor string     `json:"next_cursor,omitempty"`
	PrevCursor string     `json:"prev_cursor,omitempty"`
}

// listNotes pages a chart's notes newest first: ?state=, ?template=, ?cursor= (older) or ?since= (newer), ?limit=.
func (s *Server) listNotes(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	q := r.URL.Query()
	f := model.NoteFilter{State: model.NoteState(q.Get("state")), Template: q.Get("template")}
	for param, dst := range map[string]**model.NoteKey{"cursor": &f.Before, "since": &f.Since} {
		if v := q.Get(param); v != "" {
			k, ok := model.ParseNoteKey(v)
			if !ok {
				return model.FieldError(param, "Use a cursor from a previous page's next_cursor or prev_cursor.")
			}
			*dst = &k
		}
	}
	if f.Before != nil && f.Since != nil {
		return model.FieldError("since", "Send cursor or since, not both.")
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > notes.MaxPage {
			return model.FieldError("limit", "Use a limit from 1 to "+strconv.Itoa(notes.MaxPage)+".")
		}
		f.Limit = n
	}
	pg, err := s.Notes.List(r.Context(), p, r.PathValue("id"), f)
	if err != nil {
		return err
	}
	out := notePage{Items: make([]noteJSON, 0, len(pg.Notes))}
	for _, n := range pg.Notes {
		out.Items = append(out.Items, toNote(n, pg.Late(n)))
	}
	if pg.Older != nil {
		out.NextCursor = pg.Older.String()
	}
	if pg.Newer != nil {
		out.PrevCursor = pg.Newer.String()
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// optInt is a number that may be sent, sent as null (clear it), or left out.
type optInt struct {
	Set   bool
	Value *int
}

// UnmarshalJSON records that the field was sent, and its number or null.
func (o *optInt) UnmarshalJSON(b []byte) error {
	o.Set = true
	if bytes.Equal(b, []byte("null")) {
		o.Value = nil
		return nil
	}
	var n int
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	o.Value = &n
	return nil
}

func (o optInt) text() *string {
	if !o.Set {
		return nil
	}
	v := ""
	if o.Value != nil {
		v = strconv.Itoa(*o.Value)
	}
	return &v
}

// noteRequest is what a client writes on a draft; absent fields stay as they are.
type noteRequest struct {
	Template        string            `json:"template"` // on create only
	ServiceDate     *string           `json:"service_date"`
	DurationMinutes optInt            `json:"duration_minutes"`
	ServiceType     *string           `json:"service_type"`
	Mood            optInt            `json:"mood"`
	Sections        map[string]string `json:"sections"`
}

func (n noteRequest) input() model.NoteInput {
	return model.NoteInput{Sections: n.Sections, ServiceDate: n.ServiceDate, DurationMinutes: n.DurationMinutes.text(),
		ServiceType: n.ServiceType, Mood: n.Mood.text()}
}

// createNote starts a draft on a chart.
func (s *Server) createNote(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in noteRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	n, err := s.Notes.Create(r.Context(), p, r.PathValue("id"), in.Template, in.input())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toNote(n, false))
	return nil
}

// getNote returns one note with its body, signatures and addenda.
func (s *Server) getNote(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	v, err := s.Notes.Get(r.Context(), p, r.PathValue("id"), r.PathValue("note"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toNote(v.Note, v.Late()))
	return nil
}

// updateNote changes a draft; a signed note answers 409.
func (s *Server) updateNote(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in noteRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if in.Template != "" {
		return model.FieldError("template", "A note keeps the template it was started with.")
	}
	n, err := s.Notes.Update(r.Context(), p, r.PathValue("id"), r.PathValue("note"), in.input())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toNote(n, false))
	return nil
}

// noteSignRequest is a typed signature: the signer's full name.
type noteSignRequest struct {
	FullName string `json:"full_name"`
}

// signNote signs and locks a draft with the author's typed full name.
func (s *Server) signNote(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in noteSignRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	n, err := s.Notes.Sign(r.Context(), p, r.PathValue("id"), r.PathValue("note"), in.FullName, nil)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toNote(n, false))
	return nil
}

// cosignNote adds the supervisor's co-signature.
func (s *Server) cosignNote(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in noteSignRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	n, err := s.Notes.Cosign(r.Context(), p, r.PathValue("id"), r.PathValue("note"), in.FullName)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toNote(n, false))
	return nil
}

// listAddenda lists a note's addenda, oldest first.
func (s *Server) listAddenda(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	as, err := s.Notes.Addenda(r.Context(), p, r.PathValue("id"), r.PathValue("note"))
	if err != nil {
		return err
	}
	out := items[addendumJSON]{Items: make([]addendumJSON, 0, len(as))}
	for _, a := range as {
		out.Items = append(out.Items, toAddendum(a))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

type addendumRequest struct {
	Reason string `json:"reason"`
	Body   string `json:"body"`
}

// addAddendum adds an addendum to a signed note; a draft answers 409.
func (s *Server) addAddendum(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in addendumRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	a, err := s.Notes.AddAddendum(r.Context(), p, r.PathValue("id"), r.PathValue("note"), in.Reason, in.Body)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toAddendum(a))
	return nil
}

// notePDF downloads a note with its signatures and addenda.
func (s *Server) notePDF(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	pdf, err := s.Notes.PDF(r.Context(), p, r.PathValue("id"), r.PathValue("note"))
	if err != nil {
		return err
	}
	httpx.WritePDF(w, pdf.Filename, pdf.Bytes)
	return nil
}

// notesToCosign lists the supervisees' signed notes waiting for the person's co-signature.
func (s *Server) notesToCosign(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	ns, err := s.Notes.ToCosign(r.Context(), p, notes.MaxPage)
	if err != nil {
		return err
	}
	out := items[noteJSON]{Items: make([]noteJSON, 0, len(ns))}
	for _, n := range ns {
		out.Items = append(out.Items, toNote(n, false))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
