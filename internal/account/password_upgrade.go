package account

import (
	"context"

	"tend/internal/store"
)

// hashUpgrade is a right password's stored hash and, when that hash was made with other parameters than
// the standard cost (password.Hasher.NeedsRehash: 19 MiB and 2 passes before issue 19), a fresh hash of
// the same password to store in its place. Sign-in applies it in the transaction that starts the session
// (or the waiting second step), so the hash is replaced exactly when a sign-in succeeds.
type hashUpgrade struct{ old, new string }

// apply stores the new hash, unless there is none or the stored hash changed meanwhile.
func (u hashUpgrade) apply(ctx context.Context, q store.Q, staffID string) error {
	if u.new == "" {
		return nil
	}
	return store.UpgradeStaffPassword(ctx, q, staffID, u.old, u.new)
}
