package model

// Role is what a staff member may do in their practice.
type Role string

// The staff roles, from most to least privileged.
const (
	RoleOwner      Role = "owner"
	RoleAdmin      Role = "admin"
	RoleClinician  Role = "clinician"
	RoleSupervisor Role = "supervisor"
	RoleBilling    Role = "billing"
)

// Roles lists every staff role in display order.
func Roles() []Role {
	return []Role{RoleOwner, RoleAdmin, RoleClinician, RoleSupervisor, RoleBilling}
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	switch r {
	case RoleOwner, RoleAdmin, RoleClinician, RoleSupervisor, RoleBilling:
		return true
	}
	return false
}

// Label is the role's name as people read it.
func (r Role) Label() string {
	switch r {
	case RoleOwner:
		return "Owner"
	case RoleAdmin:
		return "Admin"
	case RoleClinician:
		return "Clinician"
	case RoleSupervisor:
		return "Supervisor"
	case RoleBilling:
		return "Billing"
	}
	return string(r)
}
