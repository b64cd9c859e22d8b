package loadbench

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// ErrNotLoopback refuses a server on another machine: a load run is an attack on a server its operator
// does not own, so it takes --i-own-this-server.
var ErrNotLoopback = errors.New("the URL is not on this machine (127.0.0.0/8, ::1 or localhost); a load run against another server needs --i-own-this-server")

// ErrNotDemo refuses an installation tend demo did not fill: the run signs in and answers documents, and
// would leave its traces in a real practice's record and audit log.
var ErrNotDemo = errors.New("this installation's practice was not made by tend demo (its audit log has no demo.clients event), and the run writes to it; use a demo installation, or --force")

// checkURL reads the server's address and refuses one off this machine unless the operator owns it.
func checkURL(raw string, ownIt bool) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("--url %q is not an http(s) address such as http://127.0.0.1:8080", raw)
	}
	if !ownIt && !loopback(u.Hostname()) {
		return nil, ErrNotLoopback
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	return u, nil
}

// loopback reports whether host is this machine: localhost, or a loopback address.
func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
