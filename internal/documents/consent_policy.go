package documents

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"

	"tend/internal/model"
	"tend/internal/store"
)

// The ids of the built-in consent's fields that the practice's cancellation policy owns: the policy's
// text (a heading with the text under it) and the question that asks the client to confirm it.
const (
	PolicyTextID    = "cancellation_policy"
	PolicyConfirmID = "cancellation"
)

// WithPolicy returns the consent's fields showing the practice's cancellation policy and asking the
// client to confirm they read it, where the consent asked before (else before the signature). With no
// policy it returns them without either: a client is never asked to confirm a policy they were not
// shown (issue 13, item 19).
func WithPolicy(fields []model.Field, policy string) []model.Field {
	out := make([]model.Field, 0, len(fields)+2)
	at := -1
	for _, f := range fields {
		if f.ID == PolicyTextID || f.ID == PolicyConfirmID {
			if at < 0 {
				at = len(out)
			}
			continue
		}
		out = append(out, f)
	}
	if policy == "" {
		return out
	}
	if at < 0 {
		at = len(out)
		if i := slices.IndexFunc(out, func(f model.Field) bool { return f.Kind == model.FieldSignature }); i >= 0 {
			at = i
		}
	}
	return slices.Insert(out, at,
		model.Field{ID: PolicyTextID, Kind: model.FieldHeading, Label: "Cancellation policy", Help: policy},
		model.Field{ID: PolicyConfirmID, Kind: model.FieldYesNo, Required: true, Label: "I have read the cancellation policy above and agree to it."})
}

// syncConsent gives the practice's built-in consent a new version when its cancellation policy changed
// in the practice's settings (or the consent still asks about a policy it does not show, as the first
// release's did). Requests already sent keep the version, and so the text, they were sent with.
func (s *Service) syncConsent(ctx context.Context, pr model.Practice) error {
	t, err := store.BuiltinTemplate(ctx, s.Store.R(), pr.ID, "consent")
	if errors.Is(err, model.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if reflect.DeepEqual(t.Fields, WithPolicy(t.Fields, pr.CancellationPolicy)) {
		return nil
	}
	err = s.Store.Tx(ctx, func(q store.Q) error {
		t, err := store.TemplateByID(ctx, q, pr.ID, t.ID) // again inside the transaction: it may have changed
		if err != nil {
			return err
		}
		fields := WithPolicy(t.Fields, pr.CancellationPolicy)
		if reflect.DeepEqual(t.Fields, fields) {
			return nil
		}
		t.Fields, t.Version, t.UpdatedAt = fields, t.Version+1, s.now()
		if err := store.InsertTemplateVersion(ctx, q, t.ID, t.Version, t.Fields, "", t.UpdatedAt); err != nil {
			return err
		}
		if err := store.UpdateTemplate(ctx, q, t); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, model.AuditEvent{PracticeID: pr.ID, At: t.UpdatedAt, ActorType: model.ActorSystem,
			Action: "template.update", RecordType: "document_template", RecordID: t.ID, Outcome: model.OutcomeSuccess,
			Detail: fmt.Sprintf("version=%d cancellation_policy", t.Version)})
	})
	if errors.Is(err, model.ErrConflict) {
		return nil // another request made the same version at the same moment
	}
	if err != nil {
		return fmt.Errorf("documents: consent policy: %w", err)
	}
	return nil
}
