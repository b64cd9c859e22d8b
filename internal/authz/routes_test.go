package authz_test

import (
	"errors"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"tend/internal/apptest"
	"tend/internal/authz"
	"tend/internal/db"
	"tend/internal/model"
	"tend/internal/testdb"
)

// door is who a route is for.
type door uint8

const (
	public     door = iota // anyone; only checked for not failing
	staffSelf              // any signed-in staff member, about themself
	staffRule              // signed-in staff, as the policy table says
	portalSelf             // any signed-in portal user, about themself
	portalRule             // signed-in portal users, as the portal table says
)

// spec is one row of the route table the test knows: what the route does in the policy's words.
type spec struct {
	door door
	res  authz.Resource
	act  authz.Action
	// on names what the path's ids are: "" none; "chart" (with its contact, request, invitation, access),
	// "note" (a session note of the chart),
	// "group" (with its member), "invitation" and "request" (of a chart), "appointment" (on the chart),
	// "record" (practice-wide, by res),
	// "token", "bulk" (a bulk operation, started by the token's owner); "pchart" (the caller's own psychotherapy notes on
	// the chart), "pnote" (a psychotherapy note by the chart's clinician); portal: "access", "doc", "preq" (a connection request).
	on   string
	body string // form or JSON; chosen to stop at validation where the route would change something
	// destructive routes may leave the target unusable; when allowed, the target is rebuilt.
	destructive bool
	fresh       bool // signs out: run on a session of its own
}

func rule(res authz.Resource, act authz.Action, on string) spec {
	return spec{door: staffRule, res: res, act: act, on: on}
}

func prule(res authz.Resource, act authz.Action, on string) spec {
	return spec{door: portalRule, res: res, act: act, on: on}
}

func (s spec) with(body string) spec { s.body = body; return s }
func (s spec) destroys() spec        { s.destructive = true; return s }
func (s spec) signsOut() spec        { s.fresh = true; return s }

