package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	chartfiles "tend/internal/files"
	"tend/internal/messaging"
	"tend/internal/model"
)

// Secure messaging for staff (MS-1, issue 17, item 3): the inbox, a conversation, its polling, and
// starting a conversation from the chart's Messages tab.

type inboxPage struct {
	page
	Inbox messaging.Inbox
}

// messagesInbox lists the person's conversations, unread ones first.
func (s *Server) messagesInbox(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	in, err := s.Messages.Inbox(r.Context(), p, r.URL.Query().Get("page"))
	if err != nil {
		return err
	}
	pg, err := s.base(w, r, p, "Messages", "messages")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "messages", inboxPage{page: pg, Inbox: in})
	return nil
}

type conversationPage struct {
	page
	T     messaging.Thread
	Form  form
	MaxMB int64 // the attachment cap
}

func seqParam(r *http.Request, name string) int64 {
	v, _ := strconv.ParseInt(r.URL.Query().Get(name), 10, 64)
	return max(v, 0)
}

// conversationView opens a conversation and marks it read.
func (s *Server) conversationView(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	return s.renderConversation(w, r, p, http.StatusOK, newForm())
}

func (s *Server) renderConversation(w http.ResponseWriter, r *http.Request, p model.Principal, status int, f form) error {
	t, err := s.Messages.Open(r.Context(), p, r.PathValue("id"), seqParam(r, "before"))
	if err != nil {
		return err
	}
	pg, err := s.base(w, r, p, "Messages with "+t.AccountName, "messages")
	if err != nil {
		return err
	}
	s.render(w, r, status, "conversation", conversationPage{page: pg, T: t, Form: f, MaxMB: s.Files.Limit() >> 20})
	return nil
}

// conversationSend sends a message, with a file when one was chosen (the form is multipart, the text
// before the file); a refused one comes back with its text and the reason by the field.
func (s *Server) conversationSend(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	fields, att, err := chartfiles.FormWithFile(w, r, s.Files.Limit(), messaging.MaxFormText)
	f := newForm()
	f.Values["body"] = fields["body"]
	if err == nil {
		_, err = s.Messages.Send(r.Context(), p, r.PathValue("id"), fields["body"], att)
	}
	if err != nil {
		if !validation(err, &f) {
			return err
		}
		if att != nil {
			w.Header().Set("Connection", "close") // the rest of a refused file is not read
		}
		return s.renderConversation(w, r, p, http.StatusUnprocessableEntity, f)
	}
	http.Redirect(w, r, "/messages/"+r.PathValue("id")+"#compose", http.StatusSeeOther)
	return nil
}

// conversationFile sends a file that came with a message of the conversation, as an attachment.
func (s *Server) conversationFile(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	rd, err := s.Messages.Attachment(r.Context(), p, r.PathValue("id"), r.PathValue("file_id"))
	if errors.Is(err, chartfiles.ErrTampered) {
		return &model.ConflictError{Message: "This file's stored copy does not match what was sent (it was changed or damaged), so it is not served."}
	}
	if err != nil {
		return err
	}
	chartfiles.Serve(w, rd)
	return nil
}

// pollAnswer is what a conversation page's polling receives: the newest seq and the new messages as
// HTML to append (escaped and linked like the page's).
type pollAnswer struct {
	LastSeq int64  `json:"last_seq"`
	HTML    string `json:"html"`
}

// conversationSince answers the page's polling. The route is a background one (model.Background): it
// never counts as activity, so the idle timeout still signs out a person who left the page open.
func (s *Server) conversationSince(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	t, err := s.Messages.Since(r.Context(), p, r.PathValue("id"), seqParam(r, "after"))
	if err != nil {
		return err
	}
	return s.writePoll(w, r, p, t.Conversation.LastSeq, t.Messages)
}

// messageListView is what the "messagelist" partial shows: messages with the practice's locale.
type messageListView struct {
	Items []messaging.MessageView
	Loc   model.Locale
}

func (s *Server) writePoll(w http.ResponseWriter, r *http.Request, p model.Principal, last int64, ms []messaging.MessageView) error {
	pr, err := s.Accounts.Practice(r.Context(), p)
	if err != nil {
		return err
	}
	html, err := s.fragment(r, "messagelist", messageListView{Items: ms, Loc: pr.Locale()})
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	return json.NewEncoder(w).Encode(pollAnswer{LastSeq: last, HTML: html})
}

// conversationStart opens the conversation with a portal user of the chart (making it when needed).
func (s *Server) conversationStart(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f := formFrom(r, "access_id")
	convID, err := s.Messages.Start(r.Context(), p, r.PathValue("id"), f.Get("access_id"))
	if err != nil {
		if !validation(err, &f) {
			return err
		}
		s.setFlash(w, "Choose a registered portal user of this chart.")
		http.Redirect(w, r, "/clients/"+r.PathValue("id")+"?tab=messages", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, "/messages/"+convID+"#compose", http.StatusSeeOther)
	return nil
}

// background marks a route's requests as the page's own (model.Background) before anything
// authenticates them.
func background(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(model.Background(r.Context())))
	})
}

// fragment renders one shared template (a partial) to a string, for answers that update part of a page.
func (s *Server) fragment(r *http.Request, name string, data any) (string, error) {
	var buf bytes.Buffer
	t, err := s.views.page("conversation")
	if err == nil {
		err = t.ExecuteTemplate(&buf, name, data)
	}
	if err != nil {
		s.Log.ErrorContext(r.Context(), "rendering fragment", "template", name, "error", err)
		return "", fmt.Errorf("web: fragment %s: %w", name, err)
	}
	return buf.String(), nil
}
