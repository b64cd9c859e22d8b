// Package files holds the use cases of files on a chart (FL-1, PT-6, PT-7, PT-12): staff upload to a
// chart, keep a file private or share it with the client; a portal user with the files permission
// uploads to their own chart and downloads what is shared with them and their own uploads. A file's type
// is found in its content (PDF, PNG, JPEG, HEIC, DOCX, XLSX, plain text), its size is capped (25 MB by
// default), and its bytes are stored encrypted (AES-256-GCM, 64 KiB chunks, each bound to its file,
// place and whether it is the last) with the SHA-256 of the content checked on every download. Every
// upload, download, share and deletion is audited with ids only. Who may do what is package authz's
// (Files).
package files

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"tend/internal/audit"
	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// DefaultMaxMB is the upload cap when the installation sets none (TEND_MAX_UPLOAD_MB).
const DefaultMaxMB = 25

// PageSize is how many files one page of a list holds.
const PageSize = 50

// Service runs the file use cases.
type Service struct {
	Store *store.Store
	Audit *audit.Log
	// Reads records read events; nil appends each in its own transaction.
	Reads audit.ReadRecorder
	Now   func() time.Time
	// Charts decides who reaches which chart (package clients' rules).
	Charts ChartAccess
	// Sealer encrypts and opens the chunks; Storage keeps them (Database or Folder).
	Sealer  *Sealer
	Storage Storage
	// MaxBytes caps one upload; 0 means DefaultMaxMB.
	MaxBytes int64
	// TempDir holds uploads (already encrypted) while they stream in; "" is the system's.
	TempDir string
}

// ChartAccess is what files need of the client records: the visibility rules.
type ChartAccess interface {
	VisibleChart(ctx context.Context, q store.Q, p model.Principal, chartID string, change bool) (model.Client, error)
	AuditDenied(ctx context.Context, p model.Principal, action, chartID string, err error) error
	ChartWho(ctx context.Context, q store.Q, p model.Principal) (authz.Who, error)
}

// Upload is one file to store: its name as the sender gave it, its content, and (for staff) whether the
// chart's portal users see it.
type Upload struct {
	Name    string
	Content io.Reader
	Shared  bool
}

// Caps are what the person may do with a chart's files, for pages and API answers.
type Caps struct {
	View, Upload, Change, Delete bool
}

// List is one page of a chart's files.
type List struct {
	Chart model.Client
	Items []model.File
	Next  string // the page key of the next page, "" on the last
	Caps  Caps
}

// Limit is the upload cap in bytes.
func (s *Service) Limit() int64 {
	if s.MaxBytes > 0 {
		return s.MaxBytes
	}
	return DefaultMaxMB << 20
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Millisecond) }

func (s *Service) recordRead(ctx context.Context, e model.AuditEvent) error {
	return audit.RecordRead(ctx, s.Reads, s.Store, s.Audit, e)
}

// chart opens a chart for act on its files and says what else the person may do with them.
func (s *Service) chart(ctx context.Context, q store.Q, p model.Principal, chartID string, act authz.Action) (model.Client, Caps, error) {
	c, err := s.Charts.VisibleChart(ctx, q, p, chartID, false)
	if err != nil {
		return c, Caps{}, err
	}
	who, err := s.Charts.ChartWho(ctx, q, p)
	if err != nil {
		return c, Caps{}, err
	}
	t := authz.InChart(authz.Files, c)
	if err := authz.Decide(who, act, t); err != nil {
		return c, Caps{}, err
	}
	return c, Caps{View: authz.Can(who, authz.View, t), Upload: authz.Can(who, authz.Create, t),
		Change: authz.Can(who, authz.Change, t), Delete: authz.Can(who, authz.Delete, t)}, nil
}

