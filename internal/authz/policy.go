// Package authz is Tend's one authorization policy: who may do what to which record. Use cases ask it
// (Can, Decide) and return what it allows as capability flags on their views; handlers of the web pages,
// the portal and the API read those flags and never look at a role. The whole policy is the tables in
// this file, so a newcomer can audit it in one read.
package authz

import "tend/internal/model"

// Resource is a kind of record the policy rules on.
type Resource string

// The resources. Those marked chart-scoped live inside one client's chart, so their rules also depend on
// how the chart relates to the person asking (see chartReach).
const (
	PracticeSettings  Resource = "practice settings"
	Staff             Resource = "staff"
	Tokens            Resource = "api tokens"             // one's own tokens
	StaffTwoStep      Resource = "staff two-step sign-in" // a colleague's second step: reset when they lost their phone
	AuditLog          Resource = "audit log"
	MailLog           Resource = "mail log"
	Tags              Resource = "tags" // the practice's tag list; putting a tag on a chart is changing the chart
	DocumentTemplates Resource = "document templates"
	BulkOperations    Resource = "bulk operations"   // a large bulk action's progress; the charts it changes are checked one by one
	Charts            Resource = "charts"            // chart-scoped: the client record and its details
	Contacts          Resource = "contacts"          // chart-scoped
	Members           Resource = "members"           // chart-scoped: members of a couple or family chart
	PortalAccess      Resource = "portal access"     // chart-scoped: invitations, portal users, their permissions
	DocumentRequests  Resource = "document requests" // chart-scoped: documents sent to a client and their answers
	Reflections       Resource = "reflections"       // chart-scoped: notes written for the client, shared in the portal (PT-6)

	// Not built yet; their rows say now what the coming modules must follow.
	ClinicalNotes      Resource = "clinical notes"      // chart-scoped: that a note exists, its date, type and author
	NoteBodies         Resource = "note bodies"         // chart-scoped: what a note says
	PsychotherapyNotes Resource = "psychotherapy notes" // chart-scoped: process notes, kept apart from the record
	Billing            Resource = "billing"             // chart-scoped: invoices, payments, insurance claims
)

// PracticeArchive is the whole practice written to one file to move it to another installation (IM-2,
// issue 18): every chart and file, so only owners may export it.
const PracticeArchive Resource = "practice archive"

// Appointments is chart-scoped: the calendar's sessions on a chart (issue 16, AP-1). Practice-wide (On),
// List is the whole practice's calendar.
const Appointments Resource = "appointments"

// ClinicalInfo is chart-scoped: diagnoses, medications, mental-health history and presenting concerns (CL-8).
const ClinicalInfo Resource = "clinical information"

// TreatmentPlans is chart-scoped: a chart's treatment plans, their versions and signatures (TP-1, TP-2).
const TreatmentPlans Resource = "treatment plans"

// Services is practice-wide: the practice's services, what sessions are billed as (issue 16). Everyone
// reads the list (booking needs it); owners and admins keep it.
const Services Resource = "services"

// CalendarFeeds is one's own secret calendar feed (AP-2): the address a calendar app subscribes to for
// the appointments one sees clients in. Everyone who may be a chart's clinician has one; billing does not.
const CalendarFeeds Resource = "calendar feeds"

// Ledger is chart-scoped: a chart's charges, payments and adjustments, its balance and statements (PY-1,
// issue 16, item 9). It names no clinical content beyond billing codes.
const Ledger Resource = "ledger"

// Files is chart-scoped: files uploaded to a chart, private to staff or shared with the client (FL-1,
// issue 17). A file may be clinical (a letter, an assessment), so it has clinical information's reach.
const Files Resource = "files"

// Tasks is chart-scoped: homework and to-dos on a chart, the client's replies, and staff's private to-dos
// (TK-1, issue 17, item 1).
const Tasks Resource = "tasks"

// Messages is chart-scoped: the secure-messaging conversations between the chart's care team and its
// portal users, and their messages (MS-1, issue 17). Messages are clinical content: billing never sees
// them, admins only where the practice lets admins see clinical information.
const Messages Resource = "messages"

// Records is chart-scoped: a chart's whole record gathered for a records request (issue 18, IM-2).
const Records Resource = "records"

// Imports is practice-wide: CSV client imports (IM-1, issue 18): uploading a file, mapping its columns,
// the preview, the import itself and its undo. An import writes charts for every clinician and creates
// tags, so it is for owners and admins, like managing tags.
const Imports Resource = "client imports"

