package imports

import (
	"context"
	"fmt"

	"tend/internal/authz"
	"tend/internal/csvimport"
	"tend/internal/model"
	"tend/internal/store"
)

// View is an import as its page and the API show it: the file as detected, the mapping, where the
// import stands, and whether it can be undone.
type View struct {
	model.ClientImport
	Encoding  string
	Delimiter string
	Header    []string
	Sample    [][]string // the first rows as in the file
	// Written is how many clients the running job has written so far (its transaction commits them
	// all at once at the end); -1 when this process does not run it.
	Written int
	// CanUndo: the import created or updated clients, finished less than UndoWindow ago, and was not
	// undone; UndoUntil is when that ends.
	CanUndo   bool
	UndoUntil string
}

// sampleRows is how many of the file's rows the mapping step shows.
const sampleRows = 5

// Get returns an import of p's practice; until it is committed its file is read afresh for the mapping
// step (encoding, delimiter, header, first rows), afterwards (a progress page polls it) it is not.
func (s *Service) Get(ctx context.Context, p model.Principal, importID string) (View, error) {
	ci, err := s.load(ctx, s.Store.R(), p, authz.View, importID, false)
	if err != nil {
		return View{}, fmt.Errorf("imports: get: %w", err)
	}
	if ci.Working() || ci.Finished() && ci.State != model.ImportFailed {
		return s.viewOf(ci, nil), nil
	}
	if ci, err = store.ClientImportByID(ctx, s.Store.R(), p.PracticeID, importID, true); err != nil {
		return View{}, fmt.Errorf("imports: get: %w", err)
	}
	return s.view(ci), nil
}

func (s *Service) view(ci model.ClientImport) View {
	t, err := csvimport.Parse(ci.Content)
	if err != nil {
		t = nil
	}
	return s.viewOf(ci, t)
}

// viewOf is view with the file already parsed (nil when it cannot be).
func (s *Service) viewOf(ci model.ClientImport, t *csvimport.Table) View {
	v := View{ClientImport: ci, Written: -1}
	if t != nil {
		v.Encoding, v.Delimiter, v.Header = t.Encoding, csvimport.DelimiterName(t.Delimiter), t.Header
		v.Sample = t.Rows[:min(sampleRows, len(t.Rows))]
	}
	v.ClientImport.Content = nil
	if pg, ok := s.progress.Load(ci.ID); ok && ci.Working() {
		pr := pg.(*progress)
		pr.mu.Lock()
		v.Written = pr.written
		pr.mu.Unlock()
	}
	end := ci.CommittedAt.Add(UndoWindow)
	v.CanUndo = ci.State == model.ImportDone && ci.Created+ci.Updated > 0 && s.Now().Before(end)
	if v.CanUndo {
		v.UndoUntil = end.UTC().Format("2006-01-02 15:04 UTC")
	}
	return v
}

// Imports lists the practice's latest imports, newest first.
func (s *Service) Imports(ctx context.Context, p model.Principal) ([]model.ClientImport, error) {
	if err := may(p, authz.View); err != nil {
		return nil, fmt.Errorf("imports: list: %w", err)
	}
	return store.ClientImports(ctx, s.Store.R(), p.PracticeID, 20)
}

// Preview is what importing the file would do, before anything is written.
type Preview struct {
	View
	DateOrder csvimport.DateOrder // how numeric dates are read
	// Columns are the mapped columns in file order; First are the first rows as they will be stored.
	Columns []PreviewColumn
	First   []PreviewRow
	// Problems are every problem of every row, by row; ProblemRows counts the rows they stop.
	Problems    []csvimport.Problem
	ProblemRows int
	Duplicates  []Duplicate
	NewTags     []string
	Minors      int // rows that become minors' charts with their guardian as contact
	// Creates, Skips and Updates are what the import would do with the choices made so far.
	Creates, Skips, Updates int
}

// PreviewColumn is a mapped column: the file's name and Tend's field.
type PreviewColumn struct {
	Header string
	Field  csvimport.Field
}

// PreviewRow is a row as it will be stored: the cleaned value of each mapped column.
type PreviewRow struct {
	N      int
	Values []string
	Minor  bool
	OK     bool
}

// previewRows is how many rows the preview shows as stored.
const previewRows = 20

// Preview reads the mapped file and the practice and says what the import would do: the first rows
// as stored, every problem by row and column, the duplicates by email within the file and against the
// practice, with the choices made so far (updateRows; nil keeps those saved).
func (s *Service) Preview(ctx context.Context, p model.Principal, importID string) (Preview, error) {
	ci, err := s.load(ctx, s.Store.R(), p, authz.View, importID, true)
	if err != nil {
		return Preview{}, fmt.Errorf("imports: preview: %w", err)
	}
	if ci.State == model.ImportUploaded {
		return Preview{}, errState(ci)
	}
	pl, err := s.makePlan(ctx, s.Store.R(), ci)
	if err != nil {
		return Preview{}, fmt.Errorf("imports: preview: %w", err)
	}
	_ = pl.choose(ci.UpdateRows) // choices that no longer fit (the practice changed) are dropped
	out := Preview{View: s.viewOf(ci, pl.table), DateOrder: pl.order, Problems: pl.problems, Duplicates: pl.duplicates, NewTags: pl.newTags}
	for i, f := range pl.reader.Mapping {
		if f != csvimport.Ignore {
			out.Columns = append(out.Columns, PreviewColumn{Header: pl.table.Header[i], Field: f})
		}
	}
	for i := range pl.rows {
		r := &pl.rows[i]
		k, dup := pl.dupOf[r.N]
		switch {
		case !r.OK():
			out.ProblemRows++
		case dup && pl.duplicates[k].Update:
			out.Updates++
		case dup:
			out.Skips++
		default:
			out.Creates++
			if r.Guardian != nil {
				out.Minors++
			}
		}
		if len(out.First) < previewRows {
			out.First = append(out.First, stored(pl, r, out.Columns))
		}
	}
	return out, nil
}

// stored is a row's mapped values as Tend will keep them.
func stored(pl *plan, r *csvimport.Row, cols []PreviewColumn) PreviewRow {
	c := r.Client
	out := PreviewRow{N: r.N, Minor: r.Guardian != nil, OK: r.OK()}
	for _, col := range cols {
		v := r.Values[col.Field]
		switch col.Field {
		case csvimport.FirstName:
			v = firstNonEmpty(c.LegalFirstName, c.FirstName)
		case csvimport.PreferredName:
			v = c.FirstName
		case csvimport.LastName:
			v = c.LastName
		case csvimport.Email:
			v = c.Email
		case csvimport.Phone, csvimport.HomePhone:
			if col.Field == csvimport.Phone || !pl.reader.Has(csvimport.Phone) {
				v = c.Phone
			}
		case csvimport.DateOfBirth:
			v = c.DateOfBirth
		case csvimport.Sex:
			v = c.Sex
		case csvimport.BillingType:
			v = string(c.BillingType)
		case csvimport.Status:
			v = string(c.State)
		case csvimport.Clinician:
			if v != "" && pl.clinicians[v] == "" {
				v = "?"
			}
		}
		if !r.OK() && v == "" {
			v = r.Values[col.Field]
		}
		out.Values = append(out.Values, v)
	}
	return out
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
