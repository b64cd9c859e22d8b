package authz

import "testing"

// TestScopesAreDistinct guards the policy's cells: the practice-setting scopes are numbered after the
// others, and two scopes with one value would read one rule as another (once, a supervisor's co-sign
// read as an admin's opt-in and hid every note to co-sign). Issue 14, item 3; CL-8.
func TestScopesAreDistinct(t *testing.T) {
	t.Parallel()
	seen := map[scope]string{}
	for name, s := range map[string]scope{"no": no, "hide": hide, "all": all, "read": read, "write": write, "own": own,
		"supervises": supervises, "readOptIn": readOptIn, "writeOptIn": writeOptIn} {
		if other, dup := seen[s]; dup {
			t.Errorf("scopes %s and %s share the value %d", name, other, s)
		}
		seen[s] = name
	}
}
