package app

import (
	"time"

	"tend/internal/audit"
	"tend/internal/clients"
	"tend/internal/config"
	"tend/internal/files"
	"tend/internal/store"
)

// newFiles makes the files use cases (issue 17, item 2): the key derived from the secret key, chunks in
// the database unless TEND_FILES_DIR names a folder, and the upload cap of TEND_MAX_UPLOAD_MB. Deleting a
// chart deletes its files.
func newFiles(cfg config.Config, st *store.Store, log *audit.Log, reads audit.ReadRecorder, now func() time.Time, charts *clients.Service) (*files.Service, error) {
	secret, err := cfg.FilesSecret()
	if err != nil {
		return nil, err
	}
	sealer, err := files.NewSealer(secret)
	if err != nil {
		return nil, err
	}
	var storage files.Storage = files.Database{Store: st}
	if cfg.FilesDir != "" {
		storage = files.Folder{Dir: cfg.FilesDir}
	}
	s := &files.Service{Store: st, Audit: log, Reads: reads, Now: now, Charts: charts, Sealer: sealer, Storage: storage,
		MaxBytes: int64(cfg.MaxUploadMB) << 20}
	charts.Files = files.ChartFiles{S: s}
	return s, nil
}
