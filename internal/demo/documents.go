package demo

import (
	"context"
	"fmt"
	"time"

	"tend/internal/account"
	"tend/internal/clientportal"
	"tend/internal/documents"
	"tend/internal/model"
	"tend/internal/store"
)

// Documents gives the demo client with a portal account a history of PHQ-9s over the last weeks (so the
// score chart and Needs attention have something to show) and an intake waiting in the portal. It goes
// through the real use cases, then dates the answers back.
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
	// Three PHQ-9s, improving: 14, 9, then 5 points.
	for i, pts := range [][]int{{2, 2, 2, 2, 2, 1, 1, 2, 0}, {1, 2, 1, 1, 1, 1, 1, 1, 0}, {1, 1, 1, 1, 0, 0, 1, 0, 0}} {
		rs, err := docs.ManageDocuments(ctx, p, chartID, documents.ManageInput{TemplateIDs: []string{ids["phq9"]}})
		if err != nil {
			return err
		}
		answers := map[string]string{}
		for j, v := range pts {
			answers[fmt.Sprintf("item%d", j+1)] = []string{"Not at all", "Several days", "More than half the days", "Nearly every day"}[v]
		}
		done, err := docs.Submit(ctx, pp, rs[0].ID, answers)
		if err != nil {
			return err
		}
		back := time.Duration(3-i) * 3 * 7 * 24 * time.Hour // three weeks apart, the last one today
		r := done.DocumentRequest
		r.CompletedAt, r.StartedAt = r.CompletedAt.Add(-back), r.StartedAt.Add(-back)
		if i < 2 {
			r.ReviewedAt, r.ReviewedBy = r.CompletedAt, p.StaffID
		}
		if err := docs.Store.Tx(ctx, func(q store.Q) error { return store.UpdateRequest(ctx, q, r) }); err != nil {
			return err
		}
	}
	_, err = docs.ManageDocuments(ctx, p, chartID, documents.ManageInput{TemplateIDs: []string{ids["intake"]}})
	return err
}
