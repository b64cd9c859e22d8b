package messaging

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"tend/internal/audit"
	"tend/internal/authz"
	"tend/internal/files"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// Thread is one conversation as a staff member sees it.
type Thread struct {
	Conversation model.Conversation
	Chart        model.Client
	AccountName  string              // the portal user
	Access       *model.PortalAccess // their access to the chart; nil when it was removed
	Messages     []MessageView       // oldest first
	Older        int64               // the seq to page back from ("before"), 0 when these are all
	CanSend      bool                // the policy lets the reader write and the conversation is open
	ReadOnly     string              // why nobody writes now ("" when open)
}

// Inbox is one page of a staff member's conversations.
type Inbox struct {
	Rows []store.InboxRow
	Next string // the page key of the next page, "" on the last
}

// who is the principal with the chart facts, after the policy's practice-wide answer on act.
func (s *Service) who(ctx context.Context, q store.Q, p model.Principal, act authz.Action) (authz.Who, error) {
	who, err := s.Charts.ChartWho(ctx, q, p)
	if err != nil {
		return who, err
	}
	return who, authz.Decide(who, act, authz.On(authz.Messages))
}

// Inbox lists the conversations on the charts p reaches, unread ones first, then newest, a page at a
// time (page is the Next of the page before).
func (s *Service) Inbox(ctx context.Context, p model.Principal, page string) (Inbox, error) {
	q := s.Store.R()
	if _, err := s.who(ctx, q, p, authz.List); err != nil {
		return Inbox{}, fmt.Errorf("messaging: inbox: %w", err)
	}
	key, err := parseInboxKey(page)
	if err != nil {
		return Inbox{}, err
	}
	vis, err := s.Charts.VisibilityOf(ctx, q, p)
	if err != nil {
		return Inbox{}, err
	}
	rows, err := store.Inbox(ctx, q, p.PracticeID, p.StaffID, vis, key, PageSize+1)
	if err != nil {
		return Inbox{}, fmt.Errorf("messaging: inbox: %w", err)
	}
	out := Inbox{Rows: rows}
	if len(rows) > PageSize {
		last := rows[PageSize-1]
		out.Rows = rows[:PageSize]
		kind := "r"
		if last.Unread() {
			kind = "u"
		}
		out.Next = kind + "_" + strconv.FormatInt(last.LastMessageAt.UnixMilli(), 10) + "_" + last.ID
	}
	return out, nil
}

// parseInboxKey reads a page key "u|r_milliseconds_id".
func parseInboxKey(page string) (*store.InboxKey, error) {
	if page == "" {
		return nil, nil
	}
	parts := strings.Split(page, "_")
	bad := model.FieldError("page", "This page address is not one Tend made. Start from the first page.")
	if len(parts) != 3 || (parts[0] != "u" && parts[0] != "r") || !id.Valid(parts[2]) {
		return nil, bad
	}
	at, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return nil, bad
	}
	return &store.InboxKey{Unread: parts[0] == "u", At: at, ID: parts[2]}, nil
}

// Badge answers whether p may use messaging (the sidebar's Messages entry) and how many conversations
// have a message p has not read, in one query.
func (s *Service) Badge(ctx context.Context, p model.Principal) (bool, int, error) {
	q := s.Store.R()
	if _, err := s.who(ctx, q, p, authz.List); err != nil {
		return false, 0, nil
	}
	vis, err := s.Charts.VisibilityOf(ctx, q, p)
	if err != nil {
		return false, 0, err
	}
	n, err := store.StaffUnreadTotal(ctx, q, p.PracticeID, p.StaffID, vis)
	return true, n, err
}

// UnreadByChart counts p's unread messages on each of the charts (the client list's badges, LS-4), in
// one query. The charts are those a listing already showed p.
func (s *Service) UnreadByChart(ctx context.Context, p model.Principal, chartIDs []string) (map[string]int, error) {
	if _, err := s.who(ctx, s.Store.R(), p, authz.List); err != nil {
		return map[string]int{}, nil
	}
	return store.StaffUnreadByChart(ctx, s.Store.R(), p.PracticeID, p.StaffID, chartIDs)
}

