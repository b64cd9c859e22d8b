package imports

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"tend/internal/authz"
	"tend/internal/csvimport"
	"tend/internal/model"
	"tend/internal/store"
)

// Duplicate is a row whose email someone already has: an earlier row of the file (only the first is
// imported) or a person of the practice. A practice client can be updated from the row instead of the
// row being skipped.
type Duplicate struct {
	Row, Line int
	Email     string
	// OfRow is the earlier row of the file with this email; 0 when the duplicate is in the practice.
	OfRow int
	// ChartID is the practice's client with this email ("" for a contact who is not a client).
	ChartID string
	// CanUpdate: the row may update that client instead of being skipped; Update: it will.
	CanUpdate, Update bool
}

// plan is what importing a file would do, read afresh from the file and the practice.
type plan struct {
	table      *csvimport.Table
	reader     *csvimport.Reader
	rows       []csvimport.Row
	problems   []csvimport.Problem
	duplicates []Duplicate
	dupOf      map[int]int // row → index in duplicates
	clinicians map[string]string
	tags       map[string]model.Tag // folded name → tag; new tags have no id yet
	newTags    []string
	owners     map[string]store.EmailOwner // normalised email → who has it in the practice
	order      csvimport.DateOrder
}

// ok counts the rows that will be created.
func (pl *plan) creates() int {
	n := 0
	for i := range pl.rows {
		if pl.rows[i].OK() {
			if _, dup := pl.dupOf[pl.rows[i].N]; !dup {
				n++
			}
		}
	}
	return n
}

// fileError turns a problem of the whole file into a field error of the upload.
func fileError(err error) error {
	var fe *csvimport.FileError
	if errors.As(err, &fe) {
		return model.FieldError("file", fe.Message)
	}
	return err
}

// mapping reads the stored mapping into fields.
func mapping(ci model.ClientImport) []csvimport.Field {
	out := make([]csvimport.Field, len(ci.Mapping))
	for i, m := range ci.Mapping {
		out[i] = csvimport.Field(m)
	}
	return out
}

// makePlan parses the import's file and checks every row against the practice inside q.
func (s *Service) makePlan(ctx context.Context, q store.Q, ci model.ClientImport) (*plan, error) {
	t, err := csvimport.Parse(ci.Content)
	if err != nil {
		return nil, fileError(err)
	}
	pr, err := store.PracticeByID(ctx, q, ci.PracticeID)
	if err != nil {
		return nil, fmt.Errorf("imports: practice: %w", err)
	}
	format := pr.DateFormat
	switch csvimport.DateOrder(ci.DateOrder) {
	case csvimport.MonthFirst:
		format = model.DateUS
	case csvimport.DayFirst:
		format = model.DateDayFirst
	}
	rd, err := csvimport.NewReader(t, mapping(ci), format, today(s.Now(), pr))
	if err != nil {
		return nil, err
	}
	if o := csvimport.DateOrder(ci.DateOrder); o == csvimport.MonthFirst || o == csvimport.DayFirst {
		rd.Order = o // the person's choice overrides what the file's dates suggest
	}
	pl := &plan{table: t, reader: rd, rows: rd.Rows(), dupOf: map[int]int{}, clinicians: map[string]string{},
		tags: map[string]model.Tag{}, order: rd.Order}
	if err := s.resolve(ctx, q, ci.PracticeID, pl); err != nil {
		return nil, err
	}
	for i := range pl.rows {
		pl.problems = append(pl.problems, pl.rows[i].Problems...)
	}
	return pl, nil
}

func today(now time.Time, pr model.Practice) time.Time {
	n := now.In(pr.Location())
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
}