// routeSpecs is every route of the three route tables. A route missing here fails the test, so a new
// route cannot ship without saying who may use it.
var routeSpecs = map[string]spec{
	// Staff pages.
	"web GET /static/{file}":                                    {door: public},
	"web GET /setup":                                            {door: public},
	"web POST /setup":                                           {door: public},
	"web GET /login":                                            {door: public},
	"web POST /login":                                           {door: public},
	"web GET /login/two-step":                                   {door: public},
	"web POST /login/two-step":                                  {door: public},
	"web GET /login/forgot":                                     {door: public},
	"web POST /login/forgot":                                    {door: public},
	"web GET /login/reset":                                      {door: public},
	"web POST /login/reset":                                     {door: public},
	"web POST /logout":                                          spec{door: staffSelf}.signsOut(),
	"web GET /{$}":                                              {door: staffSelf},
	"web GET /calendar":                                         {door: staffSelf},
	"web GET /settings":                                         {door: staffSelf},
	"web GET /settings/password":                                {door: staffSelf},
	"web POST /settings/password":                               {door: staffSelf},
	"web GET /settings/two-step":                                {door: staffSelf},
	"web POST /settings/two-step/setup":                         {door: staffSelf},
	"web GET /settings/two-step/setup":                          {door: staffSelf},
	"web POST /settings/two-step/confirm":                       {door: staffSelf},
	"web POST /settings/two-step/recovery-codes":                {door: staffSelf},
	"web POST /settings/two-step/disable":                       {door: staffSelf},
	"web GET /clients":                                          rule(authz.Charts, authz.List, ""),
	"web POST /clients/bulk":                                    rule(authz.Charts, authz.Change, ""),
	"web GET /bulk-actions/{id}":                                rule(authz.BulkOperations, authz.View, "bulk"),
	"web GET /clients/new":                                      rule(authz.Charts, authz.Create, ""),
	"web POST /clients/new":                                     rule(authz.Charts, authz.Create, ""),
	"web GET /clients/{id}":                                     rule(authz.Charts, authz.View, "chart"),
	"web GET /clients/{id}/edit/{section}":                      rule(authz.Charts, authz.Change, "chart"),
	"web POST /clients/{id}/edit/{section}":                     rule(authz.Charts, authz.Change, "chart"),
	"web GET /clients/{id}/setup/{step}":                        rule(authz.Charts, authz.Change, "chart"),
	"web POST /clients/{id}/setup/{step}":                       rule(authz.Charts, authz.Change, "chart"),
	"web POST /clients/{id}/state":                              rule(authz.Charts, authz.Change, "chart").with("action=deactivate").destroys(),
	"web GET /clients/{id}/delete":                              rule(authz.Charts, authz.Delete, "chart"),
	"web POST /clients/{id}/delete":                             rule(authz.Charts, authz.Delete, "chart").destroys(),
	"web GET /clients/{id}/contacts/new":                        rule(authz.Contacts, authz.Change, "chart"),
	"web POST /clients/{id}/contacts/new":                       rule(authz.Contacts, authz.Change, "chart"),
	"web GET /clients/{id}/contacts/{contact}":                  rule(authz.Contacts, authz.Change, "chart"),
	"web POST /clients/{id}/contacts/{contact}":                 rule(authz.Contacts, authz.Change, "chart"),
	"web POST /clients/{id}/contacts/{contact}/remove":          rule(authz.Contacts, authz.Change, "chart").destroys(),
	"web GET /clients/{id}/members/new":                         rule(authz.Members, authz.Change, "group"),
	"web POST /clients/{id}/members/new":                        rule(authz.Members, authz.Change, "group"),
	"web POST /clients/{id}/members/{member}":                   rule(authz.Members, authz.Change, "group").with("action=settings"),
	"web POST /clients/{id}/members/{member}/remove":            rule(authz.Members, authz.Change, "group").destroys(),
	"web GET /clients/{id}/documents":                           rule(authz.DocumentRequests, authz.View, "chart"),
	"web POST /clients/{id}/documents":                          rule(authz.DocumentRequests, authz.Change, "chart").with("op=save").destroys(),
	"web GET /clients/{id}/documents/{req}":                     rule(authz.DocumentRequests, authz.View, "chart"),
	"web GET /clients/{id}/documents/{req}/pdf":                 rule(authz.DocumentRequests, authz.View, "chart"),
	"web POST /clients/{id}/documents/{req}/resend":             rule(authz.DocumentRequests, authz.Change, "chart"),
	"web POST /clients/{id}/documents/{req}/review":             rule(authz.DocumentRequests, authz.Change, "chart"),
	"web GET /clients/{id}/documents/{req}/apply":               rule(authz.DocumentRequests, authz.Change, "chart"),
	"web POST /clients/{id}/documents/{req}/apply":              rule(authz.DocumentRequests, authz.Change, "chart").with("use.phone=answer"),
	"web POST /clients/{id}/portal/invite":                      rule(authz.PortalAccess, authz.Change, "chart"),
	"web POST /clients/{id}/portal/invitations/{inv}/resend":    rule(authz.PortalAccess, authz.Change, "chart"),
	"web POST /clients/{id}/portal/invitations/{inv}/delete":    rule(authz.PortalAccess, authz.Change, "chart").destroys(),
	"web POST /clients/{id}/portal/users/{access}/disable":      rule(authz.PortalAccess, authz.Change, "chart").destroys(),
	"web POST /clients/{id}/portal/users/{access}/enable":       rule(authz.PortalAccess, authz.Change, "chart"),
	"web POST /clients/{id}/portal/users/{access}/permissions":  rule(authz.PortalAccess, authz.Change, "chart").with("features=documents"),
	"web POST /clients/{id}/notes":                              rule(authz.NoteBodies, authz.Change, "chart"),
	"web GET /clients/{id}/notes/{note}":                        rule(authz.NoteBodies, authz.View, "note"),
	"web POST /clients/{id}/notes/{note}":                       rule(authz.NoteBodies, authz.Change, "note"),
	"web POST /clients/{id}/notes/{note}/sign":                  rule(authz.ClinicalNotes, authz.Sign, "note"),
	"web POST /clients/{id}/notes/{note}/cosign":                rule(authz.ClinicalNotes, authz.CoSign, "note"),
	"web POST /clients/{id}/notes/{note}/addenda":               rule(authz.NoteBodies, authz.Change, "note"),
	"web GET /clients/{id}/notes/{note}/pdf":                    rule(authz.NoteBodies, authz.View, "note"),
	"web GET /notes/cosign":                                     {door: staffSelf},
	"web GET /settings/tags":                                    rule(authz.Tags, authz.List, ""),
	"web POST /settings/tags":                                   rule(authz.Tags, authz.Create, ""),
	"web POST /settings/tags/{id}":                              rule(authz.Tags, authz.Change, "record").with("name=Renamed"),
	"web POST /settings/tags/{id}/delete":                       rule(authz.Tags, authz.Delete, "record").destroys(),
	"web GET /documents":                                        rule(authz.DocumentTemplates, authz.List, ""),
	"web GET /documents/new":                                    rule(authz.DocumentTemplates, authz.Create, ""),
	"web POST /documents/new":                                   rule(authz.DocumentTemplates, authz.Create, ""),
	"web GET /documents/{id}":                                   rule(authz.DocumentTemplates, authz.View, "record"),
	"web GET /documents/{id}/edit":                              rule(authz.DocumentTemplates, authz.Change, "record"),
	"web POST /documents/{id}/edit":                             rule(authz.DocumentTemplates, authz.Change, "record"),
	"web POST /documents/{id}/archive":                          rule(authz.DocumentTemplates, authz.Change, "record").destroys(),
	"web POST /documents/{id}/restore":                          rule(authz.DocumentTemplates, authz.Change, "record"),
	"web GET /settings/practice":                                rule(authz.PracticeSettings, authz.Change, ""),
	"web POST /settings/practice":                               rule(authz.PracticeSettings, authz.Change, ""),
	"web GET /settings/staff":                                   rule(authz.Staff, authz.List, ""),
	"web POST /settings/staff":                                  rule(authz.Staff, authz.Create, ""),
	"web GET /settings/staff/{id}":                              rule(authz.Staff, authz.Change, "record"),
	"web POST /settings/staff/{id}":                             rule(authz.Staff, authz.Change, "record"),
	"web POST /settings/staff/{id}/active":                      rule(authz.Staff, authz.Change, "record").with("active=true"),
	"web POST /settings/staff/{id}/two-step/reset":              rule(authz.StaffTwoStep, authz.Delete, "record"),
	"web GET /settings/tokens":                                  rule(authz.Tokens, authz.List, ""),
	"web POST /settings/tokens":                                 rule(authz.Tokens, authz.Create, ""),
	"web POST /settings/tokens/{id}/revoke":                     rule(authz.Tokens, authz.Delete, "token").destroys(),
	"web GET /settings/audit":                                   rule(authz.AuditLog, authz.List, ""),
	"web GET /settings/audit/export":                            rule(authz.AuditLog, authz.Export, ""),
	"web GET /settings/mail":                                    rule(authz.MailLog, authz.List, ""),
	"web POST /settings/mail/test":                              rule(authz.MailLog, authz.Change, ""),
	"web POST /settings/mail/{id}/retry":                        rule(authz.MailLog, authz.Change, "record").destroys(),
	"web GET /clients/{id}/psychotherapy-notes/new":             rule(authz.PsychotherapyNotes, authz.Change, "pchart"),
	"web POST /clients/{id}/psychotherapy-notes":                rule(authz.PsychotherapyNotes, authz.Change, "pchart"),
	"web GET /clients/{id}/psychotherapy-notes/{pnote}":         rule(authz.PsychotherapyNotes, authz.View, "pnote"),
	"web POST /clients/{id}/psychotherapy-notes/{pnote}":        rule(authz.PsychotherapyNotes, authz.Change, "pnote"),
	"web POST /clients/{id}/psychotherapy-notes/{pnote}/delete": rule(authz.PsychotherapyNotes, authz.Change, "pnote").destroys(),
	"web GET /clients/{id}/reflections/new":                     rule(authz.Reflections, authz.Change, "chart"),
	"web POST /clients/{id}/reflections":                        rule(authz.Reflections, authz.Change, "chart"),
	"web GET /clients/{id}/reflections/{ref}":                   rule(authz.Reflections, authz.View, "chart"),
	"web POST /clients/{id}/reflections/{ref}":                  rule(authz.Reflections, authz.Change, "chart"),
	"web POST /clients/{id}/reflections/{ref}/share":            rule(authz.Reflections, authz.Change, "chart"),
	"web POST /clients/{id}/reflections/{ref}/unshare":          rule(authz.Reflections, authz.Change, "chart"),
	"web POST /clients/{id}/reflections/{ref}/delete":           rule(authz.Reflections, authz.Change, "chart").destroys(),

	// Portal pages.
	"portal GET /portal/login":                     {door: public},
	"portal POST /portal/login":                    {door: public},
	"portal GET /portal/register":                  {door: public},
	"portal POST /portal/register":                 {door: public},
	"portal GET /portal/forgot":                    {door: public},
	"portal POST /portal/forgot":                   {door: public},
	"portal GET /portal/reset":                     {door: public},
	"portal POST /portal/reset":                    {door: public},
	"portal GET /portal/join/{slug}":               {door: public},
	"portal POST /portal/join/{slug}":              {door: public},
	"portal GET /portal/join/{slug}/complete":      {door: public},
	"portal POST /portal/join/{slug}/complete":     {door: public},
	"portal GET /portal/email":                     {door: public},
	"portal POST /portal/email":                    {door: public},
	"portal GET /portal/account":                   {door: portalSelf},
	"portal POST /portal/account/password":         {door: portalSelf},
	"portal POST /portal/account/email":            {door: portalSelf},
	"portal POST /portal/logout":                   spec{door: portalSelf}.signsOut(),
	"portal GET /portal":                           {door: portalSelf},
	"portal GET /portal/{$}":                       {door: portalSelf},
	"portal POST /portal/requests/{id}/{answer}":   prule(authz.PortalAccess, authz.Change, "preq").destroys(),
	"portal GET /portal/c/{id}":                    prule(authz.Charts, authz.View, "access"),
	"portal GET /portal/c/{id}/opened":             prule(authz.AuditLog, authz.View, "access"),
	"portal GET /portal/c/{id}/reflections":        prule(authz.ClinicalNotes, authz.View, "access"),
	"portal GET /portal/c/{id}/reflections/{ref}":  prule(authz.ClinicalNotes, authz.View, "access"),
	"portal GET /portal/c/{id}/plans":              prule(authz.TreatmentPlans, authz.View, "access"),
	"portal GET /portal/c/{id}/plans/{plan}":       prule(authz.TreatmentPlans, authz.View, "access"),
	"portal POST /portal/c/{id}/plans/{plan}/sign": prule(authz.TreatmentPlans, authz.Sign, "access").with("full_name="),
	"portal GET /portal/d/{id}":                    prule(authz.DocumentRequests, authz.View, "doc"),
	"portal POST /portal/d/{id}":                   prule(authz.DocumentRequests, authz.Change, "doc").with("op=save"),
	"portal GET /portal/d/{id}/pdf":                prule(authz.DocumentRequests, authz.View, "doc"),

	// JSON API.
	"api POST /api/v1/setup":                                             {door: public},
	"api POST /api/v1/auth/login":                                        {door: public},
	"api POST /api/v1/auth/logout":                                       spec{door: staffSelf}.signsOut(),
	"api POST /api/v1/auth/two-step":                                     {door: public},
	"api POST /api/v1/auth/forgot":                                       {door: public},
	"api POST /api/v1/auth/reset":                                        {door: public},
	"api GET /api/v1/me":                                                 {door: staffSelf},
	"api GET /api/v1/home":                                               {door: staffSelf},
	"api POST /api/v1/me/password":                                       {door: staffSelf, body: "{}"},
	"api GET /api/v1/me/two-step":                                        {door: staffSelf},
	"api POST /api/v1/me/two-step/setup":                                 {door: staffSelf},
	"api POST /api/v1/me/two-step/confirm":                               {door: staffSelf, body: "{}"},
	"api POST /api/v1/me/two-step/disable":                               {door: staffSelf, body: "{}"},
	"api POST /api/v1/me/two-step/recovery-codes":                        {door: staffSelf, body: "{}"},
	"api GET /api/v1/practice":                                           rule(authz.PracticeSettings, authz.View, ""),
	"api PATCH /api/v1/practice":                                         rule(authz.PracticeSettings, authz.Change, "").with("{}"),
	"api GET /api/v1/staff":                                              rule(authz.Staff, authz.List, ""),
	"api POST /api/v1/staff":                                             rule(authz.Staff, authz.Create, "").with("{}"),
	"api GET /api/v1/staff/{id}":                                         rule(authz.Staff, authz.View, "record"),
	"api PATCH /api/v1/staff/{id}":                                       rule(authz.Staff, authz.Change, "record").with("{}"),
	"api POST /api/v1/staff/{id}/two-step/reset":                         rule(authz.StaffTwoStep, authz.Delete, "record"),
	"api GET /api/v1/tokens":                                             rule(authz.Tokens, authz.List, ""),
	"api POST /api/v1/tokens":                                            rule(authz.Tokens, authz.Create, "").with("{}"),
	"api DELETE /api/v1/tokens/{id}":                                     rule(authz.Tokens, authz.Delete, "token").destroys(),
	"api GET /api/v1/audit-events":                                       rule(authz.AuditLog, authz.List, ""),
	"api POST /api/v1/clients":                                           rule(authz.Charts, authz.Create, "").with("{}"),
	"api GET /api/v1/clients":                                            rule(authz.Charts, authz.List, ""),
	"api POST /api/v1/clients/bulk":                                      rule(authz.Charts, authz.Change, "").with("{}"),
	"api GET /api/v1/bulk-operations/{id}":                               rule(authz.BulkOperations, authz.View, "bulk"),
	"api GET /api/v1/clients/{id}":                                       rule(authz.Charts, authz.View, "chart"),
	"api GET /api/v1/clients/{id}/overview":                              rule(authz.Charts, authz.View, "chart"), // CL-10: blocks follow their own rules
	"api PATCH /api/v1/clients/{id}":                                     rule(authz.Charts, authz.Change, "chart").with("{}"),
	"api DELETE /api/v1/clients/{id}":                                    rule(authz.Charts, authz.Delete, "chart").destroys(),
	"api POST /api/v1/clients/{id}/deactivate":                           rule(authz.Charts, authz.Change, "chart").destroys(),
	"api POST /api/v1/clients/{id}/reactivate":                           rule(authz.Charts, authz.Change, "chart").destroys(),
	"api POST /api/v1/clients/{id}/archive":                              rule(authz.Charts, authz.Change, "chart").destroys(),
	"api POST /api/v1/clients/{id}/restore":                              rule(authz.Charts, authz.Change, "chart").destroys(),
	"api GET /api/v1/clients/{id}/contacts":                              rule(authz.Contacts, authz.View, "chart"),
	"api POST /api/v1/clients/{id}/contacts":                             rule(authz.Contacts, authz.Change, "chart").with("{}"),
	"api PATCH /api/v1/clients/{id}/contacts/{contact_id}":               rule(authz.Contacts, authz.Change, "chart").with("{}"),
	"api DELETE /api/v1/clients/{id}/contacts/{contact_id}":              rule(authz.Contacts, authz.Change, "chart").destroys(),
	"api GET /api/v1/clients/{id}/members":                               rule(authz.Members, authz.View, "group"),
	"api POST /api/v1/clients/{id}/members":                              rule(authz.Members, authz.Change, "group").with("{}"),
	"api PATCH /api/v1/clients/{id}/members/{client_id}":                 rule(authz.Members, authz.Change, "group").with("{}"),
	"api DELETE /api/v1/clients/{id}/members/{client_id}":                rule(authz.Members, authz.Change, "group").destroys(),
	"api GET /api/v1/people":                                             rule(authz.Charts, authz.List, ""),
	"api GET /api/v1/tags":                                               rule(authz.Tags, authz.List, ""),
	"api POST /api/v1/tags":                                              rule(authz.Tags, authz.Create, "").with("{}"),
	"api PATCH /api/v1/tags/{id}":                                        rule(authz.Tags, authz.Change, "record").with(`{"name":"Renamed"}`),
	"api DELETE /api/v1/tags/{id}":                                       rule(authz.Tags, authz.Delete, "record").destroys(),
	"api GET /api/v1/mail":                                               rule(authz.MailLog, authz.List, ""),
	"api POST /api/v1/mail/test":                                         rule(authz.MailLog, authz.Change, ""),
	"api POST /api/v1/mail/{id}/retry":                                   rule(authz.MailLog, authz.Change, "record").destroys(),
	"api GET /api/v1/clients/{id}/portal":                                rule(authz.PortalAccess, authz.View, "chart"),
	"api POST /api/v1/clients/{id}/invitations":                          rule(authz.PortalAccess, authz.Change, "chart").with("{}"),
	"api POST /api/v1/clients/{id}/contacts/{contact_id}/enroll":         rule(authz.PortalAccess, authz.Change, "chart").with("{}"),
	"api POST /api/v1/invitations/{id}/resend":                           rule(authz.PortalAccess, authz.Change, "invitation"),
	"api DELETE /api/v1/invitations/{id}":                                rule(authz.PortalAccess, authz.Change, "invitation").destroys(),
	"api POST /api/v1/clients/{id}/portal-users/{user_id}/disable":       rule(authz.PortalAccess, authz.Change, "chart").destroys(),
	"api POST /api/v1/clients/{id}/portal-users/{user_id}/enable":        rule(authz.PortalAccess, authz.Change, "chart"),
	"api PATCH /api/v1/clients/{id}/portal-users/{user_id}":              rule(authz.PortalAccess, authz.Change, "chart").with(`{"permissions":["documents"]}`),
	"api POST /api/v1/portal/register":                                   {door: public},
	"api POST /api/v1/portal/login":                                      {door: public},
	"api POST /api/v1/portal/logout":                                     spec{door: portalSelf}.signsOut(),
	"api POST /api/v1/portal/forgot":                                     {door: public},
	"api POST /api/v1/portal/join/{slug}":                                {door: public},
	"api POST /api/v1/portal/join/{slug}/complete":                       {door: public},
	"api POST /api/v1/portal/reset":                                      {door: public},
	"api GET /api/v1/portal/me":                                          {door: portalSelf},
	"api POST /api/v1/portal/me/password":                                {door: portalSelf, body: "{}"},
	"api POST /api/v1/portal/me/email":                                   {door: portalSelf, body: "{}"},
	"api POST /api/v1/portal/email/confirm":                              {door: public},
	"api GET /api/v1/portal/requests":                                    {door: portalSelf},
	"api POST /api/v1/portal/requests/{id}/approve":                      prule(authz.PortalAccess, authz.Change, "preq").destroys(),
	"api POST /api/v1/portal/requests/{id}/decline":                      prule(authz.PortalAccess, authz.Change, "preq").destroys(),
	"api GET /api/v1/portal/charts/{id}":                                 prule(authz.Charts, authz.View, "access"),
	"api GET /api/v1/portal/charts/{id}/appointments":                    prule(authz.Appointments, authz.View, "access"),
	"api GET /api/v1/portal/charts/{id}/opened":                          prule(authz.AuditLog, authz.View, "access"),
	"api GET /api/v1/document-templates":                                 rule(authz.DocumentTemplates, authz.List, ""),
	"api POST /api/v1/document-templates":                                rule(authz.DocumentTemplates, authz.Create, "").with("{}"),
	"api GET /api/v1/document-templates/{id}":                            rule(authz.DocumentTemplates, authz.View, "record"),
	"api PATCH /api/v1/document-templates/{id}":                          rule(authz.DocumentTemplates, authz.Change, "record").with("{}"),
	"api GET /api/v1/clients/{id}/documents":                             rule(authz.DocumentRequests, authz.View, "chart"),
	"api PUT /api/v1/clients/{id}/documents":                             rule(authz.DocumentRequests, authz.Change, "chart").with(`{"template_ids":[]}`).destroys(),
	"api GET /api/v1/clients/{id}/notes":                                 rule(authz.ClinicalNotes, authz.View, "chart"),
	"api POST /api/v1/clients/{id}/notes":                                rule(authz.NoteBodies, authz.Change, "chart").with("{}"),
	"api GET /api/v1/clients/{id}/notes/{note}":                          rule(authz.NoteBodies, authz.View, "note"),
	"api PATCH /api/v1/clients/{id}/notes/{note}":                        rule(authz.NoteBodies, authz.Change, "note").with("{}"),
	"api POST /api/v1/clients/{id}/notes/{note}/sign":                    rule(authz.ClinicalNotes, authz.Sign, "note").with("{}"),
	"api POST /api/v1/clients/{id}/notes/{note}/cosign":                  rule(authz.ClinicalNotes, authz.CoSign, "note").with("{}"),
	"api GET /api/v1/clients/{id}/notes/{note}/addenda":                  rule(authz.NoteBodies, authz.View, "note"),
	"api POST /api/v1/clients/{id}/notes/{note}/addenda":                 rule(authz.NoteBodies, authz.Change, "note").with("{}"),
	"api GET /api/v1/clients/{id}/notes/{note}/pdf":                      rule(authz.NoteBodies, authz.View, "note"),
	"api GET /api/v1/notes/to-cosign":                                    {door: staffSelf},
	"api GET /api/v1/document-requests/{id}":                             rule(authz.DocumentRequests, authz.View, "request"),
	"api POST /api/v1/document-requests/{id}/resend":                     rule(authz.DocumentRequests, authz.Change, "request"),
	"api POST /api/v1/document-requests/{id}/review":                     rule(authz.DocumentRequests, authz.Change, "request"),
	"api GET /api/v1/document-requests/{id}/intake":                      rule(authz.DocumentRequests, authz.View, "request"),
	"api POST /api/v1/document-requests/{id}/apply":                      rule(authz.DocumentRequests, authz.Change, "request").with(`{"use":["phone"]}`),
	"api GET /api/v1/document-requests/{id}/pdf":                         rule(authz.DocumentRequests, authz.View, "request"),
	"api GET /api/v1/portal/documents/{id}/pdf":                          prule(authz.DocumentRequests, authz.View, "doc"),
	"api GET /api/v1/portal/documents":                                   {door: portalSelf},
	"api GET /api/v1/portal/documents/{id}":                              prule(authz.DocumentRequests, authz.View, "doc"),
	"api PUT /api/v1/portal/documents/{id}":                              prule(authz.DocumentRequests, authz.Change, "doc").with("{}"),
	"api POST /api/v1/portal/documents/{id}/submit":                      prule(authz.DocumentRequests, authz.Change, "doc").with("{}"),
	"api POST /api/v1/portal/documents/{id}/sign":                        prule(authz.DocumentRequests, authz.Change, "doc").with("{}"),
	"api GET /api/v1/openapi.json":                                       {door: public},
	"api GET /api/v1/clients/{id}/psychotherapy-notes":                   rule(authz.PsychotherapyNotes, authz.View, "pchart"),
	"api POST /api/v1/clients/{id}/psychotherapy-notes":                  rule(authz.PsychotherapyNotes, authz.Change, "pchart").with("{}"),
	"api GET /api/v1/clients/{id}/psychotherapy-notes/{pnote_id}":        rule(authz.PsychotherapyNotes, authz.View, "pnote"),
	"api PATCH /api/v1/clients/{id}/psychotherapy-notes/{pnote_id}":      rule(authz.PsychotherapyNotes, authz.Change, "pnote").with(`{"body":""}`),
	"api DELETE /api/v1/clients/{id}/psychotherapy-notes/{pnote_id}":     rule(authz.PsychotherapyNotes, authz.Change, "pnote").destroys(),
	"api GET /api/v1/clients/{id}/reflections":                           rule(authz.Reflections, authz.View, "chart"),
	"api POST /api/v1/clients/{id}/reflections":                          rule(authz.Reflections, authz.Change, "chart").with("{}"),
	"api GET /api/v1/clients/{id}/reflections/{reflection_id}":           rule(authz.Reflections, authz.View, "chart"),
	"api PATCH /api/v1/clients/{id}/reflections/{reflection_id}":         rule(authz.Reflections, authz.Change, "chart").with(`{"title":""}`),
	"api DELETE /api/v1/clients/{id}/reflections/{reflection_id}":        rule(authz.Reflections, authz.Change, "chart").destroys(),
	"api POST /api/v1/clients/{id}/reflections/{reflection_id}/share":    rule(authz.Reflections, authz.Change, "chart"),
	"api POST /api/v1/clients/{id}/reflections/{reflection_id}/unshare":  rule(authz.Reflections, authz.Change, "chart"),
	"api GET /api/v1/portal/charts/{id}/reflections":                     prule(authz.ClinicalNotes, authz.View, "access"),
	"api GET /api/v1/portal/charts/{id}/reflections/{reflection_id}":     prule(authz.ClinicalNotes, authz.View, "access"),
	"api GET /api/v1/portal/charts/{id}/treatment-plans":                 prule(authz.TreatmentPlans, authz.View, "access"),
	"api GET /api/v1/portal/charts/{id}/treatment-plans/{plan_id}":       prule(authz.TreatmentPlans, authz.View, "access"),
	"api POST /api/v1/portal/charts/{id}/treatment-plans/{plan_id}/sign": prule(authz.TreatmentPlans, authz.Sign, "access").with("{}"),
}

