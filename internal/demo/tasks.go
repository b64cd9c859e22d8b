package demo

import (
	"context"
	"time"

	"tend/internal/model"
	"tend/internal/store"
	"tend/internal/tasks"
)

// Issue 17, item 1 (TK-1): homework on the recorded charts. The portal client's chart gets homework the
// client finished in the portal with replies, one done without a reply, one overdue, one open and due
// next week, and a private to-do; each clinician's first chart gets an overdue task and a private to-do,
// so Home's Needs attention and the Overview count overdue tasks.

// homework is what clinicians assign (Markdown instructions) and what a client may reply.
var homework = []struct{ title, instructions, reply string }{
	{"Thought record, three times this week", "When your mood drops, note:\n\n- the **situation**\n- the *automatic thought*\n- how strongly you believed it (0–100)\n\nBring the sheet to our next session.", "Did it four times. The Sunday evening one surprised me: it was about work again."},
	{"Ten-minute walk after lunch", "A short walk, outside if you can, **five days** this week. Notice one thing you see, hear and smell.", "Managed three days. Rain on Thursday, but I went anyway."},
	{"Read the sleep hygiene handout", "Read it once, then pick **one** change to try for a week.", ""},
	{"Practise box breathing", "Breathe in for 4, hold for 4, out for 4, hold for 4. Twice a day, and whenever you notice tension.", ""},
	{"Write down three things that went well", "Each evening, three small things and why they went well.", ""},
}

// tasksService is the tasks use cases on the record's clock.
func (r *recorder) tasksService(at func() time.Time) {
	if r.svc.Tasks == nil {
		return
	}
	ts := r.svc.Tasks // it holds a lazily built renderer that must not be copied
	r.tasks = &tasks.Service{Store: ts.Store, Audit: ts.Audit, Reads: ts.Reads, Now: at, Charts: ts.Charts}
}

// assign plans a task assigned at at and due on due ("" none), done by the portal user doneAfter later
// when it is not zero (with the homework's reply when reply), or a private to-do when private.
func (r *recorder) assign(c model.Client, p model.Principal, at time.Time, k int, due string, doneAfter time.Duration, reply, private bool) {
	if r.tasks == nil {
		return
	}
	h := homework[k%len(homework)]
	title, instructions := h.title, h.instructions
	if private {
		title, instructions = privateToDos[k%len(privateToDos)], ""
	}
	var taskID string
	r.plan(at, func(ctx context.Context) error {
		d, err := r.tasks.Create(ctx, p, c.ID, tasks.Input{TaskChange: model.TaskChange{Title: &title, Instructions: &instructions,
			DueOn: &due, Private: &private, ConfirmPastDue: true}})
		taskID = d.Task.ID
		return err
	})
	if doneAfter <= 0 {
		return
	}
	text := ""
	if reply {
		text = h.reply
	}
	r.plan(at.Add(doneAfter), func(ctx context.Context) error {
		access, err := store.PortalAccessOfChart(ctx, r.tasks.Store.R(), c.ID)
		if err != nil {
			return err
		}
		for _, a := range access {
			if a.AccountID != "" && a.State == model.AccessActive {
				_, err := r.tasks.PortalDone(ctx, model.PortalPrincipal{AccountID: a.AccountID}, a.ID, taskID, text)
				return err
			}
		}
		// No portal user: the clinician ticks it off after the session.
		_, err = r.tasks.SetDone(ctx, p, c.ID, taskID, true)
		return err
	})
}

// privateToDos are staff's own reminders on a chart, which the client never sees.
var privateToDos = []string{"Send the referral letter to the GP", "Check in about the medication review", "Ask about the school meeting"}

// homeworkOf plans the chart's tasks after its recent sessions.
func (r *recorder) homeworkOf(c model.Client, p model.Principal, sessions []time.Time, portal bool) {
	day := func(t time.Time, days int) string {
		return t.In(r.practice.Location()).AddDate(0, 0, days).Format(time.DateOnly)
	}
	last := sessions[len(sessions)-1]
	at := earlier(last.Add(90*time.Minute), r.latest().Add(-2*time.Hour))
	if portal {
		for k := range 2 { // finished in the portal, with replies
			s := sessions[max(0, len(sessions)-3+k)]
			assigned := earlier(s.Add(90*time.Minute), r.latest().Add(-3*time.Hour))
			r.assign(c, p, assigned, k, day(assigned, 6), min(48*time.Hour, r.latest().Sub(assigned)/2), true, false)
		}
		r.assign(c, p, at, 2, "", min(24*time.Hour, r.latest().Sub(at)/2), false, false) // done, no reply
		r.assign(c, p, at.Add(time.Minute), 3, day(r.now, -2), 0, false, false)          // overdue
		r.assign(c, p, at.Add(2*time.Minute), 4, day(r.now, 7), 0, false, false)         // open
		r.assign(c, p, at.Add(3*time.Minute), 0, day(r.now, 3), 0, false, true)          // private to-do
		return
	}
	r.assign(c, p, at, 3, day(r.now, -3), 0, false, false)
	r.assign(c, p, at.Add(time.Minute), 1, day(r.now, -1), 0, false, true)
}
