package account

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/password"
	"tend/internal/store"
)

// PracticeInput creates a practice with its owner: from first-run setup or `tend practice add`.
type PracticeInput struct {
	PracticeName string
	TimeZone     string
	OwnerName    string
	OwnerEmail   string
	Password     string
}

// Normalize trims the free-text fields.
func (in *PracticeInput) Normalize() {
	in.PracticeName = strings.TrimSpace(in.PracticeName)
	in.TimeZone = strings.TrimSpace(in.TimeZone)
	in.OwnerName = strings.TrimSpace(in.OwnerName)
	in.OwnerEmail = strings.TrimSpace(in.OwnerEmail)
}

// Validate checks every field; names match the setup form and the API.
func (in PracticeInput) Validate() error {
	p := model.Problems{}
	model.ValidatePracticeName(p, "practice_name", in.PracticeName)
	model.ValidateTimeZone(p, "time_zone", in.TimeZone)
	model.ValidatePersonName(p, "name", in.OwnerName)
	model.ValidateEmail(p, "email", in.OwnerEmail, true)
	if msg := password.Check(in.Password, in.OwnerEmail, in.OwnerName); msg != "" {
		p.Add("password", msg)
	}
	return p.Err()
}

// NeedsSetup reports whether the installation has not been set up yet.
func (s *Service) NeedsSetup(ctx context.Context) (bool, error) {
	done, err := store.InstallationSetUp(ctx, s.Store.R())
	return !done, err
}

// Setup creates the first practice and its owner. It is refused with ErrAlreadySetUp once done.
func (s *Service) Setup(ctx context.Context, in PracticeInput, ip string) (model.Practice, model.Staff, error) {
	return s.createPractice(ctx, in, ip, true)
}

// AddPractice adds a further practice with its owner to the installation (hosts run many).
func (s *Service) AddPractice(ctx context.Context, in PracticeInput) (model.Practice, model.Staff, error) {
	return s.createPractice(ctx, in, "", false)
}

func (s *Service) createPractice(ctx context.Context, in PracticeInput, ip string, firstSetup bool) (model.Practice, model.Staff, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return model.Practice{}, model.Staff{}, err
	}
	hash, err := s.Passwords.Hash(in.Password)
	if err != nil {
		return model.Practice{}, model.Staff{}, err
	}
	now := s.now()
	pr := model.Practice{
		ID: id.New(), Name: in.PracticeName, TimeZone: in.TimeZone,
		IdleTimeout: model.DefaultIdleMinutes * time.Minute, DateFormat: model.DefaultDateFormat, CreatedAt: now,
	}
	owner := model.Staff{
		ID: id.New(), PracticeID: pr.ID, Email: in.OwnerEmail, Name: in.OwnerName,
		Role: model.RoleOwner, Active: true, CreatedAt: now, UpdatedAt: now,
	}
	err = s.Store.Tx(ctx, func(q store.Q) error {
		if err := store.MarkInstallationSetUp(ctx, q, now, !firstSetup); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return ErrAlreadySetUp
			}
			return err
		}
		slug, err := freeSlug(ctx, q, model.Slugify(pr.Name))
		if err != nil {
			return err
		}
		pr.Slug = slug
		if err := store.InsertPractice(ctx, q, pr); err != nil {
			return err
		}
		if err := store.InsertStaff(ctx, q, owner, hash); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return &model.ConflictError{Field: "email", Message: "A staff account with this email already exists. Use another email, or sign in with that account."}
			}
			return err
		}
		p := model.Principal{StaffID: owner.ID, PracticeID: pr.ID, Role: owner.Role, IP: ip}
		action := "practice.create"
		if firstSetup {
			action = "installation.setup"
		}
		if err := s.Audit.Append(ctx, q, s.event(p, action, "practice", pr.ID)); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, s.event(p, "staff.create", "staff", owner.ID))
	})
	if err != nil {
		return model.Practice{}, model.Staff{}, fmt.Errorf("account: create practice: %w", err)
	}
	return pr, owner, nil
}

// freeSlug returns base, or base-2, base-3… whichever is not taken yet.
func freeSlug(ctx context.Context, q store.Q, base string) (string, error) {
	for i := 1; i < 1000; i++ {
		slug := base
		if i > 1 {
			slug = fmt.Sprintf("%s-%d", base, i)
		}
		_, err := store.PracticeBySlug(ctx, q, slug)
		if errors.Is(err, model.ErrNotFound) {
			return slug, nil
		}
		if err != nil {
			return "", err
		}
	}
	return "", errors.New("account: no free practice slug")
}