var (
	staffKeys  = []string{"owner", "admin", "clinician", "supervisor", "billing"}
	portalKeys = []string{"self", "guardian", "member"}
	principals = append(append(slices.Clone(staffKeys), portalKeys...), "anonymous")
)

// Outcomes a request can have, as the test compares them.
const (
	allowed   = "allowed"   // the policy let it through (2xx, 3xx elsewhere than sign-in, 409, 422…)
	forbidden = "forbidden" // 403
	notFound  = "not found" // 404
	signIn    = "sign in"   // 401, or a redirect to a sign-in page
	failed    = "failed"    // 5xx: always a bug
	anything  = "anything"  // public routes: anything but failed
)

// Issue 11, item 1: every route of the web, portal and API route tables, for every staff role, a portal
// client, a guardian and a family member, and someone signed out, against their own record, a
// supervisee's, a colleague's, another practice's and a missing one, answers as package authz says.
// The chart routes are walked again for clinicians and supervisors once "clinicians see all clients"
// is on.
func TestEveryRouteFollowsThePolicy(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		h := apptest.New(t, d)
		f := newFixture(t, h)
		routes := tabledRoutes(t, h.App.Routes)
		f.clients = map[string]*apptest.Client{}
		for _, p := range principals {
			f.clients[p] = f.signIn(p)
		}
		n := f.walk(t, routes, principals)

		seeAll := true
		if _, err := h.App.Accounts.ChangePracticeSettings(f.ctx, f.ownerA, model.PracticeSettingsChange{CliniciansSeeAll: &seeAll}); err != nil {
			t.Fatal(err)
		}
		for k, w := range f.who {
			w.CliniciansSeeAll = true
			f.who[k] = w
		}
		charted := slices.DeleteFunc(slices.Clone(routes), func(rt string) bool {
			sp := routeSpecs[rt]
			return sp.door != staffRule || sp.on == "" || sp.on == "record" || sp.on == "token" || sp.on == "bulk"
		})
		n += f.walk(t, charted, []string{"clinician", "supervisor"})

		// CL-8: admins reach clinical information, treatment plans included, once the practice lets them.
		adminSees := true
		if _, err := h.App.Accounts.ChangePracticeSettings(f.ctx, f.ownerA, model.PracticeSettingsChange{AdminSeesClinical: &adminSees}); err != nil {
			t.Fatal(err)
		}
		w := f.who["admin"]
		w.AdminSeesClinical = true
		f.who["admin"] = w
		clinicalRoutes := slices.DeleteFunc(slices.Clone(charted), func(rt string) bool {
			res := routeSpecs[rt].res
			return res != authz.ClinicalInfo && res != authz.TreatmentPlans && res != authz.Files && res != authz.Tasks
		})
		n += f.walk(t, clinicalRoutes, []string{"admin", "billing"})
		t.Logf("%d routes, %d requests", len(routes), n)
	})
}

