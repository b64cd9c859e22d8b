package documents

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"tend/internal/model"
	"tend/internal/store"
)

// IntakePart is one chart field beside the value an intake answer proposes for it.
type IntakePart struct {
	Field, Label string
	Chart        string   // what the chart holds now
	Proposed     string   // from the answer; staff may correct it before applying
	Choices      []string // allowed values of a choice (legal sex); nil for text
	Date         bool
}

// IntakeRow is one question of a finished intake side by side with the chart (issue 13, item 10).
type IntakeRow struct {
	Key, Label string // the intake's field id and what it is
	Chart      string // the chart's value as people read it ("" when it holds none)
	Answer     string // the client's answer ("" when unanswered)
	Parts      []IntakePart
	Same       bool // the answer says what the chart says: nothing to apply
	// Suggested is ticked before staff choose: only answers that fill an empty place of the chart.
	// An answer that differs from a value on the chart is never copied unless staff choose it.
	Suggested bool
}

// Applicable reports whether the row can be copied to the chart: answered and not the same.
func (r IntakeRow) Applicable() bool { return r.Answer != "" && !r.Same }

// IntakeReview is a finished built-in intake beside the chart, for "Apply to chart".
type IntakeReview struct {
	Request model.DocumentRequest
	Chart   model.Client
	Rows    []IntakeRow
	Applied *store.IntakeApplication // the last time it was applied, if ever
}

// ApplyInput says which answers to copy to the chart: the rows' keys, and corrected values of their
// parts by chart field ("phone", "address.city"); parts not given take the proposed value.
type ApplyInput struct {
	Use               []string
	Values            map[string]string
	ConfirmAdultMinor bool // keep a date of birth that makes a minor's client an adult
}

// IntakeReview shows a finished built-in intake's answers beside the chart, field by field, and audits
// the read. chartID as for Request. With forChange (the page that applies them) the principal must be
// allowed to change the chart.
func (s *Service) IntakeReview(ctx context.Context, p model.Principal, chartID, requestID string, forChange bool) (IntakeReview, error) {
	v, err := s.intakeReview(ctx, s.Store.R(), p, chartID, requestID, false, forChange)
	if err != nil {
		return v, fmt.Errorf("documents: intake review: %w", s.Charts.AuditDenied(ctx, p, "chart.intake.view", chartID, err))
	}
	e := s.chartEvent(p, "chart.intake.view", v.Request.ChartID)
	e.RecordType, e.RecordID = "document_request", v.Request.ID
	return v, s.recordRead(ctx, e)
}

// intakeReview reads the review inside q; lock holds the request (to apply it), change needs a chart the
// principal may change.
func (s *Service) intakeReview(ctx context.Context, q store.Q, p model.Principal, chartID, requestID string, lock, change bool) (IntakeReview, error) {
	r, err := s.loadRequest(ctx, q, p, chartID, requestID, lock)
	if err != nil {
		return IntakeReview{}, err
	}
	c, err := s.Charts.VisibleChart(ctx, q, p, r.ChartID, change)
	if err != nil {
		return IntakeReview{}, err
	}
	intake, err := store.BuiltinTemplateID(ctx, q, p.PracticeID, "intake")
	if err != nil {
		return IntakeReview{}, err
	}
	switch {
	case r.TemplateID != intake || intake == "":
		return IntakeReview{}, &model.ValidationError{Message: "Only the built-in intake form can be applied to the chart."}
	case c.IsGroup() || r.MemberPersonID != "":
		return IntakeReview{}, &model.ValidationError{Message: "A couple or family member's intake goes to their own chart: apply it there by hand."}
	case !r.State.Done():
		return IntakeReview{}, &model.ValidationError{Message: "The intake is not finished yet. Its answers can be applied once the client completes it."}
	}
	v := IntakeReview{Request: r, Chart: c}
	for _, f := range r.Fields {
		m, ok := intakeFieldByID(f.ID)
		if !ok {
			continue
		}
		v.Rows = append(v.Rows, intakeRow(m, r.Answers[f.ID], c))
	}
	a, err := store.IntakeApplicationOf(ctx, q, p.PracticeID, r.ID)
	switch {
	case err == nil:
		v.Applied = &a
	case !errors.Is(err, model.ErrNotFound):
		return v, err
	}
	return v, nil
}

// intakeRow puts one answer beside the chart's value.
func intakeRow(m intakeField, answer string, c model.Client) IntakeRow {
	row := IntakeRow{Key: m.ID, Label: m.Label, Answer: strings.TrimSpace(answer)}
	cur := m.current(c)
	var shown []string
	proposed := map[string]string{}
	if row.Answer != "" {
		proposed = m.propose(row.Answer)
	}
	for _, part := range m.Parts {
		if cur[part.Field] != "" {
			shown = append(shown, cur[part.Field])
		}
		row.Parts = append(row.Parts, IntakePart{Field: part.Field, Label: part.Label, Chart: cur[part.Field], Proposed: proposed[part.Field],
			Choices: part.Choices, Date: part.Date})
	}
	row.Chart = strings.Join(shown, ", ")
	if m.ID == "legal_sex" {
		row.Chart = ""
		if c.Sex != "" {
			row.Chart = model.SexLabel(c.Sex)
		}
	}
	row.Same = row.Answer != "" && m.same(proposed, c)
	row.Suggested = row.Applicable() && !m.held(c)
	return row
}

