package store

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"tend/internal/db"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/testdb"
)

// Issue 19: the Mail log pages by key, newest first, on both engines: pages of 3 read forwards (older)
// and then backwards (newer) give every message once, in order, messages queued at the same moment
// (two a minute) included; another practice's messages never show.
func TestMailLogPagesByKey(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		var practices []string
		for i := range 2 {
			pr := model.Practice{ID: id.New(), Name: "Harbor", Slug: fmt.Sprintf("harbor-%d", i), TimeZone: "UTC", IdleTimeout: 15 * time.Minute, CreatedAt: now}
			if err := InsertPractice(ctx, d.W, pr); err != nil {
				t.Fatal(err)
			}
			practices = append(practices, pr.ID)
		}
		for i := range 8 {
			for _, pr := range practices {
				m := MailMessage{ID: id.New(), PracticeID: pr, To: "a@example.org", Subject: "Hello", CreatedAt: now.Add(time.Duration(i/2) * time.Minute)}
				if err := InsertMail(ctx, d.W, m); err != nil {
					t.Fatal(err)
				}
			}
		}
		all, more, err := ListMail(ctx, d.R, practices[0], nil, false, 100)
		if err != nil || more || len(all) != 8 {
			t.Fatalf("every message: %d, more %v, %v", len(all), more, err)
		}
		var got []string
		var key *MailKey
		for {
			page, more, err := ListMail(ctx, d.R, practices[0], key, false, 3)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range page {
				got = append(got, m.ID)
			}
			if !more {
				break
			}
			last := page[len(page)-1]
			key = &MailKey{At: last.CreatedAt.UnixMilli(), ID: last.ID}
		}
		if ids := mailIDs(all); !slices.Equal(got, ids) {
			t.Fatalf("older pages: %v, want %v", got, ids)
		}
		for i := 1; i < len(all); i++ {
			if all[i].CreatedAt.After(all[i-1].CreatedAt) {
				t.Fatalf("not newest first at %d", i)
			}
		}
		first := all[len(all)-1]
		key, got = &MailKey{At: first.CreatedAt.UnixMilli(), ID: first.ID}, []string{first.ID}
		for {
			page, more, err := ListMail(ctx, d.R, practices[0], key, true, 3)
			if err != nil {
				t.Fatal(err)
			}
			got = append(mailIDs(page), got...)
			if !more {
				break
			}
			key = &MailKey{At: page[0].CreatedAt.UnixMilli(), ID: page[0].ID}
		}
		if ids := mailIDs(all); !slices.Equal(got, ids) {
			t.Fatalf("newer pages: %v, want %v", got, ids)
		}
		if n, err := CountMail(ctx, d.R, practices[0]); err != nil || n != 8 {
			t.Fatalf("count: %d, %v", n, err)
		}
	})
}

func mailIDs(ms []MailMessage) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	return out
}
