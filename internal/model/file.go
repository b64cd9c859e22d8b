package model

import "time"

// File is a file on a chart (FL-1): its name, type and size, the SHA-256 of its content, whether the
// chart's portal users see it, and who uploaded it. The bytes are stored encrypted apart from the row
// (package files).
type File struct {
	ID          string
	PracticeID  string
	ChartID     string
	Name        string // as uploaded, without any folder
	ContentType string // the type found in the content (never the name's or the sender's claim)
	Size        int64  // bytes of the content
	SHA256      string // hex SHA-256 of the content, checked on every download
	Storage     string // "db" or "dir": where the encrypted bytes are
	Shared      bool   // shown in the portal to the chart's users with the files permission
	// Exactly one uploader: a staff member, or a portal account. A portal user's upload is seen by them
	// and staff until staff share it (PT-12).
	UploadedByStaffID   string
	UploadedByAccountID string
	CreatedAt           time.Time
	UpdatedAt           time.Time
}

// IsImage reports whether the file is a PNG or JPEG image, which may show as a thumbnail.
func (f File) IsImage() bool { return f.ContentType == "image/png" || f.ContentType == "image/jpeg" }

// ByPortal reports whether a portal user uploaded the file.
func (f File) ByPortal() bool { return f.UploadedByAccountID != "" }
