package messaging

import (
	"context"
	"fmt"

	"tend/internal/audit"
	"tend/internal/authz"
	"tend/internal/files"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// A message may carry one file (MS-1). The file is kept on the chart like any other (Files tab, the
// chart's deletion) but is never shared in the portal's file list: the portal user of the conversation
// downloads it through the conversation, and nobody else in the portal sees it (PT-12).

// attach stores the file and, in the same transaction, the message that write stores with it.
func (s *Service) attach(ctx context.Context, owner model.File, att files.Upload, write func(q store.Q, f model.File) error) error {
	if s.Files == nil {
		return model.FieldError("file", "This installation takes no attachments.")
	}
	_, err := s.Files.Attach(ctx, owner, att, write)
	return err
}

// attached reads a file sent with a message of the conversation; any other is model.ErrNotFound.
func attached(ctx context.Context, q store.Q, cv model.Conversation, fileID string) (model.File, error) {
	if !id.Valid(fileID) {
		return model.File{}, fmt.Errorf("messaging: malformed file id: %w", model.ErrNotFound)
	}
	in, err := store.MessageFileIn(ctx, q, cv.ID, fileID)
	if err != nil {
		return model.File{}, err
	}
	if !in {
		return model.File{}, fmt.Errorf("messaging: file %s is on no message of %s: %w", fileID, cv.ID, model.ErrNotFound)
	}
	return store.FileByID(ctx, q, cv.PracticeID, fileID)
}

// Attachment opens a file sent with a message of the conversation, for a staff member who may read it;
// audited. The caller closes the Reader.
func (s *Service) Attachment(ctx context.Context, p model.Principal, convID, fileID string) (*files.Reader, error) {
	const action = "chart.message.file.download"
	q := s.Store.R()
	cv, c, _, err := s.conversation(ctx, q, p, convID, authz.View)
	if err != nil {
		return nil, fmt.Errorf("messaging: attachment: %w", s.Charts.AuditDenied(ctx, p, action, c.ID, err))
	}
	f, err := attached(ctx, q, cv, fileID)
	if err != nil {
		return nil, err
	}
	if err := s.recordRead(ctx, audit.StaffEvent(p, s.now(), action, c.ID, "file", f.ID)); err != nil {
		return nil, err
	}
	return s.Files.Read(ctx, f)
}

// PortalAttachment opens a file sent with a message of the person's own conversation on the chart of
// access accessID; audited. Another member's conversation, or a file on no message of theirs, is
// model.ErrNotFound.
func (s *Service) PortalAttachment(ctx context.Context, pp model.PortalPrincipal, accessID, fileID string) (*files.Reader, error) {
	q := s.Store.R()
	a, err := s.portalAccess(ctx, q, pp, accessID, authz.View)
	if err != nil {
		return nil, err
	}
	cv, err := store.ConversationOf(ctx, q, a.ChartID, pp.AccountID)
	if err != nil {
		return nil, fmt.Errorf("messaging: portal attachment: %w", err)
	}
	f, err := attached(ctx, q, cv, fileID)
	if err != nil {
		return nil, err
	}
	if err := s.recordRead(ctx, s.portalEvent(pp, a, "portal.message.file.download", "file", f.ID)); err != nil {
		return nil, err
	}
	return s.Files.Read(ctx, f)
}