// file opens a file of the person's practice and its chart for act; another practice's, a malformed or
// missing id is model.ErrNotFound, and so is a file of another chart than chartID when chartID is set (a
// page's address names both).
func (s *Service) file(ctx context.Context, q store.Q, p model.Principal, chartID, fileID string, act authz.Action) (model.File, model.Client, Caps, error) {
	if !id.Valid(fileID) {
		return model.File{}, model.Client{}, Caps{}, fmt.Errorf("files: malformed id: %w", model.ErrNotFound)
	}
	f, err := store.FileByID(ctx, q, p.PracticeID, fileID)
	if err != nil {
		return f, model.Client{}, Caps{}, err
	}
	if chartID != "" && f.ChartID != chartID {
		return model.File{}, model.Client{}, Caps{}, fmt.Errorf("files: %s is on another chart: %w", fileID, model.ErrNotFound)
	}
	c, caps, err := s.chart(ctx, q, p, f.ChartID, act)
	return f, c, caps, err
}

// event is an audit entry by a staff member about a chart's file: ids only.
func (s *Service) event(p model.Principal, action, chartID, recordType, recordID string) model.AuditEvent {
	return audit.StaffEvent(p, s.now(), action, chartID, recordType, recordID)
}

func (s *Service) denied(ctx context.Context, p model.Principal, action, chartID string, err error) error {
	return fmt.Errorf("files: %s: %w", action, s.Charts.AuditDenied(ctx, p, action, chartID, err))
}

// store spools an upload, then stores its row and chunks in one transaction with the audit event that
// fill adds and, when then is not nil, whatever then writes with the stored file (a message it goes
// with); on any failure nothing is left behind.
func (s *Service) store(ctx context.Context, f model.File, content io.Reader, fill func(q store.Q, f *model.File) error,
	then func(q store.Q, f model.File) error) (model.File, error) {
	if err := CheckName(f.Name); err != nil {
		return model.File{}, err
	}
	if content == nil {
		return model.File{}, errEmpty()
	}
	sp, err := s.Sealer.spool(content, f.ID, s.Limit(), s.TempDir)
	if err != nil {
		return model.File{}, err
	}
	defer sp.close()
	f.Size, f.SHA256, f.ContentType, f.Storage = sp.size, sp.sha256, sp.contentType, s.Storage.Kind()
	err = s.Store.Tx(ctx, func(q store.Q) error {
		if err := fill(q, &f); err != nil {
			return err
		}
		if err := store.InsertFile(ctx, q, f); err != nil {
			return err
		}
		chunks, err := sp.chunks()
		if err != nil {
			return err
		}
		if err := s.Storage.Put(ctx, q, f.ID, chunks); err != nil {
			return err
		}
		if then == nil {
			return nil
		}
		return then(q, f)
	})
	if err != nil {
		if rmErr := s.Storage.Remove(context.WithoutCancel(ctx), []string{f.ID}); rmErr != nil {
			err = errors.Join(err, rmErr)
		}
		return model.File{}, err
	}
	return f, nil
}

// Upload stores a file on a chart as a staff member, private or shared with the chart's portal users.
// Other packages call it to attach a file (a task's, a message's). The content is read to its end here;
// problems with it come as a model.ValidationError on the field "file".
func (s *Service) Upload(ctx context.Context, p model.Principal, chartID string, in Upload) (model.File, error) {
	const action = "chart.file.upload"
	// Refuse before reading a byte when the person may not upload here.
	if _, _, err := s.chart(ctx, s.Store.R(), p, chartID, authz.Create); err != nil {
		return model.File{}, s.denied(ctx, p, action, chartID, err)
	}
	now := s.now()
	f := model.File{ID: id.New(), PracticeID: p.PracticeID, ChartID: chartID, Name: in.Name, Shared: in.Shared,
		UploadedByStaffID: p.StaffID, CreatedAt: now, UpdatedAt: now}
	out, err := s.store(ctx, f, in.Content, func(q store.Q, f *model.File) error {
		if _, _, err := s.chart(ctx, q, p, chartID, authz.Create); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, s.event(p, action, chartID, "file", f.ID))
	}, nil)
	if err != nil {
		return model.File{}, s.denied(ctx, p, action, chartID, err)
	}
	return out, nil
}