// conversation loads a conversation of p's practice and its chart, and asks the policy for act.
func (s *Service) conversation(ctx context.Context, q store.Q, p model.Principal, convID string, act authz.Action) (model.Conversation, model.Client, authz.Who, error) {
	if !id.Valid(convID) {
		return model.Conversation{}, model.Client{}, authz.Who{}, fmt.Errorf("messaging: malformed id: %w", model.ErrNotFound)
	}
	cv, err := store.ConversationByID(ctx, q, p.PracticeID, convID)
	if err != nil {
		return cv, model.Client{}, authz.Who{}, err
	}
	c, err := s.Charts.VisibleChart(ctx, q, p, cv.ChartID, false)
	if err != nil {
		return cv, c, authz.Who{}, err
	}
	who, err := s.Charts.ChartWho(ctx, q, p)
	if err != nil {
		return cv, c, who, err
	}
	return cv, c, who, authz.Decide(who, act, authz.InChart(authz.Messages, c))
}

// Open shows a conversation to a staff member: the newest messages (or those before the seq before),
// marks it read and audits the open.
func (s *Service) Open(ctx context.Context, p model.Principal, convID string, before int64) (Thread, error) {
	return s.open(ctx, p, convID, before, 0, false)
}

// Since is the messages after seq after, for the page's polling. It marks them read; an answer with
// nothing new records nothing, so polling leaves no trail of empty reads.
func (s *Service) Since(ctx context.Context, p model.Principal, convID string, after int64) (Thread, error) {
	return s.open(ctx, p, convID, 0, max(after, 0), true)
}

func (s *Service) open(ctx context.Context, p model.Principal, convID string, before, after int64, poll bool) (Thread, error) {
	const action = "chart.conversation.view"
	q := s.Store.R()
	cv, c, who, err := s.conversation(ctx, q, p, convID, authz.View)
	if err != nil {
		return Thread{}, fmt.Errorf("messaging: open: %w", s.Charts.AuditDenied(ctx, p, action, c.ID, err))
	}
	t, err := s.thread(ctx, q, cv, c, before, after, poll)
	if err != nil {
		return t, err
	}
	t.CanSend = t.ReadOnly == "" && authz.Can(who, authz.Create, authz.InChart(authz.Messages, c))
	if poll && len(t.Messages) == 0 {
		return t, nil
	}
	if err := s.markRead(ctx, cv, store.ReaderStaff, p.StaffID); err != nil {
		return t, err
	}
	return t, s.recordRead(ctx, audit.StaffEvent(p, s.now(), action, c.ID, "conversation", cv.ID))
}

func (s *Service) markRead(ctx context.Context, cv model.Conversation, kind, reader string) error {
	if cv.LastSeq == 0 {
		return nil
	}
	return s.Store.Tx(ctx, func(q store.Q) error { return store.MarkRead(ctx, q, cv.ID, kind, reader, cv.LastSeq, s.now()) })
}

// thread loads what a page of the conversation shows.
func (s *Service) thread(ctx context.Context, q store.Q, cv model.Conversation, c model.Client, before, after int64, poll bool) (Thread, error) {
	t := Thread{Conversation: cv, Chart: c}
	acct, _, err := store.PortalAccountByID(ctx, q, cv.PortalAccountID)
	if err != nil {
		return t, fmt.Errorf("messaging: portal account: %w", err)
	}
	t.AccountName = acct.Name
	if t.Access, err = accessOf(ctx, q, c.ID, cv.PortalAccountID); err != nil {
		return t, err
	}
	t.ReadOnly = readOnlyReason(c, t.Access)
	ms, err := messagesOf(ctx, q, cv.ID, before, after, poll)
	if err != nil {
		return t, err
	}
	if !poll && len(ms) == PageSize && ms[0].Seq > 1 {
		t.Older = ms[0].Seq
	}
	names, err := s.staffNames(ctx, q, c.PracticeID)
	if err != nil {
		return t, err
	}
	t.Messages = views(ms, names, acct.Name, false)
	return t, nil
}

