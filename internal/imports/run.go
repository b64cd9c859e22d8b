package imports

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"tend/internal/authz"
	"tend/internal/csvimport"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// runBatch is how many clients one step of the import writes before it reports progress.
const runBatch = 2000

// Run carries out a committed import in one transaction: the file is read and checked afresh against
// the practice, the new tags, clients, minors' guardians and chart tags are written in batches, the
// chosen duplicates updated, what was done recorded for undo, and one audit event written with the
// counts. Any failure rolls everything back and leaves the import failed, with nothing written; a
// process killed meanwhile leaves it running, and the job's retry runs it again from the start.
func (s *Service) Run(ctx context.Context, importID string) error {
	ci, err := store.ClientImportByID(ctx, s.Store.R(), "", importID, true)
	if err != nil {
		return fmt.Errorf("imports: run: %w", err)
	}
	if !ci.Working() {
		return nil // finished already, or never committed
	}
	if ci.State == model.ImportQueued {
		running := ci
		running.State, running.UpdatedAt = model.ImportRunning, s.Now().UTC()
		if err := s.Store.Tx(ctx, func(q store.Q) error { return store.SaveClientImport(ctx, q, running, model.ImportQueued) }); err != nil {
			return fmt.Errorf("imports: run: %w", err)
		}
		ci.State = model.ImportRunning
	}
	pg := &progress{rows: ci.Total}
	s.progress.Store(ci.ID, pg)
	defer s.progress.Delete(ci.ID)
	err = s.Store.Tx(ctx, func(q store.Q) error { return s.write(ctx, q, ci, pg) })
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return fmt.Errorf("imports: run %s: %w", ci.ID, err) // stopped with the process: the job tries again
	}
	return s.failed(ctx, ci, err)
}

// failed records why an import stopped; nothing of it was written.
func (s *Service) failed(ctx context.Context, ci model.ClientImport, cause error) error {
	msg := "The import stopped and nothing was written. Try again; if it stops again, check the file."
	var ve *model.ValidationError
	var fe *model.ConflictError
	switch {
	case errors.As(cause, &ve):
		msg = "Nothing was written: " + firstProblem(ve)
	case errors.As(cause, &fe):
		msg = "Nothing was written: " + fe.Message
	case errors.Is(cause, model.ErrForbidden), errors.Is(cause, model.ErrNotFound):
		msg = "Nothing was written: the person who started the import may no longer import clients."
	}
	ci.State, ci.Error, ci.UpdatedAt = model.ImportFailed, msg, s.Now().UTC()
	ctx = context.WithoutCancel(ctx)
	if err := s.Store.Tx(ctx, func(q store.Q) error { return store.SaveClientImport(ctx, q, ci, model.ImportRunning) }); err != nil {
		return errors.Join(cause, err)
	}
	return nil
}

func firstProblem(ve *model.ValidationError) string {
	if ve.Message != "" {
		return ve.Message
	}
	for _, m := range ve.Fields {
		return m
	}
	return "the file no longer checks out."
}

// actor is who an import runs as: the person who committed it, with the role they have now.
func actor(ctx context.Context, q store.Q, ci model.ClientImport) (model.Principal, error) {
	st, err := store.StaffByID(ctx, q, ci.PracticeID, ci.StaffID)
	if err != nil {
		return model.Principal{}, err
	}
	p := model.Principal{StaffID: st.ID, PracticeID: st.PracticeID, Role: st.Role}
	if !st.Active {
		return p, model.ErrForbidden
	}
	return p, may(p, authz.Create)
}