// walk sends every route as every principal on every target, compares the answers with the policy and
// returns how many requests it sent.
func (f *fixture) walk(t *testing.T, routes, principals []string) int {
	requests := 0
	for _, rt := range routes {
		sp := routeSpecs[rt]
		for _, p := range principals {
			for _, target := range targetsFor(sp, p) {
				b := f.target(sp, p, target)
				method, path := f.fill(rt, sp, b)
				c := f.clients[p]
				if sp.fresh {
					c = f.signIn(p)
				}
				got := classify(f.send(c, method, path, sp))
				requests++
				want := f.expect(sp, p, target, b)
				if sp.fresh && want == allowed && got == signIn {
					got = allowed // signing out ends on the sign-in page
				}
				if got == failed || (want != anything && got != want) {
					t.Errorf("%s as %s on %s's record (clinicians see all: %t): got %s, want %s", rt, p, target,
						f.who["clinician"].CliniciansSeeAll, got, want)
				}
				if sp.destructive && got == allowed {
					f.drop(sp, p, target)
				}
			}
		}
	}
	return requests
}

// tabledRoutes lists the app's routes, destructive ones last, and fails on any route without a row in
// routeSpecs, and on rows for routes that no longer exist.
func tabledRoutes(t *testing.T, tables map[string][]string) []string {
	t.Helper()
	var out []string
	seen := map[string]bool{}
	for table, patterns := range tables {
		for _, p := range patterns {
			key := table + " " + p
			seen[key] = true
			if _, ok := routeSpecs[key]; !ok {
				t.Errorf("route %q has no row in routeSpecs: say who may use it", key)
				continue
			}
			out = append(out, key)
		}
	}
	for key := range routeSpecs {
		if !seen[key] {
			t.Errorf("routeSpecs has %q, which no route table registers", key)
		}
	}
	if len(tables) != 3 {
		t.Errorf("route tables: got %d, want web, portal and api", len(tables))
	}
	sort.SliceStable(out, func(i, j int) bool {
		di, dj := routeSpecs[out[i]].destructive, routeSpecs[out[j]].destructive
		if di != dj {
			return dj
		}
		return out[i] < out[j]
	})
	return out
}

