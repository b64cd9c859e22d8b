package app_test

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"tend/internal/archive"
	"tend/internal/testdb"
)

const demoSlug = "willow-creek-counseling"

// engineEnv is a new, empty installation on the named engine, or nil when PostgreSQL is not configured.
func engineEnv(t *testing.T, engine string) map[string]string {
	t.Helper()
	env := map[string]string{"TEND_DATA_DIR": t.TempDir()}
	if engine == "postgres" {
		admin := testdb.PostgresAdmin(t)
		if admin == "" {
			return nil
		}
		env["TEND_DATABASE_URL"] = testdb.URL(t, admin)
	}
	return env
}

// demoArchive fills a new installation on engine with the demo practice (a year of record, files,
// messages, psychotherapy notes) and exports it with psychotherapy notes. The demo's clients are
// random, and with few of them there is now and then no client in care with an email, so no portal
// client and no files: that practice is set aside for a new one.
func demoArchive(t *testing.T, engine string) string {
	t.Helper()
	return demoArchiveOf(t, engine, 6, false)
}

// demoArchiveOf exports a demo practice of that many clients that has files and, when withGroup is
// set, a group session (the demo books one when its first clinician has three charts with a record).
func demoArchiveOf(t *testing.T, engine string, clients int, withGroup bool) string {
	t.Helper()
	for range 4 {
		env := engineEnv(t, engine)
		if env == nil {
			t.Skip("PostgreSQL is not configured")
		}
		if code, _, errOut := run(t, env, "", "demo", "--clients", strconv.Itoa(clients)); code != 0 {
			t.Fatalf("demo: %d %s", code, errOut)
		}
		out := filepath.Join(t.TempDir(), "practice.zip")
		if code, msg, errOut := run(t, env, "", "export", "--practice", demoSlug, "--out", out, "--with-psychotherapy-notes"); code != 0 || !strings.Contains(msg, "with psychotherapy notes") {
			t.Fatalf("export: %d %q %s", code, msg, errOut)
		}
		entries := zipEntries(t, out)
		if manifestOf(t, entries).Files > 0 && (!withGroup || bytes.Contains(entries["tables/appointments.jsonl"], []byte(`"group_session_id":"`))) {
			return out
		}
	}
	t.Fatalf("four demo practices of %d clients in a row had no files or no group session", clients)
	return ""
}

// zipEntries reads every entry of an archive.
func zipEntries(t *testing.T, path string) map[string][]byte {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = b
	}
	return out
}

func manifestOf(t *testing.T, entries map[string][]byte) archive.Manifest {
	t.Helper()
	var m archive.Manifest
	if err := json.Unmarshal(entries[archive.ManifestName], &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func jsonLines(t *testing.T, b []byte) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var row map[string]any
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatal(err)
		}
		out = append(out, row)
	}
	return out
}

// sameArchive compares two archives of the same practice table by table: every table and file the
// same bytes; the audit log the same events (their hashes are keyed per installation, so they differ)
// followed, in the second, by the import and the second export.
func sameArchive(t *testing.T, first, second string) {
	t.Helper()
	a, b := zipEntries(t, first), zipEntries(t, second)
	ma, mb := manifestOf(t, a), manifestOf(t, b)
	if len(ma.Tables) != len(mb.Tables) || ma.Files != mb.Files || ma.Files == 0 {
		t.Fatalf("tables %d and %d, files %d and %d", len(ma.Tables), len(mb.Tables), ma.Files, mb.Files)
	}
	for name, content := range a {
		switch name {
		case archive.ManifestName, "tables/audit_chains.jsonl":
			continue
		case "tables/audit_events.jsonl":
			ea, eb := jsonLines(t, content), jsonLines(t, b[name])
			if len(eb) != len(ea)+2 {
				t.Fatalf("audit events: %d then %d, want 2 more (the import and the export)", len(ea), len(eb))
			}
			for i := range ea {
				for _, e := range []map[string]any{ea[i], eb[i]} {
					delete(e, "hash")
					delete(e, "prev_hash")
				}
				ja, _ := json.Marshal(ea[i])
				jb, _ := json.Marshal(eb[i])
				if !bytes.Equal(ja, jb) {
					t.Fatalf("audit event %d differs:\n%s\n%s", i, ja, jb)
				}
			}
			if got := []any{eb[len(ea)]["action"], eb[len(ea)+1]["action"]}; got[0] != "practice.import" || got[1] != "practice.export" {
				t.Errorf("the events after the archived ones: %v", got)
			}
			continue
		}
		if !bytes.Equal(content, b[name]) {
			t.Errorf("%s differs after the round trip (%d and %d bytes)", name, len(content), len(b[name]))
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			t.Errorf("%s appeared after the round trip", name)
		}
	}
}

