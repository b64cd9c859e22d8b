package api

import (
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"tend/internal/files"
	"tend/internal/messaging"
	"tend/internal/model"
	"tend/internal/store"
)

// Secure messaging (MS-1, issue 17, item 3): the staff inbox, a conversation's messages, and the
// portal's own conversation per chart.

type conversationJSON struct {
	ID             string     `json:"id"`
	ClientID       string     `json:"client_id"`
	ClientName     string     `json:"client_name"`
	PortalUserName string     `json:"portal_user_name"`
	LastMessageAt  *time.Time `json:"last_message_at"`
	Unread         bool       `json:"unread"`
}

type messageJSON struct {
	ID         string    `json:"id"`
	Seq        int64     `json:"seq"`
	Body       string    `json:"body"`
	HTML       string    `json:"html"`
	FromClient bool      `json:"from_client"`
	Author     string    `json:"author"`
	FileID     *string   `json:"file_id"`
	FileName   *string   `json:"file_name"`
	FileSize   *int64    `json:"file_size"`
	CreatedAt  time.Time `json:"created_at"`
}

type threadJSON struct {
	Items    []messageJSON `json:"items"`
	LastSeq  int64         `json:"last_seq"`
	Older    int64         `json:"older"`
	CanSend  bool          `json:"can_send"`
	ReadOnly string        `json:"read_only"`
}

type messageRequest struct {
	Body string `json:"body"`
}

func toMessage(v messaging.MessageView) messageJSON {
	out := messageJSON{ID: v.ID, Seq: v.Seq, Body: v.Body, HTML: string(v.HTML), FromClient: v.FromClient, Author: v.Author, CreatedAt: v.CreatedAt}
	if v.FileID != "" {
		f, name, size := v.FileID, v.FileName, v.FileSize
		out.FileID = &f
		if name != "" { // "" when the file was deleted from the chart since
			out.FileName, out.FileSize = &name, &size
		}
	}
	return out
}

func toThread(ms []messaging.MessageView, last, older int64, canSend bool, readOnly string) threadJSON {
	out := threadJSON{Items: make([]messageJSON, 0, len(ms)), LastSeq: last, Older: older, CanSend: canSend, ReadOnly: readOnly}
	for _, m := range ms {
		out.Items = append(out.Items, toMessage(m))
	}
	return out
}

func seqQuery(r *http.Request, name string) int64 {
	v, _ := strconv.ParseInt(r.URL.Query().Get(name), 10, 64)
	return max(v, 0)
}

func (s *Server) listConversations(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	in, err := s.Messages.Inbox(r.Context(), p, r.URL.Query().Get("page"))
	if err != nil {
		return err
	}
	out := struct {
		Items    []conversationJSON `json:"items"`
		NextPage string             `json:"next_page"`
	}{Items: make([]conversationJSON, 0, len(in.Rows)), NextPage: in.Next}
	for _, row := range in.Rows {
		out.Items = append(out.Items, toConversation(row))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func toConversation(row store.InboxRow) conversationJSON {
	c := conversationJSON{ID: row.ID, ClientID: row.ChartID, ClientName: row.ChartName, PortalUserName: row.AccountName, Unread: row.Unread()}
	if !row.LastMessageAt.IsZero() {
		t := row.LastMessageAt
		c.LastMessageAt = &t
	}
	return c
}

// listMessages opens a conversation (marking it read; audited): the newest page, the page before
// ?before=seq, or with ?after=seq only what came since.
func (s *Server) listMessages(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var t messaging.Thread
	var err error
	if r.URL.Query().Has("after") {
		t, err = s.Messages.Since(r.Context(), p, r.PathValue("id"), seqQuery(r, "after"))
	} else {
		t, err = s.Messages.Open(r.Context(), p, r.PathValue("id"), seqQuery(r, "before"))
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toThread(t.Messages, t.Conversation.LastSeq, t.Older, t.CanSend, t.ReadOnly))
	return nil
}

// messageInput reads a message to send: JSON {"body"}, or multipart/form-data with a body field before
// an optional file part (the attachment).
func (s *Server) messageInput(w http.ResponseWriter, r *http.Request) (string, *files.Upload, error) {
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); strings.HasPrefix(ct, "multipart/") {
		fields, att, err := files.FormWithFile(w, r, s.Files.Limit(), messaging.MaxFormText)
		return fields["body"], att, err
	}
	var in messageRequest
	err := decode(w, r, &in)
	return in.Body, nil, err
}

func (s *Server) sendMessage(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	body, att, err := s.messageInput(w, r)
	if err != nil {
		return err
	}
	m, err := s.Messages.Send(r.Context(), p, r.PathValue("id"), body, att)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toMessage(messaging.MessageView{Message: m, HTML: messaging.Linkify(m.Body)}))
	return nil
}

// startConversation opens (making it when needed) the conversation with a portal user of the chart.
func (s *Server) startConversation(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in struct {
		AccessID string `json:"access_id"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	id, err := s.Messages.Start(r.Context(), p, r.PathValue("id"), in.AccessID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, struct {
		ID string `json:"id"`
	}{id})
	return nil
}

// portalMessages is the person's conversation on a chart (id: the access id); ?after=seq polls, and a
// poll never counts as activity on the session.
func (s *Server) portalMessages(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	poll := r.URL.Query().Has("after")
	t, err := s.Messages.PortalOpen(r.Context(), pp, r.PathValue("id"), seqQuery(r, "before"), seqQuery(r, "after"), poll)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toThread(t.Messages, t.LastSeq, t.Older, t.CanSend, t.ReadOnly))
	return nil
}

func (s *Server) portalSendMessage(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	body, att, err := s.messageInput(w, r)
	if err != nil {
		return err
	}
	m, err := s.Messages.PortalSend(r.Context(), pp, r.PathValue("id"), body, att)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toMessage(messaging.MessageView{Message: m, HTML: messaging.Linkify(m.Body), Author: pp.Name, Mine: true}))
	return nil
}

// messageFile sends a file that came with a message of the conversation.
func (s *Server) messageFile(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	rd, err := s.Messages.Attachment(r.Context(), p, r.PathValue("id"), r.PathValue("file_id"))
	if err != nil {
		return errTampered(err)
	}
	files.Serve(w, rd)
	return nil
}

// portalMessageFile sends a file that came with a message of the person's own conversation.
func (s *Server) portalMessageFile(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	rd, err := s.Messages.PortalAttachment(r.Context(), pp, r.PathValue("id"), r.PathValue("file_id"))
	if err != nil {
		return errTampered(err)
	}
	files.Serve(w, rd)
	return nil
}

// quietWhenPolling marks a request with ?after= as a background one (model.Background) before the
// portal session is checked, so polling never keeps an idle session alive.
func quietWhenPolling(h handler) handler {
	return func(w http.ResponseWriter, r *http.Request, p model.Principal) error {
		if r.URL.Query().Has("after") {
			r = r.WithContext(model.Background(r.Context()))
		}
		return h(w, r, p)
	}
}
