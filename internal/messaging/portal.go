package messaging

import (
	"context"
	"errors"
	"fmt"

	"tend/internal/authz"
	"tend/internal/files"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// PortalThread is the conversation of a portal user with the care team of one chart.
type PortalThread struct {
	Access   store.AccountAccess
	Messages []MessageView // oldest first
	Older    int64
	LastSeq  int64
	CanSend  bool
	ReadOnly string // why the person cannot write now ("" when open)
}

// portalUser is what the portal policy needs of an access: open only to its own account, while active,
// on a chart in care.
func portalUser(pp model.PortalPrincipal, a store.AccountAccess) authz.PortalUser {
	return authz.PortalUser{Role: a.Role, Permissions: a.Permissions,
		Open: a.AccountID == pp.AccountID && a.State == model.AccessActive && a.RecordState == model.StateActive}
}

// Sees reports whether the portal user of access a may use messaging on its chart (PT-7).
func Sees(pp model.PortalPrincipal, a store.AccountAccess) bool {
	return authz.PortalCan(portalUser(pp, a), authz.View, authz.Messages)
}

// portalAccess returns the person's access accessID when the policy lets them do act on its messages;
// anything else is model.ErrNotFound (a guardian without the messaging permission learns nothing).
func (s *Service) portalAccess(ctx context.Context, q store.Q, pp model.PortalPrincipal, accessID string, act authz.Action) (store.AccountAccess, error) {
	if !id.Valid(accessID) {
		return store.AccountAccess{}, fmt.Errorf("messaging: malformed access id: %w", model.ErrNotFound)
	}
	a, err := store.AccessOfAccountByID(ctx, q, accessID)
	if err != nil {
		return a, fmt.Errorf("messaging: portal: %w", err)
	}
	if err := authz.PortalDecide(portalUser(pp, a), act, authz.Messages); err != nil {
		return store.AccountAccess{}, fmt.Errorf("messaging: access %s: %w", accessID, err)
	}
	return a, nil
}

// PortalOpen shows the portal user their conversation on the chart of access accessID (empty before the
// first message), marks it read and audits the open. Polling (poll), it returns only the messages after
// seq after and records nothing when there are none.
func (s *Service) PortalOpen(ctx context.Context, pp model.PortalPrincipal, accessID string, before, after int64, poll bool) (PortalThread, error) {
	q := s.Store.R()
	a, err := s.portalAccess(ctx, q, pp, accessID, authz.View)
	if err != nil {
		return PortalThread{}, err
	}
	c, err := store.ClientByID(ctx, q, a.PracticeID, a.ChartID)
	if err != nil {
		return PortalThread{}, fmt.Errorf("messaging: portal chart: %w", err)
	}
	t := PortalThread{Access: a, ReadOnly: readOnlyReason(c, &a.PortalAccess)}
	t.CanSend = t.ReadOnly == "" && authz.PortalCan(portalUser(pp, a), authz.Create, authz.Messages)
	cv, err := store.ConversationOf(ctx, q, a.ChartID, pp.AccountID)
	if errors.Is(err, model.ErrNotFound) {
		return t, nil
	}
	if err != nil {
		return t, fmt.Errorf("messaging: portal: %w", err)
	}
	ms, err := messagesOf(ctx, q, cv.ID, before, after, poll)
	if err != nil {
		return t, err
	}
	if !poll && len(ms) == PageSize && ms[0].Seq > 1 {
		t.Older = ms[0].Seq
	}
	t.LastSeq = cv.LastSeq
	names, err := s.staffNames(ctx, q, a.PracticeID)
	if err != nil {
		return t, err
	}
	t.Messages = views(ms, names, pp.Name, true)
	if poll && len(ms) == 0 {
		return t, nil
	}
	if err := s.markRead(ctx, cv, store.ReaderPortal, pp.AccountID); err != nil {
		return t, err
	}
	return t, s.recordRead(ctx, s.portalEvent(pp, a, "portal.conversation.view", "conversation", cv.ID))
}

// PortalSend writes the portal user's message on the chart of access accessID, with the file att when it
// is not nil, emails the chart's clinician that a message waits (at most once per NoticeEvery) and audits
// it (and the attachment's upload) by id, in one transaction. The messaging permission covers the
// attachment: it is the conversation's, not one of the chart's shared files.
func (s *Service) PortalSend(ctx context.Context, pp model.PortalPrincipal, accessID, body string, att *files.Upload) (model.Message, error) {
	var m model.Message
	write := func(q store.Q, file model.File) error {
		a, c, err := s.portalChart(ctx, q, pp, accessID, authz.Create)
		if err != nil {
			return err
		}
		text, err := readyFor(c, &a.PortalAccess, body, file.ID != "" || att != nil)
		if err != nil {
			return err
		}
		cv, err := s.ensure(ctx, q, c, pp.AccountID)
		if err != nil {
			return err
		}
		m = model.Message{ID: id.New(), ConversationID: cv.ID, PracticeID: cv.PracticeID, AuthorAccountID: pp.AccountID, FromClient: true,
			Body: text, FileID: file.ID, FileName: file.Name, FileSize: file.Size, CreatedAt: s.now()}
		if err := store.AppendMessage(ctx, q, &cv, &m); err != nil {
			return err
		}
		if err := store.MarkRead(ctx, q, cv.ID, store.ReaderPortal, pp.AccountID, m.Seq, m.CreatedAt); err != nil {
			return err
		}
		if err := s.noticeStaff(ctx, q, cv, c); err != nil {
			return err
		}
		if file.ID != "" {
			if err := s.Audit.Append(ctx, q, s.portalEvent(pp, a, "portal.file.upload", "file", file.ID)); err != nil {
				return err
			}
		}
		return s.Audit.Append(ctx, q, s.portalEvent(pp, a, "portal.message.send", "message", m.ID))
	}
	var err error
	if att == nil {
		err = s.Store.Tx(ctx, func(q store.Q) error { return write(q, model.File{}) })
	} else {
		// The same checks first, so a refused message reads none of its file.
		var a store.AccountAccess
		var c model.Client
		if a, c, err = s.portalChart(ctx, s.Store.R(), pp, accessID, authz.Create); err == nil {
			if _, err = readyFor(c, &a.PortalAccess, body, true); err == nil {
				err = s.attach(ctx, model.File{PracticeID: a.PracticeID, ChartID: a.ChartID, UploadedByAccountID: pp.AccountID}, *att, write)
			}
		}
	}
	if err != nil {
		return model.Message{}, fmt.Errorf("messaging: portal send: %w", err)
	}
	return m, nil
}

// portalChart is the person's access for act on its messages, with its chart.
func (s *Service) portalChart(ctx context.Context, q store.Q, pp model.PortalPrincipal, accessID string, act authz.Action) (store.AccountAccess, model.Client, error) {
	a, err := s.portalAccess(ctx, q, pp, accessID, act)
	if err != nil {
		return a, model.Client{}, err
	}
	c, err := store.ClientByID(ctx, q, a.PracticeID, a.ChartID)
	if err != nil {
		return a, c, fmt.Errorf("messaging: portal chart: %w", err)
	}
	return a, c, nil
}

// PortalUnread counts, per access of the person that may use messaging, the staff messages they have not
// read (the portal's badges), in one query.
func (s *Service) PortalUnread(ctx context.Context, pp model.PortalPrincipal, accesses []store.AccountAccess) (map[string]int, error) {
	byChart, err := store.PortalUnreadByChart(ctx, s.Store.R(), pp.AccountID)
	if err != nil {
		return nil, fmt.Errorf("messaging: portal unread: %w", err)
	}
	out := map[string]int{}
	for _, a := range accesses {
		if Sees(pp, a) && byChart[a.ChartID] > 0 {
			out[a.ID] = byChart[a.ChartID]
		}
	}
	return out, nil
}

func (s *Service) portalEvent(pp model.PortalPrincipal, a store.AccountAccess, action, recordType, recordID string) model.AuditEvent {
	return model.AuditEvent{PracticeID: a.PracticeID, At: s.now(), ActorType: model.ActorPortal, ActorID: pp.AccountID, ActorRole: "portal",
		Action: action, RecordType: recordType, RecordID: recordID, ChartID: a.ChartID, IP: pp.IP, Outcome: model.OutcomeSuccess}
}
