package demo

import (
	"context"
	"fmt"
	"time"

	"tend/internal/account"
	"tend/internal/audit"
	"tend/internal/documents"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/password"
	"tend/internal/store"
)

// BenchPortalPassword is the password of every portal account BenchPortal makes. It is public on
// purpose: those accounts exist only in a demo, for the load suite (tend bench) to sign in with.
const BenchPortalPassword = "bench-portal-demo-only-42"

// BenchPortal gives n more active individual clients with an email a registered portal account (the
// password BenchPortalPassword) and a PHQ-9 waiting on their chart, for tend bench's portal run. It
// skips the charts that have portal access already (the demo's own portal users), and returns the
// accounts it made. Fewer than n come back when the practice has fewer such clients.
func BenchPortal(ctx context.Context, accounts *account.Service, log *audit.Log, docs *documents.Service, login Login, n int) ([]PortalLogin, error) {
	if n <= 0 {
		return nil, nil
	}
	owner, err := accounts.Login(ctx, login.Email, login.Password, "", "", "")
	if err != nil {
		return nil, fmt.Errorf("demo: bench portal: %w", err)
	}
	p := model.Principal{StaffID: owner.Staff.ID, PracticeID: owner.Staff.PracticeID, Role: owner.Staff.Role}
	phq9, err := phq9Template(ctx, docs, p)
	if err != nil {
		return nil, err
	}
	st := accounts.Store
	cs, err := store.ActiveIndividualsWithEmail(ctx, st.R(), p.PracticeID, n+60)
	if err != nil {
		return nil, err
	}
	hash, err := password.Hash(BenchPortalPassword) // one hash for all: the same public password
	if err != nil {
		return nil, err
	}
	now := accounts.Now().UTC()
	var out []PortalLogin
	for _, c := range cs {
		if len(out) == n {
			break
		}
		if has, err := store.PortalAccessOfChart(ctx, st.R(), c.ID); err != nil || len(has) > 0 {
			if err != nil {
				return nil, err
			}
			continue // a portal user the demo made already (see Portal)
		}
		if err := st.Tx(ctx, func(q store.Q) error { return benchAccount(ctx, q, p.PracticeID, c, hash, now) }); err != nil {
			return nil, fmt.Errorf("demo: bench portal: %w", err)
		}
		if _, err := docs.ManageDocuments(ctx, p, c.ID, documents.ManageInput{TemplateIDs: []string{phq9}}); err != nil {
			return nil, fmt.Errorf("demo: bench portal: %w", err)
		}
		out = append(out, PortalLogin{Email: c.Email, Password: BenchPortalPassword, ChartID: c.ID})
	}
	err = st.Tx(ctx, func(q store.Q) error {
		return log.Append(ctx, q, model.AuditEvent{PracticeID: p.PracticeID, At: now, ActorType: model.ActorSystem,
			Action: "demo.bench_portal", RecordType: "portal_access", Detail: fmt.Sprintf("registered=%d", len(out))})
	})
	if err != nil {
		return nil, fmt.Errorf("demo: bench portal: %w", err)
	}
	return out, nil
}

// benchAccount registers a portal account with active access to the client's own chart.
func benchAccount(ctx context.Context, q store.Q, practiceID string, c model.Client, hash string, now time.Time) error {
	acct := model.PortalAccount{ID: id.New(), Email: c.Email, Name: c.Name(), CreatedAt: now}
	if err := store.InsertPortalAccount(ctx, q, acct, hash); err != nil {
		return err
	}
	a := model.PortalAccess{ID: id.New(), PracticeID: practiceID, ChartID: c.ID, PersonID: c.PersonID, Role: model.AccessSelf,
		Permissions: model.DefaultFeatures(), Email: c.Email, State: model.AccessActive, AccountID: acct.ID, CreatedAt: now}
	if err := store.InsertPortalAccess(ctx, q, a); err != nil {
		return err
	}
	inv := model.Invitation{ID: id.New(), Kind: model.InvitationLink, SentAt: now, ExpiresAt: now.Add(7 * 24 * time.Hour)}
	if err := store.InsertInvitation(ctx, q, practiceID, a.ID, "", inv, id.HashToken(id.Token(32))); err != nil {
		return err
	}
	if err := store.UseInvitation(ctx, q, a.ID, now); err != nil {
		return err
	}
	return store.RefreshPortalState(ctx, q, c.ID)
}

// phq9Template is the id of the practice's built-in PHQ-9.
func phq9Template(ctx context.Context, docs *documents.Service, p model.Principal) (string, error) {
	ts, err := docs.Templates(ctx, p, false)
	if err != nil {
		return "", fmt.Errorf("demo: templates: %w", err)
	}
	for _, t := range ts {
		if t.BuiltinKey == "phq9" {
			return t.ID, nil
		}
	}
	return "", fmt.Errorf("demo: the built-in PHQ-9 is missing")
}
