package files

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"

	"tend/internal/model"
)

// maxField is the largest plain field of an upload form.
const maxField = 1 << 10

// FromRequest streams an upload from a multipart/form-data request: the small fields before the part
// named "file" (send them first), then that part's name and content, read as the caller stores it. The
// body is capped at the upload cap plus room for the form itself, and nothing is buffered whole or
// spilled to temporary files by net/http.
func FromRequest(w http.ResponseWriter, r *http.Request, maxBytes int64) (map[string]string, Upload, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxBytes+(1<<20))
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, Upload{}, model.FieldError("file", "Send the file as multipart/form-data, in a part named \"file\".")
	}
	fields := map[string]string{}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return fields, Upload{}, model.FieldError("file", "Choose a file to upload.")
		}
		if isMaxBytes(err) {
			return fields, Upload{}, errTooLarge(maxBytes)
		}
		if err != nil {
			return fields, Upload{}, model.FieldError("file", fmt.Sprintf("The upload could not be read (%v). Try again.", err))
		}
		if part.FormName() == "file" {
			// The name as sent: Part.FileName would quietly cut a folder off it, and Tend refuses such names.
			_, params, _ := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
			name := params["filename"]
			if name == "" {
				return fields, Upload{}, model.FieldError("file", "Choose a file to upload.")
			}
			return fields, Upload{Name: name, Content: part}, nil
		}
		b, err := io.ReadAll(io.LimitReader(part, maxField+1))
		if err != nil || len(b) > maxField {
			return fields, Upload{}, model.FieldError(part.FormName(), "This field is too long.")
		}
		fields[part.FormName()] = string(b)
	}
}
