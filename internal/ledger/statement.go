package ledger

import (
	"context"
	"fmt"
	"time"

	"tend/internal/authz"
	"tend/internal/docpdf"
	"tend/internal/model"
	"tend/internal/store"
)

// PDF is a rendered statement and the file name to offer.
type PDF struct {
	Bytes    []byte
	Filename string
}

// MaxStatementDays is the longest period a statement covers.
const MaxStatementDays = 3 * 366

// Statement renders the chart's statement (superbill) for the days from..to (YYYY-MM-DD; "" for the
// first of this month and today): the practice, the client's legal name and date of birth, the active
// diagnoses' ICD-10-CM codes (codes and their official names only, nothing else clinical), each session's
// date, CPT code, service and charge, the payments and adjustments, and the opening and closing balance.
// The download is audited. Proves PY-1.
func (s *Service) Statement(ctx context.Context, p model.Principal, chartID, from, to string) (PDF, error) {
	const action = "chart.statement.pdf"
	q := s.Store.R()
	r, err := s.open(ctx, q, p, chartID, authz.View)
	if err != nil {
		return PDF{}, s.denied(ctx, p, action, chartID, err)
	}
	pr, today, err := s.today(ctx, q, p.PracticeID)
	if err != nil {
		return PDF{}, fmt.Errorf("ledger: statement: %w", err)
	}
	from, to, err = statementPeriod(from, to, today)
	if err != nil {
		return PDF{}, err
	}
	es, opening, err := store.LedgerBetween(ctx, q, r.chart.ID, from, to)
	if err != nil {
		return PDF{}, fmt.Errorf("ledger: statement: %w", err)
	}
	dxs, err := store.DiagnosesOf(ctx, q, r.chart.ID)
	if err != nil {
		return PDF{}, fmt.Errorf("ledger: statement: %w", err)
	}
	var codes []docpdf.StatementCode
	for _, d := range dxs {
		if !d.Active() {
			continue
		}
		name := d.Description
		if s.Codes != nil {
			if c, ok := s.Codes.Lookup(d.Code); ok {
				name = c.Description
			}
		}
		codes = append(codes, docpdf.StatementCode{Code: d.DottedCode(), Name: name})
	}
	b, err := docpdf.RenderStatement(docpdf.StatementDocument{Practice: pr.Name, Locale: pr.Locale(), ClientName: r.chart.LegalName(),
		DateOfBirth: r.chart.DateOfBirth, ChartID: r.chart.ID, From: from, To: to, Opening: opening, Entries: es, Diagnoses: codes,
		Generated: s.now(), Fonts: s.Fonts})
	if err != nil {
		return PDF{}, fmt.Errorf("ledger: statement: %w", err)
	}
	e := s.event(p, action, r.chart.ID, "")
	e.Detail = "from=" + from + " to=" + to
	return PDF{Bytes: b, Filename: "statement-" + from + "-to-" + to + ".pdf"}, s.recordRead(ctx, e)
}

// statementPeriod checks a statement's days: real dates, from no later than to, at most MaxStatementDays.
func statementPeriod(from, to, today string) (string, string, error) {
	if to == "" {
		to = today
	}
	if from == "" {
		from = today[:8] + "01"
	}
	probs := model.Problems{}
	f, errF := time.Parse(time.DateOnly, from)
	t, errT := time.Parse(time.DateOnly, to)
	if errF != nil {
		probs.Add("from", "Enter a date like 2026-03-01.")
	}
	if errT != nil {
		probs.Add("to", "Enter a date like 2026-03-31.")
	}
	if errF == nil && errT == nil {
		switch {
		case t.Before(f):
			probs.Add("to", "The end comes before the start.")
		case t.Sub(f) > MaxStatementDays*24*time.Hour:
			probs.Add("to", "A statement covers at most three years.")
		}
	}
	return from, to, probs.Err()
}
