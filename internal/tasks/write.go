package tasks

import (
	"context"
	"errors"
	"time"

	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// Input is a new task or an edit; nil fields stay as they are.
type Input struct {
	model.TaskChange
	// MemberID is, on a couple or family chart, the member chart whose person the task is for ("" for
	// all members); set only when the task is assigned.
	MemberID *string
	// DocumentRequestID is one of the chart's document requests to go with the task, "" for none.
	DocumentRequestID *string
	// FileID is one of the chart's files to go with the task, "" for none: shared with the client for
	// their tasks, any of the chart's files for a private to-do.
	FileID *string
}

// Create assigns a new task on a chart (or, Private, keeps a staff to-do), and audits it.
func (s *Service) Create(ctx context.Context, p model.Principal, chartID string, in Input) (Detail, error) {
	const action = "chart.task.create"
	var out Detail
	err := s.Store.Tx(ctx, func(q store.Q) error {
		r, err := s.open(ctx, q, p, chartID, authz.Change)
		if err != nil {
			return err
		}
		now := s.now()
		t := model.Task{ID: id.New(), PracticeID: r.chart.PracticeID, ChartID: r.chart.ID, Status: model.TaskOpen, CreatedBy: p.StaffID,
			CreatedAt: now, UpdatedAt: now}
		if err := s.apply(ctx, q, r.chart, &t, in, true); err != nil {
			return err
		}
		if err := store.InsertTask(ctx, q, t); err != nil {
			return err
		}
		if out, err = s.detail(ctx, q, r, t); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, s.event(p, action, r.chart.ID, t.ID))
	})
	if err != nil {
		return Detail{}, s.denied(ctx, p, action, chartID, err)
	}
	return out, nil
}

// apply checks in and puts it on t; fresh is a task being assigned (its member may be chosen).
func (s *Service) apply(ctx context.Context, q store.Q, c model.Client, t *model.Task, in Input, fresh bool) error {
	today, err := s.today(ctx, q, c.PracticeID)
	if err != nil {
		return err
	}
	problems := model.Problems{}
	if err := in.TaskChange.Apply(t, today); err != nil {
		var ve *model.ValidationError
		if errors.As(err, &ve) {
			for k, v := range ve.Fields {
				problems.Add(k, v)
			}
		} else {
			return err
		}
	}
	if in.MemberID != nil && fresh {
		var msg fieldMsg
		if err := memberOf(ctx, q, c, *in.MemberID, t); errors.As(err, &msg) {
			problems.Add("member_id", string(msg))
		} else if err != nil {
			return err
		}
	}
	if in.DocumentRequestID != nil {
		if msg := requestOf(ctx, q, c, *in.DocumentRequestID, t); msg != "" {
			problems.Add("document_request_id", msg)
		}
	}
	if in.FileID != nil || (in.Private != nil && t.FileID != "") {
		fileID := t.FileID
		if in.FileID != nil {
			fileID = *in.FileID
		}
		if msg := fileOf(ctx, q, c, fileID, t); msg != "" {
			problems.Add("file_id", msg)
		}
	}
	return problems.Err()
}

type fieldMsg string

func (m fieldMsg) Error() string { return string(m) }

// memberOf sets the person a group chart's task is for: memberID names a member chart ("" for all).
func memberOf(ctx context.Context, q store.Q, c model.Client, memberID string, t *model.Task) error {
	if memberID == "" {
		t.PersonID = ""
		return nil
	}
	if !c.IsGroup() {
		return fieldMsg("Only a couple or family chart has members to assign a task to.")
	}
	ms, err := store.MembersOf(ctx, q, c.ID)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if m.Client.ID == memberID {
			t.PersonID = m.Client.PersonID
			return nil
		}
	}
	return fieldMsg("Choose a member of this chart, or all members.")
}

