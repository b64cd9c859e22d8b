package audit_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"tend/internal/audit"
	"tend/internal/csvsafe"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/store"
	"tend/internal/testdb"
)

// Proves IM-2: the audit log's CSV starts with a BOM and no cell of it reads as a formula, whatever an
// event's fields hold, on both engines.
func TestExportCSVFormulaSafe(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		st := store.New(d)
		r := &audit.Reader{Store: st, Log: testLog, Now: time.Now}
		leads := []string{"=", "+", "-", "@", "\t", "\r"}
		err := st.Tx(ctx, func(q store.Q) error {
			if err := store.InsertPractice(ctx, q, model.Practice{ID: "p1", Name: "P", Slug: "p", TimeZone: "UTC", IdleTimeout: 15 * time.Minute, CreatedAt: time.Now()}); err != nil {
				return err
			}
			for _, l := range leads {
				if err := testLog.Append(ctx, q, model.AuditEvent{PracticeID: "p1", At: time.Now(), ActorType: model.ActorStaff, ActorID: "a",
					Action: "chart.view", RecordType: "chart", RecordID: l + "cmd|' /C calc'!A0", Detail: l + "1+1"}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := r.ExportCSV(ctx, model.Principal{PracticeID: "p1", Role: model.RoleOwner}, audit.Query{Action: "chart.view"}, &b); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(b.String(), csvsafe.BOM) {
			t.Fatalf("no BOM: %q", b.String()[:10])
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), csvsafe.BOM))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != len(leads)+1 {
			t.Fatalf("%d rows, want %d", len(rows), len(leads)+1)
		}
		for _, row := range rows[1:] {
			for _, cell := range []string{row[6], row[10]} {
				if cell == "" || cell[0] != '\'' {
					t.Errorf("cell %q is not neutralised", cell)
				}
			}
		}
	})
}