// Action is what is done to a resource.
type Action string

// The actions.
const (
	View   Action = "view"    // open one record (or the practice-wide resource)
	List   Action = "list"    // see the listing
	Create Action = "create"  // add a record
	Change Action = "change"  // edit, archive, restore, resend, review…
	Delete Action = "delete"  // remove for good
	Assign Action = "assign"  // choose a chart's clinician
	Export Action = "export"  // download in bulk
	Sign   Action = "sign"    // sign a session note, which locks it
	CoSign Action = "co-sign" // add a supervisor's co-signature to a signed note
)

// scope is one cell of the table: how far a role's permission reaches.
type scope uint8

const (
	no         scope = iota // refused: the person learns the thing exists (403)
	hide                    // refused like a missing record (404): the person must not learn it exists
	all                     // everything of the kind in the person's practice
	read                    // in the charts the person reaches (chartReach), read or write
	write                   // in the charts the person may change (chartReach: write)
	own                     // only the person's own (tokens) or what they wrote (in a chart they reach)
	supervises              // only what someone the person supervises wrote (in a chart they reach)
	// Scopes that depend on the practice's "admins see clinical information" setting
	// (Who.AdminSeesClinical): read or write when it is on, hide when it is off.
	readOptIn
	writeOptIn
)

// row is one line of the table: a resource, an action and the scope per role.
type row struct {
	res                                          Resource
	act                                          Action
	owner, admin, clinician, supervisor, billing scope
}