// requestOf links one of the chart's document requests ("" for none). On a group chart a member's task
// only goes with that member's or the whole chart's request, so no other member learns of it (PT-12).
func requestOf(ctx context.Context, q store.Q, c model.Client, requestID string, t *model.Task) string {
	if requestID == "" {
		t.DocumentRequestID = ""
		return ""
	}
	const msg = "Choose one of this chart's documents, or none."
	if !id.Valid(requestID) {
		return msg
	}
	rq, err := store.RequestByID(ctx, q, c.PracticeID, requestID)
	switch {
	case err != nil, rq.ChartID != c.ID, rq.State == model.RequestWithdrawn:
		return msg
	case rq.MemberPersonID != "" && rq.MemberPersonID != t.PersonID:
		return "This document is another member's. Choose the member's own document, or one for the whole chart."
	}
	t.DocumentRequestID = rq.ID
	return ""
}

// fileOf links one of the chart's files ("" for none). A task for the client goes only with a file shared
// with the client, so the task never shows what the client may not download; a private to-do may go
// with any of the chart's files.
func fileOf(ctx context.Context, q store.Q, c model.Client, fileID string, t *model.Task) string {
	if fileID == "" {
		t.FileID = ""
		return ""
	}
	const msg = "Choose one of this chart's files, or none."
	if !id.Valid(fileID) {
		return msg
	}
	f, err := store.FileByID(ctx, q, c.PracticeID, fileID)
	switch {
	case err != nil, f.ChartID != c.ID:
		return msg
	case !t.Private && !f.Shared:
		return "The client cannot open this file yet: share it on the Files tab first, or choose a shared file."
	}
	t.FileID = f.ID
	return ""
}

// change runs fn on a task of a chart the person may change, stores it and audits action.
func (s *Service) change(ctx context.Context, p model.Principal, chartID, taskID, action string, fn func(q store.Q, c model.Client, t *model.Task) error) (Detail, error) {
	var out Detail
	err := s.Store.Tx(ctx, func(q store.Q) error {
		r, err := s.open(ctx, q, p, chartID, authz.Change)
		if err != nil {
			return err
		}
		t, err := load(ctx, q, r.chart, taskID)
		if err != nil {
			return err
		}
		if err := fn(q, r.chart, &t); err != nil {
			return err
		}
		t.UpdatedAt = s.now()
		if err := store.UpdateTask(ctx, q, t); err != nil {
			return err
		}
		if out, err = s.detail(ctx, q, r, t); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, s.event(p, action, r.chart.ID, t.ID))
	})
	if err != nil {
		return Detail{}, s.denied(ctx, p, action, chartID, err)
	}
	return out, nil
}

// Update changes a task's title, instructions, due day, privacy or document; its member stays.
func (s *Service) Update(ctx context.Context, p model.Principal, chartID, taskID string, in Input) (Detail, error) {
	return s.change(ctx, p, chartID, taskID, "chart.task.update", func(q store.Q, c model.Client, t *model.Task) error {
		return s.apply(ctx, q, c, t, in, false)
	})
}

// SetDone marks a task done (staff ticking off a to-do, or a task done outside the portal) or reopens
// it; a reopened task keeps the client's reply, so the next completion shows what they said before.
func (s *Service) SetDone(ctx context.Context, p model.Principal, chartID, taskID string, done bool) (Detail, error) {
	action := "chart.task.reopen"
	if done {
		action = "chart.task.done"
	}
	return s.change(ctx, p, chartID, taskID, action, func(_ store.Q, _ model.Client, t *model.Task) error {
		switch {
		case done && !t.Done():
			t.Status, t.DoneAt, t.DoneByStaffID, t.DoneByAccountID = model.TaskDone, s.now(), p.StaffID, ""
		case !done && t.Done():
			t.Status, t.DoneAt, t.DoneByStaffID, t.DoneByAccountID = model.TaskOpen, time.Time{}, "", ""
		}
		return nil
	})
}

// Delete removes a task for good (from the portal too).
func (s *Service) Delete(ctx context.Context, p model.Principal, chartID, taskID string) error {
	const action = "chart.task.delete"
	err := s.Store.Tx(ctx, func(q store.Q) error {
		r, err := s.open(ctx, q, p, chartID, authz.Change)
		if err != nil {
			return err
		}
		t, err := load(ctx, q, r.chart, taskID)
		if err != nil {
			return err
		}
		if err := store.DeleteTask(ctx, q, t.ID); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, s.event(p, action, r.chart.ID, t.ID))
	})
	if err != nil {
		return s.denied(ctx, p, action, chartID, err)
	}
	return nil
}
