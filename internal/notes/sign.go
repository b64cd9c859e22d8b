package notes

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"tend/internal/authz"
	"tend/internal/documents"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// SignedContent is exactly what a signature covers, as canonical JSON: the note's identity, template,
// sections, session facts, author, signer and time. It is stored with the signature so its SHA-256 can
// be checked again; addenda come after and are never part of it.
func SignedContent(n model.Note) string {
	b, _ := json.Marshal(struct {
		Note         string              `json:"note"`
		Chart        string              `json:"chart"`
		Template     string              `json:"template"`
		TemplateName string              `json:"template_name"`
		Sections     []model.NoteSection `json:"sections"`
		ServiceDate  string              `json:"service_date"`
		Duration     int                 `json:"duration_minutes"`
		ServiceType  string              `json:"service_type"`
		Mood         *int                `json:"mood"`
		Author       string              `json:"author"`
		Signer       string              `json:"signer"`
		SignerName   string              `json:"signer_name"`
		SignedAt     string              `json:"signed_at"`
	}{n.ID, n.ChartID, n.Template, n.TemplateName, n.Sections, n.ServiceDate, n.DurationMinutes, n.ServiceType, n.Mood, n.AuthorID,
		n.SignedBy, n.SignerName, n.SignedAt.UTC().Format(time.RFC3339Nano)})
	return string(b)
}

// Sign locks a draft (NT-1): its author types their full name; the time, the signer and the SHA-256 of the
// exact content are stored (the hashing of documents' signatures). An empty note is refused; a signed one
// answers a conflict. With in, the draft is saved first in the same transaction (the page's form sends
// what was typed with the signature). Of two signatures at once exactly one wins.
func (s *Service) Sign(ctx context.Context, p model.Principal, chartID, noteID, fullName string, in *model.NoteInput) (model.Note, error) {
	const action = "chart.note.sign"
	var out model.Note
	err := s.Store.Tx(ctx, func(q store.Q) error {
		r, n, err := s.openLocked(ctx, q, p, chartID, noteID, authz.View)
		if err != nil {
			return err
		}
		t := r.on(authz.ClinicalNotes)
		t.AuthorID = n.AuthorID
		if err := authz.Decide(r.who, authz.Sign, t); err != nil {
			return err
		}
		if n.Signed() {
			return &model.ConflictError{Message: "This note is already signed."}
		}
		if in != nil {
			today, err := s.today(ctx, q, p.PracticeID)
			if err != nil {
				return err
			}
			if err := model.ApplyNote(&n, *in, today); err != nil {
				return err
			}
		}
		name, err := model.TypedSignature(fullName, p.Name)
		if err != nil {
			return err
		}
		if n.Empty() {
			return &model.ValidationError{Message: "An empty note cannot be signed. Write the note first.",
				Fields: map[string]string{"body": "Write the note before signing it."}}
		}
		now := s.now()
		n.UpdatedAt = now
		if in != nil {
			if err := store.UpdateDraftNote(ctx, q, n); err != nil {
				return err
			}
		}
		n.State, n.SignedAt, n.SignedBy, n.SignerName = model.NoteSigned, now, p.StaffID, name
		n.SignedContent = SignedContent(n)
		n.ContentSHA256 = documents.ContentHash(n.SignedContent)
		if err := store.SignNote(ctx, q, n); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return &model.ConflictError{Message: "This note is already signed."}
			}
			return err
		}
		out = n
		return s.Audit.Append(ctx, q, s.event(p, action, r.chart.ID, n.ID))
	})
	if err != nil {
		return model.Note{}, s.denied(ctx, p, action, chartID, err)
	}
	return out, nil
}

// cosignTarget is the policy's target for co-signing n: the author's supervisor.
func (s *Service) cosignTarget(ctx context.Context, q store.Q, r reach, n model.Note) (authz.Target, error) {
	t := r.on(authz.ClinicalNotes)
	t.AuthorID = n.AuthorID
	st, err := store.StaffByID(ctx, q, n.PracticeID, n.AuthorID)
	if err != nil {
		return t, err
	}
	t.AuthorSupervisorID = st.SupervisorID
	return t, nil
}

// Cosign adds the supervisor's co-signature to a supervisee's signed note that needs one (issue 14,
// item 3): only the author's supervisor may, typing their full name. The note's content never changes.
func (s *Service) Cosign(ctx context.Context, p model.Principal, chartID, noteID, fullName string) (model.Note, error) {
	const action = "chart.note.cosign"
	var out model.Note
	err := s.Store.Tx(ctx, func(q store.Q) error {
		r, n, err := s.openLocked(ctx, q, p, chartID, noteID, authz.View)
		if err != nil {
			return err
		}
		t, err := s.cosignTarget(ctx, q, r, n)
		if err != nil {
			return err
		}
		if err := authz.Decide(r.who, authz.CoSign, t); err != nil {
			return err
		}
		name, err := model.TypedSignature(fullName, p.Name)
		if err != nil {
			return err
		}
		if !n.AwaitsCosign() {
			return &model.ConflictError{Message: "This note does not wait for a co-signature: it is a draft, needs none, or is co-signed already."}
		}
		n.CosignedAt, n.CosignedBy, n.CosignerName = s.now(), p.StaffID, name
		if err := store.CosignNote(ctx, q, n); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return &model.ConflictError{Message: "This note is co-signed already."}
			}
			return err
		}
		out = n
		return s.Audit.Append(ctx, q, s.event(p, action, r.chart.ID, n.ID))
	})
	if err != nil {
		return model.Note{}, s.denied(ctx, p, action, chartID, err)
	}
	return out, nil
}

// AddAddendum adds text to a signed note (NT-1): its own reason, author and time. The note and its hash
// never change; a draft is edited instead.
func (s *Service) AddAddendum(ctx context.Context, p model.Principal, chartID, noteID, reason, body string) (model.Addendum, error) {
	const action = "chart.note.addendum"
	var out model.Addendum
	err := s.Store.Tx(ctx, func(q store.Q) error {
		r, err := s.open(ctx, q, p, chartID, authz.Change, authz.NoteBodies)
		if err != nil {
			return err
		}
		n, err := loadNote(ctx, q, p, r, noteID, false)
		if err != nil {
			return err
		}
		if !n.Signed() {
			return &model.ConflictError{Message: "This note is still a draft: change it directly. Addenda follow a signed note."}
		}
		reason, body, err := model.CheckAddendum(reason, body)
		if err != nil {
			return err
		}
		a := model.Addendum{ID: id.New(), NoteID: n.ID, AuthorID: p.StaffID, AuthorName: p.Name, Reason: reason, Body: body, CreatedAt: s.now()}
		if err := store.InsertAddendum(ctx, q, p.PracticeID, a); err != nil {
			return err
		}
		out = a
		e := s.event(p, action, r.chart.ID, n.ID)
		e.Detail = "addendum " + a.ID
		return s.Audit.Append(ctx, q, e)
	})
	if err != nil {
		return model.Addendum{}, s.denied(ctx, p, action, chartID, err)
	}
	return out, nil
}