// Attach stores a file that goes with another record (a message's attachment), in one transaction with
// write, which stores that record, audits both and decides who may: the record's own policy, not the
// files one, answers for an attachment. f says whose upload it is and on which chart (PracticeID,
// ChartID, UploadedByStaffID or UploadedByAccountID); its Name and content are checked like any
// upload's. An attachment is never Shared: only the record it goes with shows it.
func (s *Service) Attach(ctx context.Context, f model.File, in Upload, write func(q store.Q, f model.File) error) (model.File, error) {
	now := s.now()
	f.ID, f.Name, f.Shared, f.CreatedAt, f.UpdatedAt = id.New(), in.Name, false, now, now
	return s.store(ctx, f, in.Content, func(store.Q, *model.File) error { return nil }, write)
}

// Read opens the checked content of a file the caller already decided the person may download (an
// attachment of a message in their conversation) and audited; the caller closes the Reader.
func (s *Service) Read(ctx context.Context, f model.File) (*Reader, error) {
	return s.reader(ctx, f)
}

// List lists a chart's files, newest first, a page at a time (page is the Next of the page before), and
// audits the open.
func (s *Service) List(ctx context.Context, p model.Principal, chartID, page string) (List, error) {
	const action = "chart.files.view"
	c, caps, err := s.chart(ctx, s.Store.R(), p, chartID, authz.View)
	if err != nil {
		return List{}, s.denied(ctx, p, action, chartID, err)
	}
	items, next, err := s.page(ctx, c.ID, store.FileFilter{}, page)
	if err != nil {
		return List{}, err
	}
	return List{Chart: c, Items: items, Next: next, Caps: caps}, s.recordRead(ctx, s.event(p, action, c.ID, "chart", c.ID))
}

func (s *Service) page(ctx context.Context, chartID string, filter store.FileFilter, page string) ([]model.File, string, error) {
	after, err := parsePage(page)
	if err != nil {
		return nil, "", err
	}
	fs, err := store.FilesOf(ctx, s.Store.R(), chartID, filter, after, PageSize+1)
	if err != nil {
		return nil, "", fmt.Errorf("files: list: %w", err)
	}
	next := ""
	if len(fs) > PageSize {
		last := fs[PageSize-1]
		fs, next = fs[:PageSize], strconv.FormatInt(last.CreatedAt.UnixMilli(), 10)+"_"+last.ID
	}
	if fs == nil {
		fs = []model.File{}
	}
	return fs, next, nil
}

// parsePage reads a page key "milliseconds_id".
func parsePage(page string) (store.PageKey, error) {
	if page == "" {
		return store.PageKey{}, nil
	}
	v, rid, ok := strings.Cut(page, "_")
	if _, err := strconv.ParseInt(v, 10, 64); !ok || err != nil || !id.Valid(rid) {
		return store.PageKey{}, model.FieldError("page", "This page address is not one Tend made. Start from the first page.")
	}
	return store.PageKey{Value: v, ID: rid}, nil
}

// Get reads one file's details and audits the open. chartID, when not "", must be the file's chart.
func (s *Service) Get(ctx context.Context, p model.Principal, chartID, fileID string) (model.File, Caps, error) {
	const action = "chart.file.view"
	f, c, caps, err := s.file(ctx, s.Store.R(), p, chartID, fileID, authz.View)
	if err != nil {
		return model.File{}, Caps{}, s.denied(ctx, p, action, f.ChartID, err)
	}
	return f, caps, s.recordRead(ctx, s.event(p, action, c.ID, "file", f.ID))
}

// Open starts a download: the audited, checked content of a file. The caller closes the Reader. A file
// damaged from its first chunk is ErrTampered here, before anything is sent. chartID, when not "", must be
// the file's chart.
func (s *Service) Open(ctx context.Context, p model.Principal, chartID, fileID string) (*Reader, error) {
	const action = "chart.file.download"
	f, c, _, err := s.file(ctx, s.Store.R(), p, chartID, fileID, authz.View)
	if err != nil {
		return nil, s.denied(ctx, p, action, f.ChartID, err)
	}
	if err := s.recordRead(ctx, s.event(p, action, c.ID, "file", f.ID)); err != nil {
		return nil, err
	}
	return s.reader(ctx, f)
}

func (s *Service) reader(ctx context.Context, f model.File) (*Reader, error) {
	chunks, err := s.Storage.Get(ctx, f.ID)
	if err != nil {
		return nil, fmt.Errorf("files: open %s: %w", f.ID, err)
	}
	return s.Sealer.newReader(f, chunks)
}

