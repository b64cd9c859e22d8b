package imports

import (
	"context"
	"fmt"
	"io"
	"path"
	"strings"

	"tend/internal/authz"
	"tend/internal/csvimport"
	"tend/internal/id"
	"tend/internal/model"
	"tend/internal/store"
)

// Upload keeps a CSV file as a new import of p's practice, with the mapping Tend proposes from its
// header. The file is read as it streams in and refused as soon as it passes the size limit; an empty
// file, binary data, a header without clients, too many columns and two columns of one name are
// refused with the reason under "file". Nothing but the import itself is written.
func (s *Service) Upload(ctx context.Context, p model.Principal, name string, r io.Reader) (model.ClientImport, error) {
	if err := may(p, authz.Create); err != nil {
		return model.ClientImport{}, fmt.Errorf("imports: upload: %w", err)
	}
	limit := s.Limit()
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		if isTooLarge(err) {
			return model.ClientImport{}, errTooLarge(limit)
		}
		return model.ClientImport{}, model.FieldError("file", "The upload broke off before the whole file arrived. Try again.")
	}
	if int64(len(b)) > limit {
		return model.ClientImport{}, errTooLarge(limit)
	}
	t, err := csvimport.Parse(b)
	if err != nil {
		return model.ClientImport{}, fileError(err)
	}
	proposed := csvimport.Propose(t.Header)
	m := make([]string, len(proposed))
	for i, f := range proposed {
		m[i] = string(f)
	}
	name, _ = model.CleanText(path.Base(strings.ReplaceAll(name, `\`, "/")), 200)
	if name == "" || name == "." || name == "/" {
		name = "import-without-name.csv"
	}
	now := s.Now().UTC()
	ci := model.ClientImport{ID: id.New(), PracticeID: p.PracticeID, StaffID: p.StaffID, FileName: name, Size: int64(len(b)), Content: b,
		Mapping: m, State: model.ImportUploaded, Total: len(t.Rows), CreatedAt: now, UpdatedAt: now}
	err = s.Store.Tx(ctx, func(q store.Q) error { return store.InsertClientImport(ctx, q, ci) })
	if err != nil {
		return model.ClientImport{}, fmt.Errorf("imports: upload: %w", err)
	}
	ci.Content = nil
	return ci, nil
}

// errTooLarge is the refusal of a file over the limit, said in megabytes with the setting that moves it.
func errTooLarge(limit int64) error {
	return model.FieldError("file", fmt.Sprintf("The file is larger than %d MB, the most Tend imports at once (the setting TEND_MAX_IMPORT_MB). "+
		"Split it into smaller files and import them one after another.", limit>>20))
}

// isTooLarge reports the error of a request body cut at its cap (http.MaxBytesReader).
func isTooLarge(err error) bool {
	return err != nil && strings.Contains(err.Error(), "request body too large")
}

// MayImport answers whether p may import clients, before an upload is read (403 otherwise).
func (s *Service) MayImport(p model.Principal) error { return may(p, authz.Create) }
