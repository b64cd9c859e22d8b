package clients_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/clients"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

// Issue 11, item 6: after a dump and restore, a search for one client returned another. The search
// index pointed at charts by SQLite's implicit rowid, which a restore renumbers once a chart has been
// deleted (the restored rows are numbered 1, 2, 3… again); the index's own rows keep the old numbers.
func TestSearchAfterDumpRestore(t *testing.T) {
	t.Parallel()
	src := testdb.SQLite(t)
	h := apptest.New(t, src)
	_, owner := h.Setup()
	p := as(owner)
	var made []model.Client
	for _, n := range [][2]string{{"Alma", "Zuniga"}, {"Bruno", "Quist"}, {"Carla", "Yates"}, {"Dario", "Wendt"}} {
		c, err := h.App.Clients.Create(ctx, p, model.ClientChange{FirstName: str(n[0]), LastName: str(n[1])})
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, c)
	}
	if err := h.App.Clients.Delete(ctx, p, made[0].ID); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "restored.db")
	dumpRestore(t, src.Path, path)

	d, err := db.Open(ctx, "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	restored := apptest.New(t, d)
	for _, c := range made[1:] {
		res, err := restored.App.Clients.List(ctx, p, clients.ListQuery{Q: strings.ToLower(c.LastName)})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range res.Clients {
			got = append(got, r.FirstName+" "+r.LastName)
		}
		if len(got) != 1 || got[0] != c.FirstName+" "+c.LastName {
			t.Errorf("search %q after restore found %v, want only %s %s", c.LastName, got, c.FirstName, c.LastName)
		}
	}
}

// dumpRestore copies a SQLite database the way `sqlite3 old.db .dump | sqlite3 new.db` does: the schema
// as written, every table's rows re-inserted in order (so rowids that are not an INTEGER PRIMARY KEY
// are numbered afresh), the FTS5 shadow tables copied as they are, then indexes and triggers.
func dumpRestore(t *testing.T, from, to string) {
	t.Helper()
	ctx := context.Background()
	old, err := sql.Open("sqlite", "file:"+from+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	fresh, err := sql.Open("sqlite", "file:"+to)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	fresh.SetMaxOpenConns(1)
	type object struct{ kind, name, sql string }
	rows, err := old.QueryContext(ctx, `SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid`)
	if err != nil {
		t.Fatal(err)
	}
	var objects []object
	for rows.Next() {
		var o object
		if err := rows.Scan(&o.kind, &o.name, &o.sql); err != nil {
			t.Fatal(err)
		}
		objects = append(objects, o)
	}
	rows.Close()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := fresh.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("restore: %s: %v", q, err)
		}
	}
	var virtual []string
	for _, o := range objects {
		if o.kind != "table" {
			continue
		}
		shadow := false
		for _, v := range virtual {
			shadow = shadow || strings.HasPrefix(o.name, v+"_")
		}
		switch {
		case strings.HasPrefix(o.sql, "CREATE VIRTUAL TABLE"):
			exec(o.sql) // creates its shadow tables, whose rows are copied below
			virtual = append(virtual, o.name)
			continue
		case shadow:
			exec(`DELETE FROM "` + o.name + `"`)
		default:
			exec(o.sql)
		}
		copyRows(t, ctx, old, fresh, o.name)
	}
	for _, o := range objects {
		if o.kind == "index" || o.kind == "trigger" || o.kind == "view" {
			exec(o.sql)
		}
	}
}

// copyRows re-inserts every row of a table, in rowid order, naming each column but never the rowid.
func copyRows(t *testing.T, ctx context.Context, old, fresh *sql.DB, table string) {
	t.Helper()
	rows, err := old.QueryContext(ctx, `SELECT * FROM "`+table+`"`)
	if err != nil {
		t.Fatalf("dump %s: %v", table, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	marks := make([]string, len(cols))
	for i := range marks {
		marks[i] = fmt.Sprintf("$%d", i+1)
	}
	insert := `INSERT INTO "` + table + `" ("` + strings.Join(cols, `", "`) + `") VALUES (` + strings.Join(marks, ", ") + `)`
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok && b == nil {
				vals[i] = []byte{} // an empty blob, not NULL
			}
		}
		if _, err := fresh.ExecContext(ctx, insert, vals...); err != nil {
			t.Fatalf("restore %s: %v", table, err)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}