// Proves IM-2: a practice exported from either engine, imported into a new installation on either
// engine and exported again gives the same archive: every table's rows and every file's content.
// The imported audit log verifies with the new installation's key, and tend doctor finds nothing amiss.
func TestArchiveRoundTrip(t *testing.T) {
	t.Parallel()
	for _, from := range []string{"sqlite", "postgres"} {
		t.Run("from "+from, func(t *testing.T) {
			t.Parallel()
			first := demoArchive(t, from)
			m := manifestOf(t, zipEntries(t, first))
			if !slices.ContainsFunc(m.Tables, func(tc archive.TableCount) bool { return tc.Name == "psychotherapy_notes" && tc.Rows > 0 }) {
				t.Fatalf("the demo's archive has no psychotherapy notes: %+v", m.Tables)
			}
			for _, to := range []string{"sqlite", "postgres"} {
				t.Run("to "+to, func(t *testing.T) {
					env := engineEnv(t, to)
					if env == nil {
						t.Skip("PostgreSQL is not configured")
					}
					code, out, errOut := run(t, env, "", "import", "--archive", first)
					if code != 0 || !strings.Contains(out, "imported practice "+demoSlug) {
						t.Fatalf("import: %d %q %s", code, out, errOut)
					}
					second := filepath.Join(t.TempDir(), "again.zip")
					if code, _, errOut := run(t, env, "", "export", "--out", second, "--with-psychotherapy-notes"); code != 0 {
						t.Fatalf("export again: %d %s", code, errOut)
					}
					sameArchive(t, first, second)
					if code, out, errOut := run(t, env, "", "audit", "verify"); code != 0 || !strings.Contains(out, "intact") {
						t.Errorf("audit verify after the import: %d %q %s", code, out, errOut)
					}
					// The client search index (SQLite's FTS table, filled by the charts' trigger) matches.
					if code, out, errOut := run(t, env, "", "doctor"); code != 0 || !strings.Contains(out, "all checks passed") {
						t.Errorf("doctor after the import: %d %q %s", code, out, errOut)
					}
				})
			}
		})
	}
}

// Proves IM-2: psychotherapy notes are left out unless asked for, and the export says so in the audit
// log either way.
func TestArchiveLeavesOutPsychotherapyNotes(t *testing.T) {
	t.Parallel()
	env := engineEnv(t, "sqlite")
	if code, _, errOut := run(t, env, "", "demo", "--clients", "2"); code != 0 {
		t.Fatalf("demo: %d %s", code, errOut)
	}
	plain := filepath.Join(t.TempDir(), "plain.zip")
	code, out, errOut := run(t, env, "", "export", "--out", plain)
	if code != 0 || !strings.Contains(out, "without psychotherapy notes") {
		t.Fatalf("export: %d %q %s", code, out, errOut)
	}
	if code, _, errOut := run(t, env, "", "export", "--out", plain); code == 0 || !strings.Contains(errOut, "already exists") {
		t.Errorf("an export over an existing file: %d %s", code, errOut)
	}
	entries := zipEntries(t, plain)
	if _, ok := entries["tables/psychotherapy_notes.jsonl"]; ok {
		t.Error("the archive holds psychotherapy notes without --with-psychotherapy-notes")
	}
	if m := manifestOf(t, entries); m.PsychotherapyNotes {
		t.Error("the manifest says psychotherapy notes are in")
	}
	events := jsonLines(t, entries["tables/audit_events.jsonl"])
	last := events[len(events)-1]
	if last["action"] != "practice.export" || last["detail"] != `{"psychotherapy_notes":false}` {
		t.Errorf("the export's audit event: %v", last)
	}
	with := filepath.Join(t.TempDir(), "with.zip")
	if code, _, errOut := run(t, env, "", "export", "--out", with, "--with-psychotherapy-notes"); code != 0 {
		t.Fatalf("export: %d %s", code, errOut)
	}
	events = jsonLines(t, zipEntries(t, with)["tables/audit_events.jsonl"])
	if last := events[len(events)-1]; last["detail"] != `{"psychotherapy_notes":true}` {
		t.Errorf("the export with psychotherapy notes: its audit event %v", last)
	}
}

