package documents

import (
	"context"

	"tend/internal/model"
	"tend/internal/store"
)

// onFileNote is added to a question filled in from the chart, for the client to confirm.
const onFileNote = "Filled in from what your practice has on file: check it, and change it if it is not right."

// onFile shapes built-in intake requests for the person filling them in (issue 13, item 10): the intake
// no longer asks what the chart already holds. The questions the chart answers are left out, or, when
// the practice wants clients to confirm those details (Practice.IntakeConfirmsOnFile), shown filled in
// from the chart. Only the chart's own client is asked this way: a couple or family member's request is
// left as it is. It reads each practice's intake template and each chart once.
type onFile struct {
	intakeID map[string]string // by practice
	charts   map[string]model.Client
}

func newOnFile() *onFile {
	return &onFile{intakeID: map[string]string{}, charts: map[string]model.Client{}}
}

// shape changes r for the person who fills it in; pr is its practice.
func (o *onFile) shape(ctx context.Context, q store.Q, pr model.Practice, r *model.DocumentRequest) error {
	intake, ok := o.intakeID[pr.ID]
	if !ok {
		var err error
		if intake, err = store.BuiltinTemplateID(ctx, q, pr.ID, "intake"); err != nil {
			return err
		}
		o.intakeID[pr.ID] = intake
	}
	if intake == "" || r.TemplateID != intake || r.MemberPersonID != "" {
		return nil
	}
	c, ok := o.charts[r.ChartID]
	if !ok {
		var err error
		if c, err = store.ClientByID(ctx, q, pr.ID, r.ChartID); err != nil {
			return err
		}
		o.charts[r.ChartID] = c
	}
	if c.IsGroup() {
		return nil
	}
	if r.Answers == nil {
		r.Answers = map[string]string{}
	}
	kept := make([]model.Field, 0, len(r.Fields))
	for _, f := range r.Fields {
		m, mapped := intakeFieldByID(f.ID)
		switch {
		case !mapped || !m.held(c) || r.Answers[f.ID] != "":
			// Not the chart's, not on file, or already answered: asked (or shown) as it is.
		case !r.State.Open():
			continue // a finished intake shows what was asked
		case pr.IntakeConfirmsOnFile:
			if v, msg := f.CheckAnswer(m.asAnswer(c)); msg == "" && v != "" {
				r.Answers[f.ID] = v
				f.Help = onFileNote
			}
		default:
			continue // on file: not asked again
		}
		kept = append(kept, f)
	}
	r.Fields = kept
	return nil
}
