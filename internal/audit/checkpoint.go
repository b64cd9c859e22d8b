package audit

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sort"
	"sync"
	"time"

	"tend/internal/store"
)

// Checkpoint is a chain's head as it was at a time, kept outside the database: the chain must still
// hold that hash at that position, so removing its newest events (and resetting the head) or rewriting
// it shows, even to someone who holds the key the hashes are made with.
type Checkpoint struct {
	At    time.Time `json:"at"`
	Chain string    `json:"chain"` // the practice id, or "installation"
	Seq   int64     `json:"seq"`
	Hash  string    `json:"hash"`
}

// Checkpointer appends the heads of the chains to a file (one JSON object a line) and to the log.
type Checkpointer struct {
	Store *store.Store
	Path  string // the file, created (owner-only) when missing and only ever appended to
	Now   func() time.Time
	Log   *slog.Logger

	mu      sync.Mutex
	written map[string]string // chain → the hash this process wrote last: an unchanged chain is not repeated
}

// Write appends a checkpoint for every chain whose head moved since this process last wrote one (every
// chain, the first time) and returns how many it wrote.
func (c *Checkpointer) Write(ctx context.Context) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	heads, err := store.AuditChainHeads(ctx, c.Store.R())
	if err != nil {
		return 0, fmt.Errorf("audit: checkpoint: %w", err)
	}
	if c.written == nil {
		c.written = map[string]string{}
	}
	at := c.Now().UTC().Truncate(time.Second)
	var buf bytes.Buffer
	var cps []Checkpoint
	for _, h := range heads {
		if h.Seq == 0 || c.written[h.Chain] == h.Hash {
			continue
		}
		cp := Checkpoint{At: at, Chain: h.Chain, Seq: h.Seq, Hash: h.Hash}
		b, err := json.Marshal(cp)
		if err != nil {
			return 0, fmt.Errorf("audit: checkpoint: %w", err)
		}
		buf.Write(append(b, '\n'))
		cps = append(cps, cp)
	}
	if len(cps) == 0 {
		return 0, nil
	}
	f, err := os.OpenFile(c.Path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return 0, fmt.Errorf("audit: checkpoint: %w", err)
	}
	_, err = f.Write(buf.Bytes())
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, fmt.Errorf("audit: checkpoint: writing %s: %w", c.Path, err)
	}
	for _, cp := range cps {
		c.written[cp.Chain] = cp.Hash
		c.Log.Info("audit checkpoint", "chain", cp.Chain, "seq", cp.Seq, "hash", cp.Hash)
	}
	return len(cps), nil
}

// ReadCheckpoints reads a checkpoint file; a line that is not a checkpoint is an error naming it.
func ReadCheckpoints(path string) ([]Checkpoint, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("audit: reading checkpoints: %w", err)
	}
	defer f.Close()
	var out []Checkpoint
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var cp Checkpoint
		if err := json.Unmarshal(line, &cp); err != nil || cp.Chain == "" || cp.Seq < 1 || cp.Hash == "" {
			return nil, fmt.Errorf("audit: %s line %d is not a checkpoint", path, n)
		}
		out = append(out, cp)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("audit: reading checkpoints: %w", err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("audit: %s holds no checkpoints", path)
	}
	return out, nil
}

// CheckpointError names a checkpoint the chain no longer agrees with.
type CheckpointError struct {
	Checkpoint Checkpoint
	Reason     string
}

func (e *CheckpointError) Error() string {
	return fmt.Sprintf("audit checkpoint not matched: chain %s at sequence %d (checkpoint of %s): %s",
		e.Checkpoint.Chain, e.Checkpoint.Seq, e.Checkpoint.At.Format(time.RFC3339), e.Reason)
}

// VerifyCheckpoints checks that every chain still holds each checkpoint's hash at its position and is
// at least that long. It returns the number of checkpoints checked and a *CheckpointError for each
// chain's earliest one that fails.
func VerifyCheckpoints(ctx context.Context, q store.Q, cps []Checkpoint) (int, error) {
	sort.SliceStable(cps, func(i, j int) bool {
		if cps[i].Chain != cps[j].Chain {
			return cps[i].Chain < cps[j].Chain
		}
		return cps[i].Seq < cps[j].Seq
	})
	var errs []error
	failed := map[string]bool{}
	checked := 0
	for _, cp := range cps {
		if failed[cp.Chain] {
			continue
		}
		checked++
		fail := func(reason string) {
			failed[cp.Chain] = true
			errs = append(errs, &CheckpointError{Checkpoint: cp, Reason: reason})
		}
		head, err := store.AuditChainHeadOf(ctx, q, cp.Chain)
		if errors.Is(err, sql.ErrNoRows) {
			fail("the chain is missing")
			continue
		}
		if err != nil {
			return checked, fmt.Errorf("audit: verifying checkpoints: %w", err)
		}
		if head.Seq < cp.Seq {
			fail(fmt.Sprintf("the chain now ends at sequence %d: events were removed from its end", head.Seq))
			continue
		}
		hashes, err := store.AuditHashesAt(ctx, q, cp.Chain, cp.Seq)
		if err != nil {
			return checked, fmt.Errorf("audit: verifying checkpoints: %w", err)
		}
		switch {
		case len(hashes) == 0:
			fail("the event at that position is missing")
		case len(hashes) > 1 || hashes[0] != cp.Hash:
			fail("the event at that position is not the one the checkpoint recorded: the chain was rewritten")
		}
	}
	return checked, errors.Join(errs...)
}
