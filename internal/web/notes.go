package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"tend/internal/httpx"
	"tend/internal/model"
	"tend/internal/notes"
)

// notesTab is the Notes tab of a chart (NT-2): a page of notes with its filters and key paging, the
// templates a new note may use, and the mood chart beside the score chart.
type notesTab struct {
	notes.Page
	State, Template string
	Templates       []notes.Template
	NewerURL        string
	OlderURL        string
	MoodChart       template.HTML
	ScoreChart      template.HTML
	// Fill is what a note started from a session is filled with (?service_date=, ?duration_minutes=,
	// ?service_type=: the Sessions tab's "Write note").
	Fill noteFill
}

// noteFill is a new note's date of service, duration and service type, as given.
type noteFill struct{ ServiceDate, DurationMinutes, ServiceType string }

// noteFillOf reads a new note's fill from a query or a form.
func noteFillOf(get func(string) string) noteFill {
	return noteFill{ServiceDate: strings.TrimSpace(get("service_date")), DurationMinutes: strings.TrimSpace(get("duration_minutes")),
		ServiceType: strings.TrimSpace(get("service_type"))}
}

// input is the fill as a note's input: only the fields given.
func (f noteFill) input() model.NoteInput {
	var in model.NoteInput
	if f.ServiceDate != "" {
		in.ServiceDate = &f.ServiceDate
	}
	if f.DurationMinutes != "" {
		in.DurationMinutes = &f.DurationMinutes
	}
	if f.ServiceType != "" {
		in.ServiceType = &f.ServiceType
	}
	return in
}

// query writes the fill back as the Notes tab's query.
func (f noteFill) query() string {
	v := url.Values{"tab": {"notes"}}
	for k, x := range map[string]string{"service_date": f.ServiceDate, "duration_minutes": f.DurationMinutes, "service_type": f.ServiceType} {
		if x != "" {
			v.Set(k, x)
		}
	}
	return v.Encode()
}

// loadNotesTab reads the Notes tab of chart c for the page's query (?state=, ?template=, ?before=, ?since=).
func (s *Server) loadNotesTab(r *http.Request, p model.Principal, pg page, chartID string, caps notes.Caps) (*notesTab, error) {
	q := r.URL.Query()
	t := &notesTab{State: q.Get("state"), Template: q.Get("template"), Fill: noteFillOf(q.Get)}
	if t.State != string(model.NoteDraft) && t.State != string(model.NoteSigned) {
		t.State = ""
	}
	f := model.NoteFilter{State: model.NoteState(t.State), Template: t.Template, Limit: 25}
	if k, ok := model.ParseNoteKey(q.Get("before")); ok {
		f.Before = &k
	} else if k, ok := model.ParseNoteKey(q.Get("since")); ok {
		f.Since = &k
	}
	var err error
	if t.Page, err = s.Notes.List(r.Context(), p, chartID, f, notes.ListOptions{WithMood: true}); err != nil {
		return nil, err
	}
	link := func(key, val string) string {
		v := url.Values{"tab": {"notes"}}
		if t.State != "" {
			v.Set("state", t.State)
		}
		if t.Template != "" {
			v.Set("template", t.Template)
		}
		v.Set(key, val)
		return "/clients/" + chartID + "?" + v.Encode()
	}
	if t.Newer != nil {
		t.NewerURL = link("since", t.Newer.String())
	}
	if t.Older != nil {
		t.OlderURL = link("before", t.Older.String())
	}
	if t.Templates, err = s.Notes.Templates(r.Context(), p); err != nil {
		return nil, err
	}
	if caps.ReadBodies {
		t.MoodChart = moodChart(t.Mood, pg.Loc)
		if pg.Can.ReadDocuments {
			// The latest scores of each assessment, as many as the mood chart's points: a chart with years of
			// assessments neither reads their answers nor draws thousands of points.
			docs, err := s.Documents.ScoreHistory(r.Context(), p, chartID, notes.MaxMoodPoints)
			if err != nil {
				return nil, err
			}
			t.ScoreChart = scoreChart(docs, pg.Loc.Date)
		}
	}
	return t, nil
}