// rewriteArchive copies an archive with edit applied to each entry (nil drops it) and extra entries
// added; with fix, the manifest's sizes and SHA-256s are those of the edited entries.
func rewriteArchive(t *testing.T, src string, edit func(name string, b []byte) []byte, extra map[string][]byte, fix bool) string {
	t.Helper()
	entries := zipEntries(t, src)
	m := manifestOf(t, entries)
	out := filepath.Join(t.TempDir(), "edited.zip")
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	write := func(name string, b []byte) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	var names []string
	for name := range entries {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if name == archive.ManifestName {
			continue
		}
		b := edit(name, entries[name])
		if b == nil {
			continue
		}
		if fix {
			for i, e := range m.Entries {
				if e.Name == name {
					sum := sha256.Sum256(b)
					m.Entries[i].Bytes, m.Entries[i].SHA256 = int64(len(b)), hex.EncodeToString(sum[:])
				}
			}
		}
		write(name, b)
	}
	for name, b := range extra {
		write(name, b)
	}
	write(archive.ManifestName, edit(archive.ManifestName, mustJSON(t, m)))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return out
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Proves IM-2 (bad input): an archive from a newer Tend, path traversal names, a damaged entry, a
// file that is not an archive and rows that fail half-way are each refused with a clear message, and
// nothing at all is written.
func TestArchiveImportRefusesBadInput(t *testing.T) {
	t.Parallel()
	good := demoArchive(t, "sqlite")
	same := func(_ string, b []byte) []byte { return b }
	notZip := filepath.Join(t.TempDir(), "notes.zip")
	os.WriteFile(notZip, []byte("these are not the archives you are looking for"), 0o600)
	cases := []struct {
		name, archive, want string
	}{
		{"newer Tend", rewriteArchive(t, good, func(name string, b []byte) []byte {
			if name == archive.ManifestName {
				return bytes.Replace(b, []byte(`"schema_version":`), []byte(`"schema_version":9`), 1)
			}
			return b
		}, nil, true), "written by Tend"},
		{"path traversal", rewriteArchive(t, good, same, map[string][]byte{"../../evil.sh": []byte("#!/bin/sh\n")}, true), `entry named "../../evil.sh"`},
		{"path traversal in files", rewriteArchive(t, good, same, map[string][]byte{"files/../../../etc/cron.d/x": []byte("x")}, true), "not a name Tend writes"},
		{"absolute path", rewriteArchive(t, good, same, map[string][]byte{"/etc/passwd": []byte("x")}, true), "not a name Tend writes"},
		{"damaged entry", rewriteArchive(t, good, func(name string, b []byte) []byte {
			if name == "tables/persons.jsonl" {
				return bytes.Replace(b, []byte(`"first_name":"`), []byte(`"first_name":"X`), 1)
			}
			return b
		}, nil, false), `"tables/persons.jsonl" does not match its SHA-256`},
		{"damaged file", rewriteArchive(t, good, func(name string, b []byte) []byte {
			if strings.HasPrefix(name, "files/") {
				return append(slices.Clone(b), '!')
			}
			return b
		}, nil, false), "does not match its SHA-256"},
		{"missing entry", rewriteArchive(t, good, func(name string, b []byte) []byte {
			if name == "tables/charts.jsonl" {
				return nil
			}
			return b
		}, nil, false), `"tables/charts.jsonl" listed in the manifest is missing`},
		{"not a zip", notZip, "not a zip file"},
		// Valid by its manifest, but a chart names a person the archive does not hold: the rows before it
		// are already inserted when it fails, and are rolled back with it.
		{"fails half-way", rewriteArchive(t, good, func(name string, b []byte) []byte {
			if name == "tables/charts.jsonl" {
				return regexp.MustCompile(`"person_id":"[0-9a-f-]{36}"`).ReplaceAll(b, []byte(`"person_id":"01a22c08-0000-7000-8000-000000000000"`))
			}
			return b
		}, nil, true), "charts, row 1"},
	}
	crossedTags := crossTagArchive(t, good)
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			env := engineEnv(t, engine)
			if env == nil {
				t.Skip("PostgreSQL is not configured")
			}
			for _, tc := range cases {
				code, out, errOut := run(t, env, "", "import", "--archive", tc.archive)
				if code == 0 || out != "" || !strings.Contains(errOut, tc.want) {
					t.Errorf("%s: %d %q, want a refusal saying %q", tc.name, code, errOut, tc.want)
				}
				if code, out, _ := run(t, env, "", "practice", "list"); code != 0 || !strings.Contains(out, "no practices yet") {
					t.Fatalf("%s: after the refusal the installation holds %q", tc.name, out)
				}
			}
			// The good archive still goes in afterwards.
			if code, _, errOut := run(t, env, "", "import", "--archive", good); code != 0 {
				t.Fatalf("the good archive: %d %s", code, errOut)
			}
			// LS-3: a copy of it whose tag links name a tag of the practice now here (the copy leaves that
			// tag's row out, so the id is not remapped): a tag's links stay in its practice, so the import is
			// refused and the copy is not written.
			code, out, errOut := run(t, env, "", "import", "--archive", crossedTags)
			if code == 0 || out != "" || !strings.Contains(errOut, "tag links join a chart and a tag of different practices") {
				t.Errorf("links to another practice's tag: %d %q, want a refusal", code, errOut)
			}
			if code, out, _ := run(t, env, "", "practice", "list"); code != 0 || strings.Contains(out, demoSlug+"-2") {
				t.Errorf("after the refusal the installation holds %q", out)
			}
		})
	}
}

