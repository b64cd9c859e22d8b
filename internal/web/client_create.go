package web

import (
	"net/http"

	"tend/internal/model"
)

type clientNewPage struct {
	page
	Form form
}

// clientNewForm asks for the three things a new client needs (CL-1): first name, last name, and an
// optional email.
func (s *Server) clientNewForm(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	pg, err := s.base(w, r, p, "New client", "clients")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "client_new", clientNewPage{page: pg, Form: newForm()})
	return nil
}

// clientCreate creates the client and opens their chart; a refusal keeps what was typed (CL-2).
func (s *Server) clientCreate(w http.ResponseWriter, r *http.Request, p model.Principal) error {
	f := formFrom(r, "first_name", "last_name", "email")
	first, last, email := f.Get("first_name"), f.Get("last_name"), f.Get("email")
	c, err := s.Clients.Create(r.Context(), p, model.ClientChange{FirstName: &first, LastName: &last, Email: &email})
	if err != nil {
		if !validation(err, &f) {
			return err
		}
		pg, err := s.base(w, r, p, "New client", "clients")
		if err != nil {
			return err
		}
		s.render(w, r, http.StatusUnprocessableEntity, "client_new", clientNewPage{page: pg, Form: f})
		return nil
	}
	s.setFlash(w, "The client is created. Finish their setup now or later; nothing here is required.")
	http.Redirect(w, r, "/clients/"+c.ID, http.StatusSeeOther)
	return nil
}
