package account

import (
	"errors"

	"tend/internal/model"
)

// ErrPasswordChangeRequired refuses every action but choosing a password, reading one's own account and
// signing out, while the person still uses a temporary password someone else chose.
var ErrPasswordChangeRequired = errors.New("choose your own password first: the one you were given is temporary")

// Actions a person with a temporary password may still take.
const (
	ActionChangePassword = "change_password"
	ActionReadSelf       = "read_self"
	ActionLogout         = "logout"
)

// CheckTemporaryPassword returns ErrPasswordChangeRequired when p still uses a temporary password and
// action is not one of the few allowed. Both front doors call it for every signed-in request.
func CheckTemporaryPassword(p model.Principal, action string) error {
	if !p.MustChangePassword {
		return nil
	}
	switch action {
	case ActionChangePassword, ActionReadSelf, ActionLogout:
		return nil
	}
	return ErrPasswordChangeRequired
}
