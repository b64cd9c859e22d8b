package clients

import (
	"context"

	"tend/internal/model"
	"tend/internal/store"
)

// checkLookalike refuses, unless confirmed, an email that looks like the email of another person of the
// practice without being it (the same confusable skeleton; CL-2 already refuses the same address): the
// person may be a client already, typed with a look-alike letter. The other record is named only when
// the principal may see it; otherwise the answer says only that someone in the practice has such an
// address, as the duplicate-email message does. excludeID is the person whose email is being changed.
func (s *Service) checkLookalike(ctx context.Context, q store.Q, a access, field, email, excludeID string, confirmed bool) error {
	if confirmed || model.NormalizeEmail(email) == "" {
		return nil
	}
	// Someone with this very address is the duplicate CL-2 refuses, with its own message; say that first.
	if taken, err := store.OtherPersonHasEmail(ctx, q, a.p.PracticeID, email, excludeID); err != nil || taken {
		return err
	}
	other, err := store.LookalikePerson(ctx, q, a.p.PracticeID, email, excludeID)
	if isNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	le := &model.ConfusableEmailError{Field: field}
	name := model.Client{FirstName: other.FirstName, LastName: other.LastName}.Name()
	switch {
	case other.ChartID != "":
		if a.seesAssigned(other.ChartClinicianID) {
			le.RecordType, le.RecordID, le.Name = "client", other.ChartID, name
		}
	default:
		ok, err := store.PersonVisible(ctx, q, a.p.PracticeID, other.ID, a.visibility())
		if err != nil {
			return err
		}
		if ok {
			le.RecordType, le.RecordID, le.Name = "contact", other.ID, name
		}
	}
	return le
}
