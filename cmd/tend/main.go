// Command tend is Tend's single binary: the web server and its operator commands. See `tend help`.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"tend/internal/app"

	_ "time/tzdata" // time zones work on machines without a zoneinfo database
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := app.Run(ctx, app.Env{Program: os.Args[0], Args: os.Args[1:], Getenv: os.Getenv, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
	stop()
	os.Exit(code)
}
