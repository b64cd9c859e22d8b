package archive

import (
	"context"
	"slices"
	"strings"
	"testing"

	"tend/internal/db"
	"tend/internal/store"
	"tend/internal/testdb"
)

// Proves IM-2: the archive holds every table of the practice. A migration that adds a table fails
// here until the table is in store.ArchiveTables (with how its rows belong to a practice) or in
// store.ArchiveExcluded (with the reason it is not a practice's data); every column a table has on
// either engine is archived unless the table names it in Skip.
func TestArchiveCoversEveryTable(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		names, err := store.TableNames(ctx, d, d.R)
		if err != nil {
			t.Fatal(err)
		}
		listed := map[string]bool{}
		for _, at := range store.ArchiveTables {
			if listed[at.Name] {
				t.Errorf("%s is listed twice in store.ArchiveTables", at.Name)
			}
			listed[at.Name] = true
			if _, ok := store.ArchiveExcluded[at.Name]; ok {
				t.Errorf("%s is both archived and excluded", at.Name)
			}
			if !slices.Contains(names, at.Name) {
				t.Errorf("store.ArchiveTables names %s, which the database does not have", at.Name)
			}
		}
		for _, n := range names {
			excluded := store.ArchiveExcluded[n] != "" || slices.ContainsFunc(store.ArchiveExcludedPrefixes, func(p string) bool { return strings.HasPrefix(n, p) })
			if !listed[n] && !excluded {
				t.Errorf("the table %s is neither in store.ArchiveTables nor in store.ArchiveExcluded: a practice archive would leave it out silently", n)
			}
		}
		for n := range store.ArchiveExcluded {
			if !slices.Contains(names, n) {
				t.Errorf("store.ArchiveExcluded names %s, which the database does not have", n)
			}
		}
		// Every archived table's query runs on this engine.
		for _, at := range store.ArchiveTables {
			cols, err := store.TableColumns(ctx, d, d.R, at.Name)
			if err != nil {
				t.Fatal(err)
			}
			if err := store.ArchiveRows(ctx, d.R, at, cols, "no-such-practice", func([]any) error { return nil }); err != nil {
				t.Errorf("%s: %v", at.Name, err)
			}
		}
	})
}

// Proves IM-2: entry names that could point outside the archive, or are not names Tend writes, are refused.
func TestSafeName(t *testing.T) {
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{"manifest.json", true},
		{"tables/charts.jsonl", true},
		{"files/01a22c08-c62e-7f39-9c37-528253a876b3", true},
		{"../manifest.json", false},
		{"tables/../../etc/passwd", false},
		{"/etc/passwd", false},
		{"files/../../x", false},
		{`files\..\x`, false},
		{"tables/unknown.jsonl", false},
		{"tables/charts.jsonl/", false},
		{"files/not-an-id", false},
		{"C:/x", false},
		{"other/x", false},
		{"tables//charts.jsonl", false},
	} {
		if got := safeName(tc.name); got != tc.ok {
			t.Errorf("safeName(%q) = %v, want %v", tc.name, got, tc.ok)
		}
	}
}

// The remapper replaces a taken id as a whole value and inside JSON, and leaves other text alone.
func TestRemapper(t *testing.T) {
	m := remapper{"01a22c08-c62e-7f39-9c37-528253a876b3": "01a22c08-0000-7000-8000-000000000001"}
	for in, want := range map[string]string{
		"01a22c08-c62e-7f39-9c37-528253a876b3":                 "01a22c08-0000-7000-8000-000000000001",
		`{"chart":"01a22c08-c62e-7f39-9c37-528253a876b3"}`:     `{"chart":"01a22c08-0000-7000-8000-000000000001"}`,
		"01a22c08-c62e-7f39-9c37-528253a876b4":                 "01a22c08-c62e-7f39-9c37-528253a876b4",
		"a note that mentions nothing of the kind, at length.": "a note that mentions nothing of the kind, at length.",
	} {
		if got := m.apply(in); got != want {
			t.Errorf("apply(%q) = %q, want %q", in, got, want)
		}
	}
}