// targetsFor lists whose record the route is tried on: one try where the path names no record or the
// principal comes through the wrong door, every relation otherwise.
func targetsFor(sp spec, p string) []string {
	switch {
	case sp.on == "", sp.door == staffRule && !slices.Contains(staffKeys, p), sp.door == portalRule && !slices.Contains(portalKeys, p):
		return []string{"own"}
	case sp.door == portalRule:
		return []string{"own", "colleague", "other", "missing"}
	}
	if p != "supervisor" {
		return []string{"own", "colleague", "other", "missing"} // a supervisee's chart is any colleague's to them
	}
	return []string{"own", "supervisee", "colleague", "other", "missing"}
}

// bundleKey is which bundle of records a target of principal p is.
func bundleKey(sp spec, p, target string) string {
	switch target {
	case "other", "missing":
		return target
	case "supervisee", "colleague":
		if sp.door == portalRule {
			return "portal:" + portalKeys[(slices.Index(portalKeys, p)+1)%len(portalKeys)]
		}
		return target
	}
	switch {
	case sp.door == portalRule && !slices.Contains(portalKeys, p):
		return "portal:self"
	case sp.door == portalRule:
		return "portal:" + p
	case p == "billing" || !slices.Contains(staffKeys, p):
		return "unassigned"
	}
	return p
}