// ApplyIntake copies the chosen answers of a finished built-in intake to the chart, as one change of the
// chart with all its checks: a value the chart refuses (a phone number that is not one) comes back under
// its field's name and nothing is applied. Nothing else of the chart changes.
func (s *Service) ApplyIntake(ctx context.Context, p model.Principal, chartID, requestID string, in ApplyInput) (model.Client, error) {
	var out model.Client
	err := s.Store.Tx(ctx, func(q store.Q) error {
		v, err := s.intakeReview(ctx, q, p, chartID, requestID, true, true)
		if err != nil {
			return err
		}
		ch, used, err := intakeChange(v, in)
		if err != nil {
			return err
		}
		if out, err = s.Charts.UpdateChart(ctx, q, p, v.Chart.ID, ch); err != nil {
			var ve *model.ValidationError
			if errors.As(err, &ve) && ve.Message == "" {
				ve.Message = "Nothing was applied: the chart does not accept a value below. Correct it, or keep what the chart has."
			}
			return err
		}
		now := s.now()
		if err := store.SaveIntakeApplication(ctx, q, p.PracticeID, store.IntakeApplication{RequestID: v.Request.ID, AppliedBy: p.StaffID,
			AppliedAt: now, Fields: used}); err != nil {
			return err
		}
		e := s.chartEvent(p, "chart.intake.apply", v.Chart.ID)
		e.RecordType, e.RecordID, e.Detail = "document_request", v.Request.ID, strings.Join(used, " ")
		return s.Audit.Append(ctx, q, e)
	})
	if err != nil {
		return model.Client{}, fmt.Errorf("documents: apply intake: %w", s.Charts.AuditDenied(ctx, p, "chart.intake.apply", chartID, err))
	}
	return out, nil
}

// intakeChange builds the chart change of the chosen rows, with the values staff corrected.
func intakeChange(v IntakeReview, in ApplyInput) (model.ClientChange, []string, error) {
	ch := model.ClientChange{ConfirmAdultMinor: in.ConfirmAdultMinor}
	problems := model.Problems{}
	rows := map[string]IntakeRow{}
	parts := map[string]bool{}
	for _, r := range v.Rows {
		rows[r.Key] = r
		for _, pt := range r.Parts {
			parts[pt.Field] = true
		}
	}
	for k := range in.Values {
		if !parts[k] {
			problems.Add("values", fmt.Sprintf("%q is not a chart field this intake fills.", k))
		}
	}
	var used []string
	for _, key := range in.Use {
		r, ok := rows[key]
		switch {
		case !ok:
			problems.Add("use", fmt.Sprintf("%q is not a question of this intake that the chart has a place for.", key))
			continue
		case r.Answer == "":
			problems.Add("use", "“"+r.Label+"” was not answered: there is nothing to copy.")
			continue
		case slices.Contains(used, key):
			continue
		}
		m, _ := intakeFieldByID(key)
		vals := map[string]string{}
		for _, pt := range r.Parts {
			vals[pt.Field] = pt.Proposed
			if x, ok := in.Values[pt.Field]; ok {
				vals[pt.Field] = x
			}
		}
		m.set(&ch, vals, v.Chart)
		used = append(used, key)
	}
	if len(in.Use) == 0 {
		problems.Add("use", "Choose at least one answer to copy to the chart, or leave the chart as it is.")
	}
	return ch, used, problems.Err()
}

// IntakeStates lists a chart's finished built-in intakes that can be applied to it, each with whether it
// was (for the chart's documents list). Staff who never see documents get none.
func (s *Service) IntakeStates(ctx context.Context, p model.Principal, c model.Client, reqs []model.DocumentRequest) (map[string]bool, error) {
	out := map[string]bool{}
	if !readsClinical(p) || c.IsGroup() {
		return out, nil
	}
	intake, err := store.BuiltinTemplateID(ctx, s.Store.R(), p.PracticeID, "intake")
	if err != nil || intake == "" {
		return out, err
	}
	applied, err := store.AppliedIntakes(ctx, s.Store.R(), c.ID)
	if err != nil {
		return nil, err
	}
	for _, r := range reqs {
		if r.TemplateID == intake && r.State.Done() && r.ChartID == c.ID && r.MemberPersonID == "" {
			out[r.ID] = applied[r.ID]
		}
	}
	return out, nil
}
