// Package app wires Tend together: configuration, database, use cases and the three front doors, the
// HTTP server's lifecycle, and the command-line subcommands.
package app

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"os"
	"runtime"
	"strings"
	"tend/internal/appointments"
	"tend/internal/password"
	"time"

	"github.com/riverqueue/river"

	"tend/internal/account"
	"tend/internal/api"
	"tend/internal/archive"
	"tend/internal/audit"
	"tend/internal/calfeed"
	"tend/internal/clientportal"
	"tend/internal/clients"
	"tend/internal/clinical"
	"tend/internal/config"
	"tend/internal/db"
	"tend/internal/docpdf"
	"tend/internal/documents"
	"tend/internal/fhir"
	"tend/internal/files"
	"tend/internal/httpx"
	"tend/internal/icd10"
	"tend/internal/imports"
	"tend/internal/jobs"
	"tend/internal/ledger"
	"tend/internal/mail"
	"tend/internal/markdown"
	"tend/internal/messaging"
	"tend/internal/metrics"
	"tend/internal/model"
	"tend/internal/notes"
	"tend/internal/ops"
	"tend/internal/outbox"
	"tend/internal/overview"
	"tend/internal/plangen"
	"tend/internal/plans"
	"tend/internal/portal"
	"tend/internal/psychnotes"
	"tend/internal/records"
	"tend/internal/reflections"
	"tend/internal/reminders"
	"tend/internal/sealed"
	"tend/internal/services"
	"tend/internal/sessions"
	"tend/internal/store"
	"tend/internal/tasks"
	"tend/internal/web"
)

// App is a wired Tend: its use cases and its HTTP handler.
type App struct {
	closeReads func() error
	Jobs       *jobs.Queue    // background work on River; Start it where the app serves
	Outbox     *outbox.Outbox // outgoing email
	AuditLog   *audit.Log
	Accounts   *account.Service
	Clients    *clients.Service
	Portal     *clientportal.Service
	Documents  *documents.Service
	Overview   *overview.Service
	Clinical   *clinical.Service // diagnoses, medications, history and concerns (CL-8)
	Notes      *notes.Service    // session notes (issue 14, item 3)
	// PsychNotes and Reflections are issue 14's psychotherapy notes and shared reflections.
	PsychNotes  *psychnotes.Service
	Reflections *reflections.Service
	Plans       *plans.Service    // treatment plans (issue 15)
	Services    *services.Service // the practice's services (issue 16)
	// Appointments are the calendar's sessions (issue 16, item 3).
	Appointments *appointments.Service
	// Reminders sends appointment reminders (issue 16, item 5); its job runs every minute.
	Reminders *reminders.Service
	// Messages is secure messaging between the care team and portal users (issue 17, item 3).
	Messages *messaging.Service
	// CalendarFeeds are the clinicians' secret calendar feeds (issue 16, item 7).
	CalendarFeeds *calfeed.Service
	// Ledger is each chart's charges, payments and adjustments (PY-1, issue 16, item 9).
	Ledger *ledger.Service
	// Files are the charts' encrypted files (issue 17, item 2).
	Files *files.Service
	// FHIR is the FHIR R4 Bundle of a chart, the practice's NDJSON export and the import (IM-2, issue 18).
	FHIR *fhir.Service
	// Tasks are tasks and homework on charts and in the portal (TK-1, issue 17).
	Tasks *tasks.Service
	// Records makes a chart's records-request PDF (issue 18, item 2; IM-2).
	Records *records.Service
	// Imports is the CSV client import wizard (IM-1, issue 18).
	Imports *imports.Service
	// Archive writes and reads whole-practice archives (IM-2, issue 18).
	Archive *archive.Service
	Audit   *audit.Reader
	Handler http.Handler
	// MetricsHandler serves /metrics (with /healthz and /readyz) on TEND_METRICS_ADDR; nil when /metrics
	// is on Handler.
	MetricsHandler http.Handler
	Metrics        *metrics.Registry
	// Routes lists the patterns ("METHOD /path") of the three route tables by table: web, portal, api.
	// The authorization test walks them.
	Routes map[string][]string
	// SignInLimit is the per-network limit on sign-in, password links and registration (tests that sign in
	// many times widen it).
	SignInLimit *httpx.SignInLimiter
	// WarmPages does, after the server listens, what start-up leaves to first use (issue 19, item 3: cold
	// start): it parses the staff and portal pages' templates ahead of their first visit (web.Server.WarmPages,
	// portal.Server.WarmPages) and builds the ICD-10-CM index.
	WarmPages func() error
}

