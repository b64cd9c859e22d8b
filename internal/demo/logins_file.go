package demo

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// LoginsFileName is the file in the data folder where tend demo leaves its sign-in details for tend
// bench: readable by the folder's owner only (0600), like the rest of the folder.
const LoginsFileName = "demo-logins.json"

// LoginsFile is what the file holds: the owner's sign-in, the chart with a year of record, and the
// portal accounts made for the load suite (see BenchPortal).
type LoginsFile struct {
	OwnerEmail    string        `json:"owner_email"`
	OwnerPassword string        `json:"owner_password"`
	RecordChartID string        `json:"record_chart_id"` // the demo portal client's chart, which has notes and scores
	Portal        []PortalLogin `json:"portal"`
}

// WriteLogins writes the file into dir, replacing an older one.
func WriteLogins(dir string, l LoginsFile) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("demo: logins file: %w", err)
	}
	b, err := json.MarshalIndent(l, "", "  ")
	if err != nil {
		return fmt.Errorf("demo: logins file: %w", err)
	}
	path := filepath.Join(dir, LoginsFileName)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		return fmt.Errorf("demo: logins file: %w", err)
	}
	return os.Chmod(path, 0o600) // an older file may have had wider permissions
}

// ReadLogins reads the file tend demo wrote into dir.
func ReadLogins(dir string) (LoginsFile, error) {
	var l LoginsFile
	b, err := os.ReadFile(filepath.Join(dir, LoginsFileName))
	if err != nil {
		return l, fmt.Errorf("demo: logins file: %w", err)
	}
	if err := json.Unmarshal(b, &l); err != nil {
		return l, fmt.Errorf("demo: logins file %s: %w", filepath.Join(dir, LoginsFileName), err)
	}
	return l, nil
}
