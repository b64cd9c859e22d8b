package files

import (
	"context"
	"fmt"

	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// The portal side of files (PT-6, PT-7, PT-12): a portal user with the files permission sees the files
// staff shared on the chart and their own uploads, and uploads to the chart. Their upload stays private to
// them and staff (on a family chart, other members never see it) until staff share it. Anything else
// answers model.ErrNotFound, like a missing file.

// PortalList is a chart's files as its portal user sees them.
type PortalList struct {
	Access store.AccountAccess
	Items  []model.File
	Next   string
	// CanUpload: the person may upload to the chart.
	CanUpload bool
}

func portalUser(pp model.PortalPrincipal, a store.AccountAccess) authz.PortalUser {
	return authz.PortalUser{Role: a.Role, Permissions: a.Permissions,
		Open: a.AccountID == pp.AccountID && a.State == model.AccessActive && a.RecordState == model.StateActive}
}

// SeesFiles reports whether the portal user of access a may see the chart's files.
func SeesFiles(pp model.PortalPrincipal, a store.AccountAccess) bool {
	return authz.PortalCan(portalUser(pp, a), authz.View, authz.Files)
}

// portalAccess returns the person's access when the policy lets them do act on its files.
func (s *Service) portalAccess(ctx context.Context, q store.Q, pp model.PortalPrincipal, accessID string, act authz.Action) (store.AccountAccess, error) {
	if !id.Valid(accessID) {
		return store.AccountAccess{}, fmt.Errorf("files: malformed access id: %w", model.ErrNotFound)
	}
	a, err := store.AccessOfAccountByID(ctx, q, accessID)
	if err != nil {
		return a, fmt.Errorf("files: portal: %w", err)
	}
	if err := authz.PortalDecide(portalUser(pp, a), act, authz.Files); err != nil {
		return store.AccountAccess{}, fmt.Errorf("files: access %s: %w", accessID, err)
	}
	return a, nil
}

// portalFile reads a file the person may see: shared on the access's chart, or their own upload there.
func (s *Service) portalFile(ctx context.Context, q store.Q, pp model.PortalPrincipal, a store.AccountAccess, fileID string) (model.File, error) {
	if !id.Valid(fileID) {
		return model.File{}, fmt.Errorf("files: malformed id: %w", model.ErrNotFound)
	}
	f, err := store.FileByID(ctx, q, a.PracticeID, fileID)
	if err != nil {
		return f, fmt.Errorf("files: portal: %w", err)
	}
	if f.ChartID != a.ChartID || !(f.Shared || f.UploadedByAccountID == pp.AccountID) {
		return model.File{}, fmt.Errorf("files: %s is not the portal user's to see: %w", f.ID, model.ErrNotFound)
	}
	return f, nil
}

// PortalList lists what the person sees of the chart's files, newest first, and audits the open.
func (s *Service) PortalList(ctx context.Context, pp model.PortalPrincipal, accessID, page string) (PortalList, error) {
	a, err := s.portalAccess(ctx, s.Store.R(), pp, accessID, authz.View)
	if err != nil {
		return PortalList{}, err
	}
	items, next, err := s.page(ctx, a.ChartID, store.FileFilter{PortalAccount: pp.AccountID}, page)
	if err != nil {
		return PortalList{}, err
	}
	l := PortalList{Access: a, Items: items, Next: next, CanUpload: authz.PortalCan(portalUser(pp, a), authz.Create, authz.Files)}
	return l, s.recordRead(ctx, s.portalEvent(pp, a, "portal.files.view", "portal_access", a.ID))
}

// PortalGet reads one file's details as the portal user sees it.
func (s *Service) PortalGet(ctx context.Context, pp model.PortalPrincipal, accessID, fileID string) (model.File, error) {
	a, err := s.portalAccess(ctx, s.Store.R(), pp, accessID, authz.View)
	if err != nil {
		return model.File{}, err
	}
	f, err := s.portalFile(ctx, s.Store.R(), pp, a, fileID)
	if err != nil {
		return f, err
	}
	return f, s.recordRead(ctx, s.portalEvent(pp, a, "portal.file.view", "file", f.ID))
}

// PortalOpen starts a portal user's download of a file they may see; the caller closes the Reader.
func (s *Service) PortalOpen(ctx context.Context, pp model.PortalPrincipal, accessID, fileID string) (*Reader, error) {
	a, err := s.portalAccess(ctx, s.Store.R(), pp, accessID, authz.View)
	if err != nil {
		return nil, err
	}
	f, err := s.portalFile(ctx, s.Store.R(), pp, a, fileID)
	if err != nil {
		return nil, err
	}
	if err := s.recordRead(ctx, s.portalEvent(pp, a, "portal.file.download", "file", f.ID)); err != nil {
		return nil, err
	}
	return s.reader(ctx, f)
}

// PortalUpload stores a file a portal user uploads to the chart of their access: private to them and
// staff until staff share it. Other packages call it to attach a client's file (a task's reply, a
// message).
func (s *Service) PortalUpload(ctx context.Context, pp model.PortalPrincipal, accessID string, in Upload) (model.File, error) {
	a, err := s.portalAccess(ctx, s.Store.R(), pp, accessID, authz.Create)
	if err != nil {
		return model.File{}, err
	}
	now := s.now()
	f := model.File{ID: id.New(), PracticeID: a.PracticeID, ChartID: a.ChartID, Name: in.Name,
		UploadedByAccountID: pp.AccountID, CreatedAt: now, UpdatedAt: now}
	return s.store(ctx, f, in.Content, func(q store.Q, f *model.File) error {
		if _, err := s.portalAccess(ctx, q, pp, accessID, authz.Create); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, s.portalEvent(pp, a, "portal.file.upload", "file", f.ID))
	}, nil)
}

func (s *Service) portalEvent(pp model.PortalPrincipal, a store.AccountAccess, action, recordType, recordID string) model.AuditEvent {
	return model.AuditEvent{PracticeID: a.PracticeID, At: s.now(), ActorType: model.ActorPortal, ActorID: pp.AccountID, ActorRole: "portal",
		Action: action, RecordType: recordType, RecordID: recordID, ChartID: a.ChartID, IP: pp.IP, Outcome: model.OutcomeSuccess}
}

// PortalMayUpload answers nil when the portal user may upload to the chart of their access, before any
// byte of an upload is read.
func (s *Service) PortalMayUpload(ctx context.Context, pp model.PortalPrincipal, accessID string) error {
	_, err := s.portalAccess(ctx, s.Store.R(), pp, accessID, authz.Create)
	return err
}