func (s *Service) staffNames(ctx context.Context, q store.Q, practiceID string) (map[string]string, error) {
	staff, err := store.ListStaff(ctx, q, practiceID)
	if err != nil {
		return nil, fmt.Errorf("messaging: staff: %w", err)
	}
	out := make(map[string]string, len(staff))
	for _, st := range staff {
		out[st.ID] = st.Name
	}
	return out, nil
}

// Send writes a staff message in a conversation, with the file att when it is not nil, marks it read for
// its author, emails the portal user that a message waits (at most once per NoticeEvery) and audits the
// message (and the attachment's upload) by id: all in one transaction. An attachment is refused before
// any byte of it is read when the message may not be sent.
func (s *Service) Send(ctx context.Context, p model.Principal, convID, body string, att *files.Upload) (model.Message, error) {
	const action = "chart.message.send"
	var m model.Message
	var chartID string
	write := func(q store.Q, file model.File) error {
		cv, c, _, err := s.conversation(ctx, q, p, convID, authz.Create)
		chartID = c.ID
		if err != nil {
			return err
		}
		text, err := ready(ctx, q, cv, c, body, file.ID != "" || att != nil)
		if err != nil {
			return err
		}
		m = model.Message{ID: id.New(), ConversationID: cv.ID, PracticeID: cv.PracticeID, AuthorStaffID: p.StaffID, Body: text,
			FileID: file.ID, FileName: file.Name, FileSize: file.Size, CreatedAt: s.now()}
		if err := store.AppendMessage(ctx, q, &cv, &m); err != nil {
			return err
		}
		if err := store.MarkRead(ctx, q, cv.ID, store.ReaderStaff, p.StaffID, m.Seq, m.CreatedAt); err != nil {
			return err
		}
		if err := s.noticeClient(ctx, q, cv, c, cmp.Or(p.Name, "Your care team")); err != nil {
			return err
		}
		if file.ID != "" {
			if err := s.Audit.Append(ctx, q, audit.StaffEvent(p, s.now(), "chart.file.upload", c.ID, "file", file.ID)); err != nil {
				return err
			}
		}
		return s.Audit.Append(ctx, q, audit.StaffEvent(p, s.now(), action, c.ID, "message", m.ID))
	}
	var err error
	if att == nil {
		err = s.Store.Tx(ctx, func(q store.Q) error { return write(q, model.File{}) })
	} else {
		// The same checks first, outside the transaction, so a refused message reads none of its file.
		var cv model.Conversation
		var c model.Client
		if cv, c, _, err = s.conversation(ctx, s.Store.R(), p, convID, authz.Create); err == nil {
			if _, err = ready(ctx, s.Store.R(), cv, c, body, true); err == nil {
				err = s.attach(ctx, model.File{PracticeID: c.PracticeID, ChartID: c.ID, UploadedByStaffID: p.StaffID}, *att, write)
			}
		}
		chartID = c.ID
	}
	if err != nil {
		return model.Message{}, fmt.Errorf("messaging: send: %w", s.Charts.AuditDenied(ctx, p, action, chartID, err))
	}
	return m, nil
}

// ChartConversation is one portal user of a chart with their conversation (none yet: ID "").
type ChartConversation struct {
	Access         model.PortalAccess
	ConversationID string
	Unread         int
}

// ChartMessages is the chart's Messages section: its portal users who may message, and those with a
// conversation.
type ChartMessages struct {
	Items    []ChartConversation
	CanStart bool // the reader may write on this chart
}

