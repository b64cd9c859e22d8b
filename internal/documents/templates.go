package documents

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"time"

	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// Templates lists the practice's template library (with the built-ins, DC-1); archived ones only when asked.
func (s *Service) Templates(ctx context.Context, p model.Principal, archived bool) ([]model.Template, error) {
	if err := s.ensureBuiltins(ctx, p.PracticeID); err != nil {
		return nil, err
	}
	return store.ListTemplates(ctx, s.Store.R(), p.PracticeID, archived)
}

// ClientTemplates lists the library's templates that go to clients, without the session note templates
// (issue 14, item 3): what a chart's documents, an invitation and the setup wizard offer.
func (s *Service) ClientTemplates(ctx context.Context, p model.Principal) ([]model.Template, error) {
	ts, err := s.Templates(ctx, p, false)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(ts, func(t model.Template) bool { return !t.Kind.ForClients() }), nil
}

// Template returns one template of the practice with its current fields; another practice's is not found.
func (s *Service) Template(ctx context.Context, p model.Principal, templateID string) (model.Template, error) {
	if !id.Valid(templateID) {
		return model.Template{}, fmt.Errorf("documents: malformed template id: %w", model.ErrNotFound)
	}
	if err := s.ensureBuiltins(ctx, p.PracticeID); err != nil { // the consent shows the current cancellation policy
		return model.Template{}, err
	}
	return store.TemplateByID(ctx, s.Store.R(), p.PracticeID, templateID)
}

// CreateTemplate adds a custom template to the library, at version 1.
func (s *Service) CreateTemplate(ctx context.Context, p model.Principal, ch model.TemplateChange) (model.Template, error) {
	if !managesTemplates(p) {
		return model.Template{}, model.ErrForbidden
	}
	now := s.now()
	t := model.Template{ID: id.New(), PracticeID: p.PracticeID, Version: 1, CreatedAt: now, UpdatedAt: now}
	if ch.Fields == nil {
		ch.Fields = &[]model.Field{}
	}
	if err := ch.Apply(&t).Err(); err != nil {
		return model.Template{}, err
	}
	err := s.Store.Tx(ctx, func(q store.Q) error {
		if err := store.InsertTemplate(ctx, q, t, p.StaffID); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, s.event(p, "template.create", "document_template", t.ID))
	})
	if err != nil {
		return model.Template{}, fmt.Errorf("documents: create template: %w", err)
	}
	return t, nil
}

// UpdateTemplate changes a template, archives or restores it, all in one transaction. Changed fields make
// a new version; requests already sent keep the version they were made with (issue 6, item 2). A scored
// assessment's questions cannot change.
func (s *Service) UpdateTemplate(ctx context.Context, p model.Principal, templateID string, ch model.TemplateChange) (model.Template, error) {
	if !managesTemplates(p) {
		return model.Template{}, model.ErrForbidden
	}
	if !id.Valid(templateID) {
		return model.Template{}, fmt.Errorf("documents: malformed template id: %w", model.ErrNotFound)
	}
	var out model.Template
	err := s.Store.Tx(ctx, func(q store.Q) error {
		t, err := store.TemplateByID(ctx, q, p.PracticeID, templateID)
		if err != nil {
			return err
		}
		before, kind := append([]model.Field(nil), t.Fields...), t.Kind
		problems := ch.Apply(&t)
		if kind.ForClients() != t.Kind.ForClients() { // requests and notes already made keep what they were made with
			problems.Add("kind", "A client's document cannot become a session note template, nor the other way round: create a new template instead.")
		}
		if len(problems) > 0 {
			return problems.Err()
		}
		if ch.Archived != nil && *ch.Archived != t.Archived() {
			t.ArchivedAt = time.Time{}
			if *ch.Archived {
				t.ArchivedAt = s.now()
			}
		}
		changed := !reflect.DeepEqual(before, t.Fields)
		if changed && t.Scoring != "" {
			return model.FieldError("fields", "A scored assessment's questions are fixed so that its score stays valid. Create a custom form instead.")
		}
		t.UpdatedAt = s.now()
		if changed {
			t.Version++
			if err := store.InsertTemplateVersion(ctx, q, t.ID, t.Version, t.Fields, p.StaffID, t.UpdatedAt); err != nil {
				return err
			}
		}
		if err := store.UpdateTemplate(ctx, q, t); err != nil {
			return err
		}
		out = t
		e := s.event(p, "template.update", "document_template", t.ID)
		e.Detail = fmt.Sprintf("version=%d", t.Version)
		return s.Audit.Append(ctx, q, e)
	})
	if err != nil {
		return model.Template{}, fmt.Errorf("documents: update template: %w", err)
	}
	return out, nil
}

// SetTemplateArchived takes a template out of the library or puts it back; requests made with it stay.
func (s *Service) SetTemplateArchived(ctx context.Context, p model.Principal, templateID string, archived bool) (model.Template, error) {
	return s.UpdateTemplate(ctx, p, templateID, model.TemplateChange{Archived: &archived})
}
