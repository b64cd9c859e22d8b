package config

import (
	"strings"
	"testing"
)

// Proves IM-1 (issue 18, bad input): the CSV import's size limit is a setting, 20 MB unless
// TEND_MAX_IMPORT_MB says otherwise; a value that is not a sensible number of megabytes stops the start.
func TestMaxImport(t *testing.T) {
	t.Parallel()
	for v, want := range map[string]int{"": 0, "5": 5, " 50 ": 50, "0": -1, "-1": -1, "20MB": -1, "4096": -1} {
		c, err := load(t, map[string]string{"TEND_MAX_IMPORT_MB": v})
		if want < 0 {
			if err == nil || !strings.Contains(err.Error(), "TEND_MAX_IMPORT_MB") {
				t.Errorf("TEND_MAX_IMPORT_MB=%q accepted (%v)", v, err)
			}
			continue
		}
		if err != nil || c.MaxImportMB != want {
			t.Errorf("TEND_MAX_IMPORT_MB=%q: %d, %v; want %d", v, c.MaxImportMB, err, want)
		}
	}
}