// crossTagArchive rewrites good as a copy of its practice (other staff emails) without the row of a tag
// that charts are linked to, the links kept: imported beside the original, they join the copy's charts to
// the original practice's tag.
func crossTagArchive(t *testing.T, good string) string {
	t.Helper()
	links := jsonLines(t, zipEntries(t, good)["tables/chart_tags.jsonl"])
	if len(links) == 0 {
		t.Fatal("the demo archive has no tag links")
	}
	tag, _ := links[0]["tag_id"].(string)
	return rewriteArchive(t, good, func(name string, b []byte) []byte {
		switch name {
		case "tables/staff.jsonl":
			return bytes.ReplaceAll(b, []byte("@willowcreek.example"), []byte("@copy.example"))
		case "tables/tags.jsonl":
			var kept [][]byte
			for _, line := range bytes.SplitAfter(b, []byte("\n")) {
				if len(line) > 0 && !bytes.Contains(line, []byte(`"id":"`+tag+`"`)) {
					kept = append(kept, line)
				}
			}
			return bytes.Join(kept, nil)
		case archive.ManifestName:
			var m archive.Manifest
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			for i := range m.Tables {
				if m.Tables[i].Name == "tags" {
					m.Tables[i].Rows--
				}
			}
			return mustJSON(t, m)
		}
		return b
	}, nil, true)
}

