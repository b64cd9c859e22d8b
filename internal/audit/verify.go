package audit

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"tend/internal/model"
	"tend/internal/store"
)

// BrokenError names the first place where a chain does not hold.
type BrokenError struct {
	Chain   string
	Seq     int64  // the sequence number where the break was found
	EventID string // the event at fault, when there is one
	Reason  string
}

func (e *BrokenError) Error() string {
	where := fmt.Sprintf("chain %s at sequence %d", e.Chain, e.Seq)
	if e.EventID != "" {
		where += " (event " + e.EventID + ")"
	}
	return "audit chain broken: " + where + ": " + e.Reason
}

// ChainReport says how many events of one chain were checked.
type ChainReport struct {
	Chain  string
	Events int64
	Head   string // the newest event's hash: record it elsewhere to detect a later truncation
}

// errStop ends a walk early once a break is found.
var errStop = errors.New("stop")

// Verify walks every chain from its first event, recomputing each hash and checking each link to the
// previous event and the stored head. It returns the per-chain counts, or a *BrokenError for the first break.
func (l *Log) Verify(ctx context.Context, q store.Q) ([]ChainReport, error) {
	heads, err := store.AuditChainHeads(ctx, q)
	if err != nil {
		return nil, err
	}
	headOf := map[string]store.AuditChainHead{}
	for _, h := range heads {
		headOf[h.Chain] = h
	}
	chains, err := store.AuditChainsOfEvents(ctx, q)
	if err != nil {
		return nil, err
	}
	for _, c := range chains {
		if _, ok := headOf[c]; !ok {
			return nil, &BrokenError{Chain: c, Seq: 0, Reason: "the chain's head record is missing"}
		}
	}
	practices, err := store.ListPractices(ctx, q)
	if err != nil {
		return nil, err
	}
	for _, p := range practices {
		if _, ok := headOf[p.ID]; !ok {
			// Every practice's chain starts when it is created, so a practice without one lost it.
			return nil, &BrokenError{Chain: p.ID, Seq: 1, Reason: "the practice's whole chain is missing"}
		}
	}
	var reports []ChainReport
	sort.Slice(heads, func(i, j int) bool { return heads[i].Chain < heads[j].Chain })
	for _, h := range heads {
		n, err := l.verifyChain(ctx, q, h)
		if err != nil {
			return reports, err
		}
		reports = append(reports, ChainReport{Chain: h.Chain, Events: n, Head: h.Hash})
	}
	return reports, nil
}

// verifyChain checks one chain up to its head as read before the walk; later events are newer appends.
func (l *Log) verifyChain(ctx context.Context, q store.Q, head store.AuditChainHead) (int64, error) {
	want := int64(1)
	prev := ""
	var broken *BrokenError
	err := store.WalkAuditChain(ctx, q, head.Chain, func(e model.AuditEvent) error {
		if e.Seq > head.Seq {
			return errStop
		}
		switch {
		case e.Seq != want:
			broken = &BrokenError{Chain: head.Chain, Seq: want, Reason: fmt.Sprintf("event %d is missing (the next one found is %d)", want, e.Seq)}
		case e.PrevHash != prev:
			broken = &BrokenError{Chain: head.Chain, Seq: e.Seq, EventID: e.ID, Reason: "it does not link to the event before it"}
		case l.Hash(e) != e.Hash:
			broken = &BrokenError{Chain: head.Chain, Seq: e.Seq, EventID: e.ID, Reason: "its content was changed after it was written"}
		}
		if broken != nil {
			return errStop
		}
		prev = e.Hash
		want++
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return 0, fmt.Errorf("audit: verifying chain %s: %w", head.Chain, err)
	}
	if broken != nil {
		return want - 1, broken
	}
	if want-1 != head.Seq {
		return want - 1, &BrokenError{Chain: head.Chain, Seq: want, Reason: fmt.Sprintf("events %d to %d are missing from the end", want, head.Seq)}
	}
	if prev != head.Hash {
		return want - 1, &BrokenError{Chain: head.Chain, Seq: head.Seq, Reason: "the newest event does not match the chain's head"}
	}
	return want - 1, nil
}