func (f *fixture) target(sp spec, p, target string) *ids {
	key := bundleKey(sp, p, target)
	if k, ok := strings.CutPrefix(key, "portal:"); ok {
		return f.portalBundle(k)
	}
	return f.bundle(key)
}

// drop forgets a target a destructive route changed, so the next request gets a fresh one.
func (f *fixture) drop(sp spec, p, target string) {
	delete(f.bundles, bundleKey(sp, p, target))
}

var param = regexp.MustCompile(`\{([a-z_]+)(\.\.\.)?\}`)

// fill fills the route's pattern with the target's ids.
func (f *fixture) fill(rt string, sp spec, b *ids) (string, string) {
	_, pattern, _ := strings.Cut(rt, " ")
	method, path, _ := strings.Cut(pattern, " ")
	path = strings.ReplaceAll(path, "{$}", "")
	path = param.ReplaceAllStringFunc(path, func(m string) string {
		switch name := param.FindStringSubmatch(m)[1]; name {
		case "section", "step":
			return "account"
		case "answer":
			return "decline"
		case "slug":
			return f.slug
		case "file":
			return "missing.css"
		case "contact", "contact_id":
			return b.contact
		case "member", "client_id":
			return b.member
		case "req":
			return b.req
		case "note":
			return b.note
		case "inv":
			return b.invitation
		case "access", "user_id":
			return b.access
		case "dx", "diagnosis_id":
			return b.dx
		case "med", "medication_id":
			return b.med
		case "pnote", "pnote_id":
			return b.pnote
		case "plan", "plan_id":
			if sp.door == portalRule {
				return b.portalPlan
			}
			return b.plan
		case "v":
			return "1" // a plan's first version
		case "n":
			return "1" // a plan's first version, in the pages' routes
		case "policy":
			return b.policy
		case "entry":
			return b.payment
		case "file_id":
			if sp.door == portalRule {
				return b.portalFile
			}
			return b.file
		case "task", "task_id":
			if sp.door == portalRule {
				return b.portalTask
			}
			return b.task
		case "ref", "reflection_id":
			if sp.door == portalRule {
				return b.portalReflection
			}
			return b.reflection
		}
		return f.mainID(sp, b)
	})
	return method, path
}

