// Package model holds Tend's plain domain types, their validation and the errors every layer shares.
package model

import (
	"errors"
	"fmt"
	"time"
)

// ErrNotFound means the record does not exist or belongs to another practice; callers cannot tell which.
var ErrNotFound = errors.New("not found")

// ErrConflict means the change clashes with an existing record (a duplicate).
var ErrConflict = errors.New("conflict")

// ErrReference means the change refers to a record that no longer exists, or removes one that others
// still refer to: a foreign key refused it, usually because someone else changed the data a moment before.
var ErrReference = errors.New("reference to a missing or still used record")

// ErrForbidden means the actor is known but may not do this.
var ErrForbidden = errors.New("forbidden")

// ErrUnauthenticated means no valid session or token was presented.
var ErrUnauthenticated = errors.New("unauthenticated")

// ValidationError lists what is wrong with an input, by field name, plus an optional overall message.
type ValidationError struct {
	Message string
	Fields  map[string]string
}

func (e *ValidationError) Error() string {
	if e.Message != "" {
		return "invalid input: " + e.Message
	}
	return fmt.Sprintf("invalid input in %d field(s)", len(e.Fields))
}

// Problems collects field messages while validating; Err returns nil when there were none.
type Problems map[string]string

// Add records a message for field unless one is already there (the first problem is the most useful).
func (p Problems) Add(field, message string) {
	if _, ok := p[field]; !ok {
		p[field] = message
	}
}

// Err returns a *ValidationError for the collected problems, or nil.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return &ValidationError{Fields: p}
}

// FieldError returns a *ValidationError for one field.
func FieldError(field, message string) error {
	return &ValidationError{Fields: map[string]string{field: message}}
}

// ConflictError is a duplicate with a message for the person and the field it concerns.
type ConflictError struct {
	Field   string
	Message string
}

func (e *ConflictError) Error() string { return "conflict: " + e.Message }

// Unwrap lets errors.Is(err, ErrConflict) match.
func (e *ConflictError) Unwrap() error { return ErrConflict }

// ThrottledError says too many attempts were made; the caller may try again after RetryAfter.
type ThrottledError struct {
	RetryAfter time.Duration
}

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("too many attempts; retry after %s", e.RetryAfter)
}

// Minutes is RetryAfter rounded up to whole minutes, at least 1, for messages.
func (e *ThrottledError) Minutes() int {
	m := int((e.RetryAfter + time.Minute - 1) / time.Minute)
	if m < 1 {
		m = 1
	}
	return m
}
