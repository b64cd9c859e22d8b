// Package instancetest holds the end-to-end test of several `tend serve` processes on one PostgreSQL
// database, as a host or a group practice runs them behind a load balancer (issue 19, item 1): what the
// instances share, proven on real processes that are killed and restarted. It has no code of its own;
// see instances_test.go and README "Several instances".
package instancetest
