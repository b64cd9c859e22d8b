package clients

import (
	"context"
	"errors"
	"fmt"
	"tend/internal/authz"
	"time"

	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// maxBulk bounds one bulk action.
const maxBulk = 100_000

// Chunk sizes: how many charts one transaction of a bulk action changes. On SQLite every other write
// waits for the running chunk, so a chunk must stay well under the 250 ms other writes may wait
// (issue 11, item 5); a delete touches many more rows per chart than a change of state. A background
// run starts with these and then sizes each chunk to take about bulkChunkTime, so a slow or busy
// machine gets smaller chunks rather than longer waits.
const (
	bulkStateChunk  = 100
	bulkDeleteChunk = 20
	bulkChunkTime   = 40 * time.Millisecond
	// bulkInline is the most charts changed within the request, in one transaction (all or none);
	// more run in the background as a BulkOperation, chunk by chunk, with progress shown.
	bulkInline = 250
)

// BulkResult is what a bulk action did: when it ran at once, how many charts it applied to (those
// already as asked included, as before); otherwise the operation that runs it in the background.
type BulkResult struct {
	Changed   int
	Operation *model.BulkOperation
}

// Bulk applies one action to many charts (LS-5). Every chart is checked first, so a choice that
// includes a chart the person may not change, or one that cannot take the action, changes nothing.
// Charts already in the target state are left as they are. A few hundred charts change at once, in
// one transaction; more run in the background in short chunks (see RunBulk), so the rest of the
// installation keeps writing meanwhile. For delete, confirm must be the number of charts, typed by
// the person.
func (s *Service) Bulk(ctx context.Context, p model.Principal, action string, ids []string, confirm int) (BulkResult, error) {
	if action == ActionTag || action == ActionUntag {
		return BulkResult{}, model.FieldError("action", "Choose deactivate, archive or delete.")
	}
	return s.bulk(ctx, p, action, "", ids, confirm)
}

// Bulk actions on tags, besides the lifecycle actions.
const (
	ActionTag   = "tag"
	ActionUntag = "untag"
)

// Tag adds (or, with remove set, takes away) a tag on many charts, like Bulk: every chart is checked
// first; a few hundred change in one transaction, more in the background.
func (s *Service) Tag(ctx context.Context, p model.Principal, tagID string, ids []string, remove bool) (BulkResult, error) {
	action := ActionTag
	if remove {
		action = ActionUntag
	}
	return s.bulk(ctx, p, action, tagID, ids, 0)
}

func (s *Service) bulk(ctx context.Context, p model.Principal, action, tagID string, ids []string, confirm int) (BulkResult, error) {
	switch {
	case len(ids) == 0:
		return BulkResult{}, model.FieldError("ids", "Choose at least one client.")
	case len(ids) > maxBulk:
		return BulkResult{}, model.FieldError("ids", "Choose at most 100,000 clients at a time.")
	case action == ActionDelete && confirm != len(ids):
		return BulkResult{}, model.FieldError("confirm", fmt.Sprintf("Type %d to confirm that %d clients are deleted for good.", len(ids), len(ids)))
	}
	if _, _, ok := targetState(action); !ok && action != ActionDelete && action != ActionTag && action != ActionUntag {
		return BulkResult{}, model.FieldError("action", "Choose deactivate, archive or delete.")
	}
	if action == ActionTag || action == ActionUntag {
		if err := s.checkTag(ctx, p, tagID); err != nil {
			return BulkResult{}, err
		}
	}
	ids = unique(ids)
	audited := "chart." + action
	if action == ActionTag || action == ActionUntag {
		audited = "chart.update" // as a change of tags on one chart is
	}
	if err := s.checkBulk(ctx, p, action, ids); err != nil {
		return BulkResult{}, fmt.Errorf("clients: bulk %s: %w", action, s.auditDenied(ctx, p, audited, "", err))
	}
	if len(ids) <= bulkInline {
		var outside []string
		err := s.Store.Tx(ctx, func(q store.Q) error {
			a, err := s.accessFor(ctx, q, p)
			if err != nil {
				return err
			}
			if outside, err = s.bulkFilesOutside(ctx, q, action, ids); err != nil {
				return err
			}
			_, err = s.bulkChunk(ctx, q, a, action, tagID, ids, true)
			return err
		})
		if err != nil {
			return BulkResult{}, fmt.Errorf("clients: bulk %s: %w", action, s.auditDenied(ctx, p, audited, "", err))
		}
		return BulkResult{Changed: len(ids)}, s.removeFiles(ctx, outside)
	}
	now := s.Now().UTC()
	op := model.BulkOperation{ID: id.New(), PracticeID: p.PracticeID, ActorID: p.StaffID, ActorRole: p.Role, ActorIP: p.IP,
		Action: action, TagID: tagID, ChartIDs: ids, Total: len(ids), State: model.BulkQueued, CreatedAt: now, UpdatedAt: now}
	err := s.Store.Tx(ctx, func(q store.Q) error {
		if err := store.InsertBulkOperation(ctx, q, op); err != nil {
			return err
		}
		if s.QueueBulk != nil {
			return s.QueueBulk(ctx, q, op)
		}
		return nil
	})
	if err != nil {
		return BulkResult{}, fmt.Errorf("clients: bulk %s: %w", action, err)
	}
	if s.QueueBulk == nil {
		if err := s.RunBulk(ctx, op.ID); err != nil {
			return BulkResult{}, err
		}
		if op, err = store.BulkOperationByID(ctx, s.Store.R(), p.PracticeID, op.ID); err != nil {
			return BulkResult{}, fmt.Errorf("clients: bulk %s: %w", action, err)
		}
	}
	op.ChartIDs = nil
	return BulkResult{Operation: &op}, nil
}

// unique drops repeated ids, keeping the first of each.
func unique(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := make([]string, 0, len(ids))
	for _, v := range ids {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// checkTag checks that a tag to put on or take off charts is one of the practice's.
func (s *Service) checkTag(ctx context.Context, p model.Principal, tagID string) error {
	if !id.Valid(tagID) {
		return model.FieldError("tag_id", "Choose a tag from this practice's list.")
	}
	if _, err := store.TagByID(ctx, s.Store.R(), p.PracticeID, tagID); err != nil {
		if isNotFound(err) {
			return model.FieldError("tag_id", "Choose a tag from this practice's list.")
		}
		return err
	}
	return nil
}

// checkBulk checks every chosen chart before anything changes, on the reader pool (so a check of
// thousands of charts never holds the writer): each exists and is visible, may be changed (or deleted)
// by p, and can take the action.
func (s *Service) checkBulk(ctx context.Context, p model.Principal, action string, ids []string) error {
	a, err := s.accessFor(ctx, s.Store.R(), p)
	if err != nil {
		return err
	}
	if action == ActionDelete && !a.canDelete() {
		return model.ErrForbidden
	}
	to, from, _ := targetState(action)
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		for _, v := range chunk {
			if !id.Valid(v) {
				return fmt.Errorf("clients: malformed chart id: %w", model.ErrNotFound)
			}
		}
		states, err := store.ChartStates(ctx, s.Store.R(), p.PracticeID, chunk)
		if err != nil {
			return err
		}
		for _, v := range chunk {
			st, ok := states[v]
			switch {
			case !ok:
				return fmt.Errorf("clients: chart %s: %w", v, model.ErrNotFound)
			case !a.seesAssigned(st.ClinicianID):
				return &hiddenError{chartID: v}
			case action == ActionDelete:
			case !a.canChange(model.Client{AssignedClinicianID: st.ClinicianID}):
				return model.ErrForbidden
			case action == ActionTag || action == ActionUntag:
			case st.State != to && !allows(from, st.State):
				c, err := store.ClientByID(ctx, s.Store.R(), p.PracticeID, v)
				if err != nil {
					return err
				}
				return &model.ValidationError{Message: fmt.Sprintf("%s is %s, so it cannot be %s.", c.Name(), c.Status().Label(), pastTense(action))}
			}
		}
	}
	return nil
}

func allows(from []model.RecordState, st model.RecordState) bool {
	for _, f := range from {
		if f == st {
			return true
		}
	}
	return false
}

// bulkChunk applies the action to a few hundred charts inside q, with one statement for the change of
// state and the audit events (one per changed chart) inserted together, and returns how many changed.
// strict refuses the whole chunk when a chart is missing or cannot take the action; otherwise such
// charts (changed by someone else since the action was asked for) are passed over.
func (s *Service) bulkChunk(ctx context.Context, q store.Q, a access, action, tagID string, ids []string, strict bool) (int, error) {
	switch action {
	case ActionDelete:
		return s.bulkDelete(ctx, q, a, ids, strict)
	case ActionTag, ActionUntag:
		return s.bulkTag(ctx, q, a, tagID, ids, action == ActionUntag, strict)
	}
	to, from, ok := targetState(action)
	if !ok {
		return 0, model.FieldError("action", "Choose deactivate, reactivate, archive, restore or delete.")
	}
	states, err := store.ChartStates(ctx, q, a.p.PracticeID, ids)
	if err != nil {
		return 0, err
	}
	var change []string
	for _, v := range ids {
		st, ok := states[v]
		switch {
		case !ok || !a.seesAssigned(st.ClinicianID):
			if strict {
				return 0, &hiddenError{chartID: v}
			}
		case !a.canChange(model.Client{AssignedClinicianID: st.ClinicianID}):
			if strict {
				return 0, model.ErrForbidden
			}
		case st.State == to:
			// already as asked: a bulk action leaves it be
		case !allows(from, st.State):
			if strict {
				return 0, &model.ValidationError{Message: "A chosen client was changed meanwhile; nothing was changed. Try again."}
			}
		default:
			change = append(change, v)
		}
	}
	now := s.Now().UTC()
	if _, err := store.SetChartStates(ctx, q, a.p.PracticeID, change, to, now); err != nil {
		return 0, err
	}
	events := make([]model.AuditEvent, 0, len(change))
	for _, v := range change {
		if action == ActionRestore {
			// ST-3: a registered person consented to the chart before it was archived; they are asked again.
			if _, err := store.EndRegisteredAccess(ctx, q, v, now); err != nil {
				return 0, err
			}
			if err := store.RefreshPortalState(ctx, q, v); err != nil {
				return 0, err
			}
		}
		events = append(events, s.event(a.p, "chart."+action, v))
	}
	return len(change), s.Audit.AppendMany(ctx, q, events)
}

// bulkDelete deletes charts for good (ST-4), one by one (a delete reaches contacts, members and portal
// access), with their audit events inserted together.
func (s *Service) bulkDelete(ctx context.Context, q store.Q, a access, ids []string, strict bool) (int, error) {
	if !a.canDelete() {
		return 0, model.ErrForbidden
	}
	var events []model.AuditEvent
	for _, v := range ids {
		c, err := s.load(ctx, q, a, v)
		if !strict && isNotFound(err) {
			continue // deleted meanwhile
		}
		if err != nil {
			return 0, err
		}
		groups, err := store.GroupsOf(ctx, q, c.ID)
		if err != nil {
			return 0, err
		}
		if err := store.DeleteClient(ctx, q, c); err != nil {
			return 0, err
		}
		// CT-3: the client leaves every group; a group left with one member is flagged, not deleted.
		if err := s.refreshGroupsOf(ctx, q, a.p.PracticeID, groups); err != nil {
			return 0, err
		}
		events = append(events, s.event(a.p, "chart.delete", c.ID))
	}
	return len(events), s.Audit.AppendMany(ctx, q, events)
}

// bulkTag puts a tag on (or takes it off) charts one by one (their search text changes with their tags),
// with their audit events inserted together.
func (s *Service) bulkTag(ctx context.Context, q store.Q, a access, tagID string, ids []string, remove, strict bool) (int, error) {
	tag, err := store.TagByID(ctx, q, a.p.PracticeID, tagID)
	if err != nil {
		if isNotFound(err) {
			return 0, model.FieldError("tag_id", "The tag was deleted meanwhile.")
		}
		return 0, err
	}
	now := s.Now().UTC()
	var events []model.AuditEvent
	for _, v := range ids {
		c, err := s.load(ctx, q, a, v)
		if !strict && isNotFound(err) {
			continue // deleted meanwhile
		}
		if err != nil {
			return 0, err
		}
		if !a.canChange(c) {
			if strict {
				return 0, model.ErrForbidden
			}
			continue
		}
		var tags []model.Tag
		has := false
		for _, t := range c.Tags {
			if t.ID == tag.ID {
				has = true
				if remove {
					continue
				}
			}
			tags = append(tags, t)
		}
		if has != remove {
			continue // already as asked
		}
		if !remove {
			tags = append(tags, tag)
		}
		c.Tags, c.UpdatedAt = tags, now
		if err := store.SetChartTags(ctx, q, c.ID, tagIDsOf(tags)); err != nil {
			return 0, err
		}
		if err := store.UpdateClient(ctx, q, c); err != nil {
			return 0, err
		}
		e := s.event(a.p, "chart.update", c.ID)
		e.Detail = "tags"
		events = append(events, e)
	}
	return len(events), s.Audit.AppendMany(ctx, q, events)
}

// RunBulk works through a bulk operation chunk by chunk, each chunk and its progress in one short
// transaction, until every chart is done. It resumes where an earlier run stopped, and does nothing
// for a finished operation, so a job may call it again after a crash or a failure.
func (s *Service) RunBulk(ctx context.Context, opID string) error {
	op, err := store.BulkOperationByID(ctx, s.Store.R(), "", opID)
	if err != nil {
		return fmt.Errorf("clients: bulk run: %w", err)
	}
	if op.Finished() {
		return nil
	}
	size := bulkStateChunk
	if op.Action == ActionDelete {
		size = bulkDeleteChunk
	}
	for op.Done < op.Total {
		chunk := op.ChartIDs[op.Done:min(op.Done+size, op.Total)]
		next := op
		start := time.Now()
		var outside []string
		err := s.Store.Tx(ctx, func(q store.Q) error {
			p, err := s.bulkActor(ctx, q, op)
			if err != nil {
				return err
			}
			a, err := s.accessFor(ctx, q, p)
			if err != nil {
				return err
			}
			if outside, err = s.bulkFilesOutside(ctx, q, op.Action, chunk); err != nil {
				return err
			}
			n, err := s.bulkChunk(ctx, q, a, op.Action, op.TagID, chunk, false)
			if err != nil {
				return err
			}
			next.Done, next.Changed, next.State, next.Error = op.Done+len(chunk), op.Changed+n, model.BulkRunning, ""
			if next.Done == next.Total {
				next.State = model.BulkDone
			}
			next.UpdatedAt = s.Now().UTC()
			return store.SetBulkProgress(ctx, q, next, op.Done)
		})
		if errors.Is(err, store.ErrBulkMoved) {
			// Another run (a job taken over after its lease ran out) got further: carry on from there.
			if op, err = store.BulkOperationByID(ctx, s.Store.R(), "", opID); err != nil {
				return fmt.Errorf("clients: bulk run: %w", err)
			}
			if op.Finished() || len(op.ChartIDs) < op.Total {
				return nil // the other run finished it, or stopped it for good
			}
			continue
		}
		if err != nil {
			return s.bulkFailed(ctx, op, err)
		}
		if err := s.removeFiles(ctx, outside); err != nil {
			return fmt.Errorf("clients: bulk run: %w", err)
		}
		op = next
		size = nextChunk(size, time.Since(start))
		// Keep the write-ahead log short on the run's own time, not in a colleague's next commit.
		if err := s.Store.Checkpoint(ctx); err != nil {
			return fmt.Errorf("clients: bulk run: %w", err)
		}
	}
	return nil
}

// bulkActor is who a bulk run acts as, read afresh for every chunk: the person who started it, with the
// role they have now. Someone deactivated meanwhile stops the run, and a demoted one's run goes on only
// as far as the new role allows, so a queued operation never outlives the rights it was started with.
func (s *Service) bulkActor(ctx context.Context, q store.Q, op model.BulkOperation) (model.Principal, error) {
	st, err := store.StaffByID(ctx, q, op.PracticeID, op.ActorID)
	if errors.Is(err, model.ErrNotFound) || (err == nil && !st.Active) {
		return model.Principal{}, fmt.Errorf("clients: bulk run by %s: %w", op.ActorID, model.ErrForbidden)
	}
	if err != nil {
		return model.Principal{}, err
	}
	return model.Principal{StaffID: st.ID, PracticeID: st.PracticeID, Role: st.Role, IP: op.ActorIP}, nil
}

// nextChunk sizes the next chunk from how long the last one took, aiming at bulkChunkTime: halved when
// it took longer, grown by half when it took less than half, within 20 to 500 charts.
func nextChunk(size int, took time.Duration) int {
	switch {
	case took > bulkChunkTime:
		size /= 2
	case took < bulkChunkTime/2:
		size += size / 2
	}
	return max(20, min(size, 500))
}

// bulkFailed records why a run stopped. A refusal (the person may no longer do this) ends the
// operation; anything else leaves it running, to be resumed when the job is tried again.
func (s *Service) bulkFailed(ctx context.Context, op model.BulkOperation, cause error) error {
	var ve *model.ValidationError
	final := errors.Is(cause, model.ErrForbidden) || errors.As(cause, &ve)
	op.Error, op.UpdatedAt = "Interrupted; it carries on shortly.", s.Now().UTC()
	if final {
		op.State = model.BulkFailed
		op.Error = fmt.Sprintf("Stopped after %d of %d: the person who started it may no longer do this to these clients.", op.Done, op.Total)
	}
	ctx = context.WithoutCancel(ctx) // record the failure even when the run was cancelled
	err := s.Store.Tx(ctx, func(q store.Q) error { return store.SetBulkProgress(ctx, q, op, op.Done) })
	return errors.Join(fmt.Errorf("clients: bulk run %s: %w", op.ID, cause), err)
}

// BulkOperation returns a bulk operation's progress to the person who started it, or to an owner or
// admin of the practice; to anyone else it does not exist.
func (s *Service) BulkOperation(ctx context.Context, p model.Principal, opID string) (model.BulkOperation, error) {
	if !id.Valid(opID) {
		return model.BulkOperation{}, model.ErrNotFound
	}
	op, err := store.BulkOperationByID(ctx, s.Store.R(), p.PracticeID, opID)
	if err != nil {
		return op, fmt.Errorf("clients: bulk operation: %w", err)
	}
	if err := authz.Decide(authz.Who{Principal: p}, authz.View, authz.Target{Resource: authz.BulkOperations, AuthorID: op.ActorID}); err != nil {
		return model.BulkOperation{}, fmt.Errorf("clients: bulk operation %s: %w", opID, model.ErrNotFound)
	}
	op.ChartIDs = nil
	return op, nil
}

// bulkFilesOutside lists, for a bulk deletion, the charts' files whose bytes sit outside the database
// (issue 17, item 2), to remove once the chunk's transaction committed.
func (s *Service) bulkFilesOutside(ctx context.Context, q store.Q, action string, ids []string) ([]string, error) {
	if action != ActionDelete {
		return nil, nil
	}
	var out []string
	for _, chartID := range ids {
		fs, err := s.filesOutside(ctx, q, chartID)
		if err != nil {
			return nil, err
		}
		out = append(out, fs...)
	}
	return out, nil
}