var wholeID = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// Proves IM-2: an archive whose ids are taken on the installation goes in with new ids, and every
// reference follows (foreign keys, and the references the database does not check: files named by
// messages and tasks, records named by clinical revisions); a taken slug gets a number, a portal
// account whose email is known here joins that account, and a staff email taken here is refused.
func TestArchiveImportRemapsTakenIDs(t *testing.T) {
	t.Parallel()
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			good := demoArchiveOf(t, engine, 40, true)
			env := engineEnv(t, engine)
			if code, _, errOut := run(t, env, "", "import", "--archive", good); code != 0 {
				t.Fatalf("import: %d %s", code, errOut)
			}
			code, _, errOut := run(t, env, "", "import", "--archive", good)
			if code == 0 || !strings.Contains(errOut, "staff have an email that a staff member of this installation already signs in with") {
				t.Fatalf("the same practice again: %d %s", code, errOut)
			}
			// The same practice with its staff under other emails: every id is taken now.
			copyArchive := rewriteArchive(t, good, func(name string, b []byte) []byte {
				if name == "tables/staff.jsonl" {
					return bytes.ReplaceAll(b, []byte("@willowcreek.example"), []byte("@copy.example"))
				}
				return b
			}, nil, true)
			code, out, errOut := run(t, env, "", "import", "--archive", copyArchive)
			if code != 0 || !strings.Contains(out, "ids were taken here and got new ones") || !strings.Contains(out, "now "+demoSlug+"-2") ||
				!strings.Contains(out, "portal accounts already existed here") {
				t.Fatalf("the copy: %d %q %s", code, out, errOut)
			}
			again := filepath.Join(t.TempDir(), "copy.zip")
			if code, _, errOut := run(t, env, "", "export", "--practice", demoSlug+"-2", "--out", again, "--with-psychotherapy-notes"); code != 0 {
				t.Fatalf("export the copy: %d %s", code, errOut)
			}
			before, after := zipEntries(t, good), zipEntries(t, again)
			oldIDs, newIDs, accounts := map[string]bool{}, map[string]bool{}, map[string]bool{}
			// A group session's id (GR-6) is no row's id but is shared by its appointments: it counts as an
			// id of the archive it is in, and the copy must have new ones.
			groups := 0
			for name, b := range before {
				if strings.HasPrefix(name, "tables/") {
					for _, row := range jsonLines(t, b) {
						if v, ok := row["id"].(string); ok {
							oldIDs[v] = true
						}
						if g, ok := row["group_session_id"].(string); ok && g != "" {
							oldIDs[g] = true
							groups++
						}
					}
				}
			}
			t.Logf("%d appointments in group sessions", groups)
			for name, b := range after {
				if strings.HasPrefix(name, "tables/") {
					for _, row := range jsonLines(t, b) {
						if v, ok := row["id"].(string); ok {
							newIDs[v] = true
							if name == "tables/portal_accounts.jsonl" {
								accounts[v] = true
							}
						}
						if g, ok := row["group_session_id"].(string); ok && g != "" {
							newIDs[g] = true
						}
					}
				}
			}
			mb, ma := manifestOf(t, before), manifestOf(t, after)
			for i, tc := range mb.Tables {
				if !strings.HasPrefix(tc.Name, "audit_") && ma.Tables[i] != tc {
					t.Errorf("%s: %d rows in the archive, %d in the copy", tc.Name, tc.Rows, ma.Tables[i].Rows)
				}
			}
			for name, b := range after {
				if !strings.HasPrefix(name, "tables/") || strings.HasPrefix(name, "tables/audit_") {
					continue
				}
				for _, row := range jsonLines(t, b) {
					for col, v := range row {
						s, ok := v.(string)
						if !ok || !wholeID.MatchString(s) {
							continue
						}
						if oldIDs[s] && !accounts[s] {
							t.Errorf("%s.%s still names the original %s", name, col, s)
						}
						if !newIDs[s] {
							t.Errorf("%s.%s names %s, which is not in the copy", name, col, s)
						}
					}
				}
			}
			if code, out, errOut := run(t, env, "", "audit", "verify"); code != 0 || !strings.Contains(out, "2 chain(s)") {
				t.Errorf("audit verify: %d %q %s", code, out, errOut)
			}
		})
	}
}
