// Package archive writes a whole practice to one portable file and rebuilds it on another installation
// (IM-2): a zip of one JSON-lines file per table, the files' decrypted contents, and a manifest with the
// Tend and schema versions, the rows per table and the SHA-256 of every entry. Tables are handled
// generically from store.ArchiveTables, so either engine reads what the other wrote. Psychotherapy notes
// go in only when asked for, and every export and import is audited (ids and counts only).
package archive

import (
	"context"
	"errors"
	"time"

	"tend/internal/audit"
	"tend/internal/files"
	"tend/internal/store"
)

// Format is the version of the archive's layout this Tend writes and reads.
const Format = 1

// ManifestName is the manifest's entry in the zip.
const ManifestName = "manifest.json"

// Service exports and imports practice archives.
type Service struct {
	Store *store.Store
	Audit *audit.Log
	Files *files.Service
	Now   func() time.Time
	// Flush, when set, brings read events waiting beside the database (SQLite's spool) into the audit
	// log, so an archive's log holds them.
	Flush func(context.Context) error
	// Version is this Tend's version, written in the manifest.
	Version string
}

// Manifest describes an archive: what wrote it, what it holds, and every entry's SHA-256.
type Manifest struct {
	Format        int       `json:"format"`
	TendVersion   string    `json:"tend_version"`
	SchemaVersion int       `json:"schema_version"`
	ExportedAt    time.Time `json:"exported_at"`
	Practice      struct {
		ID   string `json:"id"`
		Slug string `json:"slug"`
	} `json:"practice"`
	PsychotherapyNotes bool         `json:"psychotherapy_notes"`
	Tables             []TableCount `json:"tables"`
	Files              int          `json:"files"`
	Entries            []Entry      `json:"entries"`
}

// TableCount is how many rows of a table an archive holds.
type TableCount struct {
	Name string `json:"name"`
	Rows int64  `json:"rows"`
}

// Entry is one file of the zip with its size and SHA-256 (hex).
type Entry struct {
	Name   string `json:"name"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// Errors an import answers for an archive it refuses; the message says why.
var (
	// ErrNewer is an archive written by a newer Tend than this one.
	ErrNewer = errors.New("archive: written by a newer Tend")
	// ErrUnsafeName is an entry whose name points outside the archive or is not one an archive holds.
	ErrUnsafeName = errors.New("archive: an entry's name is not one Tend writes")
	// ErrDamaged is an entry whose content does not match the manifest, or a manifest that is missing or unreadable.
	ErrDamaged = errors.New("archive: damaged")
	// ErrCollision is data that cannot live beside what this installation already holds.
	ErrCollision = errors.New("archive: collides with this installation")
)

func tableEntry(name string) string { return "tables/" + name + ".jsonl" }

func fileEntry(id string) string { return "files/" + id }

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Millisecond) }
