package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"tend/internal/archive"
)

// exportPractice is tend export: the practice's archive written to a temporary file beside --out and
// renamed into place once complete, so a failed export leaves no half-written archive.
func exportPractice(ctx context.Context, e Env, args []string) error {
	var practice, out *string
	var psych, fhir *bool
	return withApp(ctx, e, "export", args, func(fs *flag.FlagSet) {
		practice = fs.String("practice", "", "the practice's slug or id (needed when there is more than one)")
		out = fs.String("out", "", "the archive file to write (refused if it exists)")
		psych = fs.Bool("with-psychotherapy-notes", false, "include the psychotherapy notes (left out unless asked for; the export is audited either way)")
		fhir = fs.Bool("fhir", false, "write FHIR R4 resources (NDJSON per resource type) instead of an archive")
	}, func(a *App) error {
		if *out == "" {
			return errors.New("--out is required: the file to write")
		}
		if *fhir {
			return exportFHIR(ctx, a, *practice, *out)
		}
		pr, err := pickPractice(ctx, a, *practice)
		if err != nil {
			return err
		}
		if _, err := os.Stat(*out); err == nil {
			return fmt.Errorf("%s already exists; choose another --out or remove it first", *out)
		}
		tmp, err := os.CreateTemp(filepath.Dir(*out), ".tend-export-*")
		if err != nil {
			return fmt.Errorf("creating the archive: %w", err)
		}
		defer os.Remove(tmp.Name())
		m, err := a.Archive.Export(ctx, tmp, pr.ID, archive.ExportOptions{PsychotherapyNotes: *psych})
		if err == nil {
			err = tmp.Sync()
		}
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(tmp.Name(), *out)
		}
		if err != nil {
			return err
		}
		var rows int64
		for _, t := range m.Tables {
			rows += t.Rows
		}
		notes := "without psychotherapy notes (add --with-psychotherapy-notes to include them)"
		if *psych {
			notes = "with psychotherapy notes"
		}
		fmt.Fprintf(e.Stdout, "wrote %s: practice %s, %d rows in %d tables and %d files, %s (schema %d)\n",
			*out, pr.Slug, rows, len(m.Tables), m.Files, notes, m.SchemaVersion)
		return nil
	})
}

// importPractice is tend import: the archive's practice rebuilt here, all or nothing.
func importPractice(ctx context.Context, e Env, args []string) error {
	var file *string
	return withApp(ctx, e, "import", args, func(fs *flag.FlagSet) {
		file = fs.String("archive", "", "the archive written by tend export")
	}, func(a *App) error {
		if *file == "" {
			return errors.New("--archive is required: the file written by tend export")
		}
		f, err := os.Open(*file)
		if err != nil {
			return fmt.Errorf("opening the archive: %w", err)
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return fmt.Errorf("opening the archive: %w", err)
		}
		res, err := a.Archive.Import(ctx, f, st.Size())
		if err != nil {
			return err
		}
		fmt.Fprintf(e.Stdout, "imported practice %s (id %s): %d rows in %d tables and %d files", res.Slug, res.PracticeID, res.Rows, res.Tables, res.Files)
		if res.Remapped > 0 {
			fmt.Fprintf(e.Stdout, "; %d ids were taken here and got new ones", res.Remapped)
		}
		fmt.Fprintln(e.Stdout)
		if res.SlugChanged {
			fmt.Fprintf(e.Stdout, "the practice's slug was taken here, so it is now %s\n", res.Slug)
		}
		if res.MergedAccounts > 0 {
			fmt.Fprintf(e.Stdout, "%d portal accounts already existed here by email; those clients sign in with them\n", res.MergedAccounts)
		}
		fmt.Fprintln(e.Stdout, "staff keep their passwords; everyone signs in again, and API tokens, calendar feeds and two-step sign-in are set up anew")
		return nil
	})
}