// write is the import's one transaction.
func (s *Service) write(ctx context.Context, q store.Q, ci model.ClientImport, pg *progress) error {
	p, err := actor(ctx, q, ci)
	if err != nil {
		return err
	}
	pl, err := s.makePlan(ctx, q, ci)
	if err != nil {
		return err
	}
	if err := pl.choose(ci.UpdateRows); err != nil {
		return err
	}
	now := s.Now().UTC()
	// New tags first: the charts' search text names their tags.
	for _, name := range pl.newTags {
		t := model.Tag{ID: id.New(), Name: name}
		if err := store.InsertTag(ctx, q, ci.PracticeID, t, now); err != nil {
			return fmt.Errorf("imports: tag: %w", err)
		}
		pl.tags[model.Fold(name)] = t
		e := s.event(p, "tag.create", ci)
		e.RecordType, e.RecordID, e.Detail = "tag", t.ID, ""
		if err := s.Audit.Append(ctx, q, e); err != nil {
			return err
		}
	}
	var (
		creates   []model.Client
		guardians []store.NewContact
		links     []model.Contact
		tagPairs  [][2]string
		records   []model.ImportRecord
		updates   []*csvimport.Row
	)
	guardianByEmail := map[string]string{} // new guardians' emails → their person, for siblings
	for i := range pl.rows {
		r := &pl.rows[i]
		if !r.OK() {
			ci.Skipped++
			continue
		}
		if k, dup := pl.dupOf[r.N]; dup {
			if pl.duplicates[k].Update {
				updates = append(updates, r)
			} else {
				ci.Skipped++
			}
			continue
		}
		c := r.Client
		c.ID, c.PersonID, c.PracticeID, c.CreatedAt, c.UpdatedAt = id.New(), id.New(), ci.PracticeID, now, now
		c.AssignedClinicianID = pl.clinicians[r.Clinician]
		for _, name := range r.Tags {
			if t, ok := pl.tags[model.Fold(name)]; ok && !hasTag(c.Tags, t.ID) {
				c.Tags = append(c.Tags, t)
				tagPairs = append(tagPairs, [2]string{c.ID, t.ID})
			}
		}
		rec := model.ImportRecord{ChartID: c.ID, PersonID: c.PersonID}
		if g := r.Guardian; g != nil {
			link := model.Contact{ID: id.New(), ChartID: c.ID, Relationship: g.Relationship, RelationshipOther: g.RelationshipOther, ContactFlags: g.ContactFlags}
			e := model.NormalizeEmail(g.New.Email)
			switch {
			case e != "" && pl.owners[e].PersonID != "":
				link.Person.ID = pl.owners[e].PersonID
				links = append(links, link)
			case e != "" && guardianByEmail[e] != "":
				link.Person.ID = guardianByEmail[e]
				links = append(links, link)
			default:
				pid := id.New()
				if e != "" {
					guardianByEmail[e] = pid
				}
				guardians = append(guardians, store.NewContact{PersonID: pid, Person: g.New, Link: link})
				rec.GuardianPersonID = pid
			}
		}
		creates = append(creates, c)
		records = append(records, rec)
	}
	for start := 0; start < len(creates); start += runBatch {
		batch := creates[start:min(start+runBatch, len(creates))]
		if err := store.InsertClients(ctx, q, s.Store.DB.Dialect, batch); err != nil {
			return fmt.Errorf("imports: clients: %w", err)
		}
		written := start + len(batch)
		pg.mu.Lock()
		pg.written = written
		pg.mu.Unlock()
		if s.OnBatch != nil {
			if err := s.OnBatch(ctx, ci.ID, written); err != nil {
				return err
			}
		}
	}
	if err := store.InsertNewContacts(ctx, q, s.Store.DB.Dialect, ci.PracticeID, guardians, now); err != nil {
		return fmt.Errorf("imports: guardians: %w", err)
	}
	for _, l := range links {
		if err := store.InsertContact(ctx, q, ci.PracticeID, l, now); err != nil {
			return fmt.Errorf("imports: guardian link: %w", err)
		}
	}
	if err := store.InsertChartTags(ctx, q, s.Store.DB.Dialect, ci.PracticeID, tagPairs); err != nil {
		return err
	}
	for _, r := range updates {
		rec, err := s.update(ctx, q, pl, ci.PracticeID, r, now)
		if err != nil {
			return err
		}
		records = append(records, rec)
	}
	if err := store.InsertImportRecords(ctx, q, s.Store.DB.Dialect, ci.ID, records); err != nil {
		return err
	}
	ci.Created, ci.Updated = len(creates), len(updates)
	ci.State, ci.Error, ci.CommittedAt, ci.UpdatedAt = model.ImportDone, "", now, now
	if err := store.SaveClientImport(ctx, q, ci, model.ImportRunning); err != nil {
		return err
	}
	return s.Audit.Append(ctx, q, s.event(p, "clients.import", ci))
}

