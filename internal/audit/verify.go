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

// Verify walks every row of every chain from its first event, recomputing each hash and checking each
// link to the previous event and the stored head; a row beyond the head, a gap or a duplicate is a
// break too. It returns the per-chain counts, or a *BrokenError for the first break.
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
		n, newest, err := l.verifyChain(ctx, q, h)
		if err != nil {
			return reports, err
		}
		reports = append(reports, ChainReport{Chain: h.Chain, Events: n, Head: newest})
	}
	return reports, nil
}

// verifyChain checks every row of one chain in sequence order, the rows beyond its head too: the
// head was read before the walk, so a row beyond it must be a genuine append made since (it links and
// its keyed hash holds, and the head has moved past it by the end of the walk) or it was planted.
func (l *Log) verifyChain(ctx context.Context, q store.Q, head store.AuditChainHead) (int64, string, error) {
	want := int64(1)
	prev := ""
	var broken *BrokenError
	err := store.WalkAuditChain(ctx, q, head.Chain, func(e model.AuditEvent) error {
		beyond := e.Seq > head.Seq
		fault := ""
		switch {
		case e.Seq < want:
			fault = fmt.Sprintf("event %d appears more than once", e.Seq)
		case e.Seq != want && (!beyond || want <= head.Seq):
			broken = &BrokenError{Chain: head.Chain, Seq: want, Reason: fmt.Sprintf("event %d is missing (the next one found is %d)", want, e.Seq)}
			return errStop
		case e.Seq != want:
			fault = fmt.Sprintf("it lies beyond the chain's recorded head (sequence %d) after a gap", head.Seq)
		case e.PrevHash != prev:
			fault = "it does not link to the event before it"
		case l.Hash(e) != e.Hash:
			fault = "its hash does not match its content: it was changed after it was written, or not written by Tend"
		case e.Seq == head.Seq && e.Hash != head.Hash:
			fault = "it does not match the chain's head"
		}
		if fault != "" && beyond && e.Seq == want {
			fault = fmt.Sprintf("it lies beyond the chain's recorded head (sequence %d) and %s", head.Seq, fault)
		}
		if fault != "" {
			broken = &BrokenError{Chain: head.Chain, Seq: e.Seq, EventID: e.ID, Reason: fault}
			return errStop
		}
		prev = e.Hash
		want++
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return 0, "", fmt.Errorf("audit: verifying chain %s: %w", head.Chain, err)
	}
	if broken != nil {
		return want - 1, "", broken
	}
	last := want - 1
	if last < head.Seq {
		return last, "", &BrokenError{Chain: head.Chain, Seq: want, Reason: fmt.Sprintf("events %d to %d are missing from the end", want, head.Seq)}
	}
	if last > head.Seq {
		// Rows past the head read before the walk: genuine only if the head has reached them since.
		now, err := store.AuditChainHeadOf(ctx, q, head.Chain)
		if err != nil {
			return last, "", fmt.Errorf("audit: verifying chain %s: %w", head.Chain, err)
		}
		if now.Seq < last {
			return last, "", &BrokenError{Chain: head.Chain, Seq: now.Seq + 1,
				Reason: fmt.Sprintf("events %d to %d lie beyond the chain's recorded head", now.Seq+1, last)}
		}
	}
	return last, prev, nil
}
