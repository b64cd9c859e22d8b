// Package reflections holds the use cases of shared reflections (PT-6, PT-10): notes a clinician writes
// for the client in Markdown, which the portal shows while they are shared, to portal users with the
// shared-notes permission. Admins and billing never see them; a supervisor reads supervisees' and
// writes none (package authz, Reflections). Audit entries and logs carry ids only.
package reflections

import (
	"context"
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"sync"
	"time"

	"tend/internal/audit"
	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/mail"
	"tend/internal/markdown"
	"tend/internal/model"
	"tend/internal/outbox"
	"tend/internal/store"
)

// PageSize is how many reflections one page of a list holds.
const PageSize = 50

// Service runs the reflection use cases.
type Service struct {
	Store *store.Store
	Audit *audit.Log
	// Reads records read events; nil appends each in its own transaction.
	Reads audit.ReadRecorder
	Now   func() time.Time
	// Charts decides who reaches which chart (package clients' rules).
	Charts ChartAccess
	// Mail queues the optional "something new in the portal" notice; BaseURL is where its link points.
	Mail    *outbox.Outbox
	BaseURL string

	mdOnce sync.Once
	md     *markdown.Renderer
}

// ChartAccess is what reflections need of the client records: the visibility rules.
type ChartAccess interface {
	VisibleChart(ctx context.Context, q store.Q, p model.Principal, chartID string, change bool) (model.Client, error)
	AuditDenied(ctx context.Context, p model.Principal, action, chartID string, err error) error
	ChartWho(ctx context.Context, q store.Q, p model.Principal) (authz.Who, error)
}

// View is a reflection with its Markdown rendered and sanitized.
type View struct {
	model.Reflection
	HTML template.HTML
}

// List is one page of a chart's reflections.
type List struct {
	Chart     model.Client
	Items     []View
	Next      string // the page key of the next page, "" on the last
	CanChange bool   // write, edit, share, unshare, delete
}

// Render is Markdown as the sanitized HTML staff and the client see.
func (s *Service) Render(src string) template.HTML {
	s.mdOnce.Do(func() { s.md = markdown.New() })
	return s.md.Render(src)
}

func (s *Service) view(r model.Reflection) View { return View{Reflection: r, HTML: s.Render(r.Body)} }

// chart opens a chart and asks the policy whether the principal may do act on its reflections.
func (s *Service) chart(ctx context.Context, q store.Q, p model.Principal, chartID string, act authz.Action) (model.Client, bool, error) {
	c, err := s.Charts.VisibleChart(ctx, q, p, chartID, false)
	if err != nil {
		return c, false, err
	}
	who, err := s.Charts.ChartWho(ctx, q, p)
	if err != nil {
		return c, false, err
	}
	if err := authz.Decide(who, act, authz.InChart(authz.Reflections, c)); err != nil {
		return c, false, err
	}
	return c, authz.Can(who, authz.Change, authz.InChart(authz.Reflections, c)), nil
}

// reflection loads one reflection of the chart; a malformed or missing id is model.ErrNotFound.
func reflection(ctx context.Context, q store.Q, c model.Client, refID string) (model.Reflection, error) {
	if !id.Valid(refID) {
		return model.Reflection{}, fmt.Errorf("reflections: malformed id: %w", model.ErrNotFound)
	}
	return store.ReflectionByID(ctx, q, c.PracticeID, c.ID, refID)
}

// List lists a chart's reflections, newest first, a page at a time (page is the Next of the page before),
// and audits the open.
func (s *Service) List(ctx context.Context, p model.Principal, chartID, page string) (List, error) {
	const action = "chart.reflections.view"
	c, canChange, err := s.chart(ctx, s.Store.R(), p, chartID, authz.View)
	if err != nil {
		return List{}, fmt.Errorf("reflections: list: %w", s.Charts.AuditDenied(ctx, p, action, chartID, err))
	}
	out, err := s.page(ctx, c, false, page)
	if err != nil {
		return List{}, err
	}
	out.CanChange = canChange
	return out, s.recordRead(ctx, s.event(p, action, c.ID, "chart", c.ID))
}