// resolve finds the clinicians, tags and emails the rows name among the practice's.
func (s *Service) resolve(ctx context.Context, q store.Q, practiceID string, pl *plan) error {
	staff, err := store.ListStaff(ctx, q, practiceID)
	if err != nil {
		return fmt.Errorf("imports: staff: %w", err)
	}
	byName := map[string]string{}
	for _, st := range staff {
		if !authz.Assignable(st) {
			continue
		}
		byName[model.NormalizeEmail(st.Email)] = st.ID
		byName[model.Fold(st.Name)] = st.ID
	}
	tags, err := store.ListTags(ctx, q, practiceID)
	if err != nil {
		return fmt.Errorf("imports: tags: %w", err)
	}
	for _, t := range tags {
		pl.tags[model.Fold(t.Name)] = t.Tag
	}
	var emails []string
	for i := range pl.rows {
		r := &pl.rows[i]
		if c := r.Clinician; c != "" {
			key := model.Fold(c)
			if strings.Contains(c, "@") {
				key = model.NormalizeEmail(c)
			}
			if sid, ok := byName[key]; ok {
				pl.clinicians[c] = sid
			} else {
				r.Problems = append(r.Problems, csvimport.Problem{Row: r.N, Line: r.Line, Column: pl.reader.Column(csvimport.Clinician),
					Message: fmt.Sprintf("No active clinician of this practice is called “%s”. Use their name or email as in Settings → Staff, or leave it empty.", c)})
			}
		}
		for _, name := range r.Tags {
			v, msg := model.CleanText(name, 40)
			if msg != "" {
				r.Problems = append(r.Problems, csvimport.Problem{Row: r.N, Line: r.Line, Column: pl.reader.Column(csvimport.Tags), Message: "Tag: " + msg})
				continue
			}
			if _, ok := pl.tags[model.Fold(v)]; !ok {
				pl.tags[model.Fold(v)] = model.Tag{Name: v}
				pl.newTags = append(pl.newTags, v)
			}
		}
		if e := model.NormalizeEmail(r.Client.Email); e != "" {
			emails = append(emails, e)
		}
		if r.Guardian != nil {
			if e := model.NormalizeEmail(r.Guardian.New.Email); e != "" {
				emails = append(emails, e)
			}
		}
	}
	slices.Sort(emails)
	emails = slices.Compact(emails)
	if pl.owners, err = store.PersonsByEmail(ctx, q, practiceID, emails); err != nil {
		return err
	}
	clientEmails := map[string]int{}
	for i := range pl.rows {
		if e := model.NormalizeEmail(pl.rows[i].Client.Email); e != "" {
			if _, ok := clientEmails[e]; !ok {
				clientEmails[e] = pl.rows[i].N
			}
		}
	}
	for i := range pl.rows {
		r := &pl.rows[i]
		if r.Guardian != nil {
			if n, ok := clientEmails[model.NormalizeEmail(r.Guardian.New.Email)]; ok {
				r.Problems = append(r.Problems, csvimport.Problem{Row: r.N, Line: r.Line, Column: pl.reader.Column(csvimport.GuardianEmail),
					Message: fmt.Sprintf("The guardian's email is the email of the client on row %d. Import the guardian as a contact on their own, or leave this email empty.", n)})
			}
		}
		if !r.OK() {
			continue
		}
		e := model.NormalizeEmail(r.Client.Email)
		switch o, inPractice := pl.owners[e]; {
		case r.DuplicateOf != 0:
			pl.dupOf[r.N] = len(pl.duplicates)
			pl.duplicates = append(pl.duplicates, Duplicate{Row: r.N, Line: r.Line, Email: r.Client.Email, OfRow: r.DuplicateOf})
		case e != "" && inPractice:
			pl.dupOf[r.N] = len(pl.duplicates)
			pl.duplicates = append(pl.duplicates, Duplicate{Row: r.N, Line: r.Line, Email: r.Client.Email, ChartID: o.ChartID,
				CanUpdate: o.ChartID != "" && (o.Kind == model.KindIndividual || o.Kind == model.KindMinor)})
		}
	}
	return nil
}

// choose marks the duplicates to update; a row that is no duplicate that can be updated is a problem
// of the request.
func (pl *plan) choose(updateRows []int) error {
	for _, n := range updateRows {
		k, ok := pl.dupOf[n]
		if !ok || !pl.duplicates[k].CanUpdate {
			return model.FieldError("update_rows", fmt.Sprintf("Row %d is not a duplicate of a client of the practice, so it cannot update one. Reload the preview.", n))
		}
		pl.duplicates[k].Update = true
	}
	return nil
}