func hasTag(ts []model.Tag, tagID string) bool {
	for _, t := range ts {
		if t.ID == tagID {
			return true
		}
	}
	return false
}

// update changes the practice's client with a duplicate row's filled-in fields, keeping the chart as it
// was for undo. Fields the row leaves empty keep their value; the record state stays as it is.
func (s *Service) update(ctx context.Context, q store.Q, pl *plan, practiceID string, r *csvimport.Row, now time.Time) (model.ImportRecord, error) {
	k := pl.dupOf[r.N]
	c, err := store.ClientByID(ctx, q, practiceID, pl.duplicates[k].ChartID)
	if err != nil {
		return model.ImportRecord{}, fmt.Errorf("imports: update row %d: %w", r.N, err)
	}
	before, err := json.Marshal(c)
	if err != nil {
		return model.ImportRecord{}, fmt.Errorf("imports: update row %d: %w", r.N, err)
	}
	n := r.Client
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&c.FirstName, n.FirstName)
	set(&c.LastName, n.LastName)
	set(&c.LegalFirstName, n.LegalFirstName)
	set(&c.Pronouns, n.Pronouns)
	set(&c.Phone, n.Phone)
	set(&c.DateOfBirth, n.DateOfBirth)
	set(&c.Sex, n.Sex)
	set(&c.GenderIdentity, n.GenderIdentity)
	set(&c.Address.Line1, n.Address.Line1)
	set(&c.Address.Line2, n.Address.Line2)
	set(&c.Address.City, n.Address.City)
	set(&c.Address.Region, n.Address.Region)
	set(&c.Address.PostalCode, n.Address.PostalCode)
	set(&c.Address.Country, n.Address.Country)
	set(&c.Emergency.Name, n.Emergency.Name)
	set(&c.Emergency.Phone, n.Emergency.Phone)
	set(&c.Emergency.Email, n.Emergency.Email)
	set(&c.Emergency.Relationship, n.Emergency.Relationship)
	if n.BillingType != "" {
		c.BillingType = n.BillingType
	}
	if c.BillingType == model.BillingInsurance && c.Sex == "" {
		var old model.Client // keep the record valid (CL-6): no insurance without legal sex
		_ = json.Unmarshal(before, &old)
		c.BillingType = old.BillingType
	}
	if sid := pl.clinicians[r.Clinician]; sid != "" {
		c.AssignedClinicianID = sid
	}
	var tagIDs []string
	for _, t := range c.Tags {
		tagIDs = append(tagIDs, t.ID)
	}
	for _, name := range r.Tags {
		if t, ok := pl.tags[model.Fold(name)]; ok && !hasTag(c.Tags, t.ID) {
			c.Tags = append(c.Tags, t)
			tagIDs = append(tagIDs, t.ID)
		}
	}
	c.UpdatedAt = now
	if err := store.SetChartTags(ctx, q, c.ID, tagIDs); err != nil {
		return model.ImportRecord{}, err
	}
	if err := store.UpdateClient(ctx, q, c); err != nil {
		return model.ImportRecord{}, fmt.Errorf("imports: update row %d: %w", r.N, err)
	}
	return model.ImportRecord{ChartID: c.ID, PersonID: c.PersonID, Before: string(before)}, nil
}
