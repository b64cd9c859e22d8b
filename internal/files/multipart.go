package files

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"tend/internal/model"
)

// maxField is the largest plain field of an upload form.
const maxField = 1 << 10

// FromRequest streams an upload from a multipart/form-data request: the small fields before the part
// named "file" (send them first), then that part's name and content, read as the caller stores it. The
// body is capped at the upload cap plus room for the form itself, and nothing is buffered whole or
// spilled to temporary files by net/http.
func FromRequest(w http.ResponseWriter, r *http.Request, maxBytes int64) (map[string]string, Upload, error) {
	fields, in, err := readParts(w, r, maxBytes, maxField)
	if err == nil && in == nil {
		err = model.FieldError("file", "Choose a file to upload.")
	}
	if in == nil {
		return fields, Upload{}, err
	}
	return fields, *in, err
}

// FormWithFile reads a form that may carry one file, like a message with an attachment: URL-encoded, or
// multipart/form-data with its text fields (each up to maxText bytes) before an optional part named
// "file". A browser sends that part with an empty name when no file was chosen: that is no file (nil).
// The file streams as the caller stores it, like FromRequest's.
func FormWithFile(w http.ResponseWriter, r *http.Request, maxBytes, maxText int64) (map[string]string, *Upload, error) {
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); !strings.HasPrefix(ct, "multipart/") {
		r.Body = http.MaxBytesReader(w, r.Body, maxText+(1<<10))
		if err := r.ParseForm(); err != nil {
			return map[string]string{}, nil, model.FieldError("body", "The form could not be read. Shorten the message and try again.")
		}
		fields := map[string]string{}
		for k := range r.PostForm {
			fields[k] = r.PostForm.Get(k)
		}
		return fields, nil, nil
	}
	return readParts(w, r, maxBytes, maxText)
}

// readParts reads a multipart body's fields up to the part named "file" and returns that part as the
// Upload, nil when there is none or it names no file.
func readParts(w http.ResponseWriter, r *http.Request, maxBytes, maxText int64) (map[string]string, *Upload, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxBytes+maxText+(1<<20))
	fields := map[string]string{}
	mr, err := r.MultipartReader()
	if err != nil {
		return fields, nil, model.FieldError("file", "Send the form as multipart/form-data, the file in a part named \"file\".")
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return fields, nil, nil
		}
		if isMaxBytes(err) {
			return fields, nil, errTooLarge(maxBytes)
		}
		if err != nil {
			return fields, nil, model.FieldError("file", fmt.Sprintf("The upload could not be read (%v). Try again.", err))
		}
		if part.FormName() == "file" {
			// The name as sent: Part.FileName would quietly cut a folder off it, and Tend refuses such names.
			_, params, _ := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
			if params["filename"] == "" {
				return fields, nil, nil
			}
			return fields, &Upload{Name: params["filename"], Content: part}, nil
		}
		b, err := io.ReadAll(io.LimitReader(part, maxText+1))
		if err != nil || int64(len(b)) > maxText {
			return fields, nil, model.FieldError(part.FormName(), "This field is too long.")
		}
		fields[part.FormName()] = string(b)
	}
}
