package docpdf

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"

	"tend/internal/model"
)

// systemFontWith finds an installed TrueType font that fpdf can embed and that has r. Without one the
// test is skipped on a developer's machine and fails under CI, whose .ci/run installs them.
func systemFontWith(t *testing.T, r rune, pkg string) string {
	t.Helper()
	ff := NewFonts(FontOptions{System: SystemFontDirs()}).fallback(r)
	if ff == nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("no installed font has %q; .ci/run installs %s", r, pkg)
		}
		t.Skipf("no installed font has %q (apt-get install %s)", r, pkg)
	}
	return ff.path
}

// copyInto copies a font file into dir and returns the family name the PDF will know it by.
func copyInto(t *testing.T, dir, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, filepath.Base(path)), b, 0o644); err != nil {
		t.Fatal(err)
	}
	return familyName(strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)))
}

func request(s string) Document {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	r := model.DocumentRequest{ID: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", TemplateName: "Form " + s, Version: 1,
		Fields:  []model.Field{{ID: "h", Kind: model.FieldHeading, Label: s}, {ID: "a", Kind: model.FieldParagraph, Label: s}},
		Answers: map[string]string{"a": s + "\n" + s}, State: model.RequestSigned, RequestedAt: now, CompletedAt: now, SignedAt: now,
		SignerName: s, SignerIP: "203.0.113.7", SignerAccount: "acct", ContentSHA256: "ab12"}
	return Document{Practice: "Harbor " + s, ClientName: s, Request: r, Generated: now}
}

func isPDF(b []byte) bool {
	return bytes.HasPrefix(b, []byte("%PDF-")) && bytes.Contains(b[max(len(b)-10, 0):], []byte("%%EOF"))
}

// Issue 12, item 4: characters the Go fonts lack (CJK, Hebrew, Arabic) print with a font from the
// installation's font folder (TEND_FONTS_DIR), which the PDF then embeds and names, instead of □; the
// system's folders are not needed for it. Proves DC-5.
func TestRenderFallbackFontFromFolder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cjk := copyInto(t, dir, systemFontWith(t, '中', "fonts-droid-fallback"))
	hebrew := copyInto(t, dir, systemFontWith(t, 'ש', "fonts-dejavu-core"))
	fonts := NewFonts(FontOptions{Dir: dir})

	w := newWriter(fpdf.New("P", "mm", "A4", ""), fonts, true)
	for _, s := range []string{"中文", "王小明", "שלום", "مرحبا"} {
		if got := strings.Join(w.clean(s), "\n"); got != s {
			t.Errorf("clean(%q) = %q, want it unchanged: a font in the folder has these characters", s, got)
		}
	}
	goOnly := newWriter(fpdf.New("P", "mm", "A4", ""), NewFonts(FontOptions{}), true)
	if got := strings.Join(goOnly.clean("中文 😊"), "\n"); got != "□□ □" {
		t.Errorf("without fonts, clean = %q, want □□ □", got)
	}

	for _, s := range []string{"王小明 中文", "שלום עליכם", "مرحبا بكم", "Ζωή Жанна 中文 שלום 😊 <script>alert(1)</script>"} {
		b, err := Render(Document{Fonts: fonts, Practice: request(s).Practice, ClientName: s, Request: request(s).Request, Generated: request(s).Generated})
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		if !isPDF(b) {
			t.Fatalf("%q: not a PDF", s)
		}
		want := cjk
		if !strings.ContainsFunc(s, func(r rune) bool { return r == '中' || r == '王' }) {
			want = hebrew
		}
		if !bytes.Contains(b, []byte("/BaseFont /utf8"+want)) {
			t.Errorf("%q: the PDF does not embed the font %s", s, want)
		}
	}
	b, err := Render(request("王小明"))
	if err != nil || !isPDF(b) {
		t.Fatalf("without fonts: %v", err)
	}
	if bytes.Contains(b, []byte("/BaseFont /utf8"+cjk)) {
		t.Error("without a font set the PDF embeds a fallback font")
	}
}

// A font set reads nothing for text the Go fonts cover, and reads each file it needs once per process,
// not once per PDF.
func TestFontsLoadLazilyAndOnce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	copyInto(t, dir, systemFontWith(t, '中', "fonts-droid-fallback"))
	fonts := NewFonts(FontOptions{Dir: dir})
	if _, err := Render(Document{Fonts: fonts, Request: request("Zoë Ñúñez Ирина").Request}); err != nil {
		t.Fatal(err)
	}
	if fonts.listed || fonts.reads != 0 {
		t.Fatalf("a Latin and Cyrillic PDF listed the font folder (%v) or read %d files", fonts.listed, fonts.reads)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if _, err := Render(Document{Fonts: fonts, Request: request("王小明").Request}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if fonts.reads != 2 { // examined once, loaded once when first used
		t.Fatalf("four CJK PDFs read font files %d times, want 2", fonts.reads)
	}
}

// Font files fpdf cannot embed (CFF .otf, .ttc collections, a broken file named .ttf) are skipped with a
// debug log naming the file; the PDF still renders, with □ for what no font has.
func TestFontsSkipWhatCannotBeEmbedded(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := map[string][]byte{
		"Cff.otf":        append([]byte("OTTO"), make([]byte, 200)...),
		"CffNamedTT.ttf": append([]byte("OTTO"), make([]byte, 200)...),
		"Collection.ttc": append([]byte("ttcf"), make([]byte, 200)...),
		"Broken.ttf":     append([]byte{0, 1, 0, 0, 0, 9}, bytes.Repeat([]byte{0xff}, 300)...),
		"Empty.ttf":      nil,
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var logs syncBuffer
	fonts := NewFonts(FontOptions{Dir: dir, Log: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	b, err := Render(Document{Fonts: fonts, Request: request("王小明 שלום").Request})
	if err != nil || !isPDF(b) {
		t.Fatalf("render: %v", err)
	}
	for name := range files {
		if !strings.Contains(logs.String(), filepath.Join(dir, name)) {
			t.Errorf("the log does not name the skipped %s:\n%s", name, logs.String())
		}
	}
	if !strings.Contains(logs.String(), "CFF") || !strings.Contains(logs.String(), "collection") {
		t.Errorf("the log does not say why:\n%s", logs.String())
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Right-to-left text is drawn in visual order: fpdf draws left to right, so a Hebrew word is turned
// round, numbers inside keep their order, and a right-to-left paragraph orders its runs from the right.
func TestVisualOrder(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		rtl  bool
		want string
	}{
		{"Hello", false, "Hello"},
		{"שלום", true, "םולש"},
		{"abc שלום עולם def", false, "abc םלוע םולש def"},
		{"שלום 123 עולם", true, "םלוע 123 םולש"},
		{"abc שלום 12 עולם", false, "abc םלוע 12 םולש"},
		{"שלום abc", true, "abc םולש"},
		{"(שלום)", true, "(םולש)"},
		{"مرحبا", true, "ابحرم"},
	}
	for _, c := range cases {
		if rtl := rightToLeft(c.in); rtl != c.rtl {
			t.Errorf("rightToLeft(%q) = %v, want %v", c.in, rtl, c.rtl)
		}
		if got := visual(c.in, c.rtl); got != c.want {
			t.Errorf("visual(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