// table is the policy. Anything not in it is refused (403).
var table = []row{
	// resource           action  owner  admin  clinician  supervisor  billing
	{PracticeSettings, View, all, all, all, all, all},
	{PracticeSettings, Change, all, all, no, no, no},
	{Staff, List, all, all, all, all, all},
	{Staff, View, all, all, all, all, all},
	{Staff, Create, all, all, no, no, no},
	{Staff, Change, all, all, no, no, no},        // admins never touch an owner: see ownerOnly
	{StaffTwoStep, Delete, all, all, no, no, no}, // reset it; one's own is turned off with one's password; admins never touch an owner
	{Tokens, List, all, all, all, all, all},
	{Tokens, Create, all, all, all, all, all},
	{Tokens, Delete, own, own, own, own, own},
	{AuditLog, List, all, no, no, no, no},
	{AuditLog, Export, all, no, no, no, no},
	{PracticeArchive, Export, all, no, no, no, no},
	{MailLog, List, all, no, no, no, no},
	{MailLog, Change, all, no, no, no, no}, // retry a message, send a test message
	{Tags, List, all, all, all, all, all},
	{Tags, Create, all, all, no, no, no}, // a tag touches charts the person may not see
	{Tags, Change, all, all, no, no, no},
	{Tags, Delete, all, all, no, no, no},
	{DocumentTemplates, List, all, all, all, all, all},
	{DocumentTemplates, View, all, all, all, all, all},
	{DocumentTemplates, Create, all, all, all, all, no},
	{DocumentTemplates, Change, all, all, all, all, no},
	{BulkOperations, View, all, all, own, own, own}, // its starter; owners and admins see every one
	// Issue 16, item 7: one's own feed; the store scopes it to the person.
	{CalendarFeeds, View, all, all, all, all, no},
	{CalendarFeeds, Create, all, all, all, all, no}, // make or replace it
	// Issue 18, item 1 (IM-1): View is the wizard's pages, the preview and the progress; Create uploads,
	// maps and commits; Delete undoes an import.
	{Imports, View, all, all, no, no, no},
	{Imports, Create, all, all, no, no, no},
	{Imports, Delete, all, all, no, no, no},
	{Services, List, all, all, all, all, all},
	{Services, View, all, all, all, all, all},
	{Services, Create, all, all, no, no, no},
	{Services, Change, all, all, no, no, no}, // edit, archive, restore

	{Charts, List, read, read, read, read, read},
	{Charts, View, read, read, read, read, read},
	{Charts, Create, all, all, all, all, all},
	{Charts, Change, write, write, write, write, write},
	{Charts, Assign, write, write, no, no, write},
	{Charts, Delete, write, write, no, no, no},
	// Issue 18 (IM-2): the client list as CSV holds what the list shows of the charts one reaches.
	{Charts, Export, read, read, read, read, read},
	{Contacts, View, read, read, read, read, read},
	{Contacts, Change, write, write, write, write, write},
	{Members, View, read, read, read, read, read},
	{Members, Change, write, write, write, write, write},
	{PortalAccess, View, read, read, read, read, read},
	{PortalAccess, Change, write, write, write, write, write},
	{DocumentRequests, View, read, read, read, read, hide}, // billing never sees clinical content
	{DocumentRequests, Change, write, write, write, write, hide},
	// CL-8: billing never learns clinical information exists; admins see it only when the practice allows;
	// a supervisor reads supervisees' (chartReach makes their charts read-only).
	{ClinicalInfo, View, read, readOptIn, read, read, hide},
	{ClinicalInfo, Change, write, writeOptIn, write, write, hide},
	// Issue 15: a treatment plan is clinical information (it names diagnoses), with the same reach; only
	// clinicians sign one (owners see clients too), and admins never do.
	{TreatmentPlans, View, read, readOptIn, read, read, hide},
	{TreatmentPlans, Change, write, writeOptIn, write, write, hide},
	{TreatmentPlans, Sign, write, hide, write, write, hide},

	// Coming modules. Admins see that notes exist but not what they say; billing sees no clinical
	// content; psychotherapy notes are their author's alone; a supervisor reads supervisees' notes and
	// never writes them (chartReach gives supervisees' charts read only).
	{ClinicalNotes, View, read, read, read, read, hide},
	{ClinicalNotes, Change, write, no, write, write, hide},
	{NoteBodies, View, read, hide, read, read, hide},
	{NoteBodies, Change, write, hide, write, write, hide},
	// Issue 14, item 3: only a note's author signs it; only the author's supervisor co-signs it, on the
	// supervisee's chart that is read-only to them otherwise.
	{ClinicalNotes, Sign, own, hide, own, own, hide},
	{ClinicalNotes, CoSign, no, hide, no, supervises, hide},
	{PsychotherapyNotes, View, own, hide, own, own, hide},
	{PsychotherapyNotes, Change, own, hide, own, own, hide}, // and only where the chart is theirs to change (Decide)
	// Reflections are written for the client: clinical content, so admins and billing never see them; a
	// supervisor reads supervisees' and writes none (chartReach).
	// Issue 18 (IM-2): a chart's full record as one PDF for a records request holds note bodies and
	// clinical information, so it reaches exactly as far as reading note bodies does: admins and billing
	// never; a supervisor reads supervisees' (chartReach). Psychotherapy notes are never in it.
	{Records, Export, read, hide, read, read, hide},
	{Reflections, View, read, hide, read, read, hide},
	{Reflections, Change, write, hide, write, write, hide},
	// Issue 16: appointments are not clinical content, so billing books and sees them (PRODUCT.md's roles);
	// a clinician reaches those on the charts they reach, a supervisor reads supervisees' (chartReach).
	// The whole practice's calendar is for owners and admins; everyone else reads clinicians' calendars,
	// seeing the appointments on charts they reach.
	{Appointments, View, read, read, read, read, read},
	{Appointments, Create, write, write, write, write, write},
	{Appointments, Change, write, write, write, write, write},
	{Appointments, List, all, all, no, no, no},
	// Issue 16, item 9 (PY-1): billing, owners and admins keep every chart's ledger; a clinician the
	// ledgers of the charts they reach; a supervisor reads supervisees' (chartReach). Create is recording a
	// payment or an adjustment and voiding a payment; charges come from appointments' statuses.
	{Ledger, View, read, read, read, read, read},
	{Ledger, Create, write, write, write, write, write},
	// Issue 17, item 2 (FL-1): files may be clinical: billing never learns they exist, admins see them
	// only when the practice lets admins see clinical information; a supervisor reads supervisees'
	// (chartReach makes those charts read-only). Create is uploading, Change is sharing.
	{Files, View, read, readOptIn, read, read, hide},
	{Files, Create, write, writeOptIn, write, write, hide},
	{Files, Change, write, writeOptIn, write, write, hide},
	{Files, Delete, write, writeOptIn, write, write, hide},
	// Issue 17, item 3 (MS-1): the care team reads and answers a chart's conversations: its clinician
	// (and every clinician where clinicians see all clients), owners, admins when the practice lets them see
	// clinical information; a supervisor reads supervisees' (chartReach) and answers none. List is the
	// staff inbox across the charts one reaches.
	{Messages, List, read, readOptIn, read, read, hide},
	{Messages, View, read, readOptIn, read, read, hide},
	{Messages, Create, write, writeOptIn, write, write, hide},
	{Billing, View, read, read, no, no, read},
	{Billing, Change, write, write, no, no, write},
	// Issue 17, item 1 (TK-1): homework is clinical content, with the reach of other chart content:
	// billing never learns a task exists; admins see tasks only when the practice lets them see clinical
	// information; a supervisor reads supervisees' (chartReach makes their charts read-only).
	{Tasks, View, read, readOptIn, read, read, hide},
	{Tasks, Change, write, writeOptIn, write, write, hide},
}

