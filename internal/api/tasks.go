package api

import (
	"fmt"
	"net/http"
	"time"

	"tend/internal/model"
	"tend/internal/tasks"
)

// Issue 17, item 1 (TK-1): a chart's tasks and homework, and the portal's side of them.

// taskJSON is a task as staff see it, with the client's reply.
type taskJSON struct {
	ID                string     `json:"id"`
	ClientID          string     `json:"client_id"`
	MemberPersonID    *string    `json:"member_person_id"` // on a group chart, the one member it is for; null for all
	MemberName        string     `json:"member_name"`
	Private           bool       `json:"private"`
	Title             string     `json:"title"`
	Instructions      string     `json:"instructions"`
	InstructionsHTML  string     `json:"instructions_html"`
	DueOn             *string    `json:"due_on"`
	DocumentRequestID *string    `json:"document_request_id"`
	FileID            *string    `json:"file_id"`
	Status            string     `json:"status"`
	Overdue           bool       `json:"overdue"`
	DoneAt            *time.Time `json:"done_at"`
	DoneBy            *string    `json:"done_by"` // "client" or "staff"
	Reply             string     `json:"reply"`
	CreatedBy         string     `json:"created_by"`
	CreatedAt         time.Time  `json:"created_at"`
	UpdatedAt         time.Time  `json:"updated_at"`
}

func optStr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func toTask(v tasks.View) taskJSON {
	out := taskJSON{ID: v.ID, ClientID: v.ChartID, MemberPersonID: optStr(v.PersonID), MemberName: v.MemberName, Private: v.Private,
		Title: v.Title, Instructions: v.Instructions, InstructionsHTML: string(v.HTML), DueOn: optStr(v.DueOn),
		DocumentRequestID: optStr(v.DocumentRequestID), FileID: optStr(v.FileID), Status: string(v.Status), Overdue: v.Overdue,
		Reply: v.Reply, CreatedBy: v.CreatedBy, CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt}
	if v.Done() {
		t := v.DoneAt
		out.DoneAt = &t
		by := "staff"
		if v.DoneByAccountID != "" {
			by = "client"
		}
		out.DoneBy = &by
	}
	return out
}

// taskRequest assigns or changes a task; on PATCH absent fields stay as they are.
type taskRequest struct {
	Title             *string `json:"title"`
	Instructions      *string `json:"instructions"`
	DueOn             *string `json:"due_on"`
	Private           *bool   `json:"private"`
	MemberID          *string `json:"member_id"` // POST only: a member chart of a group chart; absent or "" for all members
	DocumentRequestID *string `json:"document_request_id"`
	FileID            *string `json:"file_id"` // one of the chart's files; shared with the client unless the task is private
	ConfirmPastDue    bool    `json:"confirm_past_due"`
	Status            *string `json:"status"` // PATCH only: "done" or "open" (reopen)
}

func (in taskRequest) input() tasks.Input {
	return tasks.Input{TaskChange: model.TaskChange{Title: in.Title, Instructions: in.Instructions, DueOn: in.DueOn, Private: in.Private,
		ConfirmPastDue: in.ConfirmPastDue}, MemberID: in.MemberID, DocumentRequestID: in.DocumentRequestID, FileID: in.FileID}
}

