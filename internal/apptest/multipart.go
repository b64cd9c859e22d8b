package apptest

import (
	"bytes"
	"mime/multipart"
	"testing"
)

// Multipart is an upload form as a browser sends it: the fields first, then the part named "file" with
// the file's name and content (name "" is the empty part of a form where no file was chosen). It returns
// the Content-Type to send and the body.
func Multipart(t testing.TB, name string, content []byte, fields map[string]string) (string, *bytes.Buffer) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fw.Write(content); err != nil {
		t.Fatal(err)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return mw.FormDataContentType(), &b
}
