package web

import (
	"net/http"

	"tend/internal/formview"
	"tend/internal/model"
)

// templatesPage is the template library (Documents in the sidebar): the clients' documents, then the
// practice's session note templates under their own heading (issue 14, item 3).
type templatesPage struct {
	page
	Templates     []model.Template
	NoteTemplates []model.Template
	Archived      bool
	CanChange     bool
}

// templateList lists the practice's templates; ?archived=1 shows archived ones too.
func (s *Server) templateList(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	archived := r.URL.Query().Get("archived") != ""
	ts, err := s.Documents.Templates(r.Context(), p, archived)
	if err != nil {
		return err
	}
	pg, err := s.base(w, r, p, "Documents", "documents")
	if err != nil {
		return err
	}
	data := templatesPage{page: pg, Archived: archived, CanChange: pg.Can.ChangeTemplates}
	for _, t := range ts {
		if t.Kind.ForClients() {
			data.Templates = append(data.Templates, t)
		} else {
			data.NoteTemplates = append(data.NoteTemplates, t)
		}
	}
	s.render(w, r, http.StatusOK, "documents", data)
	return nil
}

// templatePage is one template: its details and a preview exactly as the client sees it.
type templatePage struct {
	page
	T         model.Template
	Preview   formview.Form
	CanChange bool
}

// templateView shows a template with its preview.
func (s *Server) templateView(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	t, err := s.Documents.Template(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	pg, err := s.base(w, r, p, t.Name, "documents")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "document", templatePage{page: pg, T: t, CanChange: pg.Can.ChangeTemplates,
		Preview: formview.New(t.Fields, nil, nil, map[string]bool{"legal_sex": true}, true)})
	return nil
}

// templateArchive archives or restores a template.
func (s *Server) templateArchive(archived bool) staffHandler {
	return func(w http.ResponseWriter, r *http.Request, p model.Principal) error {
		t, err := s.Documents.SetTemplateArchived(r.Context(), p, r.PathValue("id"), archived)
		if err != nil {
			return err
		}
		if archived {
			s.setFlash(w, "Template archived. Requests already made with it stay as they are.")
		} else {
			s.setFlash(w, "Template restored to the library.")
		}
		http.Redirect(w, r, "/documents/"+t.ID, http.StatusSeeOther)
		return nil
	}
}

// builderPage is the form builder, for a new template or a new version of one.
type builderPage struct {
	page
	T          model.Template
	IsNew      bool
	Form       form
	Rows       []builderRow
	Kinds      []model.TemplateKind
	FieldKinds []model.FieldKind
	Preview    *formview.Form // shown after "Preview"
}

func (s *Server) renderBuilder(w http.ResponseWriter, r *http.Request, p model.Principal, bp builderPage, status int) error {
	title := "New template"
	if !bp.IsNew {
		title = "Edit " + bp.T.Name
	}
	pg, err := s.base(w, r, p, title, "documents")
	if err != nil {
		return err
	}
	bp.page, bp.Kinds, bp.FieldKinds, bp.Rows = pg, model.TemplateKinds(), model.FieldKinds(), numbered(bp.Rows)
	s.render(w, r, status, "document_edit", bp)
	return nil
}

// templateNewForm opens the builder with one empty question; ?kind=note starts a session note template
// with one long-text section.
func (s *Server) templateNewForm(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if !s.Accounts.Capabilities(p).ChangeTemplates {
		return model.ErrForbidden
	}
	f := newForm()
	f.Values["kind"] = string(model.TemplateCustom)
	row := builderRow{Kind: string(model.FieldText)}
	if r.URL.Query().Get("kind") == string(model.TemplateNote) {
		f.Values["kind"], row.Kind = string(model.TemplateNote), string(model.FieldParagraph)
	}
	return s.renderBuilder(w, r, p, builderPage{IsNew: true, Form: f, Rows: []builderRow{row}}, http.StatusOK)
}

// templateEditForm opens the builder on a template's current version.
func (s *Server) templateEditForm(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if !s.Accounts.Capabilities(p).ChangeTemplates {
		return model.ErrForbidden
	}
	t, err := s.Documents.Template(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm()
	f.Values["kind"], f.Values["name"], f.Values["description"] = string(t.Kind), t.Name, t.Description
	if t.UsesLegalName {
		f.Values["uses_legal_name"] = "on"
	}
	return s.renderBuilder(w, r, p, builderPage{T: t, Form: f, Rows: rowsOf(t.Fields)}, http.StatusOK)
}

// templateSave handles the builder: its buttons (add, move, remove, preview) redraw the form as typed;
// Save creates the template or a new version of it.
func (s *Server) templateSave(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if !s.Accounts.Capabilities(p).ChangeTemplates {
		return model.ErrForbidden
	}
	bp := builderPage{IsNew: r.PathValue("id") == "", Form: formFrom(r, "kind", "name", "description", "uses_legal_name"), Rows: builderRows(r)}
	if !bp.IsNew {
		t, err := s.Documents.Template(r.Context(), p, r.PathValue("id"))
		if err != nil {
			return err
		}
		bp.T = t
	}
	op := r.PostFormValue("op")
	if rows, ok := applyOp(bp.Rows, op); ok {
		bp.Rows = rows
		return s.renderBuilder(w, r, p, bp, http.StatusOK)
	}
	bp.Rows = numbered(bp.Rows)
	fields, ok := fieldsOf(bp.Rows)
	if op == "preview" && ok {
		problems := model.Problems{}
		model.ValidateFields(problems, fields)
		if model.TemplateKind(bp.Form.Get("kind")) == model.TemplateNote {
			model.ValidateNoteFields(problems, fields)
		}
		if err := problems.Err(); err != nil { // a preview shows only a form that could be saved
			validation(err, &bp.Form)
			rowErrors(bp.Rows, &bp.Form)
			return s.renderBuilder(w, r, p, bp, http.StatusUnprocessableEntity)
		}
		pv := formview.New(fields, nil, nil, map[string]bool{"legal_sex": true}, true)
		bp.Preview = &pv
		return s.renderBuilder(w, r, p, bp, http.StatusOK)
	}
	kind := model.TemplateKind(bp.Form.Get("kind"))
	name, desc, legal := bp.Form.Get("name"), bp.Form.Get("description"), bp.Form.Get("uses_legal_name") == "on"
	ch := model.TemplateChange{Kind: &kind, Name: &name, Description: &desc, UsesLegalName: &legal, Fields: &fields}
	if !ok {
		bp.Form.Message = "Some fields need attention. Look for the messages below."
		return s.renderBuilder(w, r, p, bp, http.StatusUnprocessableEntity)
	}
	var t model.Template
	var err error
	if bp.IsNew {
		t, err = s.Documents.CreateTemplate(r.Context(), p, ch)
	} else {
		t, err = s.Documents.UpdateTemplate(r.Context(), p, bp.T.ID, ch)
	}
	if err != nil {
		if !validation(err, &bp.Form) {
			return err
		}
		rowErrors(bp.Rows, &bp.Form)
		return s.renderBuilder(w, r, p, bp, http.StatusUnprocessableEntity)
	}
	s.setFlash(w, "Template saved.")
	http.Redirect(w, r, "/documents/"+t.ID, http.StatusSeeOther)
	return nil
}
