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

// TagNames lists the practice's tags by name, without counting their clients (the client list's filter
// and bulk actions need only names).
func (s *Service) TagNames(ctx context.Context, p model.Principal) ([]model.Tag, error) {
	return store.TagNames(ctx, s.Store.R(), p.PracticeID)
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

// RenameTag renames a tag (owners and admins), then refreshes the search text of every chart that
// carries it in short transactions of a few hundred charts each, so a tag on thousands of charts never
// holds SQLite's one writer for long (issue 11, item 5). Until the refresh is through, a search by
// the new name may miss some of those charts for a moment; the list shows the new name at once.
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
		return s.Audit.Append(ctx, q, s.tagEvent(p, "tag.rename", t.ID))
	})
	if err != nil {
		return model.Tag{}, fmt.Errorf("clients: rename tag: %w", err)
	}
	if err := s.refreshCharts(ctx, p.PracticeID, tagID); err != nil {
		return model.Tag{}, fmt.Errorf("clients: rename tag: %w", err)
	}
	return t, nil
}

// DeleteTag removes a tag from every chart and from the list (owners and admins); the charts' search
// text is refreshed afterwards in short transactions, as for a rename.
func (s *Service) DeleteTag(ctx context.Context, p model.Principal, tagID string) error {
	if !canManageTags(p) {
		return model.ErrForbidden
	}
	if !id.Valid(tagID) {
		return model.ErrNotFound
	}
	charts, err := store.ChartIDsWithTag(ctx, s.Store.R(), tagID)
	if err != nil {
		return fmt.Errorf("clients: delete tag: %w", err)
	}
	err = s.Store.Tx(ctx, func(q store.Q) error {
		if err := store.DeleteTag(ctx, q, p.PracticeID, tagID); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, s.tagEvent(p, "tag.delete", tagID))
	})
	if err != nil {
		return fmt.Errorf("clients: delete tag: %w", err)
	}
	if err := s.refreshSearch(ctx, p.PracticeID, charts); err != nil {
		return fmt.Errorf("clients: delete tag: %w", err)
	}
	return nil
}

// refreshCharts rewrites the search text of every chart carrying a tag.
func (s *Service) refreshCharts(ctx context.Context, practiceID, tagID string) error {
	charts, err := store.ChartIDsWithTag(ctx, s.Store.R(), tagID)
	if err != nil {
		return err
	}
	return s.refreshSearch(ctx, practiceID, charts)
}

// refreshSearch rewrites the charts' search text from their current tags, bulkStateChunk charts per
// transaction. A chart deleted meanwhile is passed over.
func (s *Service) refreshSearch(ctx context.Context, practiceID string, charts []string) error {
	for start := 0; start < len(charts); start += bulkStateChunk {
		chunk := charts[start:min(start+bulkStateChunk, len(charts))]
		err := s.Store.Tx(ctx, func(q store.Q) error {
			for _, chartID := range chunk {
				c, err := store.ClientByID(ctx, q, practiceID, chartID)
				if isNotFound(err) {
					continue
				}
				if err != nil {
					return err
				}
				if err := store.SetChartSearch(ctx, q, c); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
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
