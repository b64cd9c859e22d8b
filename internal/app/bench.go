package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"tend/internal/config"
	"tend/internal/db"
	"tend/internal/demo"
	"tend/internal/loadbench"
	"tend/internal/store"
)

// bench runs the load suite (internal/loadbench) against a demo installation that tend serve is serving.
func bench(ctx context.Context, e Env, args []string) error {
	var target, conc, floorAddr, email, passwordFile *string
	var dur, arrival *time.Duration
	var short, ownIt, force, asJSON *bool
	var portal, pid *int
	cfg, err := load(e, "bench", args, func(fs *flag.FlagSet) {
		target = fs.String("url", "", "the running demo server, such as http://127.0.0.1:8080")
		dur = fs.Duration("duration", 10*time.Second, "how long each cell runs")
		conc = fs.String("concurrency", "1,8,32", "comma-separated numbers of requests in flight")
		portal = fs.Int("portal-clients", 200, "portal clients visiting at once (the demo's --portal-clients accounts); 0 skips the portal")
		arrival = fs.Duration("portal-arrival", 0, "spread the portal clients' arrivals evenly over this time (such as 10s); 0 starts them all at once")
		short = fs.Bool("short", false, "a quick run for CI: 1 s a cell, concurrency 1,4, 20 portal clients")
		ownIt = fs.Bool("i-own-this-server", false, "allow a server that is not on this machine")
		force = fs.Bool("force", false, "allow an installation that tend demo did not fill (the run writes to it)")
		asJSON = fs.Bool("json", false, "print the report as JSON instead of a table")
		pid = fs.Int("pid", 0, "the server's process id, for its memory (default: found by the URL's port)")
		floorAddr = fs.String("floor-addr", "127.0.0.1:0", "where the bare net/http floor listens")
		email = fs.String("email", "", "sign in as this staff member instead of the demo owner in <data>/"+demo.LoginsFileName)
		passwordFile = fs.String("password-file", "", "with --email: a file holding the password")
	})
	if err != nil {
		return err
	}
	if *target == "" {
		return errors.New("--url is required: the address tend serve printed, such as http://127.0.0.1:8080")
	}
	o := loadbench.Options{URL: *target, OwnIt: *ownIt, Force: *force, Duration: *dur, PortalClients: *portal, PortalArrival: *arrival, MetricsToken: cfg.MetricsToken, PID: *pid, FloorAddr: *floorAddr}
	if o.Concurrency, err = concurrencies(*conc); err != nil {
		return err
	}
	if *short {
		o.Duration, o.Concurrency, o.PortalClients = time.Second, []int{1, 4}, min(o.PortalClients, 20)
	}
	if o.Logins, err = benchLogins(cfg, *email, *passwordFile); err != nil {
		return err
	}
	d, err := db.Open(ctx, cfg.Database()) // no migrations: the server owns the schema
	if err != nil {
		return err
	}
	defer d.Close()
	o.Store = store.New(d)
	if !*asJSON {
		o.Progress = func(s string) { fmt.Fprintln(e.Stderr, "tend bench: "+s) }
	}
	rep, err := loadbench.Run(ctx, o)
	if err != nil {
		return err
	}
	if *asJSON {
		err = rep.WriteJSON(e.Stdout)
	} else {
		err = rep.WriteTable(e.Stdout)
	}
	if err == nil && rep.Errors > 0 {
		err = fmt.Errorf("%d requests failed (see the table)", rep.Errors)
	}
	return err
}

// concurrencies reads --concurrency.
func concurrencies(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > 1024 {
			return nil, fmt.Errorf("--concurrency %q: use numbers from 1 to 1024, such as 1,8,32", s)
		}
		out = append(out, n)
	}
	return out, nil
}

// benchLogins reads the sign-in details tend demo left in the data folder, or takes --email.
func benchLogins(cfg config.Config, email, passwordFile string) (demo.LoginsFile, error) {
	l, err := demo.ReadLogins(cfg.DataDir)
	if email != "" {
		b, perr := os.ReadFile(passwordFile)
		if perr != nil {
			return l, fmt.Errorf("--email needs --password-file: %w", perr)
		}
		l.OwnerEmail, l.OwnerPassword = email, strings.TrimSpace(string(b))
		return l, nil
	}
	if err != nil {
		return l, fmt.Errorf("%w\n(tend bench runs against a demo: make one with tend demo --data DIR --portal-clients 200, serve it, and give tend bench the same --data or TEND_DATABASE_URL)", err)
	}
	return l, nil
}