// reach is how far a person gets into one chart.
type reach uint8

const (
	none      reach = iota // the chart answers like a missing one (404)
	readOnly               // open, never change (403 on a change)
	readWrite              // open and change
	ifSeesAll              // readWrite when the practice turned on "clinicians see all clients", else none
)

// Relation is how a chart relates to the person asking.
type Relation uint8

// The relations.
const (
	Own        Relation = iota // assigned to the person
	Supervisee                 // assigned to someone the person supervises
	Colleague                  // assigned to someone else in the practice, or to nobody
)

// chartReach says, per role, how far each relation lets the person into a chart. A chart of another
// practice is never reached: it answers 404 like a missing one.
var chartReach = map[model.Role][3]reach{
	//                      Own        Supervisee Colleague
	model.RoleOwner:      {readWrite, readWrite, readWrite},
	model.RoleAdmin:      {readWrite, readWrite, readWrite},
	model.RoleBilling:    {readWrite, readWrite, readWrite},
	model.RoleClinician:  {readWrite, none, ifSeesAll},
	model.RoleSupervisor: {readWrite, readOnly, ifSeesAll},
}

// ownerOnly lists what only an owner may do even where the table lets admins manage staff: make someone
// an owner, and change an owner's account.
var ownerOnly = map[model.Role]bool{model.RoleOwner: true}

// clinicalRoles are the roles a chart may be assigned to: everyone who sees clinical content.
var clinicalRoles = map[model.Role]bool{model.RoleOwner: true, model.RoleAdmin: true, model.RoleClinician: true, model.RoleSupervisor: true}

// supervisingRoles are the roles a staff member's supervisor may have.
var supervisingRoles = map[model.Role]bool{model.RoleSupervisor: true}

// selfAssigning roles take a new chart they create when no clinician is chosen: those who see clients
// themselves. Admins and billing create charts for others.
var selfAssigning = map[model.Role]bool{model.RoleOwner: true, model.RoleClinician: true, model.RoleSupervisor: true}

// portalRow is one line of the portal table: what a portal user needs for a resource and action. An
// access that is not active, or a chart not in care, reaches nothing (404).
type portalRow struct {
	res                             Resource
	act                             Action
	needs                           model.Feature // "" for basic access, which comes with any access
	self, guardian, contact, member bool
}

// portalTable is the portal's policy: portal role × permission. Anything not in it answers 404.
var portalTable = []portalRow{
	// resource          action  needs permission            self   guardian contact member
	{Charts, View, "", true, true, true, true},    // the chart's home: banner, next appointment
	{AuditLog, View, "", true, true, false, true}, // who opened the record: not for another contact
	{DocumentRequests, View, model.FeatureDocuments, true, true, true, true},
	{DocumentRequests, Change, model.FeatureDocuments, true, true, true, true}, // answer and sign
	{Appointments, View, model.FeatureAppointments, true, true, true, true},
	{ClinicalNotes, View, model.FeatureNotes, true, true, true, true}, // notes the clinician shared
	// PT-10: a plan the clinician shared, read and signed with the documents permission; not by a
	// contact who is not the client's guardian.
	{TreatmentPlans, View, model.FeatureDocuments, true, true, false, true},
	{TreatmentPlans, Sign, model.FeatureDocuments, true, true, false, true},
	{Billing, View, model.FeatureBilling, true, true, true, true},
	// Issue 17 (FL-1, PT-7): the shared files and one's own uploads, with the files permission.
	{Files, View, model.FeatureFiles, true, true, true, true},
	{Files, Create, model.FeatureFiles, true, true, true, true},
	// TK-1: tasks for the client, read and marked done with the tasks permission; on a group chart a
	// member's own task is theirs alone (PT-12, package tasks filters by person).
	{Tasks, View, model.FeatureTasks, true, true, true, true},
	{Tasks, Change, model.FeatureTasks, true, true, true, true},
	// MS-1, PT-7, PT-12: one's own conversation with the care team, with the messaging permission.
	{Messages, View, model.FeatureMessaging, true, true, true, true},
	{Messages, Create, model.FeatureMessaging, true, true, true, true},
}
