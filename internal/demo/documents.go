package demo

import (
	"context"
	"fmt"
	"time"

	"tend/internal/account"
	"tend/internal/clientportal"
	"tend/internal/documents"
	"tend/internal/model"
)

// Documents gives the demo client with a portal account a history of PHQ-9s over the last weeks (so the
// score chart and Needs attention have something to show) and an intake waiting in the portal. It goes
// through the real use cases on a clock set back to each moment, so every document was requested before
// it was started and finished, and reviewed after.
func Documents(ctx context.Context, accounts *account.Service, portal *clientportal.Service, docs *documents.Service, login Login) error {
	if login.Portal.Email == "" {
		return nil
	}
	owner, err := accounts.Login(ctx, login.Email, login.Password, "", "", "")
	if err != nil {
		return fmt.Errorf("demo: documents: %w", err)
	}
	p := model.Principal{StaffID: owner.Staff.ID, PracticeID: owner.Staff.PracticeID, Role: owner.Staff.Role}
	pl, err := portal.Login(ctx, login.Portal.Email, login.Portal.Password, "", "", "")
	if err != nil {
		return fmt.Errorf("demo: documents: %w", err)
	}
	pp, err := portal.Authenticate(ctx, pl.Token, "")
	if err != nil {
		return err
	}
	home, err := portal.Home(ctx, pp)
	if err != nil || len(home.Charts) == 0 {
		return err
	}
	chartID := home.Charts[0].ChartID
	ts, err := docs.Templates(ctx, p, false)
	if err != nil {
		return err
	}
	ids := map[string]string{}
	for _, t := range ts {
		ids[t.BuiltinKey] = t.ID
	}
	now := docs.Now()
	// at is the documents service with its clock at t: what it records happened then.
	at := func(t time.Time) *documents.Service {
		d := *docs
		d.Now = func() time.Time { return t }
		return &d
	}
	// Three PHQ-9s three weeks apart, improving: 14, 9, then 5 points, the last one finished an hour ago.
	// Each was sent two days before it was answered; staff reviewed the first two the next day.
	for i, pts := range [][]int{{2, 2, 2, 2, 2, 1, 1, 2, 0}, {1, 2, 1, 1, 1, 1, 1, 1, 0}, {1, 1, 1, 1, 0, 0, 1, 0, 0}} {
		done := now.Add(-time.Hour - time.Duration(2-i)*3*7*24*time.Hour)
		rs, err := at(done.Add(-48*time.Hour)).ManageDocuments(ctx, p, chartID, documents.ManageInput{TemplateIDs: []string{ids["phq9"]}})
		if err != nil {
			return err
		}
		answers := map[string]string{}
		for j, v := range pts {
			answers[fmt.Sprintf("item%d", j+1)] = []string{"Not at all", "Several days", "More than half the days", "Nearly every day"}[v]
		}
		if _, err := at(done).Submit(ctx, pp, rs[0].ID, answers); err != nil {
			return err
		}
		if i < 2 {
			if _, err := at(done.Add(24*time.Hour)).MarkReviewed(ctx, p, chartID, rs[0].ID); err != nil {
				return err
			}
		}
	}
	_, err = docs.ManageDocuments(ctx, p, chartID, documents.ManageInput{TemplateIDs: []string{ids["intake"]}})
	return err
}
