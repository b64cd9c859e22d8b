package api

import (
	"fmt"
	"net/http"
	"time"

	"tend/internal/model"
	"tend/internal/reflections"
)

// reflectionJSON is a reflection written for the client (PT-6): its Markdown and the sanitized HTML the
// portal shows. shared_at is null while the client does not see it.
type reflectionJSON struct {
	ID        string     `json:"id"`
	ClientID  string     `json:"client_id"`
	AuthorID  string     `json:"author_id"`
	Title     string     `json:"title"`
	Body      string     `json:"body"`
	HTML      string     `json:"html"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
	SharedAt  *time.Time `json:"shared_at"`
}

func toReflection(v reflections.View) reflectionJSON {
	out := reflectionJSON{v.ID, v.ChartID, v.AuthorID, v.Title, v.Body, string(v.HTML), v.CreatedAt, v.UpdatedAt, nil}
	if v.Shared() {
		t := v.SharedAt
		out.SharedAt = &t
	}
	return out
}

// reflectionList is a page of a chart's reflections.
type reflectionList struct {
	Items     []reflectionJSON `json:"items"`
	NextPage  string           `json:"next_page"`
	CanChange bool             `json:"can_change"`
}

// reflectionRequest writes or changes a reflection; on PATCH absent fields stay as they are.
type reflectionRequest struct {
	Title *string `json:"title"`
	Body  *string `json:"body"`
}

func (s *Server) listReflections(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	l, err := s.Reflections.List(r.Context(), p, r.PathValue("id"), r.URL.Query().Get("page"))
	if err != nil {
		return err
	}
	out := reflectionList{Items: make([]reflectionJSON, 0, len(l.Items)), NextPage: l.Next, CanChange: l.CanChange}
	for _, v := range l.Items {
		out.Items = append(out.Items, toReflection(v))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) createReflection(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in reflectionRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	v, err := s.Reflections.Create(r.Context(), p, r.PathValue("id"), model.ReflectionChange{Title: in.Title, Body: in.Body})
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/clients/%s/reflections/%s", v.ChartID, v.ID))
	writeJSON(w, http.StatusCreated, toReflection(v))
	return nil
}

func (s *Server) getReflection(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	v, _, _, err := s.Reflections.Get(r.Context(), p, r.PathValue("id"), r.PathValue("reflection_id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toReflection(v))
	return nil
}

func (s *Server) updateReflection(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	var in reflectionRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	v, err := s.Reflections.Update(r.Context(), p, r.PathValue("id"), r.PathValue("reflection_id"), model.ReflectionChange{Title: in.Title, Body: in.Body})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toReflection(v))
	return nil
}

func (s *Server) deleteReflection(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	if err := s.Reflections.Delete(r.Context(), p, r.PathValue("id"), r.PathValue("reflection_id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// shareReflection shares a reflection; ?notify=true emails the portal users a notice without content.
func (s *Server) shareReflection(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	notify := r.URL.Query().Get("notify")
	if notify != "" && notify != "true" && notify != "false" {
		return model.FieldError("notify", "Use notify=true or notify=false.")
	}
	v, err := s.Reflections.Share(r.Context(), p, r.PathValue("id"), r.PathValue("reflection_id"), notify == "true")
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toReflection(v))
	return nil
}

func (s *Server) unshareReflection(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	v, err := s.Reflections.Unshare(r.Context(), p, r.PathValue("id"), r.PathValue("reflection_id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toReflection(v))
	return nil
}

// portalReflectionJSON is a shared note as the client reads it: no author, no Markdown source.
type portalReflectionJSON struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	HTML      string    `json:"html"`
	SharedAt  time.Time `json:"shared_at"`
	UpdatedAt time.Time `json:"updated_at"`
	URL       string    `json:"url"`
}

func toPortalReflection(accessID string, v reflections.View) portalReflectionJSON {
	return portalReflectionJSON{v.ID, v.Title, string(v.HTML), v.SharedAt, v.UpdatedAt,
		"/api/v1/portal/charts/" + accessID + "/reflections/" + v.ID}
}

// portalReflections lists a chart's shared notes for a portal user with the permission (PT-6, PT-7).
func (s *Server) portalReflections(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	l, err := s.Reflections.PortalList(r.Context(), pp, r.PathValue("id"), r.URL.Query().Get("page"))
	if err != nil {
		return err
	}
	out := struct {
		Items    []portalReflectionJSON `json:"items"`
		NextPage string                 `json:"next_page"`
	}{Items: make([]portalReflectionJSON, 0, len(l.Items)), NextPage: l.Next}
	for _, v := range l.Items {
		out.Items = append(out.Items, toPortalReflection(l.Access.ID, v))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) portalReflection(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	v, err := s.Reflections.PortalGet(r.Context(), pp, r.PathValue("id"), r.PathValue("reflection_id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toPortalReflection(v.Access.ID, v.View))
	return nil
}
