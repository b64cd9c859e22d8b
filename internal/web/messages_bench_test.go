package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"tend/internal/apptest"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
	"tend/internal/testdb"
)

// BenchmarkMessagesInbox measures the staff inbox with 10,000 conversations (issue 17, speed: at most
// 20 ms): 100 charts × 100 portal users, each conversation with a message, 2% of them unread by the
// owner, read on the owner's first page (unread first, then newest, 50 a page, keyset). The whole
// request in the server (middleware, session, the sidebar's unread count, the two inbox parts, the
// template), without the network; it reports the statements, the same SQL run directly and the ratio.
// Run: go test -run '^$' -bench MessagesInbox ./internal/web/
// Proves MS-1.
func BenchmarkMessagesInbox(b *testing.B) {
	ctx := context.Background()
	d, log := testdb.CountingSQLite(b)
	h := apptest.New(b, d)
	_, owner := h.Setup()
	p := apptest.As(owner)
	var charts []string
	for i := range 100 {
		first, last := "Client", fmt.Sprint("N", i)
		c, err := h.App.Clients.Create(ctx, p, model.ClientChange{FirstName: &first, LastName: &last})
		if err != nil {
			b.Fatal(err)
		}
		charts = append(charts, c.ID)
	}
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	err := h.App.Outbox.Store.Tx(ctx, func(q store.Q) error {
		var accounts []string
		for i := range 100 {
			a := model.PortalAccount{ID: id.New(), Email: fmt.Sprintf("p%d@example.net", i), Name: fmt.Sprint("Portal user ", i), CreatedAt: start}
			if err := store.InsertPortalAccount(ctx, q, a, "x"); err != nil {
				return err
			}
			accounts = append(accounts, a.ID)
		}
		n := 0
		for _, ch := range charts {
			for _, acct := range accounts {
				n++
				at := start.Add(time.Duration(n*7919%10000) * time.Minute)
				cv := model.Conversation{ID: id.New(), PracticeID: owner.PracticeID, ChartID: ch, PortalAccountID: acct, CreatedAt: at}
				if err := store.InsertConversation(ctx, q, cv); err != nil {
					return err
				}
				m := model.Message{ID: id.New(), ConversationID: cv.ID, PracticeID: owner.PracticeID, AuthorAccountID: acct, FromClient: true,
					Body: "A message of the usual length, asking about next week.", CreatedAt: at}
				if err := store.AppendMessage(ctx, q, &cv, &m); err != nil {
					return err
				}
				if n%50 != 0 { // 2% stay unread
					if err := store.MarkRead(ctx, q, cv.ID, store.ReaderStaff, owner.ID, m.Seq, at); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if err := h.DB.Optimize(ctx); err != nil {
		b.Fatal(err)
	}
	cl := h.Client()
	cl.Login("owner@example.org", apptest.StrongPassword)
	cookie := cl.Cookie("tend_session")
	get := func() {
		req := httptest.NewRequest("GET", "/messages", nil)
		req.AddCookie(&http.Cookie{Name: "tend_session", Value: cookie})
		rec := httptest.NewRecorder()
		h.App.Handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || strings.Count(rec.Body.String(), `class="inbox-row`) != 50 || !strings.Contains(rec.Body.String(), `id="nav-unread">99+`) {
			b.Fatalf("inbox: %d", rec.Code)
		}
	}
	get()
	stmts := log.Record(get)
	for i, s := range stmts {
		if testing.Verbose() {
			var ts []time.Duration
			for range 20 {
				t0 := time.Now()
				if err := testdb.Replay(ctx, h.DB, stmts[i:i+1]); err != nil {
					b.Fatal(err)
				}
				ts = append(ts, time.Since(t0))
			}
			b.Logf("%v %.300s", median(ts), strings.Join(strings.Fields(s.Query), " "))
			if rows, err := h.DB.R.QueryContext(ctx, "EXPLAIN QUERY PLAN "+s.Query, s.Args...); err == nil {
				for rows.Next() {
					var a, bb, c any
					var detail string
					_ = rows.Scan(&a, &bb, &c, &detail)
					b.Logf("   plan: %s", detail)
				}
				rows.Close()
			}
		}
	}
	b.Logf("GET /messages ran %d statements", len(stmts))
	var sqlTimes []time.Duration
	for range 200 {
		t0 := time.Now()
		if err := testdb.Replay(ctx, h.DB, stmts); err != nil {
			b.Fatal(err)
		}
		sqlTimes = append(sqlTimes, time.Since(t0))
	}
	sqlMedian := median(sqlTimes)
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		get()
		times = append(times, time.Since(t0))
	}
	b.StopTimer()
	reportTimes(b, times, sqlMedian, len(stmts))
}
