package app_test

import (
	"os"
	"path/filepath"
	"testing"
)

// Issue 11, item 6 (bad input): backup --force through a symlinked folder, or onto the live -wal file,
// is refused and leaves the live files alone; before, it removed them.
func TestBackupNeverTouchesLiveFiles(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, suffix string
		link         bool
	}{{"symlinked folder", "", true}, {"wal", "-wal", false}} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			env := map[string]string{"TEND_DATA_DIR": dir}
			pw := filepath.Join(t.TempDir(), "pw.txt")
			os.WriteFile(pw, []byte("correct horse battery staple\n"), 0o600)
			if code, out, errOut := run(t, env, "", "setup", "--practice", "Harbor", "--name", "Olivia Owner", "--email", "owner@example.org", "--password-file", pw); code != 0 {
				t.Fatalf("setup: %d %q %q", code, out, errOut)
			}
			live := filepath.Join(dir, "tend.db")
			target := live + tc.suffix
			if tc.link {
				link := filepath.Join(t.TempDir(), "data")
				if err := os.Symlink(dir, link); err != nil {
					t.Fatal(err)
				}
				target = filepath.Join(link, "tend.db")
			} else {
				os.WriteFile(target, []byte("pretend WAL with committed pages"), 0o600) // as while the server runs
			}
			before, _ := os.Stat(live)
			code, out, errOut := run(t, env, "", "backup", "--out", target, "--force")
			after, err := os.Stat(live)
			t.Logf("backup: %d %q %q", code, out, errOut)
			if tc.link && (err != nil || !os.SameFile(before, after)) {
				t.Fatalf("backup --force through a symlink replaced the live database file (code %d)", code)
			}
			if !tc.link && code == 0 {
				t.Fatalf("backup --force onto the live -wal file was accepted: the live WAL was removed")
			}
		})
	}
}
