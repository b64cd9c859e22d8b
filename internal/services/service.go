// Package services holds the use cases of a practice's services (issue 16): what its sessions are booked
// and billed as, with a name, a CPT code, a default duration, a rate in integer cents and whether it is
// a group service. Everyone in the practice reads the list; owners and admins keep it (package authz,
// resource Services). Every change is audited with ids only.
package services

import (
	"context"
	"fmt"
	"time"

	"tend/internal/audit"
	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// Service runs the services use cases.
type Service struct {
	Store *store.Store
	Audit *audit.Log
	Now   func() time.Time
}

// Caps are what a person may do with the practice's services, for pages and API answers.
type Caps struct {
	Manage bool // add, edit, archive, restore
}

// CapsOf answers Caps for p.
func CapsOf(p model.Principal) Caps {
	return Caps{Manage: authz.PracticeWide(p, authz.Change, authz.Services)}
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Millisecond) }

// event is the audit event of a change to a service.
func (s *Service) event(p model.Principal, action, serviceID string) model.AuditEvent {
	return audit.StaffEvent(p, s.now(), action, "", "service", serviceID)
}

func decide(p model.Principal, act authz.Action) error {
	return authz.Decide(authz.Who{Principal: p}, act, authz.On(authz.Services))
}

// List returns the practice's services by name: those offered, and the archived ones too when asked.
func (s *Service) List(ctx context.Context, p model.Principal, withArchived bool) ([]model.Service, error) {
	if err := decide(p, authz.List); err != nil {
		return nil, fmt.Errorf("services: list: %w", err)
	}
	out, err := store.ListServices(ctx, s.Store.R(), p.PracticeID, withArchived)
	if err != nil {
		return nil, fmt.Errorf("services: list: %w", err)
	}
	return out, nil
}

// Get returns one service of the practice; another practice's answers model.ErrNotFound like a missing one.
func (s *Service) Get(ctx context.Context, p model.Principal, serviceID string) (model.Service, error) {
	if err := decide(p, authz.View); err != nil {
		return model.Service{}, fmt.Errorf("services: get: %w", err)
	}
	if !id.Valid(serviceID) {
		return model.Service{}, fmt.Errorf("services: get: %w", model.ErrNotFound)
	}
	sv, err := store.ServiceByID(ctx, s.Store.R(), p.PracticeID, serviceID)
	if err != nil {
		return model.Service{}, fmt.Errorf("services: get: %w", err)
	}
	return sv, nil
}

// Create adds a service; name and duration are required, the rate defaults to 0.
func (s *Service) Create(ctx context.Context, p model.Principal, in model.ServiceInput) (model.Service, error) {
	if err := decide(p, authz.Create); err != nil {
		return model.Service{}, fmt.Errorf("services: create: %w", err)
	}
	now := s.now()
	sv := model.Service{ID: id.New(), PracticeID: p.PracticeID, CreatedAt: now, UpdatedAt: now}
	if err := in.Apply(&sv).Err(); err != nil {
		return model.Service{}, err
	}
	err := s.Store.Tx(ctx, func(q store.Q) error {
		if err := store.InsertService(ctx, q, sv); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, s.event(p, "service.create", sv.ID))
	})
	if err != nil {
		return model.Service{}, fmt.Errorf("services: create: %w", err)
	}
	return sv, nil
}

// Update changes the given fields of a service, nil fields staying, and archives or restores it when
// in.Archived says so: all in one transaction.
func (s *Service) Update(ctx context.Context, p model.Principal, serviceID string, in model.ServiceInput) (model.Service, error) {
	archived := in.Archived
	in.Archived = nil
	if in == (model.ServiceInput{}) && archived != nil {
		return s.SetArchived(ctx, p, serviceID, *archived)
	}
	return s.change(ctx, p, serviceID, "service.update", func(sv *model.Service) error {
		if err := in.Apply(sv).Err(); err != nil {
			return err
		}
		if archived != nil {
			s.archive(sv, *archived)
		}
		return nil
	})
}

// archive sets or clears the service's archived time.
func (s *Service) archive(sv *model.Service, archived bool) {
	switch {
	case archived && !sv.Archived():
		sv.ArchivedAt = s.now()
	case !archived:
		sv.ArchivedAt = time.Time{}
	}
}

// SetArchived archives a service (no longer offered for new appointments; kept on those that used it)
// or restores it.
func (s *Service) SetArchived(ctx context.Context, p model.Principal, serviceID string, archived bool) (model.Service, error) {
	action := "service.restore"
	if archived {
		action = "service.archive"
	}
	return s.change(ctx, p, serviceID, action, func(sv *model.Service) error {
		s.archive(sv, archived)
		return nil
	})
}

// change loads a service, applies edit and stores it with its audit event, in one transaction.
func (s *Service) change(ctx context.Context, p model.Principal, serviceID, action string, edit func(*model.Service) error) (model.Service, error) {
	if err := decide(p, authz.Change); err != nil {
		return model.Service{}, fmt.Errorf("services: %s: %w", action, err)
	}
	if !id.Valid(serviceID) {
		return model.Service{}, fmt.Errorf("services: %s: %w", action, model.ErrNotFound)
	}
	var out model.Service
	err := s.Store.Tx(ctx, func(q store.Q) error {
		sv, err := store.ServiceByID(ctx, q, p.PracticeID, serviceID)
		if err != nil {
			return err
		}
		if err := edit(&sv); err != nil {
			return err
		}
		sv.UpdatedAt = s.now()
		if err := store.UpdateService(ctx, q, sv); err != nil {
			return err
		}
		out = sv
		return s.Audit.Append(ctx, q, s.event(p, action, sv.ID))
	})
	if err != nil {
		return model.Service{}, fmt.Errorf("services: %s: %w", action, err)
	}
	return out, nil
}