// Build wires the use cases and front doors on an open, migrated database. now is the clock (tests fake it).
func Build(cfg config.Config, d *db.DB, log *slog.Logger, now func() time.Time) (*App, error) {
	key, err := cfg.AuditKey()
	if err != nil {
		return nil, err
	}
	deviceKey, err := cfg.DeviceKey()
	if err != nil {
		return nil, err
	}
	devices := account.Devices{Key: deviceKey}
	st := store.New(d)
	auditLog := audit.NewLog(key)
	sealKey, recoveryKey, err := cfg.TwoStepKeys()
	if err != nil {
		return nil, err
	}
	twoStepSeal, err := sealed.New(sealKey)
	if err != nil {
		return nil, err
	}
	accounts := &account.Service{Store: st, Audit: auditLog, Now: now, Devices: devices, TwoStepSeal: twoStepSeal, RecoveryKey: recoveryKey}
	auditReader := &audit.Reader{Store: st, Log: auditLog, Now: now}
	var reads clients.ReadRecorder
	var closeReads func() error
	var waitingReads func(context.Context, string, string) ([]model.AuditEvent, error)
	if d.Dialect == db.SQLite && d.Path != "" {
		side, err := db.OpenSpool(context.Background(), d.Path)
		if err != nil {
			return nil, err
		}
		spool := audit.NewSpool(side, auditLog, st, spoolInterval, func(err error) {
			log.Error("audit spool: moving read events failed; they stay for the next try", "err", err)
		})
		reads, closeReads, auditReader.Flush, waitingReads = spool, spool.Close, spool.Flush, spool.ChartEvents
	} else {
		b := audit.NewBatcher(auditLog, st)
		reads, closeReads = b, func() error { b.Close(); return nil }
	}
	clientRecords := &clients.Service{Store: st, Audit: auditLog, Reads: reads, Now: now}
	sender, err := newSender(cfg, now)
	if err != nil {
		return nil, err
	}
	ob := &outbox.Outbox{Store: st, Sender: sender, From: cfg.MailFrom, Now: now}
	workers := river.NewWorkers()
	river.AddWorker(workers, &outbox.SendWorker{Outbox: ob})
	river.AddWorker(workers, &outbox.CleanupWorker{Outbox: ob, Retention: cfg.Retention()})
	// Large bulk actions run as a job (issue 11, item 5) inserted with the operation they run.
	river.AddWorker(workers, &clients.BulkWorker{Clients: clientRecords})
	// Audit checkpoints (issue 12, item 4): the chains' heads, outside the database, when switched on.
	checkpoints := &audit.Checkpointer{Store: st, Path: cfg.CheckpointFile(), Now: now, Log: log}
	river.AddWorker(workers, &audit.CheckpointWorker{Checkpointer: checkpoints})
	// Issue 15, item 4: the clinicians of plans coming up for review are emailed; the worker gets the plans
	// service once it exists, below.
	reviewNotices := &plans.ReviewNoticeWorker{}
	river.AddWorker(workers, reviewNotices)
	// Issue 16, item 5: appointment reminders, due rows claimed and emailed once, every minute.
	reminderSender := &reminders.Service{Store: st, Audit: auditLog, Mail: ob, Now: now}
	river.AddWorker(workers, &reminders.Worker{Reminders: reminderSender})
	// Issue 18, item 1: a committed CSV import is written by a job, in one transaction.
	clientImports := &imports.Service{Store: st, Audit: auditLog, Now: now, MaxBytes: int64(cfg.MaxImportMB) << 20}
	river.AddWorker(workers, &imports.Worker{Imports: clientImports})
	// Ended sessions, old sign-in failures and expired tokens: swept by the leader alone (issue 19, item 1).
	river.AddWorker(workers, &account.SweepWorker{Accounts: accounts})
	periodic := []*river.PeriodicJob{outbox.CleanupJob(), plans.ReviewNoticeJob(), reminders.Job(), account.SweepJob()}
	if cfg.CheckpointEvery > 0 {
		periodic = append(periodic, audit.CheckpointJob(cfg.CheckpointEvery))
	}
	queue, err := jobs.New(d, log, workers, jobs.Options{Retention: cfg.Retention(), Poll: cfg.JobPoll,
		Queues: map[string]int{outbox.QueueName: cmp.Or(cfg.MailWorkers, outbox.Workers)}, Periodic: periodic})
	if err != nil {
		return nil, err
	}
	ob.Jobs = queue
	clientImports.Queue = func(ctx context.Context, q store.Q, importID string) error {
		_, err := queue.Enqueue(ctx, q, imports.JobArgs{ImportID: importID}, nil)
		return err
	}
	clientRecords.QueueBulk = func(ctx context.Context, q store.Q, op model.BulkOperation) error {
		_, err := queue.Enqueue(ctx, q, clients.BulkArgs{OperationID: op.ID}, nil)
		return err
	}
	// Argon2 takes 7 MiB a hash and keeps one core busy for its whole run, so hashes run in a fixed number
	// of slots and a flood of sign-ins queues instead of growing the Go heap by that much per request. One
	// core is left to everything else (password.HashSlots): with a hash on every core, the portal's other
	// requests waited for a core and sign-ins themselves went slower (see README, The portal sign-in bound).
	passwords := password.Hasher{Slots: password.NewSlots(password.HashSlots(runtime.NumCPU()))}
	accounts.Mail, accounts.BaseURL, accounts.ResetFloor, accounts.Passwords = ob, cfg.BaseURL, resetFloor, passwords
	clientRecords.Mail, clientRecords.BaseURL = ob, cfg.BaseURL
	portalUsers := &clientportal.Service{Store: st, Audit: auditLog, Reads: reads, Waiting: waitingReads, Now: now,
		Mail: ob, BaseURL: cfg.BaseURL, ResetFloor: resetFloor, Passwords: passwords, Devices: devices}
	docs := &documents.Service{Store: st, Audit: auditLog, Now: now, Charts: clientRecords, Reads: reads, Mail: ob, BaseURL: cfg.BaseURL,
		Fonts: docpdf.NewFonts(docpdf.FontOptions{Dir: cfg.FontsDir, System: docpdf.SystemFontDirs(), Log: log})}
	// PT-2: an invitation can send documents, requested in the invitation's transaction.
	clientRecords.RequestDocuments = docs.RequestWithInvitation
	cookies := httpx.SessionCookies{Secure: cfg.SecureCookies()}
	portalCookies := httpx.SessionCookies{Secure: cfg.SecureCookies(), Portal: true}

	// Issue 14, items 4 and 5: psychotherapy notes (their author's alone) and shared reflections.
	pnotes := &psychnotes.Service{Store: st, Audit: auditLog, Reads: reads, Now: now, Charts: clientRecords}
	refls := &reflections.Service{Store: st, Audit: auditLog, Reads: reads, Now: now, Charts: clientRecords, Mail: ob, BaseURL: cfg.BaseURL}

	pages, err := web.New(accounts, clientRecords, docs, auditReader, ob, cookies, log)
	if err != nil {
		return nil, err
	}
	// CL-8: the ICD-10-CM list is indexed once here and shared.
	clinicalInfo := &clinical.Service{Store: st, Audit: auditLog, Reads: reads, Now: now, Codes: icd10.New()}
	pages.Clinical = clinicalInfo
	sessionNotes := &notes.Service{Store: st, Audit: auditLog, Reads: reads, Now: now, Charts: clientRecords, Fonts: docs.Fonts}
	pages.Notes = sessionNotes
	pages.PsychNotes, pages.Reflections = pnotes, refls
	// Issue 15: treatment plans, their objectives measured by the chart's latest scores, and drafts by the
	// built-in generator or, when configured, a language-model endpoint.
	llm, err := plangen.NewLLM(cfg.LLMURL, cfg.LLMModel, cfg.LLMAPIKeyFile, os.ReadFile)
	if err != nil {
		return nil, err
	}
	if llm != nil && cfg.LLMTimeout > 0 {
		llm.Timeout = cfg.LLMTimeout
	}
	treatmentPlans := &plans.Service{Store: st, Audit: auditLog, Reads: reads, Now: now, Charts: clientRecords, Codes: clinicalInfo.Codes, Fonts: docs.Fonts,
		Scores: docs.ScoreHistory, Drafts: &plangen.Generator{LLM: llm},
		Mood: func(ctx context.Context, p model.Principal, chartID string) ([]int, error) {
			pts, err := sessionNotes.Mood(ctx, p, chartID)
			out := make([]int, 0, len(pts))
			for _, pt := range pts {
				out = append(out, pt.Mood)
			}
			return out, err
		},
		Render: markdown.NewPlan().Render, Mail: ob, BaseURL: cfg.BaseURL}
	reviewNotices.Plans = treatmentPlans
	pages.Plans = treatmentPlans
	portalPages, err := portal.New(portalUsers, docs, portalCookies, log, pages.Asset)
	if err != nil {
		return nil, err
	}
	portalPages.Reflections, portalPages.Plans = refls, treatmentPlans
	chartFiles, err := newFiles(cfg, st, auditLog, reads, now, clientRecords)
	if err != nil {
		return nil, err
	}
	pages.Files, portalPages.Files = chartFiles, chartFiles
	jsonAPI := &api.Server{Accounts: accounts, Clients: clientRecords, Audit: auditReader, Outbox: ob, Cookies: cookies, Log: log,
		Portal: portalUsers, PortalCookies: portalCookies, Documents: docs, Notes: sessionNotes, PsychNotes: pnotes, Reflections: refls, Files: chartFiles}
	// CL-10: the chart's Overview, with its clinical blocks from the use cases that own them.
	chartOverview := &overview.Service{Clients: clientRecords, Store: st, Audit: auditLog, Reads: reads, Now: now}
	pages.Overview, jsonAPI.Overview = chartOverview, chartOverview
	jsonAPI.Clinical, jsonAPI.Plans = clinicalInfo, treatmentPlans
	// Issue 17, item 3 (MS-1): secure messaging in the chart, the inbox and the portal.
	msgs := &messaging.Service{Store: st, Audit: auditLog, Reads: reads, Now: now, Charts: clientRecords, Mail: ob, BaseURL: cfg.BaseURL, Files: chartFiles}
	pages.Messages, portalPages.Messages, jsonAPI.Messages = msgs, msgs, msgs
	// Issue 16: appointments, booked and read through the chart rules.
	appts := &appointments.Service{Store: st, Audit: auditLog, Reads: reads, Now: now, Charts: clientRecords}
	jsonAPI.Appointments, pages.Appointments = appts, appts
	wireOverview(chartOverview, clinicalInfo, sessionNotes, treatmentPlans, appts)
	// Issue 17, item 1 (TK-1): tasks and homework, in the chart, the portal, the API, Overview and Home.
	chartTasks := &tasks.Service{Store: st, Audit: auditLog, Reads: reads, Now: now, Charts: clientRecords}
	pages.Tasks, portalPages.Tasks, jsonAPI.Tasks = chartTasks, chartTasks, chartTasks
	pages.Imports, jsonAPI.Imports = clientImports, clientImports
	wireOverviewTasks(chartOverview, chartTasks)
	practiceArchive := &archive.Service{Store: st, Audit: auditLog, Files: chartFiles, Now: now, Flush: auditReader.Flush, Version: versionString()}
	pages.Archive, jsonAPI.Archive = practiceArchive, practiceArchive
	// The chart's Sessions tab: its appointments beside their notes (issue 16, item 8).
	pages.Sessions = &sessions.Service{Appointments: appts, Notes: sessionNotes}
	// Issue 16, item 9 (PY-1): each chart's ledger, its Payments tab and statements.
	ledgers := &ledger.Service{Store: st, Audit: auditLog, Reads: reads, Now: now, Charts: clientRecords, Fonts: docs.Fonts,
		Codes: clinicalInfo.Codes}
	pages.Ledger, jsonAPI.Ledger = ledgers, ledgers
	// Issue 18, item 2 (IM-2): a chart's whole record as one PDF for a records request.
	chartRecords := &records.Service{Store: st, Audit: auditLog, Reads: reads, Now: now, Charts: clientRecords, Fonts: docs.Fonts}
	pages.Records, jsonAPI.Records = chartRecords, chartRecords
	// Issue 16: the practice's services.
	practiceServices := &services.Service{Store: st, Audit: auditLog, Now: now}
	pages.Services, jsonAPI.Services = practiceServices, practiceServices
	// Issue 16, item 7 (AP-2): each clinician's secret calendar feed.
	feeds := &calfeed.Service{Store: st, Audit: auditLog, Reads: reads, Now: now, BaseURL: cfg.BaseURL}
	pages.CalendarFeeds, jsonAPI.CalendarFeeds = feeds, feeds
	// Issue 18, item 4 (IM-2): FHIR R4 out of a chart and a practice, and into a chart.
	fhirRecords := &fhir.Service{Store: st, Audit: auditLog, Reads: reads, Now: now, Charts: clientRecords, Codes: clinicalInfo.Codes,
		Clients: clientRecords, Clinical: clinicalInfo}
	jsonAPI.FHIR = fhirRecords
	reg := metrics.New(func() map[string]sql.DBStats {
		w, r := d.Stats()
		if d.R == d.W {
			return map[string]sql.DBStats{"main": w}
		}
		return map[string]sql.DBStats{"writer": w, "reader": r}
	})
	reg.SetQueue(func(ctx context.Context) (metrics.QueueStats, error) {
		q, err := store.Stats(ctx, st.R(), time.Now())
		if err == nil {
			q.FailedSignIns, err = store.FailedSignInsSince(ctx, st.R(), now().Add(-store.FailedSignInWindow))
		}
		return metrics.QueueStats(q), err
	})

	mux := http.NewServeMux()
	ops.Register(mux, d)
	var metricsHandler http.Handler
	if cfg.MetricsAddr == "" {
		mux.Handle("GET /metrics", ops.Metrics(reg, cfg.MetricsToken, false))
	} else {
		private := http.NewServeMux()
		ops.Register(private, d)
		private.Handle("GET /metrics", ops.Metrics(reg, cfg.MetricsToken, true))
		metricsHandler = httpx.Recover(log, private)
	}
	jsonAPI.Register(mux)
	pages.Register(mux)
	portalPages.Register(mux)
	routes := map[string][]string{}
	for _, rt := range pages.Routes() {
		routes["web"] = append(routes["web"], rt.Pattern)
	}
	for _, rt := range portalPages.Routes() {
		routes["portal"] = append(routes["portal"], rt.Pattern)
	}
	for _, rt := range jsonAPI.Routes() {
		routes["api"] = append(routes["api"], rt.Method+" "+rt.Path)
	}

	cop := http.NewCrossOriginProtection()
	if err := cop.AddTrustedOrigin(cfg.BaseURL); err != nil {
		return nil, err
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		msg := "This request came from another site and was refused to protect your account. Reload the page and try again."
		if strings.HasPrefix(r.URL.Path, "/api/") {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(http.StatusForbidden)
			_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": "cross_origin", "message": msg}})
			return
		}
		http.Error(w, msg, http.StatusForbidden)
	}))

	mailLimit := &httpx.MailLimiter{Max: mailRequestsPerHour, Window: time.Hour, Now: now}
	signIn := &httpx.SignInLimiter{Burst: signInBurst, Every: signInEvery, Now: now}
	// The request scope wraps Observe, which reads the route the mux sets on the request it was handed.
	h := requestScope(log, httpx.Observe(log, reg, httpx.RejectInvalidText(signIn.Wrap(mailLimit.Wrap(mux)))))
	h = cop.Handler(h)
	h = httpx.Compress(h) // issue 19: pages, styles, scripts and JSON gzipped; downloads as they are
	h = httpx.SecurityHeaders(h, cfg.SecureCookies())
	h = httpx.Recover(log, h)
	h = httpx.WithRequestID(h)
	h = httpx.LimitPageBodies(h)
	// Outermost, so everything inside (rate limits, sign-in throttling, audit, e-signatures, /metrics'
	// loopback rule) sees the one client address it decides.
	h = httpx.TrustProxies(cfg.TrustedProxies, h)
	warm := func() error {
		clinicalInfo.Codes.Warm()
		return errors.Join(pages.WarmPages(), portalPages.WarmPages())
	}
	return &App{closeReads: closeReads, WarmPages: warm, Routes: routes, SignInLimit: signIn, MetricsHandler: metricsHandler, Jobs: queue, Outbox: ob, AuditLog: auditLog, Accounts: accounts, Clients: clientRecords, Portal: portalUsers, Documents: docs,
		Overview: chartOverview, Audit: auditReader, Handler: h, Metrics: reg, Clinical: clinicalInfo, Notes: sessionNotes,
		PsychNotes: pnotes, Reflections: refls, Plans: treatmentPlans, Files: chartFiles, Services: practiceServices, Appointments: appts,
		Reminders: reminderSender, CalendarFeeds: feeds, Ledger: ledgers, Tasks: chartTasks, Messages: msgs, Records: chartRecords,
		Imports: clientImports, Archive: practiceArchive, FHIR: fhirRecords}, nil
}

