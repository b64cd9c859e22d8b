package app_test

import (
	"log/slog"
	"strings"
	"testing"
	"time"

	"tend/internal/app"
	"tend/internal/config"
	"tend/internal/db"
	"tend/internal/testdb"
)

// BenchmarkBuild measures wiring the app on an open, migrated database: what tend serve does between
// "database ready" and listening (issue 19, item 3: cold start). Page templates and the ICD-10-CM index
// are not part of it: they are built at first use or in the warm-up after the server listens.
//
//	go test -run '^$' -bench Build -benchmem ./internal/app/
func BenchmarkBuild(b *testing.B) {
	testdb.EachB(b, func(b *testing.B, d *db.DB) {
		cfg := config.Config{Addr: "127.0.0.1:0", BaseURL: "http://127.0.0.1", SecretKey: strings.Repeat("5e", 32), DataDir: b.TempDir(),
			MailFrom: "Harbor Counseling <noreply@harbor.example>", JobPoll: time.Second}
		log := slog.New(slog.DiscardHandler)
		b.ReportAllocs()
		for b.Loop() {
			a, err := app.Build(cfg, d, log, time.Now)
			if err != nil {
				b.Fatal(err)
			}
			if err := a.Close(); err != nil {
				b.Fatal(err)
			}
		}
	})
}
