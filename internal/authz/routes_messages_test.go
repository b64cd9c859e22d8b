package authz_test

import (
	"fmt"

	"tend/internal/authz"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// messageRouteSpecs are the rows of secure messaging's routes (MS-1, issue 17, item 3), kept in their own
// file so the table's other rows merge apart; init adds them to routeSpecs. Bodies stop at validation
// (an empty message, no portal user chosen). The polling routes answer like the page they poll.
var messageRouteSpecs = map[string]spec{
	"web GET /messages":                            rule(authz.Messages, authz.List, ""),
	"web GET /messages/{id}":                       rule(authz.Messages, authz.View, "conversation"),
	"web POST /messages/{id}":                      rule(authz.Messages, authz.Create, "conversation").with("body="),
	"web GET /messages/{id}/since":                 rule(authz.Messages, authz.View, "conversation"),
	"web POST /clients/{id}/messages":              rule(authz.Messages, authz.Create, "chart").with("access_id="),
	"api GET /api/v1/conversations":                rule(authz.Messages, authz.List, ""),
	"api GET /api/v1/conversations/{id}/messages":  rule(authz.Messages, authz.View, "conversation"),
	"api POST /api/v1/conversations/{id}/messages": rule(authz.Messages, authz.Create, "conversation").with(`{"body": ""}`),
	"api POST /api/v1/clients/{id}/conversations":  rule(authz.Messages, authz.Create, "chart").with(`{"access_id": ""}`),
	"portal GET /portal/c/{id}/messages":           prule(authz.Messages, authz.View, "access"),
	"portal POST /portal/c/{id}/messages":          prule(authz.Messages, authz.Create, "access").with("body="),
	"portal GET /portal/c/{id}/messages/since":     prule(authz.Messages, authz.View, "access"),
	"api GET /api/v1/portal/charts/{id}/messages":  prule(authz.Messages, authz.View, "access"),
	"api POST /api/v1/portal/charts/{id}/messages": prule(authz.Messages, authz.Create, "access").with(`{"body": ""}`),
	// A message's attachment: {file_id} is the bundle's file, which the conversation's message carries.
	"web GET /messages/{id}/files/{file_id}":                      rule(authz.Messages, authz.View, "conversation"),
	"api GET /api/v1/conversations/{id}/files/{file_id}":          rule(authz.Messages, authz.View, "conversation"),
	"portal GET /portal/c/{id}/messages/files/{file_id}":          prule(authz.Messages, authz.View, "access"),
	"api GET /api/v1/portal/charts/{id}/messages/files/{file_id}": prule(authz.Messages, authz.View, "access"),
}

func init() {
	for k, v := range messageRouteSpecs {
		routeSpecs[k] = v
	}
}

// conversation stores, straight through the store, a conversation on the chart with one message from its
// portal account carrying the file fileID, and returns the conversation's id. accountID "" makes a new
// portal account for it.
func (f *fixture) conversation(op model.Principal, chartID, accountID, fileID string) string {
	now := f.h.Clock.Now()
	acct := model.PortalAccount{ID: accountID, Email: fmt.Sprintf("writer%d@example.net", f.next()), Name: "Writer", CreatedAt: now}
	cv := model.Conversation{ID: id.New(), PracticeID: op.PracticeID, ChartID: chartID, PortalAccountID: acct.ID, CreatedAt: now}
	err := f.h.App.Outbox.Store.Tx(f.ctx, func(q store.Q) error {
		if accountID == "" {
			acct.ID = id.New()
			if err := store.InsertPortalAccount(f.ctx, q, acct, "x"); err != nil {
				return err
			}
		}
		cv.PortalAccountID = acct.ID
		if had, err := store.ConversationOf(f.ctx, q, chartID, acct.ID); err == nil {
			cv = had // a portal bundle built again: its portal user's conversation stays
		} else if err := store.InsertConversation(f.ctx, q, cv); err != nil {
			return err
		}
		m := model.Message{ID: id.New(), ConversationID: cv.ID, PracticeID: op.PracticeID, AuthorAccountID: acct.ID, FromClient: true,
			Body: "Hello", FileID: fileID, CreatedAt: now}
		return store.AppendMessage(f.ctx, q, &cv, &m)
	})
	if err != nil {
		f.t.Fatalf("conversation: %v", err)
	}
	return cv.ID
}
