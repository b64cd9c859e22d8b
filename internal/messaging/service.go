// Package messaging holds the use cases of secure messaging (MS-1, issue 17, item 3): one conversation
// per chart and portal account with the chart's care team, read markers per reader, unread counts for the
// client list, the chart, the sidebar and the portal, and the throttled "a message is waiting" email. Who
// reads and writes is decided by package authz (Messages); every open and every message sent is audited
// with ids only, never the text.
package messaging

import (
	"context"
	"fmt"
	"html/template"
	"time"

	"tend/internal/audit"
	"tend/internal/authz"
	"tend/internal/files"
	"tend/internal/model"
	"tend/internal/outbox"
	"tend/internal/store"
)

// PageSize is how many messages a conversation shows at once, and how many conversations an inbox page.
const PageSize = 50

// MaxFormText is the most a message form's text may weigh in bytes before it is refused unread: room for
// MaxMessageChars characters of any script and more, so a message a little too long gets CleanMessage's
// count of its characters, with its text kept.
const MaxFormText = 256 << 10

// NoticeEvery is the least time between two "a message is waiting" emails to the same recipient about
// the same conversation.
const NoticeEvery = 15 * time.Minute

// Service runs the messaging use cases.
type Service struct {
	Store *store.Store
	Audit *audit.Log
	// Reads records read events; nil appends each in its own transaction.
	Reads  audit.ReadRecorder
	Now    func() time.Time
	Charts ChartAccess
	// Mail queues the notices; BaseURL is where their links point.
	Mail    *outbox.Outbox
	BaseURL string
	// Files stores and opens the attachments.
	Files *files.Service
}

// ChartAccess is what messaging needs of the client records: the visibility rules.
type ChartAccess interface {
	VisibleChart(ctx context.Context, q store.Q, p model.Principal, chartID string, change bool) (model.Client, error)
	AuditDenied(ctx context.Context, p model.Principal, action, chartID string, err error) error
	ChartWho(ctx context.Context, q store.Q, p model.Principal) (authz.Who, error)
	VisibilityOf(ctx context.Context, q store.Q, p model.Principal) (store.Visibility, error)
}

// MessageView is a message as a page shows it.
type MessageView struct {
	model.Message
	HTML   template.HTML // the text escaped, web addresses linked (Linkify)
	Author string        // the staff member's name, or the portal user's
	Mine   bool          // written by the reader (their side)
}

func (s *Service) now() time.Time { return s.Now().UTC() }

func (s *Service) recordRead(ctx context.Context, e model.AuditEvent) error {
	return audit.RecordRead(ctx, s.Reads, s.Store, s.Audit, e)
}

// readOnlyReason says why nobody may write in a conversation now, or "" when it is open: messaging off
// for the client, the chart out of care, the portal user's access not active.
func readOnlyReason(c model.Client, access *model.PortalAccess) string {
	switch {
	case !c.MessagingOn:
		return "Messaging is turned off for this client, so this conversation is read-only."
	case c.State != model.StateActive:
		return "This client is not in care, so this conversation is read-only."
	case access == nil || access.State != model.AccessActive:
		return "This portal user's access is disabled or ended, so this conversation is read-only."
	}
	return ""
}

// ready checks that a message may go in the conversation now (readyFor) with its portal user's access.
func ready(ctx context.Context, q store.Q, cv model.Conversation, c model.Client, body string, attached bool) (string, error) {
	access, err := accessOf(ctx, q, c.ID, cv.PortalAccountID)
	if err != nil {
		return "", err
	}
	return readyFor(c, access, body, attached)
}

// readyFor checks that a message may go on the chart now (it is not read-only) and that its text is
// right, and returns the text as stored. Only callers the policy let through ask: someone refused learns
// nothing from it.
func readyFor(c model.Client, access *model.PortalAccess, body string, attached bool) (string, error) {
	if why := readOnlyReason(c, access); why != "" {
		return "", &model.ValidationError{Message: why}
	}
	return model.CleanMessage(body, attached)
}

// accessOf finds the portal access of an account on a chart; nil when it has none.
func accessOf(ctx context.Context, q store.Q, chartID, accountID string) (*model.PortalAccess, error) {
	all, err := store.PortalAccessOfChart(ctx, q, chartID)
	if err != nil {
		return nil, fmt.Errorf("messaging: portal access: %w", err)
	}
	for _, a := range all {
		if a.AccountID == accountID {
			return &a, nil
		}
	}
	return nil, nil
}

// views turns messages into what pages show; staffNames names staff authors, accountName the portal user.
func views(ms []model.Message, staffNames map[string]string, accountName string, readerIsClient bool) []MessageView {
	out := make([]MessageView, 0, len(ms))
	for _, m := range ms {
		v := MessageView{Message: m, HTML: Linkify(m.Body), Mine: m.FromClient == readerIsClient}
		if m.FromClient {
			v.Author = accountName
		} else {
			v.Author = staffNames[m.AuthorStaffID]
		}
		out = append(out, v)
	}
	return out
}
