package clients

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// Update changes a client's fields (and, when tagIDs is not nil, their tags) in one transaction. The
// audit event names the fields that changed, never their values.
func (s *Service) Update(ctx context.Context, p model.Principal, chartID string, ch model.ClientChange, tagIDs *[]string) (model.Client, error) {
	return s.update(ctx, p, chartID, ch, tagIDs, nil)
}

// update applies ch and tagIDs, then also (when not nil) then, all in one transaction.
func (s *Service) update(ctx context.Context, p model.Principal, chartID string, ch model.ClientChange, tagIDs *[]string, then func(*model.Client)) (model.Client, error) {
	var out model.Client
	err := s.Store.Tx(ctx, func(q store.Q) error {
		var err error
		out, err = s.updateIn(ctx, q, p, chartID, ch, tagIDs, then)
		return err
	})
	if err != nil {
		return model.Client{}, fmt.Errorf("clients: update: %w", s.auditDenied(ctx, p, "chart.update", chartID, err))
	}
	return out, nil
}

// UpdateChart changes a client's fields inside q, with every rule of Update: other use cases (documents'
// "Apply to chart") call it so that a change they make is checked and audited like any other, in their
// own transaction. Pass an error to AuditDenied after the transaction.
func (s *Service) UpdateChart(ctx context.Context, q store.Q, p model.Principal, chartID string, ch model.ClientChange) (model.Client, error) {
	return s.updateIn(ctx, q, p, chartID, ch, nil, nil)
}

// updateIn is update inside q.
func (s *Service) updateIn(ctx context.Context, q store.Q, p model.Principal, chartID string, ch model.ClientChange, tagIDs *[]string, then func(*model.Client)) (model.Client, error) {
	var out model.Client
	err := func() error {
		a, err := s.accessFor(ctx, q, p)
		if err != nil {
			return err
		}
		c, err := s.load(ctx, q, a, chartID)
		if err != nil {
			return err
		}
		if !a.canChange(c) {
			return model.ErrForbidden
		}
		before := c
		problems := model.Problems{}
		if ch.AssignedClinicianID != nil && *ch.AssignedClinicianID != c.AssignedClinicianID && !a.canAssign() {
			problems.Add("assigned_clinician_id", "Only owners, admins and billing staff assign clinicians.")
		}
		for k, v := range ch.Apply(&c, s.today(a.practice)) {
			problems.Add(k, v)
		}
		if c.AssignedClinicianID != before.AssignedClinicianID {
			if err := checkClinician(ctx, q, p.PracticeID, c.AssignedClinicianID, problems); err != nil {
				return err
			}
		}
		if c.DefaultServiceID != before.DefaultServiceID {
			if err := checkService(ctx, q, p.PracticeID, c.DefaultServiceID, problems); err != nil {
				return err
			}
		}
		if tagIDs != nil {
			tags, err := s.resolveTags(ctx, q, p.PracticeID, *tagIDs, problems)
			if err != nil {
				return err
			}
			c.Tags = tags
		}
		if err := problems.Err(); err != nil {
			return err
		}
		c.UpdatedAt = s.Now().UTC()
		if then != nil {
			then(&c)
		}
		if tagIDs != nil {
			if err := store.SetChartTags(ctx, q, c.ID, tagIDsOf(c.Tags)); err != nil {
				return err
			}
		}
		if !c.IsGroup() && model.NormalizeEmail(before.Email) != model.NormalizeEmail(c.Email) {
			if err := s.checkLookalike(ctx, q, a, "email", c.Email, c.PersonID, ch.ConfirmDistinctEmail); err != nil {
				return err
			}
		}
		if err := store.UpdateClient(ctx, q, c); err != nil {
			return isEmailConflict(err)
		}
		if !c.IsGroup() && model.SearchText(before) != model.SearchText(c) {
			// A group is found by its members' names (issue 4): keep its search text in step.
			groups, err := store.GroupsOf(ctx, q, c.ID)
			if err != nil {
				return err
			}
			if err := s.refreshGroupsOf(ctx, q, p.PracticeID, groups); err != nil {
				return err
			}
		}
		e := s.event(p, "chart.update", c.ID)
		e.Detail = strings.Join(changedFields(before, c), " ")
		out = c
		return s.Audit.Append(ctx, q, e)
	}()
	return out, err
}

// resolveTags checks that every id is a tag of the practice and returns the tags, without repeats.
func (s *Service) resolveTags(ctx context.Context, q store.Q, practiceID string, ids []string, problems model.Problems) ([]model.Tag, error) {
	seen := map[string]bool{}
	var tags []model.Tag
	for _, tid := range ids {
		if seen[tid] {
			continue
		}
		seen[tid] = true
		if !id.Valid(tid) {
			problems.Add("tags", "Choose tags from this practice's list.")
			continue
		}
		t, err := store.TagByID(ctx, q, practiceID, tid)
		if err != nil {
			if isNotFound(err) {
				problems.Add("tags", "Choose tags from this practice's list.")
				continue
			}
			return nil, err
		}
		tags = append(tags, t)
	}
	sort.Slice(tags, func(i, j int) bool { return model.Fold(tags[i].Name) < model.Fold(tags[j].Name) })
	return tags, nil
}

func tagIDsOf(tags []model.Tag) []string {
	ids := make([]string, len(tags))
	for i, t := range tags {
		ids[i] = t.ID
	}
	return ids
}

// changedFields names what differs between two versions of a client, for the audit log.
func changedFields(a, b model.Client) []string {
	var out []string
	check := func(name string, changed bool) {
		if changed {
			out = append(out, name)
		}
	}
	check("name", a.GroupName != b.GroupName)
	check("first_name", a.FirstName != b.FirstName)
	check("last_name", a.LastName != b.LastName)
	check("legal_name", a.LegalFirstName != b.LegalFirstName || a.LegalLastName != b.LegalLastName)
	check("pronouns", a.Pronouns != b.Pronouns)
	check("email", a.Email != b.Email)
	check("phone", a.Phone != b.Phone)
	check("date_of_birth", a.DateOfBirth != b.DateOfBirth)
	check("sex", a.Sex != b.Sex)
	check("gender_identity", a.GenderIdentity != b.GenderIdentity)
	check("address", a.Address != b.Address)
	check("emergency_contact", a.Emergency != b.Emergency)
	check("billing_type", a.BillingType != b.BillingType)
	check("default_service", a.DefaultServiceID != b.DefaultServiceID)
	check("messaging", a.MessagingOn != b.MessagingOn)
	check("assigned_clinician", a.AssignedClinicianID != b.AssignedClinicianID)
	check("tags", strings.Join(tagIDsOf(a.Tags), ",") != strings.Join(tagIDsOf(b.Tags), ","))
	check("setup", a.SetupStep != b.SetupStep || a.SetupCompletedAt != b.SetupCompletedAt)
	return out
}