func (s *Service) page(ctx context.Context, c model.Client, sharedOnly bool, page string) (List, error) {
	after, err := parsePage(page)
	if err != nil {
		return List{}, err
	}
	rs, err := store.ReflectionsOf(ctx, s.Store.R(), c.ID, sharedOnly, after, PageSize+1)
	if err != nil {
		return List{}, fmt.Errorf("reflections: list: %w", err)
	}
	out := List{Chart: c, Items: []View{}}
	if len(rs) > PageSize {
		last := rs[PageSize-1]
		rs, out.Next = rs[:PageSize], strconv.FormatInt(last.CreatedAt.UnixMilli(), 10)+"_"+last.ID
	}
	for _, r := range rs {
		out.Items = append(out.Items, s.view(r))
	}
	return out, nil
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

// Get opens one reflection and audits the open; the bool says whether the principal may change it.
func (s *Service) Get(ctx context.Context, p model.Principal, chartID, refID string) (View, model.Client, bool, error) {
	const action = "chart.reflection.view"
	c, canChange, err := s.chart(ctx, s.Store.R(), p, chartID, authz.View)
	if err != nil {
		return View{}, c, false, fmt.Errorf("reflections: get: %w", s.Charts.AuditDenied(ctx, p, action, chartID, err))
	}
	r, err := reflection(ctx, s.Store.R(), c, refID)
	if err != nil {
		return View{}, c, false, fmt.Errorf("reflections: get: %w", err)
	}
	return s.view(r), c, canChange, s.recordRead(ctx, s.event(p, action, c.ID, "reflection", r.ID))
}

// Create writes a new reflection, not shared yet.
func (s *Service) Create(ctx context.Context, p model.Principal, chartID string, ch model.ReflectionChange) (View, error) {
	const action = "chart.reflection.create"
	var r model.Reflection
	err := s.Store.Tx(ctx, func(q store.Q) error {
		c, _, err := s.chart(ctx, q, p, chartID, authz.Change)
		if err != nil {
			return err
		}
		now := s.now()
		r = model.Reflection{ID: id.New(), PracticeID: c.PracticeID, ChartID: c.ID, AuthorID: p.StaffID, CreatedAt: now, UpdatedAt: now}
		if err := ch.Apply(&r); err != nil {
			return err
		}
		if err := store.InsertReflection(ctx, q, r); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, s.event(p, action, c.ID, "reflection", r.ID))
	})
	if err != nil {
		return View{}, fmt.Errorf("reflections: create: %w", s.Charts.AuditDenied(ctx, p, action, chartID, err))
	}
	return s.view(r), nil
}

// change runs fn on a reflection of a chart the principal may change, stores it and audits action.
func (s *Service) change(ctx context.Context, p model.Principal, chartID, refID, action string, fn func(q store.Q, c model.Client, r *model.Reflection) error) (View, error) {
	var r model.Reflection
	err := s.Store.Tx(ctx, func(q store.Q) error {
		c, _, err := s.chart(ctx, q, p, chartID, authz.Change)
		if err != nil {
			return err
		}
		if r, err = reflection(ctx, q, c, refID); err != nil {
			return err
		}
		if err := fn(q, c, &r); err != nil {
			return err
		}
		if err := store.UpdateReflection(ctx, q, r); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, s.event(p, action, c.ID, "reflection", r.ID))
	})
	if err != nil {
		return View{}, fmt.Errorf("reflections: %s: %w", action, s.Charts.AuditDenied(ctx, p, action, chartID, err))
	}
	return s.view(r), nil
}

// Update changes a reflection's title or text. A shared one stays shared: the client sees the new
// words at once, with the time they changed (updated_at), and the time it was first shared.
func (s *Service) Update(ctx context.Context, p model.Principal, chartID, refID string, ch model.ReflectionChange) (View, error) {
	return s.change(ctx, p, chartID, refID, "chart.reflection.update", func(_ store.Q, _ model.Client, r *model.Reflection) error {
		if err := ch.Apply(r); err != nil {
			return err
		}
		r.UpdatedAt = s.now()
		return nil
	})
}

