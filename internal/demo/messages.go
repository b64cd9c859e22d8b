package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"tend/internal/files"
	"tend/internal/messaging"
	"tend/internal/model"
	"tend/internal/store"
)

// demoMessages is the portal client's conversation with their clinician over the last days (MS-1): the
// client writes, the clinician answers, the client writes again and the clinician's last word waits
// unread in the portal. The owner (the demo's sign-in) has read none of it: the inbox, the sidebar and
// the client list show it unread; the clinician has read all of it.
var demoMessages = []struct {
	fromClient bool
	daysAgo    int
	at         time.Duration // the practice's local time of day
	body       string
	file       string // a text file sent with it, by name ("" for none)
}{
	{true, 3, 18*time.Hour + 12*time.Minute, "Hi, could we move next week's session to Thursday afternoon? Work changed my schedule.", ""},
	{false, 2, 9*time.Hour + 40*time.Minute, "Thursday at 3 works. I moved it; you'll see it under Upcoming appointments. The worksheet we talked about is here: https://www.nimh.nih.gov/health/topics/anxiety-disorders", ""},
	{true, 1, 20*time.Hour + 5*time.Minute, "Thank you! I tried the breathing exercise twice this week. It helped before the meeting. My sleep diary is attached.", "Sleep diary.txt"},
	{false, 0, 8*time.Hour + 15*time.Minute, "That's great to hear. Let's talk about what made it easier on Thursday.", ""},
}

// sleepDiary is the text file the client sends with a message.
const sleepDiary = "Mon: bed 11:40 pm, up 6:50 am, woke twice\nTue: bed 11:10 pm, up 6:45 am\nWed: bed 10:55 pm, up 6:50 am, rested\n"

// messages plans the conversation on the portal client's chart, as its clinician p and its portal user.
func (r *recorder) messages(c model.Client, p model.Principal) {
	if r.svc.Messages == nil {
		return
	}
	m := r.svc.Messages // a copy on the record's clock, without mail: the demo sends no notices
	ms := &messaging.Service{Store: m.Store, Audit: m.Audit, Reads: m.Reads, Charts: m.Charts, Now: func() time.Time { return r.clock }, Files: r.files}
	var convID string
	local := r.now.In(r.practice.Location())
	today := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, local.Location())
	for k, dm := range demoMessages {
		// at that time of day, never later than now (the last ones come a few minutes apart then)
		at := earlier(today.AddDate(0, 0, -dm.daysAgo).Add(dm.at), r.latest().Add(time.Duration(k-len(demoMessages))*10*time.Minute))
		r.plan(at, func(ctx context.Context) error {
			if !dm.fromClient {
				_, err := ms.Send(ctx, p, convID, dm.body, nil)
				return err
			}
			pp, accessID, err := portalPrincipal(ctx, ms.Store, c)
			if err != nil {
				return err
			}
			var att *files.Upload
			if dm.file != "" && ms.Files != nil {
				att = &files.Upload{Name: dm.file, Content: strings.NewReader(sleepDiary)}
			}
			msg, err := ms.PortalSend(ctx, pp, accessID, dm.body, att)
			convID = msg.ConversationID
			return err
		})
	}
}

// portalPrincipal is the registered portal user of the chart, as they act, and their access.
func portalPrincipal(ctx context.Context, st *store.Store, c model.Client) (model.PortalPrincipal, string, error) {
	access, err := store.PortalAccessOfChart(ctx, st.R(), c.ID)
	if err != nil {
		return model.PortalPrincipal{}, "", err
	}
	for _, a := range access {
		if a.AccountID != "" && a.State == model.AccessActive {
			return model.PortalPrincipal{AccountID: a.AccountID, Email: a.Email, Name: a.PersonName, IP: "127.0.0.1"}, a.ID, nil
		}
	}
	return model.PortalPrincipal{}, "", fmt.Errorf("demo: messages: no registered portal user on chart %s", c.ID)
}
