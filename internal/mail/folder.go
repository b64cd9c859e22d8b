package mail

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Folder writes each message as an .eml file instead of sending it: an installation without
// TEND_SMTP_URL shows what would have gone out (<data>/mail/).
type Folder struct {
	Dir string
	Now func() time.Time
}

// Send writes the message to <Dir>/<time>-<id>.eml, readable only by Tend's user, byte for byte what
// SMTP would have carried.
func (f Folder) Send(_ context.Context, m Message) error {
	now := time.Now()
	if f.Now != nil {
		now = f.Now()
	}
	body, err := m.Bytes(now)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(f.Dir, 0o700); err != nil {
		return fmt.Errorf("mail: creating %s: %w", f.Dir, err)
	}
	name := filepath.Join(f.Dir, now.UTC().Format("20060102T150405Z")+"-"+m.ID+".eml")
	if err := os.WriteFile(name, body, 0o600); err != nil {
		return fmt.Errorf("mail: writing %s: %w", name, err)
	}
	return nil
}

// SendBatch writes each message as its own file.
func (f Folder) SendBatch(ctx context.Context, msgs []Message) []error {
	errs := make([]error, len(msgs))
	for i, m := range msgs {
		errs[i] = f.Send(ctx, m)
	}
	return errs
}