// signInBurst and signInEvery size the per-network token bucket on sign-in, password links and
// registration: 20 at once (an office behind one address at nine in the morning), then one every 3 s.
const (
	signInBurst = 20
	signInEvery = 3 * time.Second
)

// mailRequestsPerHour bounds, per client IP, the requests that email a typed address (forgot password,
// self-registration); an office, or a reverse proxy, behind one address still has room.
const mailRequestsPerHour = 60

// resetFloor is the least time a password-reset request takes, so its timing does not reveal accounts.
const resetFloor = 400 * time.Millisecond

// spoolInterval is how often read events waiting in the SQLite spool join the audit log.
const spoolInterval = 5 * time.Second

// Close stops the app's background work (after the HTTP server has drained), moving waiting read
// events into the audit log.
func (a *App) Close() error {
	err := errors.Join(a.Jobs.Stop(), a.closeReads())
	if c, ok := a.Outbox.Sender.(io.Closer); ok {
		_ = c.Close() // a kept SMTP connection says QUIT; if the server has gone, nothing is lost
	}
	return err
}

// newSender sends through TEND_SMTP_URL, or writes .eml files into the data folder without it.
func newSender(cfg config.Config, now func() time.Time) (mail.Sender, error) {
	if cfg.SMTPURL == "" {
		return mail.Folder{Dir: cfg.MailDir(), Now: now}, nil
	}
	password, err := cfg.SMTPPassword()
	if err != nil {
		return nil, err
	}
	s, err := mail.NewSMTP(cfg.SMTPURL, password)
	if err != nil {
		return nil, err
	}
	s.PasswordFile = cfg.SMTPPasswordFile // read again at each connection: an XOAUTH2 token is refreshed outside Tend
	if cfg.SMTPCAFile != "" {
		if s.TLS, err = mail.TrustFile(cfg.SMTPCAFile); err != nil {
			return nil, err
		}
	}
	return s, nil
}
