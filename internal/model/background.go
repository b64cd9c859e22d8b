package model

import "context"

type backgroundKey struct{}

// Background marks a request the page makes by itself (a conversation's polling, MS-1), not one the
// person made: authenticating it never counts as activity, so the idle timeout (TR-2, HIPAA automatic
// logoff) still ends a session left open on a page that polls.
func Background(ctx context.Context) context.Context {
	return context.WithValue(ctx, backgroundKey{}, true)
}

// IsBackground reports whether ctx is a background request's (see Background).
func IsBackground(ctx context.Context) bool {
	v, _ := ctx.Value(backgroundKey{}).(bool)
	return v
}
