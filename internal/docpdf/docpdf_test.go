package docpdf_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"tend/internal/docpdf"
	"tend/internal/model"
)

// Issue 6, item 6: a signed document renders to a real PDF, names in any script included.
// Proves DC-5.
func TestRender(t *testing.T) {
	t.Parallel()
	score := 11
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	r := model.DocumentRequest{ID: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", TemplateName: "Consent to treatment", Version: 2,
		Fields: []model.Field{{ID: "h", Kind: model.FieldHeading, Label: "Über dich"}, {ID: "a", Kind: model.FieldText, Label: "Имя"},
			{ID: "b", Kind: model.FieldMultiple, Label: "Pick", Options: []string{"x", "y"}}, {ID: "s", Kind: model.FieldSignature, Label: "Sign"}},
		Answers: map[string]string{"a": "Ирина Łukasiewicz", "b": "x\ny", "s": "Zoë Ñúñez"}, State: model.RequestSigned,
		Score: &score, Band: "Moderate", RequestedAt: now, CompletedAt: now, SignedAt: now, SignerName: "Zoë Ñúñez",
		SignerIP: "203.0.113.7", SignerAccount: "acct", ContentSHA256: "ab12"}
	b, err := docpdf.Render(docpdf.Document{Practice: "Harbor Counseling", ClientName: "Zoë Ñúñez", Request: r, Generated: now})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.Contains(b[len(b)-10:], []byte("%%EOF")) || len(b) < 2000 {
		t.Fatalf("not a PDF: %d bytes, starts %q", len(b), b[:min(8, len(b))])
	}
	if !bytes.Contains(b, []byte("/FontFile2")) {
		t.Fatal("the font is not embedded")
	}
}

// BenchmarkRender measures the PDF of a signed 20-question document.
// Run: go test -run '^$' -bench Render ./internal/docpdf/
func BenchmarkRender(b *testing.B) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	r := model.DocumentRequest{TemplateName: "Intake form", Version: 1, State: model.RequestSigned, Answers: map[string]string{},
		RequestedAt: now, CompletedAt: now, SignedAt: now, SignerName: "Ada Lovelace", ContentSHA256: "ab"}
	for i := range 20 {
		id := "q" + string(rune('a'+i))
		r.Fields = append(r.Fields, model.Field{ID: id, Kind: model.FieldParagraph, Label: "A question about something that matters"})
		r.Answers[id] = "An answer of a few sentences, as a client would write it in an intake form before the first session."
	}
	for b.Loop() {
		if _, err := docpdf.Render(docpdf.Document{Practice: "Harbor Counseling", ClientName: "Ada Lovelace", Request: r, Generated: now}); err != nil {
			b.Fatal(err)
		}
	}
}

// Issue 12, item 4: a PDF never fails on text Tend accepted. Emoji (before, "character outside the
// supported range" made every such PDF a 500), CJK, right-to-left text, combining marks and injection
// strings in every place the PDF prints them, with the Go fonts alone and with the system's fonts;
// characters no font has print as a visible mark. Proves DC-5.
func TestRenderAnyText(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	system := docpdf.NewFonts(docpdf.FontOptions{System: docpdf.SystemFontDirs()})
	for _, s := range []string{
		"I feel 😊 most days 👍🏽👨‍👩‍👧", "王小明 さくら 김민준 中文", "שלום עליכם مرحبا بكم", "e\u0301 \u200d \ufe0f",
		"Ζωή Παπαδοπούλου", "Жанна Иванова", "שלום 123 (abc) עולם", "مرحبا 2026 Tend",
		"<script>alert(1)</script>", "'; DROP TABLE charts; --", "%PDF-1.4 ) \\ (", "\U0010FFFD 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
		`\x00 \u0000 %%EOF endobj trailer << /Type /Catalog >>`, "\t tab\r\nline \u00a0 \u3000 \u2028",
		strings.Repeat("長い名前", 60) + strings.Repeat("x", 300),
	} {
		r := model.DocumentRequest{ID: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", TemplateName: "Form " + s, Version: 1,
			Fields:  []model.Field{{ID: "h", Kind: model.FieldHeading, Label: s}, {ID: "a", Kind: model.FieldParagraph, Label: s}},
			Answers: map[string]string{"a": s + "\n" + s}, State: model.RequestSigned, RequestedAt: now, CompletedAt: now, SignedAt: now,
			SignerName: s, SignerIP: "203.0.113.7", SignerAccount: "acct", ContentSHA256: "ab12"}
		for _, fonts := range []*docpdf.Fonts{nil, system} {
			b, err := docpdf.Render(docpdf.Document{Practice: "Harbor " + s, ClientName: s, Request: r, Generated: now, Fonts: fonts})
			if err != nil {
				t.Fatalf("%q: %v", s, err)
			}
			if !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimSpace(b), []byte("%%EOF")) {
				t.Fatalf("%q: not a PDF", s)
			}
		}
	}
}