// notePage is one session note: the draft's form, or the signed note with its signatures and addenda.
type notePage struct {
	page
	N            notes.View
	Form         form // the draft's fields, as typed
	SignForm     form
	CosignForm   form
	AddendumForm form
	ServiceTypes []string
}

// noteFields names the draft form's fields besides its sections.
var noteFields = []string{"service_date", "duration_minutes", "service_type", "mood"}

// noteForm fills the draft form with the note's current values.
func noteForm(n model.Note) form {
	f := newForm()
	f.Values["service_date"], f.Values["service_type"] = n.ServiceDate, n.ServiceType
	if n.DurationMinutes > 0 {
		f.Values["duration_minutes"] = strconv.Itoa(n.DurationMinutes)
	}
	if n.Mood != nil {
		f.Values["mood"] = strconv.Itoa(*n.Mood)
	}
	for _, sc := range n.Sections {
		f.Values["section."+sc.Key] = sc.Text
	}
	return f
}

// noteInputFrom reads the draft form: the fields and one text per section of the note.
func noteInputFrom(r *http.Request, n model.Note) (model.NoteInput, form) {
	f := formFrom(r, noteFields...)
	in := model.NoteInput{Sections: map[string]string{}}
	g := func(k string) *string { v := f.Get(k); return &v }
	in.ServiceDate, in.DurationMinutes, in.ServiceType, in.Mood = g("service_date"), g("duration_minutes"), g("service_type"), g("mood")
	for _, sc := range n.Sections {
		v := r.PostFormValue("section." + sc.Key)
		f.Values["section."+sc.Key] = v
		in.Sections[sc.Key] = v
	}
	return in, f
}

// absorbNote puts a note's field problems on the form under the form's names.
func absorbNote(err error, f *form) bool {
	if !validation(err, f) {
		return false
	}
	for k, v := range f.Errors {
		if rest, ok := strings.CutPrefix(k, "sections."); ok {
			f.Errors["section."+rest] = v
		}
	}
	return true
}

// notePageData opens the note (an audited read of its body) and fills the page's forms.
func (s *Server) notePageData(w http.ResponseWriter, r *http.Request, p model.Principal) (notePage, error) {
	v, err := s.Notes.Get(r.Context(), p, r.PathValue("id"), r.PathValue("note"))
	if err != nil {
		return notePage{}, err
	}
	pg, err := s.base(w, r, p, v.TemplateName+" note", "clients")
	if err != nil {
		return notePage{}, err
	}
	sign := newForm()
	return notePage{page: pg, N: v, Form: noteForm(v.Note), SignForm: sign, CosignForm: newForm(), AddendumForm: newForm(),
		ServiceTypes: model.ServiceTypes()}, nil
}

func noteURL(chartID, noteID string) string { return "/clients/" + chartID + "/notes/" + noteID }

// noteView shows a note: editable while a draft the person may change, read-only once signed.
func (s *Server) noteView(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	data, err := s.notePageData(w, r, p)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "note", data)
	return nil
}

// noteCreate starts a draft with the chosen template and opens it.
func (s *Server) noteCreate(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	fill := noteFillOf(r.PostFormValue)
	n, err := s.Notes.Create(r.Context(), p, r.PathValue("id"), r.PostFormValue("template"), fill.input())
	if err != nil {
		f := newForm()
		if !validation(err, &f) {
			return err
		}
		r.URL.RawQuery = fill.query()
		data, err := s.chartData(w, r, p, "", f)
		if err != nil {
			return err
		}
		s.render(w, r, http.StatusUnprocessableEntity, "client_chart", data)
		return nil
	}
	http.Redirect(w, r, noteURL(n.ChartID, n.ID), http.StatusSeeOther)
	return nil
}

