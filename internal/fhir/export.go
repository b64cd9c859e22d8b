package fhir

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"tend/internal/model"
	"tend/internal/store"
)

// ExportPageSize is how many records of one kind the practice export reads per statement by default.
const ExportPageSize = 500

// ExportPractice writes a practice's records as FHIR R4 NDJSON in the FHIR Bulk Data style: one file per
// resource type in dir (Patient.ndjson, Condition.ndjson, …), one resource a line, every type's file
// written even when empty. It reads a page at a time, so memory stays flat whatever the practice's
// size. The export is audited as one system event with the counts. It returns the count per type.
func (s *Service) ExportPractice(ctx context.Context, practiceID, dir string) (map[string]int, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("fhir: export folder: %w", err)
	}
	q := s.Store.R()
	today, err := s.today(ctx, q, practiceID)
	if err != nil {
		return nil, err
	}
	out := map[string]*ndjsonFile{}
	closeAll := func() error {
		var errs []error
		for _, f := range out {
			errs = append(errs, f.close())
		}
		return errors.Join(errs...)
	}
	for _, t := range ResourceTypes {
		f, err := createNDJSON(filepath.Join(dir, t+".ndjson"))
		if err != nil {
			return nil, errors.Join(err, closeAll())
		}
		out[t] = f
	}
	limit := s.PageSize
	if limit <= 0 {
		limit = ExportPageSize
	}
	counts := map[string]int{}
	err = s.each(ctx, q, Mapper{Today: today}, store.FHIRScope{PracticeID: practiceID, Limit: limit}, map[string]bool{},
		func(t string, r any) error {
			counts[t]++
			return out[t].write(r)
		})
	if err = errors.Join(err, closeAll()); err != nil {
		return nil, err
	}
	e := model.AuditEvent{PracticeID: practiceID, At: s.now(), ActorType: model.ActorSystem, Action: actionPracticeExport,
		RecordType: "practice", RecordID: practiceID, Outcome: model.OutcomeSuccess, Detail: countsDetail(counts)}
	if err := s.Store.Tx(ctx, func(q store.Q) error { return s.Audit.Append(ctx, q, e) }); err != nil {
		return nil, err
	}
	return counts, nil
}

// countsDetail writes the counts per type for the audit log: numbers only.
func countsDetail(counts map[string]int) string {
	var parts []string
	for _, t := range ResourceTypes {
		parts = append(parts, fmt.Sprintf("%s=%d", t, counts[t]))
	}
	return strings.Join(parts, " ")
}

// ndjsonFile writes one resource a line through a buffer.
type ndjsonFile struct {
	f   *os.File
	w   *bufio.Writer
	enc *json.Encoder
}

func createNDJSON(path string) (*ndjsonFile, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, fmt.Errorf("fhir: %w", err)
	}
	w := bufio.NewWriterSize(f, 64<<10)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &ndjsonFile{f: f, w: w, enc: enc}, nil
}

// write adds one resource and its line break (json.Encoder ends each value with one).
func (n *ndjsonFile) write(r any) error {
	if err := n.enc.Encode(r); err != nil {
		return fmt.Errorf("fhir: writing %s: %w", n.f.Name(), err)
	}
	return nil
}

func (n *ndjsonFile) close() error {
	err := n.w.Flush()
	if cerr := n.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("fhir: closing %s: %w", n.f.Name(), err)
	}
	return nil
}
