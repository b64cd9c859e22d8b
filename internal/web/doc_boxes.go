package web

import (
	"net/http"
	"slices"

	"tend/internal/model"
)

// docBox is one template of the library to tick: documents sent with a portal invitation (PT-2).
type docBox struct {
	ID, Name, Kind string
	Checked        bool
}

// docBoxes lists the library's templates with those in ticked checked; nothing for staff who never see
// documents (billing).
func (s *Server) docBoxes(r *http.Request, p model.Principal, pg page, ticked []string) ([]docBox, error) {
	if !pg.Can.ReadDocuments {
		return nil, nil
	}
	ts, err := s.Documents.ClientTemplates(r.Context(), p)
	if err != nil {
		return nil, err
	}
	out := make([]docBox, 0, len(ts))
	for _, t := range ts {
		out = append(out, docBox{ID: t.ID, Name: t.Name, Kind: t.Kind.Label(), Checked: slices.Contains(ticked, t.ID)})
	}
	return out, nil
}

// intakePacket are the templates a new client usually gets with their invitation, ticked in the setup
// wizard: intake forms and the built-in consent to treatment.
func (s *Server) intakePacket(r *http.Request, p model.Principal, pg page) ([]string, error) {
	if !pg.Can.ReadDocuments {
		return nil, nil
	}
	ts, err := s.Documents.ClientTemplates(r.Context(), p)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, t := range ts {
		if t.Kind == model.TemplateIntake || t.BuiltinKey == "consent" {
			out = append(out, t.ID)
		}
	}
	return out, nil
}

// docBoxesView is what the "docboxes" partial renders.
type docBoxesView struct {
	Boxes        []docBox
	Legend, Hint string
	Error        string
}

// docBoxesOf builds the "docboxes" partial's data, with the form's message for template_ids.
func docBoxesOf(boxes []docBox, f form, legend, hint string) docBoxesView {
	return docBoxesView{Boxes: boxes, Legend: legend, Hint: hint, Error: f.Errors["template_ids"]}
}
