package messaging_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/store"
	"tend/internal/testdb"
)

// threadFiles reads a conversation through an API route: each message's body and attachment.
type threadFiles struct {
	Items []struct {
		Body     string  `json:"body"`
		FileID   *string `json:"file_id"`
		FileName *string `json:"file_name"`
		FileSize *int64  `json:"file_size"`
	} `json:"items"`
}

// chartFileCount counts the chart's stored files.
func chartFileCount(t *testing.T, w world) int {
	t.Helper()
	fs, err := store.FilesOf(context.Background(), w.h.App.Outbox.Store.R(), w.chart.ID, store.FileFilter{}, store.PageKey{}, 100)
	if err != nil {
		t.Fatal(err)
	}
	return len(fs)
}

// Proves MS-1 (attachments), FL-1 and PT-12: the client sends a message with a PDF from the portal page;
// the clinician sees and downloads it from the conversation, and answers with a file and no text; the
// client downloads that through their conversation (page and API) while the portal's file list and
// another portal user of the chart get 404. Both files sit on the chart's Files tab, private. A refused
// attachment (a program named .pdf) keeps the text and stores nothing; so does an attachment to a
// read-only conversation. Downloads are attachments and audited.
func TestAttachments(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		client := portalClient(t, w.h, "jo@example.net")
		page := "/portal/c/" + w.clientAccess + "/messages"
		worksheet := append([]byte("%PDF-1.4\n"), []byte(strings.Repeat("worksheet ", 200))...)
		ct, b := apptest.Multipart(t, "worksheet.pdf", worksheet, map[string]string{"body": "Here is my worksheet."})
		if r := client.Do("POST", page, ct, b); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("portal send with a file: %d %s", r.StatusCode, r.Body)
		}
		convID := w.conversationID(t, w.clientAccess)

		staff := staffClient(t, w.h, w.clin, true)
		var th threadFiles
		staff.Get("/api/v1/conversations/"+convID+"/messages").JSON(t, &th)
		if len(th.Items) != 1 || th.Items[0].FileID == nil || th.Items[0].FileName == nil || *th.Items[0].FileName != "worksheet.pdf" ||
			*th.Items[0].FileSize != int64(len(worksheet)) {
			t.Fatalf("staff API thread: %+v", th)
		}
		fromClient := *th.Items[0].FileID
		if conv := body(staff.Get("/messages/" + convID)); !strings.Contains(conv, `href="/messages/`+convID+`/files/`+fromClient+`"`) {
			t.Errorf("the conversation page does not link the attachment")
		}
		r := staff.Get("/messages/" + convID + "/files/" + fromClient)
		if r.StatusCode != http.StatusOK || string(r.Body) != string(worksheet) || !strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment;") ||
			r.Header.Get("Content-Type") != "application/pdf" || r.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("staff download: %d %q %q", r.StatusCode, r.Header.Get("Content-Disposition"), r.Header.Get("Content-Type"))
		}

		// The clinician answers with a file and no text, from the page.
		ct, b = apptest.Multipart(t, "plan.txt", []byte("Walk daily. Sleep by 11."), map[string]string{"body": ""})
		if r := staff.Do("POST", "/messages/"+convID, ct, b); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("staff send with a file: %d %s", r.StatusCode, r.Body)
		}
		client.Get("/api/v1/portal/charts/"+w.clientAccess+"/messages").JSON(t, &th)
		if len(th.Items) != 2 || th.Items[1].Body != "" || th.Items[1].FileName == nil || *th.Items[1].FileName != "plan.txt" {
			t.Fatalf("portal API thread: %+v", th)
		}
		fromStaff := *th.Items[1].FileID
		if p := body(client.Get(page)); !strings.Contains(p, `href="/portal/c/`+w.clientAccess+`/messages/files/`+fromStaff+`"`) {
			t.Errorf("the portal page does not link the clinician's attachment")
		}
		for _, path := range []string{page + "/files/" + fromStaff, "/api/v1/portal/charts/" + w.clientAccess + "/messages/files/" + fromStaff} {
			if r := client.Get(path); r.StatusCode != http.StatusOK || string(r.Body) != "Walk daily. Sleep by 11." ||
				!strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment;") {
				t.Errorf("portal download %s: %d", path, r.StatusCode)
			}
		}
		// Not shared: the portal's file routes do not serve it; only the conversation does.
		if r := client.Get("/portal/c/" + w.clientAccess + "/files/" + fromStaff + "/download"); r.StatusCode != http.StatusNotFound {
			t.Errorf("the portal's file list serves a message's attachment: %d", r.StatusCode)
		}
		// PT-12: the guardian, with messaging on the same chart, reaches neither through any access.
		guardian := portalClient(t, w.h, "pat@example.net")
		for _, path := range []string{"/portal/c/" + w.guardianAccess + "/messages/files/" + fromStaff, page + "/files/" + fromStaff,
			"/api/v1/portal/charts/" + w.guardianAccess + "/messages/files/" + fromClient} {
			if r := guardian.Get(path); r.StatusCode != http.StatusNotFound {
				t.Errorf("guardian %s: %d, want 404", path, r.StatusCode)
			}
		}
		// A file of the chart that no message carries is not served through the conversation.
		if r := staff.Get("/messages/" + convID + "/files/" + w.chart.ID); r.StatusCode != http.StatusNotFound {
			t.Errorf("a non-attachment through the conversation: %d", r.StatusCode)
		}
		tab := body(staff.Get("/clients/" + w.chart.ID + "?tab=files"))
		if !strings.Contains(tab, "worksheet.pdf") || !strings.Contains(tab, "plan.txt") {
			t.Errorf("the Files tab lacks the attachments")
		}

		// Bad input: a program named .pdf is refused by the file field, the text kept, nothing stored.
		ct, b = apptest.Multipart(t, "setup.pdf", []byte("MZ\x90\x00 a program"), map[string]string{"body": "keep these words"})
		r = client.Do("POST", page, ct, b)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body(r), "keep these words") || !strings.Contains(body(r), `id="f-file-error"`) {
			t.Errorf("refused attachment: %d", r.StatusCode)
		}
		// The API answers the same as a field error.
		ct, b = apptest.Multipart(t, "page.html", []byte("<html><script>alert(1)</script></html>"), map[string]string{"body": "see attached"})
		r = staff.Do("POST", "/api/v1/conversations/"+convID+"/messages", ct, b)
		if r.StatusCode != http.StatusUnprocessableEntity || r.Err(t).Error.Fields["file"] == "" {
			t.Errorf("API refused attachment: %d %s", r.StatusCode, r.Body)
		}
		if n := chartFileCount(t, w); n != 2 {
			t.Errorf("files after the refusals: %d, want 2", n)
		}
		// A read-only conversation refuses the attachment before reading it.
		off := false
		if _, err := w.h.App.Clients.Update(ctx, apptest.As(w.owner), w.chart.ID, model.ClientChange{MessagingOn: &off}, nil); err != nil {
			t.Fatal(err)
		}
		ct, b = apptest.Multipart(t, "more.txt", []byte("more"), map[string]string{"body": "and this"})
		if r := staff.Do("POST", "/api/v1/conversations/"+convID+"/messages", ct, b); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("attachment to a read-only conversation: %d", r.StatusCode)
		}
		staff.Get("/api/v1/conversations/"+convID+"/messages").JSON(t, &th)
		if n := chartFileCount(t, w); n != 2 || len(th.Items) != 2 {
			t.Errorf("after the read-only refusal: %d files, %d messages", n, len(th.Items))
		}
		if f := w.h.App.Audit.Flush; f != nil {
			if err := f(ctx); err != nil {
				t.Fatal(err)
			}
		}
		var downloads int
		if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_events WHERE action IN ('chart.message.file.download', 'portal.message.file.download')
			AND record_id IN ($1, $2)`, fromClient, fromStaff).Scan(&downloads); err != nil {
			t.Fatal(err)
		}
		if downloads != 3 {
			t.Errorf("audited attachment downloads: %d, want 3", downloads)
		}
	})
}
