package api

import (
	"net/http"
	"slices"
	"time"

	"tend/internal/model"
)

// templateJSON is a template of the library with its current version's fields (answers are keyed by
// the fields' ids).
type templateJSON struct {
	ID            string        `json:"id"`
	Kind          string        `json:"kind"`
	Name          string        `json:"name"`
	Description   string        `json:"description"`
	Builtin       string        `json:"builtin"`
	Scoring       string        `json:"scoring"`
	UsesLegalName bool          `json:"uses_legal_name"`
	Version       int           `json:"version"`
	Archived      bool          `json:"archived"`
	Fields        []model.Field `json:"fields"`
	UpdatedAt     time.Time     `json:"updated_at"`
}

func toTemplate(t model.Template) templateJSON {
	fields := t.Fields
	if fields == nil {
		fields = []model.Field{}
	}
	return templateJSON{t.ID, string(t.Kind), t.Name, t.Description, t.BuiltinKey, t.Scoring, t.UsesLegalName, t.Version,
		t.Archived(), fields, t.UpdatedAt}
}

// templateRequest creates or changes a template; on PATCH absent fields stay as they are.
type templateRequest struct {
	Kind          *model.TemplateKind `json:"kind"`
	Name          *string             `json:"name"`
	Description   *string             `json:"description"`
	UsesLegalName *bool               `json:"uses_legal_name"`
	Fields        *[]model.Field      `json:"fields"`
	Archived      *bool               `json:"archived"`
}

func (in templateRequest) change() model.TemplateChange {
	return model.TemplateChange{Kind: in.Kind, Name: in.Name, Description: in.Description, UsesLegalName: in.UsesLegalName, Fields: in.Fields,
		Archived: in.Archived}
}

// listTemplates lists the template library; ?archived=true includes archived templates, ?kind= keeps one
// kind (kind=note: the session note templates).
func (s *Server) listTemplates(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	kind := model.TemplateKind(r.URL.Query().Get("kind"))
	if kind != "" && !slices.Contains(model.TemplateKinds(), kind) {
		return model.FieldError("kind", "Use one of intake, assessment, questionnaire, consent, custom or note, or leave it out.")
	}
	ts, err := s.Documents.Templates(r.Context(), p, r.URL.Query().Get("archived") == "true")
	if err != nil {
		return err
	}
	out := items[templateJSON]{Items: make([]templateJSON, 0, len(ts))}
	for _, t := range ts {
		if kind == "" || t.Kind == kind {
			out.Items = append(out.Items, toTemplate(t))
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// createTemplate adds a template to the library.
func (s *Server) createTemplate(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in templateRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if in.Archived != nil {
		return model.FieldError("archived", "A new template is never archived; leave this out.")
	}
	t, err := s.Documents.CreateTemplate(r.Context(), p, in.change())
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/document-templates/"+t.ID)
	writeJSON(w, http.StatusCreated, toTemplate(t))
	return nil
}

// getTemplate returns one template.
func (s *Server) getTemplate(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	t, err := s.Documents.Template(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toTemplate(t))
	return nil
}

// updateTemplate changes a template (new fields make a new version) and archives or restores it.
func (s *Server) updateTemplate(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in templateRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	t, err := s.Documents.UpdateTemplate(r.Context(), p, r.PathValue("id"), in.change())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toTemplate(t))
	return nil
}