// noteSave saves a draft. The autosave script posts op=autosave and reads only the status.
func (s *Server) noteSave(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	data, err := s.notePageData(w, r, p)
	if err != nil {
		return err
	}
	in, f := noteInputFrom(r, data.N.Note)
	_, err = s.Notes.Update(r.Context(), p, data.N.ChartID, data.N.ID, in)
	if r.PostFormValue("op") == "autosave" {
		switch {
		case err == nil:
			w.WriteHeader(http.StatusNoContent)
			return nil
		case absorbNote(err, &f):
			w.WriteHeader(http.StatusUnprocessableEntity)
			return nil
		}
		return err
	}
	if err != nil {
		if !absorbNote(err, &f) {
			return err
		}
		data.Form = f
		s.render(w, r, http.StatusUnprocessableEntity, "note", data)
		return nil
	}
	s.setFlash(w, "Draft saved.")
	http.Redirect(w, r, noteURL(data.N.ChartID, data.N.ID), http.StatusSeeOther)
	return nil
}

// noteSign signs and locks a draft, with what the form holds saved first.
func (s *Server) noteSign(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	data, err := s.notePageData(w, r, p)
	if err != nil {
		return err
	}
	var in *model.NoteInput
	f := data.Form
	if r.PostForm.Has("service_date") {
		typed, tf := noteInputFrom(r, data.N.Note)
		in, f = &typed, tf
	}
	data.SignForm.Values["full_name"] = r.PostFormValue("full_name")
	_, err = s.Notes.Sign(r.Context(), p, data.N.ChartID, data.N.ID, r.PostFormValue("full_name"), in)
	if err != nil {
		if !absorbNote(err, &f) {
			return err
		}
		if msg, ok := f.Errors["full_name"]; ok {
			data.SignForm.Errors["full_name"] = msg
		}
		data.Form = f
		s.render(w, r, http.StatusUnprocessableEntity, "note", data)
		return nil
	}
	s.setFlash(w, "Note signed. It is locked now; add an addendum to correct or add to it.")
	http.Redirect(w, r, noteURL(data.N.ChartID, data.N.ID), http.StatusSeeOther)
	return nil
}

// noteCosign adds the supervisor's co-signature.
func (s *Server) noteCosign(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	data, err := s.notePageData(w, r, p)
	if err != nil {
		return err
	}
	data.CosignForm.Values["full_name"] = r.PostFormValue("full_name")
	if _, err := s.Notes.Cosign(r.Context(), p, data.N.ChartID, data.N.ID, r.PostFormValue("full_name")); err != nil {
		if !validation(err, &data.CosignForm) {
			return err
		}
		s.render(w, r, http.StatusUnprocessableEntity, "note", data)
		return nil
	}
	s.setFlash(w, "Note co-signed.")
	http.Redirect(w, r, noteURL(data.N.ChartID, data.N.ID), http.StatusSeeOther)
	return nil
}

// noteAddendum adds an addendum to a signed note.
func (s *Server) noteAddendum(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	data, err := s.notePageData(w, r, p)
	if err != nil {
		return err
	}
	data.AddendumForm = formFrom(r, "reason", "body")
	if _, err := s.Notes.AddAddendum(r.Context(), p, data.N.ChartID, data.N.ID, r.PostFormValue("reason"), r.PostFormValue("body")); err != nil {
		if !validation(err, &data.AddendumForm) {
			return err
		}
		s.render(w, r, http.StatusUnprocessableEntity, "note", data)
		return nil
	}
	s.setFlash(w, "Addendum added.")
	http.Redirect(w, r, noteURL(data.N.ChartID, data.N.ID)+"#addenda", http.StatusSeeOther)
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

// cosignPage lists the supervisees' signed notes waiting for the person's co-signature.
type cosignPage struct {
	page
	Notes []model.Note
}

// notesToCosign shows "Notes to co-sign".
func (s *Server) notesToCosign(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	ns, err := s.Notes.ToCosign(r.Context(), p, notes.MaxPage)
	if err != nil {
		return err
	}
	pg, err := s.base(w, r, p, "Notes to co-sign", "home")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "notes_cosign", cosignPage{page: pg, Notes: ns})
	return nil
}