// mainID is what {id} names on the route.
func (f *fixture) mainID(sp spec, b *ids) string {
	switch sp.on {
	case "group":
		return b.group
	case "invitation":
		return b.invitation
	case "request":
		return b.req
	case "token":
		return b.token
	case "bulk":
		return b.bulk
	case "access":
		return b.portalAccess
	case "doc":
		return b.portalDoc
	case "preq":
		return b.portalRequest
	case "appointment":
		return b.appointment
	case "payment":
		return b.payment
	case "file":
		return b.file
	case "conversation":
		return b.conversation
	case "record":
		switch sp.res {
		case authz.Tags:
			return b.tag
		case authz.DocumentTemplates:
			return b.template
		case authz.Staff, authz.StaffTwoStep:
			return b.staff
		case authz.MailLog:
			return b.mail
		case authz.Services:
			return b.service
		case authz.Imports:
			return b.imp
		}
	}
	return b.chart
}

func (f *fixture) send(c *apptest.Client, method, path string, sp spec) apptest.Response {
	ct := "application/x-www-form-urlencoded"
	if strings.HasPrefix(path, "/api/") {
		ct = "application/json"
		if sp.body == "" && method != "GET" && method != "DELETE" {
			sp.body = "{}"
		}
	}
	if method == "GET" || method == "DELETE" {
		return c.Do(method, path, "", nil)
	}
	return c.Do(method, path, ct, strings.NewReader(sp.body))
}