func (s *Server) listTasks(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	l, err := s.Tasks.List(r.Context(), p, r.PathValue("id"), r.URL.Query().Get("status"), r.URL.Query().Get("page"))
	if err != nil {
		return err
	}
	out := struct {
		Items     []taskJSON `json:"items"`
		NextPage  string     `json:"next_page"`
		CanChange bool       `json:"can_change"`
	}{Items: make([]taskJSON, 0, len(l.Items)), NextPage: l.Next, CanChange: l.Caps.Change}
	for _, v := range l.Items {
		out.Items = append(out.Items, toTask(v))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) createTask(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in taskRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if in.Status != nil {
		return model.FieldError("status", "A new task is open. Mark it done with PATCH.")
	}
	d, err := s.Tasks.Create(r.Context(), p, r.PathValue("id"), in.input())
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/clients/%s/tasks/%s", d.Chart.ID, d.Task.ID))
	writeJSON(w, http.StatusCreated, toTask(d.Task))
	return nil
}

func (s *Server) getTask(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	d, err := s.Tasks.Get(r.Context(), p, r.PathValue("id"), r.PathValue("task_id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toTask(d.Task))
	return nil
}

// updateTask changes a task's fields, or with status marks it done or reopens it (not both at once, so
// each is audited as what it is).
func (s *Server) updateTask(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in taskRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if in.MemberID != nil {
		return model.FieldError("member_id", "A task's member is chosen when it is assigned. Delete it and assign a new one.")
	}
	chartID, taskID := r.PathValue("id"), r.PathValue("task_id")
	if in.Status != nil {
		if *in.Status != "done" && *in.Status != "open" {
			return model.FieldError("status", "Use done or open.")
		}
		if in.Title != nil || in.Instructions != nil || in.DueOn != nil || in.Private != nil || in.DocumentRequestID != nil || in.FileID != nil {
			return model.FieldError("status", "Change the status on its own, apart from other fields.")
		}
		d, err := s.Tasks.SetDone(r.Context(), p, chartID, taskID, *in.Status == "done")
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, toTask(d.Task))
		return nil
	}
	d, err := s.Tasks.Update(r.Context(), p, chartID, taskID, in.input())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toTask(d.Task))
	return nil
}

func (s *Server) deleteTask(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if err := s.Tasks.Delete(r.Context(), p, r.PathValue("id"), r.PathValue("task_id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// portalTaskJSON is a task as its portal user reads it: no Markdown source, no author.
type portalTaskJSON struct {
	ID               string     `json:"id"`
	Title            string     `json:"title"`
	InstructionsHTML string     `json:"instructions_html"`
	DueOn            *string    `json:"due_on"`
	Overdue          bool       `json:"overdue"`
	Status           string     `json:"status"`
	DoneAt           *time.Time `json:"done_at"`
	Reply            string     `json:"reply"`
	DocumentURL      *string    `json:"document_url"`
	URL              string     `json:"url"`
	DoneURL          string     `json:"done_url"`
}

func toPortalTask(accessID string, v tasks.View, documentURL string) portalTaskJSON {
	u := "/api/v1/portal/charts/" + accessID + "/tasks/" + v.ID
	out := portalTaskJSON{ID: v.ID, Title: v.Title, InstructionsHTML: string(v.HTML), DueOn: optStr(v.DueOn), Overdue: v.Overdue,
		Status: string(v.Status), Reply: v.Reply, DocumentURL: optStr(documentURL), URL: u, DoneURL: u + "/done"}
	if v.Done() {
		t := v.DoneAt
		out.DoneAt = &t
	}
	return out
}

// portalTasks lists a chart's tasks for a portal user with the tasks permission (TK-1, PT-7, PT-12).
func (s *Server) portalTasks(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	l, err := s.Tasks.PortalList(r.Context(), pp, r.PathValue("id"))
	if err != nil {
		return err
	}
	out := struct {
		Open []portalTaskJSON `json:"open"`
		Done []portalTaskJSON `json:"done"`
	}{Open: make([]portalTaskJSON, 0, len(l.Open)), Done: make([]portalTaskJSON, 0, len(l.Done))}
	for _, v := range l.Open {
		out.Open = append(out.Open, toPortalTask(l.Access.ID, v, ""))
	}
	for _, v := range l.Done {
		out.Done = append(out.Done, toPortalTask(l.Access.ID, v, ""))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) portalTask(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	t, err := s.Tasks.PortalGet(r.Context(), pp, r.PathValue("id"), r.PathValue("task_id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toPortalTask(t.Access.ID, t.Task, apiDocURL(t.DocumentURL)))
	return nil
}

// apiDocURL turns a portal page's document address into the API's.
func apiDocURL(pageURL string) string {
	if pageURL == "" {
		return ""
	}
	return "/api/v1/portal/documents/" + pageURL[len("/portal/d/"):]
}

// portalTaskDone marks a task done with an optional reply.
func (s *Server) portalTaskDone(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	var in struct {
		Reply string `json:"reply"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	t, err := s.Tasks.PortalDone(r.Context(), pp, r.PathValue("id"), r.PathValue("task_id"), in.Reply)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toPortalTask(t.Access.ID, t.Task, apiDocURL(t.DocumentURL)))
	return nil
}
