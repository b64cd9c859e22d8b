package demo_test

import (
	"os"
	"path/filepath"
	"testing"

	"tend/internal/demo"
)

// tend demo leaves its sign-in details for tend bench readable by the folder's owner only, and an older
// file with wider permissions is narrowed when replaced.
func TestLoginsFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, demo.LoginsFileName)
	if err := os.WriteFile(path, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	want := demo.LoginsFile{OwnerEmail: "owner@willowcreek.example", OwnerPassword: "pw", RecordChartID: "c1",
		Portal: []demo.PortalLogin{{Email: "a@example.org", Password: demo.BenchPortalPassword, ChartID: "c2"}}}
	if err := demo.WriteLogins(dir, want); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("the file's mode is %v, want 0600", st.Mode().Perm())
	}
	got, err := demo.ReadLogins(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got.OwnerEmail != want.OwnerEmail || got.RecordChartID != "c1" || len(got.Portal) != 1 || got.Portal[0] != want.Portal[0] {
		t.Errorf("read back %+v, want %+v", got, want)
	}
	if _, err := demo.ReadLogins(t.TempDir()); err == nil {
		t.Error("a folder without the file reads without an error")
	}
}