func classify(r apptest.Response) string {
	loc := r.Header.Get("Location")
	switch {
	case r.StatusCode >= 500:
		return failed
	case r.StatusCode == http.StatusUnauthorized:
		return signIn
	case r.StatusCode/100 == 3 && (strings.HasPrefix(loc, "/login") || strings.HasPrefix(loc, "/portal/login")):
		return signIn
	case r.StatusCode == http.StatusForbidden:
		return forbidden
	case r.StatusCode == http.StatusNotFound:
		return notFound
	}
	return allowed
}

// expect is what the policy says principal p gets from the route on the target.
func (f *fixture) expect(sp spec, p, target string, b *ids) string {
	switch sp.door {
	case public:
		return anything
	case staffSelf, staffRule:
		if !slices.Contains(staffKeys, p) {
			return signIn
		}
		if sp.door == staffSelf {
			return allowed
		}
		who := f.who[p]
		var t authz.Target
		switch sp.on {
		case "":
			t = authz.On(sp.res)
		case "record", "token", "bulk":
			t = authz.Target{Resource: sp.res, PracticeID: b.practiceID}
			if sp.on == "token" || sp.on == "bulk" {
				t.AuthorID = b.tokenOwner
			}
		default:
			t = authz.InChart(sp.res, model.Client{PracticeID: b.practiceID, AssignedClinicianID: b.clinicianID})
			switch sp.on {
			case "note": // a session note: its author, and the author's supervisor, decide signing
				t.AuthorID, t.AuthorSupervisorID = b.noteAuthor, b.noteAuthorSupervisor
			case "pchart":
				t.AuthorID = who.StaffID // one's own psychotherapy notes on the chart
			case "pnote":
				t.AuthorID = b.pnoteAuthor
			}
		}
		return outcome(authz.Decide(who, sp.act, t))
	}
	if !slices.Contains(portalKeys, p) {
		return signIn
	}
	switch {
	case sp.door == portalSelf:
		return allowed
	case target != "own":
		return notFound // another person's access, document or request answers like a missing one
	case sp.on == "preq":
		return allowed
	}
	return outcome(authz.PortalDecide(f.portal[p].user, sp.act, sp.res))
}

func outcome(err error) string {
	switch {
	case err == nil:
		return allowed
	case errors.Is(err, model.ErrNotFound):
		return notFound
	}
	return forbidden
}
