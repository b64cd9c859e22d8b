package clients

import (
	"context"
	"errors"
	"fmt"

	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// Tags lists the practice's tags with how many charts carry each.
func (s *Service) Tags(ctx context.Context, p model.Principal) ([]store.TagCount, error) {
	return store.ListTags(ctx, s.Store.R(), p.PracticeID)
}

// tagName cleans and checks a tag's name.
func tagName(name string) (string, error) {
	v, msg := model.CleanText(name, 40)
	switch {
	case msg != "":
		return "", model.FieldError("name", msg)
	case v == "":
		return "", model.FieldError("name", "Name the tag.")
	}
	return v, nil
}

// canManageTags reports whether p may create, rename and delete the practice's tags (which touch charts
// they may not see); anyone who may change a chart may put existing tags on it.
func canManageTags(p model.Principal) bool {
	return authz.PracticeWide(p, authz.Change, authz.Tags)
}

// CreateTag adds a tag (owners and admins); a name already used (ignoring case and accents) is a
// conflict on "name".
func (s *Service) CreateTag(ctx context.Context, p model.Principal, name string) (model.Tag, error) {
	if !canManageTags(p) {
		return model.Tag{}, model.ErrForbidden
	}
	n, err := tagName(name)
	if err != nil {
		return model.Tag{}, err
	}
	t := model.Tag{ID: id.New(), Name: n}
	err = s.Store.Tx(ctx, func(q store.Q) error {
		if err := store.InsertTag(ctx, q, p.PracticeID, t, s.Now()); err != nil {
			return tagConflict(err)
		}
		return s.Audit.Append(ctx, q, s.tagEvent(p, "tag.create", t.ID))
	})
	if err != nil {
		return model.Tag{}, fmt.Errorf("clients: create tag: %w", err)
	}
	return t, nil
}

// RenameTag renames a tag (owners and admins) and refreshes the search text of every chart that carries it.
func (s *Service) RenameTag(ctx context.Context, p model.Principal, tagID, name string) (model.Tag, error) {
	if !canManageTags(p) {
		return model.Tag{}, model.ErrForbidden
	}
	if !id.Valid(tagID) {
		return model.Tag{}, model.ErrNotFound
	}
	n, err := tagName(name)
	if err != nil {
		return model.Tag{}, err
	}
	t := model.Tag{ID: tagID, Name: n}
	err = s.Store.Tx(ctx, func(q store.Q) error {
		if err := store.RenameTag(ctx, q, p.PracticeID, t); err != nil {
			return tagConflict(err)
		}
		if err := s.refreshCharts(ctx, q, p.PracticeID, tagID); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, s.tagEvent(p, "tag.rename", t.ID))
	})
	if err != nil {
		return model.Tag{}, fmt.Errorf("clients: rename tag: %w", err)
	}
	return t, nil
}

// DeleteTag removes a tag from every chart and from the list (owners and admins).
func (s *Service) DeleteTag(ctx context.Context, p model.Principal, tagID string) error {
	if !canManageTags(p) {
		return model.ErrForbidden
	}
	if !id.Valid(tagID) {
		return model.ErrNotFound
	}
	err := s.Store.Tx(ctx, func(q store.Q) error {
		charts, err := store.ChartIDsWithTag(ctx, q, tagID)
		if err != nil {
			return err
		}
		if err := store.DeleteTag(ctx, q, p.PracticeID, tagID); err != nil {
			return err
		}
		for _, chartID := range charts {
			if err := s.refreshChart(ctx, q, p.PracticeID, chartID); err != nil {
				return err
			}
		}
		return s.Audit.Append(ctx, q, s.tagEvent(p, "tag.delete", tagID))
	})
	if err != nil {
		return fmt.Errorf("clients: delete tag: %w", err)
	}
	return nil
}

func (s *Service) refreshCharts(ctx context.Context, q store.Q, practiceID, tagID string) error {
	charts, err := store.ChartIDsWithTag(ctx, q, tagID)
	if err != nil {
		return err
	}
	for _, chartID := range charts {
		if err := s.refreshChart(ctx, q, practiceID, chartID); err != nil {
			return err
		}
	}
	return nil
}

// refreshChart rewrites a chart's search text after its tags changed.
func (s *Service) refreshChart(ctx context.Context, q store.Q, practiceID, chartID string) error {
	c, err := store.ClientByID(ctx, q, practiceID, chartID)
	if err != nil {
		return err
	}
	return store.UpdateClient(ctx, q, c)
}

// tagEvent is the audit event of a change to the tag list.
func (s *Service) tagEvent(p model.Principal, action, tagID string) model.AuditEvent {
	e := s.event(p, action, "")
	e.RecordType, e.RecordID = "tag", tagID
	return e
}

func tagConflict(err error) error {
	if errors.Is(err, model.ErrConflict) {
		return &model.ConflictError{Field: "name", Message: "A tag with this name already exists."}
	}
	return err
}
