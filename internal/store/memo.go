package store

import (
	"context"
	"database/sql"
	"slices"
	"sync"

	"tend/internal/db"
	"tend/internal/model"
)

// memo keeps what one request already read of the few records nearly every use case reads again (the
// practice, a chart, the staff list), so a page that calls several use cases reads each once. It holds
// reads made on the reader pool only, never inside a transaction, and Store.Tx empties it: a request
// that changes something reads afresh what it reads after.
type memo struct {
	mu        sync.Mutex
	practices map[string]model.Practice
	charts    map[string]model.Client // by practice and chart id
	staff     map[string][]model.Staff
}

type memoKey struct{}

// WithMemo returns a context whose reads of the practice, charts and staff list are kept for the
// request it serves (see memo). Only a request's own context should carry one.
func WithMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, memoKey{}, &memo{})
}

// memoOf is the request's memo when q is the reader pool, or nil.
func memoOf(ctx context.Context, q Q) *memo {
	switch q.(type) {
	case *sql.DB, *db.StmtCache:
	default:
		return nil
	}
	m, _ := ctx.Value(memoKey{}).(*memo)
	return m
}

// forget empties the request's memo, after a write.
func forget(ctx context.Context) {
	if m, _ := ctx.Value(memoKey{}).(*memo); m != nil {
		m.mu.Lock()
		m.practices, m.charts, m.staff = nil, nil, nil
		m.mu.Unlock()
	}
}

// remembered reads one record through the memo: the kept copy when there is one, otherwise read and
// keep it. clone copies what a caller could change in place (slices).
func remembered[T any](ctx context.Context, q Q, pick func(*memo) *map[string]T, key string, clone func(T) T, read func() (T, error)) (T, error) {
	m := memoOf(ctx, q)
	if m == nil {
		return read()
	}
	m.mu.Lock()
	v, ok := (*pick(m))[key]
	m.mu.Unlock()
	if ok {
		return clone(v), nil
	}
	v, err := read()
	if err != nil {
		return v, err
	}
	m.mu.Lock()
	if *pick(m) == nil {
		*pick(m) = map[string]T{}
	}
	(*pick(m))[key] = clone(v)
	m.mu.Unlock()
	return v, nil
}

func clonePractice(p model.Practice) model.Practice { return p }

func cloneClient(c model.Client) model.Client {
	c.Tags, c.MemberNames = slices.Clone(c.Tags), slices.Clone(c.MemberNames)
	return c
}