// Share shows a reflection in the portal to the chart's portal users with the shared-notes permission;
// with notify, each of them is emailed that something new waits (the practice's name and a sign-in
// link, nothing else). Sharing a shared one changes nothing.
func (s *Service) Share(ctx context.Context, p model.Principal, chartID, refID string, notify bool) (View, error) {
	return s.change(ctx, p, chartID, refID, "chart.reflection.share", func(q store.Q, c model.Client, r *model.Reflection) error {
		if r.Shared() {
			return nil
		}
		if c.State != model.StateActive {
			return &model.ValidationError{Message: "Only a client in care sees the portal. Reactivate or restore the chart first."}
		}
		r.SharedAt, r.SharedBy = s.now(), p.StaffID
		if notify {
			return s.notify(ctx, q, c)
		}
		return nil
	})
}

// Unshare takes a reflection out of the portal at once: the next portal request does not find it.
func (s *Service) Unshare(ctx context.Context, p model.Principal, chartID, refID string) (View, error) {
	return s.change(ctx, p, chartID, refID, "chart.reflection.unshare", func(_ store.Q, _ model.Client, r *model.Reflection) error {
		r.SharedAt, r.SharedBy = time.Time{}, ""
		return nil
	})
}

// Delete removes a reflection for good (from the portal too).
func (s *Service) Delete(ctx context.Context, p model.Principal, chartID, refID string) error {
	const action = "chart.reflection.delete"
	err := s.Store.Tx(ctx, func(q store.Q) error {
		c, _, err := s.chart(ctx, q, p, chartID, authz.Change)
		if err != nil {
			return err
		}
		r, err := reflection(ctx, q, c, refID)
		if err != nil {
			return err
		}
		if err := store.DeleteReflection(ctx, q, r.ID); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, s.event(p, action, c.ID, "reflection", r.ID))
	})
	if err != nil {
		return fmt.Errorf("reflections: delete: %w", s.Charts.AuditDenied(ctx, p, action, chartID, err))
	}
	return nil
}

// notify emails the chart's portal users who may read shared notes.
func (s *Service) notify(ctx context.Context, q store.Q, c model.Client) error {
	if s.Mail == nil {
		return nil
	}
	pr, err := store.PracticeByID(ctx, q, c.PracticeID)
	if err != nil {
		return err
	}
	access, err := store.PortalAccessOfChart(ctx, q, c.ID)
	if err != nil {
		return err
	}
	for _, a := range access {
		u := authz.PortalUser{Role: a.Role, Permissions: a.Permissions, Open: a.State == model.AccessActive}
		if a.Email == "" || !authz.PortalCan(u, authz.View, authz.ClinicalNotes) {
			continue
		}
		subject, text, body, err := mail.Render(mail.ReflectionShared, map[string]any{"Practice": pr.Name, "Link": s.BaseURL + "/portal/login"})
		if err != nil {
			return err
		}
		if _, err := s.Mail.Queue(ctx, q, outbox.Draft{PracticeID: pr.ID, To: a.Email, Subject: subject, Text: text, HTML: body}); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) now() time.Time { return s.Now().UTC() }

func (s *Service) recordRead(ctx context.Context, e model.AuditEvent) error {
	return audit.RecordRead(ctx, s.Reads, s.Store, s.Audit, e)
}

// event is an audit entry by a staff member about a chart's reflection: ids only.
func (s *Service) event(p model.Principal, action, chartID, recordType, recordID string) model.AuditEvent {
	return audit.StaffEvent(p, s.now(), action, chartID, recordType, recordID)
}

// Chart opens a chart for writing a new reflection: model.ErrNotFound where the principal sees no
// reflections, model.ErrForbidden on a chart they may only read.
func (s *Service) Chart(ctx context.Context, p model.Principal, chartID string) (model.Client, error) {
	c, _, err := s.chart(ctx, s.Store.R(), p, chartID, authz.Change)
	if err != nil {
		return c, fmt.Errorf("reflections: chart: %w", s.Charts.AuditDenied(ctx, p, "chart.reflection.create", chartID, err))
	}
	return c, nil
}
