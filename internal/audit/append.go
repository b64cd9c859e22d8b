// Package audit writes the append-only, hash-chained audit log, verifies the chain, and lets owners read it.
package audit

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// InstallationChain is the chain of events that belong to no practice (e.g. a failed login for an unknown email).
const InstallationChain = "installation"

// Log appends to and verifies the hash chains. Its hashes are HMAC-SHA-256 keyed with a secret the
// database does not hold, so someone who can write to the database cannot forge a consistent chain.
type Log struct {
	key []byte
}

// NewLog returns a Log whose hashes are keyed with key (derived from the installation's secret).
func NewLog(key []byte) *Log { return &Log{key: key} }

// Append adds e to its practice's chain inside the caller's transaction, so the event and the change
// it records commit together. e.At must be set; ID, Chain, Seq, PrevHash and Hash are filled in here.
func (l *Log) Append(ctx context.Context, q store.Q, e model.AuditEvent) error {
	e, err := prepared(e)
	if err != nil {
		return err
	}
	seq, prev, err := store.AdvanceAuditChain(ctx, q, e.Chain)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	e.Seq, e.PrevHash = seq, prev
	e.Hash = l.Hash(e)
	if err := store.InsertAuditEvent(ctx, q, e); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	if err := store.SetAuditChainHead(ctx, q, e.Chain, e.Hash); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// prepared checks an event before it joins a chain and fills in its outcome, id and chain.
func prepared(e model.AuditEvent) (model.AuditEvent, error) {
	if e.At.IsZero() {
		return e, fmt.Errorf("audit: event %s has no time", e.Action)
	}
	if e.Outcome == "" {
		e.Outcome = model.OutcomeSuccess
	}
	if e.ID == "" {
		e.ID = id.New()
	}
	e.Chain = e.PracticeID
	if e.Chain == "" {
		e.Chain = InstallationChain
	}
	return e, nil
}

// hashed is the exact content covered by an event's hash, in a fixed field order.
type hashed struct {
	ID         string `json:"id"`
	Chain      string `json:"chain"`
	Seq        int64  `json:"seq"`
	PracticeID string `json:"practice_id"`
	At         int64  `json:"at"`
	ActorType  string `json:"actor_type"`
	ActorID    string `json:"actor_id"`
	ActorRole  string `json:"actor_role"`
	Action     string `json:"action"`
	RecordType string `json:"record_type"`
	RecordID   string `json:"record_id"`
	ChartID    string `json:"chart_id"`
	IP         string `json:"ip"`
	Outcome    string `json:"outcome"`
	Detail     string `json:"detail"`
}

// Hash is the hex HMAC-SHA-256 of the previous event's hash, a newline, and the event's content as JSON.
func (l *Log) Hash(e model.AuditEvent) string {
	b, err := json.Marshal(hashed{e.ID, e.Chain, e.Seq, e.PracticeID, e.At.UnixMilli(), e.ActorType, e.ActorID,
		e.ActorRole, e.Action, e.RecordType, e.RecordID, e.ChartID, e.IP, e.Outcome, e.Detail})
	if err != nil {
		panic("audit: marshalling a flat struct of strings cannot fail: " + err.Error())
	}
	h := hmac.New(sha256.New, l.key)
	h.Write([]byte(e.PrevHash))
	h.Write([]byte{'\n'})
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// ReadRecorder durably records the audit event of a read (views, listings): a Batcher (group commit on
// PostgreSQL) or a Spool (SQLite).
type ReadRecorder interface {
	Record(ctx context.Context, e model.AuditEvent) error
}

// RecordRead records the event of a read through rec, or, without one, appends it in its own transaction.
// Within a request's read batch (WithReadBatch) it waits there, to be recorded before the response starts.
func RecordRead(ctx context.Context, rec ReadRecorder, st *store.Store, l *Log, e model.AuditEvent) error {
	if b, _ := ctx.Value(batchKey{}).(*ReadBatch); b != nil && b.hold(heldRead{rec: rec, st: st, log: l, e: e}) {
		return nil
	}
	if rec != nil {
		return rec.Record(ctx, e)
	}
	return st.Tx(ctx, func(q store.Q) error { return l.Append(ctx, q, e) })
}

// AppendMany adds events to their chains inside the caller's transaction, like Append for each in
// turn, but with one chain update per chain and a few hundred rows per insert: a bulk action on
// thousands of charts writes one event per chart without holding the writer for long.
func (l *Log) AppendMany(ctx context.Context, q store.Q, es []model.AuditEvent) error {
	byChain := map[string][]model.AuditEvent{}
	var order []string
	for _, e := range es {
		e, err := prepared(e)
		if err != nil {
			return err
		}
		if _, ok := byChain[e.Chain]; !ok {
			order = append(order, e.Chain)
		}
		byChain[e.Chain] = append(byChain[e.Chain], e)
	}
	for _, chain := range order {
		batch := byChain[chain]
		seq, prev, err := store.ReserveAuditSeqs(ctx, q, chain, len(batch))
		if err != nil {
			return fmt.Errorf("audit: %w", err)
		}
		for i := range batch {
			batch[i].Seq, batch[i].PrevHash = seq+int64(i), prev
			batch[i].Hash = l.Hash(batch[i])
			prev = batch[i].Hash
		}
		if err := store.InsertAuditEvents(ctx, q, batch); err != nil {
			return fmt.Errorf("audit: %w", err)
		}
		if err := store.SetAuditChainHead(ctx, q, chain, prev); err != nil {
			return fmt.Errorf("audit: %w", err)
		}
	}
	return nil
}
