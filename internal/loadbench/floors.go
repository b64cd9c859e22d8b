package loadbench

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"

	"tend/internal/model"
	"tend/internal/store"
)

// The floors: what a request would cost with nothing but its SQL, or nothing but HTTP.
const (
	floorSQLList   = "floor sql client list"
	floorSQLSearch = "floor sql client search"
	floorSQLChart  = "floor sql chart read"
	floorBare      = "floor bare net/http"
)

// sqlFloors are the store's queries behind the list, the search and a chart read, run on the database
// directly (the bench's own connection) with the filter the API builds for the owner.
func sqlFloors(st *store.Store, t target) map[string]func(ctx context.Context) error {
	filter := func(q string) store.ClientFilter {
		return store.ClientFilter{Dialect: st.DB.Dialect, PracticeID: t.PracticeID, Visible: store.Visibility{All: true},
			Terms: model.SearchTerms(q), Statuses: []model.Status{model.StatusActive, model.StatusPending}, Sort: "name", Limit: 25}
	}
	list := func(q string) func(ctx context.Context) error {
		return func(ctx context.Context) error {
			_, err := store.ListClients(ctx, st.R(), filter(q))
			return err
		}
	}
	return map[string]func(ctx context.Context) error{
		floorSQLList:   list(""),
		floorSQLSearch: list(t.Term),
		floorSQLChart: func(ctx context.Context) error {
			_, err := store.ClientByID(ctx, st.R(), t.PracticeID, t.ChartID)
			return err
		},
	}
}

// bareServer serves body as JSON from a plain net/http handler on addr (loopback): the least any HTTP
// answer of that size costs on this machine, measured with the same load generator.
func bareServer(addr string, body []byte) (url string, stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, fmt.Errorf("bare handler: %w", err)
	}
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(body)
	})}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() { _ = srv.Close() }, nil
}
