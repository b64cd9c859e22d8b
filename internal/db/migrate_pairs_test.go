package db

import (
	"io/fs"
	"strings"
	"testing"
)

// Issue 11, item 6: an engine-specific migration needs its twin, or one engine silently skips a
// version the other applies.
func TestMigrationPairs(t *testing.T) {
	t.Parallel()
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, e := range entries {
		names[e.Name()] = true
	}
	twins := map[string]string{".sqlite.sql": ".postgres.sql", ".postgres.sql": ".sqlite.sql"}
	pairs := 0
	for name := range names {
		for suffix, twin := range twins {
			if base, ok := strings.CutSuffix(name, suffix); ok {
				pairs++
				if !names[base+twin] {
					t.Errorf("migration %s has no %s", name, base+twin)
				}
				if names[base+".sql"] {
					t.Errorf("migration %s also exists for both engines as %s.sql", name, base)
				}
			}
		}
	}
	if pairs == 0 {
		t.Fatal("found no engine-specific migration; the check checked nothing")
	}
}
