package audit_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"tend/internal/audit"
	"tend/internal/model"
)

// heldRecorder counts what reaches it, one by one or together.
type heldRecorder struct {
	one, many, events int
	fail              error
}

func (r *heldRecorder) Record(ctx context.Context, e model.AuditEvent) error {
	r.one++
	r.events++
	return r.fail
}

func (r *heldRecorder) RecordMany(ctx context.Context, es []model.AuditEvent) error {
	r.many++
	r.events += len(es)
	return r.fail
}

// Issue 14 (speed): a request's read events wait in its batch and reach the recorder together, in one
// call; once flushed, later reads are recorded at once; a failure to record comes out of Flush.
// Proves TR-1.
func TestReadBatchRecordsTogether(t *testing.T) {
	t.Parallel()
	e := model.AuditEvent{PracticeID: "p", At: time.Now(), ActorType: model.ActorStaff, Action: "chart.view", Outcome: model.OutcomeSuccess}
	rec := &heldRecorder{}
	ctx, batch := audit.WithReadBatch(context.Background())
	for range 3 {
		if err := audit.RecordRead(ctx, rec, nil, nil, e); err != nil {
			t.Fatal(err)
		}
	}
	if rec.events != 0 {
		t.Fatalf("before the flush: %d events recorded, want them held", rec.events)
	}
	if err := batch.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if rec.many != 1 || rec.one != 0 || rec.events != 3 {
		t.Errorf("flush: %d calls together, %d one by one, %d events; want 1, 0, 3", rec.many, rec.one, rec.events)
	}
	if err := audit.RecordRead(ctx, rec, nil, nil, e); err != nil || rec.one != 1 || rec.events != 4 {
		t.Errorf("a read after the flush: err %v, %d one by one, %d events; want it recorded at once", err, rec.one, rec.events)
	}

	broken := &heldRecorder{fail: errors.New("disk full")}
	ctx, batch = audit.WithReadBatch(context.Background())
	if err := audit.RecordRead(ctx, broken, nil, nil, e); err != nil {
		t.Fatal(err)
	}
	if err := batch.Flush(ctx); err == nil {
		t.Error("a failing recorder: Flush answered no error")
	}
}