// OfChart lists a chart's conversations and the portal users one could start one with.
func (s *Service) OfChart(ctx context.Context, p model.Principal, chartID string) (ChartMessages, error) {
	q := s.Store.R()
	c, err := s.Charts.VisibleChart(ctx, q, p, chartID, false)
	if err != nil {
		return ChartMessages{}, err
	}
	who, err := s.Charts.ChartWho(ctx, q, p)
	if err != nil {
		return ChartMessages{}, err
	}
	if err := authz.Decide(who, authz.View, authz.InChart(authz.Messages, c)); err != nil {
		return ChartMessages{}, err
	}
	out := ChartMessages{CanStart: authz.Can(who, authz.Create, authz.InChart(authz.Messages, c)) && c.MessagingOn && c.State == model.StateActive}
	convs, err := store.ConversationsOfChart(ctx, q, c.ID)
	if err != nil {
		return out, fmt.Errorf("messaging: chart: %w", err)
	}
	access, err := store.PortalAccessOfChart(ctx, q, c.ID)
	if err != nil {
		return out, fmt.Errorf("messaging: chart access: %w", err)
	}
	unread, err := store.StaffUnreadOfChart(ctx, q, c.ID, p.StaffID)
	if err != nil {
		return out, err
	}
	byAccount := map[string]model.Conversation{}
	for _, cv := range convs {
		byAccount[cv.PortalAccountID] = cv
	}
	for _, a := range access {
		cv, has := byAccount[a.AccountID]
		if a.AccountID == "" || (!has && !(a.State == model.AccessActive && a.Permissions.Has(model.FeatureMessaging))) {
			continue
		}
		item := ChartConversation{Access: a, ConversationID: cv.ID, Unread: unread[cv.ID]}
		out.Items = append(out.Items, item)
	}
	return out, nil
}

// Start opens (making it when there is none) the conversation with a portal user of the chart, for a
// staff member who may write there. It answers the conversation's id.
func (s *Service) Start(ctx context.Context, p model.Principal, chartID, accessID string) (string, error) {
	var convID string
	err := s.Store.Tx(ctx, func(q store.Q) error {
		c, err := s.Charts.VisibleChart(ctx, q, p, chartID, false)
		if err != nil {
			return err
		}
		who, err := s.Charts.ChartWho(ctx, q, p)
		if err != nil {
			return err
		}
		if err := authz.Decide(who, authz.Create, authz.InChart(authz.Messages, c)); err != nil {
			return err
		}
		if !id.Valid(accessID) {
			return model.FieldError("access_id", "Choose a portal user of this chart.")
		}
		a, err := store.PortalAccessByID(ctx, q, c.PracticeID, accessID)
		if err != nil || a.ChartID != c.ID || a.AccountID == "" {
			return model.FieldError("access_id", "Choose a registered portal user of this chart.")
		}
		cv, err := s.ensure(ctx, q, c, a.AccountID)
		convID = cv.ID
		return err
	})
	if err != nil {
		return "", fmt.Errorf("messaging: start: %w", s.Charts.AuditDenied(ctx, p, "chart.message.send", chartID, err))
	}
	return convID, nil
}

// ensure returns the conversation of a chart and account, making it when there is none.
func (s *Service) ensure(ctx context.Context, q store.Q, c model.Client, accountID string) (model.Conversation, error) {
	cv, err := store.ConversationOf(ctx, q, c.ID, accountID)
	if !errors.Is(err, model.ErrNotFound) {
		return cv, err
	}
	cv = model.Conversation{ID: id.New(), PracticeID: c.PracticeID, ChartID: c.ID, PortalAccountID: accountID, CreatedAt: s.now()}
	return cv, store.InsertConversation(ctx, q, cv)
}

// messagesOf loads a page of a conversation (before) or, polling, what came after seq after.
func messagesOf(ctx context.Context, q store.Q, convID string, before, after int64, poll bool) ([]model.Message, error) {
	var ms []model.Message
	var err error
	if poll {
		ms, err = store.MessagesAfter(ctx, q, convID, after, PageSize)
	} else {
		ms, err = store.MessagesOf(ctx, q, convID, before, PageSize)
	}
	if err != nil {
		return nil, fmt.Errorf("messaging: messages: %w", err)
	}
	return ms, nil
}
