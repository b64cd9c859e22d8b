package app

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tend/internal/account"
	"tend/internal/config"
	"tend/internal/db"
	"tend/internal/fhir"
	"tend/internal/fhir/fhirtest"
	"tend/internal/model"
	"tend/internal/testdb"
)

// Proves IM-2: tend export --fhir writes the practice as NDJSON, one file per resource type, every line a
// resource the official FHIR R4 JSON schema accepts; a file in the folder's place is refused.
func TestExportFHIR(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := func() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) }
		cfg := config.Config{Addr: "127.0.0.1:0", BaseURL: "http://127.0.0.1", SecretKey: strings.Repeat("5e", 32), DataDir: t.TempDir(),
			MailFrom: "Harbor Counseling <noreply@harbor.example>", JobPoll: 10 * time.Millisecond, MailWorkers: 1}
		a, err := Build(cfg, d, slog.New(slog.NewTextHandler(io.Discard, nil)), now)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = a.Close() })
		pr, owner, err := a.Accounts.Setup(ctx, account.PracticeInput{PracticeName: "Harbor Counseling", TimeZone: "America/Chicago",
			OwnerName: "Olivia Owner", OwnerEmail: "owner@example.org", Password: "correct horse battery staple"}, "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		op := model.Principal{StaffID: owner.ID, PracticeID: pr.ID, Role: owner.Role, Name: owner.Name, Email: owner.Email}
		first, last, pronouns := "Jo", "Rivera", "she/her"
		c, err := a.Clients.Create(ctx, op, model.ClientChange{FirstName: &first, LastName: &last, Pronouns: &pronouns})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Clinical.AddDiagnosis(ctx, op, c.ID, model.DiagnosisInput{Code: "F43.10"}); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(t.TempDir(), "fhir")
		if err := exportFHIR(ctx, a, pr.Slug, out); err != nil {
			t.Fatal(err)
		}
		var paths []string
		for _, typ := range fhir.ResourceTypes {
			paths = append(paths, filepath.Join(out, typ+".ndjson"))
		}
		counts := fhirtest.Validate(t, paths...)
		if counts["Patient"] != 1 || counts["Condition"] != 1 {
			t.Errorf("exported %v, want one Patient and one Condition", counts)
		}
		body, err := os.ReadFile(filepath.Join(out, "Condition.ndjson"))
		if err != nil || !strings.Contains(string(body), `"code":"F43.10"`) {
			t.Errorf("Condition.ndjson = %s (%v)", body, err)
		}
		file := filepath.Join(t.TempDir(), "taken")
		if err := os.WriteFile(file, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := exportFHIR(ctx, a, pr.Slug, file); err == nil || !strings.Contains(err.Error(), "is a file") {
			t.Errorf("export into a file: %v, want refused", err)
		}
		if err := exportFHIR(ctx, a, "no-such-practice", out); err == nil || !strings.Contains(err.Error(), "no practice") {
			t.Errorf("unknown practice: %v", err)
		}
	})
}
