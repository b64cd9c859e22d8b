package portal

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	chartfiles "tend/internal/files"
	"tend/internal/httpx"
	"tend/internal/messaging"
	"tend/internal/model"
)

// Secure messaging in the portal (MS-1, PT-7, PT-12): the person's own conversation with the chart's
// care team. Without the messaging permission the pages answer 404.

type messagesPage struct {
	page
	T     messaging.PortalThread
	Loc   model.Locale
	MaxMB int64 // the attachment cap
}

func seqParam(r *http.Request, name string) int64 {
	v, _ := strconv.ParseInt(r.URL.Query().Get(name), 10, 64)
	return max(v, 0)
}

// messages shows the conversation and marks it read.
func (s *Server) messages(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	return s.renderMessages(w, r, pp, http.StatusOK, httpx.NewForm())
}

func (s *Server) renderMessages(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal, status int, f httpx.Form) error {
	t, err := s.Messages.PortalOpen(r.Context(), pp, r.PathValue("id"), seqParam(r, "before"), 0, false)
	if err != nil {
		return err
	}
	s.render(w, r, status, "messages", messagesPage{page: page{Title: "Messages", User: &pp, Form: f}, T: t, Loc: t.Access.Loc,
		MaxMB: s.Files.Limit() >> 20})
	return nil
}

// messageSend sends the person's message, with a file when one was chosen; a refused one comes back with
// its text and the reason.
func (s *Server) messageSend(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	fields, att, err := chartfiles.FormWithFile(w, r, s.Files.Limit(), messaging.MaxFormText)
	f := httpx.NewForm()
	f.Values["body"] = fields["body"]
	if err == nil {
		_, err = s.Messages.PortalSend(r.Context(), pp, r.PathValue("id"), fields["body"], att)
	}
	if err != nil {
		if !f.Absorb(err) {
			return err
		}
		if att != nil {
			w.Header().Set("Connection", "close") // the rest of a refused file is not read
		}
		return s.renderMessages(w, r, pp, http.StatusUnprocessableEntity, f)
	}
	http.Redirect(w, r, "/portal/c/"+r.PathValue("id")+"/messages#compose", http.StatusSeeOther)
	return nil
}

// messageFile sends a file that came with a message of the person's conversation, as an attachment.
func (s *Server) messageFile(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	rd, err := s.Messages.PortalAttachment(r.Context(), pp, r.PathValue("id"), r.PathValue("file_id"))
	if errors.Is(err, chartfiles.ErrTampered) {
		return &model.ConflictError{Message: "This file's stored copy is damaged, so it is not served. Ask the practice to send it again."}
	}
	if err != nil {
		return err
	}
	chartfiles.Serve(w, rd)
	return nil
}

// messagesSince answers the page's polling with the new messages; a background route (see background).
func (s *Server) messagesSince(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	t, err := s.Messages.PortalOpen(r.Context(), pp, r.PathValue("id"), 0, seqParam(r, "after"), true)
	if err != nil {
		return err
	}
	set, err := s.views.page("messages")
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := set.ExecuteTemplate(&buf, "messagelist", messagesPage{T: t, Loc: t.Access.Loc}); err != nil {
		return fmt.Errorf("portal: messages fragment: %w", err)
	}
	last := t.LastSeq
	if n := len(t.Messages); n > 0 {
		last = t.Messages[n-1].Seq
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	return json.NewEncoder(w).Encode(map[string]any{"last_seq": last, "html": buf.String()})
}

// background marks a route's requests as the page's own (model.Background): they never count as the
// person's activity, so the idle timeout still ends a session left open on a polling page.
func background(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(model.Background(r.Context())))
	})
}
