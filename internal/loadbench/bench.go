package loadbench

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"tend/internal/demo"
	"tend/internal/store"
)

// Options are a run's settings; tend bench fills them from its flags.
type Options struct {
	URL           string
	OwnIt         bool // --i-own-this-server: a server off this machine is allowed
	Force         bool // --force: an installation tend demo did not fill is allowed
	Duration      time.Duration
	Concurrency   []int
	PortalClients int           // how many of the demo's portal accounts visit
	PortalArrival time.Duration // 0: the portal clients all start at once; else they arrive evenly over it
	MetricsToken  string        // the server's TEND_METRICS_TOKEN, to read its Go heap from /metrics; "" for loopback
	PID           int           // the server's process; 0 finds it by the URL's port
	FloorAddr     string        // where the bare handler listens (loopback)
	Store         *store.Store  // the installation's database, opened by the bench itself
	Logins        demo.LoginsFile
	Progress      func(string) // told each cell as it starts; nil tells nothing
}

// Run measures the installation and returns the table's rows. Request errors are counted in the report,
// not returned: the caller decides what they mean.
func Run(ctx context.Context, o Options) (Report, error) {
	u, err := checkURL(o.URL, o.OwnIt)
	if err != nil {
		return Report{}, err
	}
	base := u.String()
	if o.PortalClients > 0 && len(o.Logins.Portal) == 0 {
		return Report{}, errors.New("the demo has no portal accounts for the suite: make it with tend demo --portal-clients 200, or pass --portal-clients 0")
	}
	progress := o.Progress
	if progress == nil {
		progress = func(string) {}
	}
	transport := &http.Transport{MaxIdleConns: 1024, MaxIdleConnsPerHost: 1024, IdleConnTimeout: time.Minute}
	defer transport.CloseIdleConnections()
	owner := newSession(base, transport, "")
	t := target{ChartID: o.Logins.RecordChartID}
	if t.PracticeID, err = signInStaff(ctx, owner, o.Logins.OwnerEmail, o.Logins.OwnerPassword); err != nil {
		return Report{}, err
	}
	if !o.Force {
		ok, err := store.IsDemoPractice(ctx, o.Store.R(), t.PracticeID)
		if err != nil {
			return Report{}, err
		}
		if !ok {
			return Report{}, ErrNotDemo
		}
	}
	if err := discover(ctx, owner, &t); err != nil {
		return Report{}, err
	}
	rep := Report{URL: base, Engine: string(o.Store.DB.Dialect), Duration: o.Duration, LoadBefore: loadAverage(), PID: o.PID}
	if rep.PID == 0 {
		port, _ := strconv.Atoi(u.Port())
		if port == 0 && u.Scheme == "http" {
			port = 80
		}
		if loopback(u.Hostname()) {
			rep.PID = pidListening(port)
		}
	}
	heap := newHeapReader(base, o.MetricsToken)
	rep.RSSIdleKB, rep.AnonIdleKB = rssKB(rep.PID), anonKB(rep.PID)
	rep.GoHeapIdleKB, rep.GoTotalIdleKB = heap.read(ctx)
	stopWatch := watchMemory(ctx, rep.PID, heap, &rep)
	defer stopWatch()

	bareURL, stopBare, err := bareServer(o.FloorAddr, t.ListJSON)
	if err != nil {
		return Report{}, err
	}
	defer stopBare()
	bare := newSession(bareURL, &http.Transport{MaxIdleConns: 1024, MaxIdleConnsPerHost: 1024}, "")
	floors := sqlFloors(o.Store, t)
	for _, c := range o.Concurrency {
		for _, name := range []string{floorSQLList, floorSQLSearch, floorSQLChart} {
			progress(fmt.Sprintf("%s at %d", name, c))
			fn := floors[name]
			rep.Rows = append(rep.Rows, rowOf(name, c, hammer(ctx, c, o.Duration, func(ctx context.Context, _ int) error { return fn(ctx) })))
		}
		progress(fmt.Sprintf("%s at %d", floorBare, c))
		rep.Rows = append(rep.Rows, rowOf(floorBare, c, hammer(ctx, c, o.Duration, func(ctx context.Context, _ int) error {
			_, err := bare.get(ctx, "/api/v1/clients")
			return err
		})))
		for _, cell := range staffCells(t) {
			progress(fmt.Sprintf("%s at %d", cell.Name, c))
			row := rowOf(cell.Name, c, hammer(ctx, c, o.Duration, func(ctx context.Context, _ int) error {
				_, err := owner.get(ctx, cell.Path)
				return err
			}))
			row.Floor = cell.Floor
			rep.Rows = append(rep.Rows, row)
		}
	}
	if n := min(o.PortalClients, len(o.Logins.Portal)); n > 0 {
		progress(fmt.Sprintf("portal: %d clients", n))
		logins := o.Logins.Portal[:n]
		if err := askPHQ9(ctx, owner, logins); err != nil {
			return Report{}, err
		}
		steps := portalRun(ctx, base, transport, logins, o.PortalArrival)
		for _, name := range portalSteps {
			rep.Rows = append(rep.Rows, rowOf(name, n, steps[name]))
		}
		rep.PortalClients, rep.PortalArrival = n, o.PortalArrival
	}
	stopWatch()
	time.Sleep(min(2*time.Second, o.Duration))
	rep.RSSAfterKB, rep.AnonAfterKB = rssKB(rep.PID), anonKB(rep.PID)
	rep.GoHeapAfterKB, rep.GoTotalAfterKB = heap.read(ctx)
	rep.LoadAfter = loadAverage()
	compare(rep.Rows)
	for _, r := range rep.Rows {
		rep.Errors += r.Errors
	}
	return rep, nil
}

// watchMemory samples the process's RSS and its Go heap (from /metrics) every 200 ms into rep's peaks
// until stopped.
func watchMemory(ctx context.Context, pid int, heap *heapReader, rep *Report) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			rep.RSSPeakKB, rep.AnonPeakKB = max(rep.RSSPeakKB, rssKB(pid)), max(rep.AnonPeakKB, anonKB(pid))
			h, t := heap.read(ctx)
			rep.GoHeapPeakKB, rep.GoTotalPeakKB = max(rep.GoHeapPeakKB, h), max(rep.GoTotalPeakKB, t)
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	var once sync.Once
	return func() { once.Do(func() { close(done); wg.Wait() }) }
}