// SetShared shares a file with the chart's portal users with the files permission, or stops sharing it.
// chartID, when not "", must be the file's chart.
func (s *Service) SetShared(ctx context.Context, p model.Principal, chartID, fileID string, on bool) (model.File, error) {
	action := "chart.file.share"
	if !on {
		action = "chart.file.unshare"
	}
	var out model.File
	err := s.Store.Tx(ctx, func(q store.Q) error {
		f, c, _, err := s.file(ctx, q, p, chartID, fileID, authz.Change)
		if err != nil {
			return err
		}
		out = f
		if f.Shared == on {
			return nil
		}
		out.Shared, out.UpdatedAt = on, s.now()
		if err := store.SetFileShared(ctx, q, out); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, s.event(p, action, c.ID, "file", f.ID))
	})
	if err != nil {
		return model.File{}, s.denied(ctx, p, action, out.ChartID, err)
	}
	return out, nil
}

// Delete removes a file for good (from the portal too). chartID, when not "", must be the file's chart.
func (s *Service) Delete(ctx context.Context, p model.Principal, chartID, fileID string) error {
	const action = "chart.file.delete"
	onChart := chartID
	err := s.Store.Tx(ctx, func(q store.Q) error {
		f, c, _, err := s.file(ctx, q, p, chartID, fileID, authz.Delete)
		if f.ChartID != "" {
			onChart = f.ChartID
		}
		if err != nil {
			return err
		}
		if err := store.DeleteFile(ctx, q, f.ID); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, s.event(p, action, c.ID, "file", f.ID))
	})
	if err != nil {
		return s.denied(ctx, p, action, onChart, err)
	}
	return s.Storage.Remove(ctx, []string{fileID})
}

// CapsOn answers what the person may do with the files of a chart they already opened (no audit event):
// pages hide the Files tab where View is false.
func (s *Service) CapsOn(ctx context.Context, p model.Principal, c model.Client) (Caps, error) {
	who, err := s.Charts.ChartWho(ctx, s.Store.R(), p)
	if err != nil {
		return Caps{}, fmt.Errorf("files: caps: %w", err)
	}
	t := authz.InChart(authz.Files, c)
	return Caps{View: authz.Can(who, authz.View, t), Upload: authz.Can(who, authz.Create, t),
		Change: authz.Can(who, authz.Change, t), Delete: authz.Can(who, authz.Delete, t)}, nil
}

// Chart opens a chart's files for the upload form: model.ErrNotFound where the person sees no files.
func (s *Service) Chart(ctx context.Context, p model.Principal, chartID string) (model.Client, Caps, error) {
	c, caps, err := s.chart(ctx, s.Store.R(), p, chartID, authz.View)
	if err != nil {
		return c, caps, s.denied(ctx, p, "chart.files.view", chartID, err)
	}
	return c, caps, nil
}

// ChartFiles is what a chart's deletion does with its files: the rows go with the chart in its
// transaction (the database's chunks with them); Removed then deletes what sits outside the database.
type ChartFiles struct{ S *Service }

// OfChart lists the chart's files kept outside the database, inside the deleting transaction.
func (cf ChartFiles) OfChart(ctx context.Context, q store.Q, chartID string) ([]string, error) {
	if cf.S == nil || cf.S.Storage.Kind() == "db" {
		return nil, nil
	}
	return store.FileIDsOfChart(ctx, q, chartID, cf.S.Storage.Kind())
}

// Removed deletes the listed files' stored bytes once the chart's deletion committed.
func (cf ChartFiles) Removed(ctx context.Context, fileIDs []string) error {
	if cf.S == nil || len(fileIDs) == 0 {
		return nil
	}
	return cf.S.Storage.Remove(ctx, fileIDs)
}

// MayUpload answers nil when the person may upload to the chart, before any byte of an upload is read:
// handlers ask it first, so a refused upload answers 404 or 403, never a complaint about its content.
func (s *Service) MayUpload(ctx context.Context, p model.Principal, chartID string) error {
	if _, _, err := s.chart(ctx, s.Store.R(), p, chartID, authz.Create); err != nil {
		return s.denied(ctx, p, "chart.file.upload", chartID, err)
	}
	return nil
}
