package docpdf

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// FontOptions says where a Fonts looks for fonts beyond the embedded Go fonts.
type FontOptions struct {
	// Dir is a folder of the installation's own fonts (TEND_FONTS_DIR): every .ttf file in it and its
	// subfolders, in name order, is tried before the system's.
	Dir string
	// System are folders of fonts installed on the machine (SystemFontDirs); of these only the
	// regular-weight .ttf files are tried, sans-serif first.
	System []string
	Log    *slog.Logger
}

// SystemFontDirs are the folders where Debian's font packages (fonts-noto-core, fonts-dejavu-core,
// fonts-droid-fallback, …) put their files.
func SystemFontDirs() []string {
	return []string{"/usr/share/fonts", "/usr/local/share/fonts"}
}

// maxFontFiles bounds how many candidate font files one process ever examines, and maxFontBytes how
// large one may be: a folder with thousands of fonts costs no more than this.
const (
	maxFontFiles = 400
	maxFontBytes = 40 << 20
)

// Fonts is the set of fonts PDFs are drawn with: for each character the embedded Go font when it has
// the glyph, else the first font of FontOptions.Dir, else of the system folders, that has it. Files are
// listed, read and checked lazily, the first time a character needs them, and once per process: a
// font that was looked at keeps only a bitmap of its characters (8 KiB), a font that was used also
// keeps its bytes. Build one per process and share it; it is safe for concurrent use.
type Fonts struct {
	opts FontOptions
	log  *slog.Logger

	goOnce sync.Once
	goCov  *coverage

	mu     sync.Mutex
	listed bool
	files  []*fontFile
	next   int                // files[:next] have been examined
	byRune map[rune]*fontFile // nil: no font has the character
	reads  int                // font files read from disk, for the test that they are read once
}

// fontFile is one candidate font file.
type fontFile struct {
	path   string
	family string    // the name fpdf knows it by, and the PDF's name for it ("utf8" + family)
	cov    *coverage // nil until examined
	bad    bool      // skipped: not embeddable, unreadable, or failed a trial embedding
	tried  bool      // a trial embedding has succeeded
	data   []byte    // kept once the font is used
}

// NewFonts returns a font set that looks in the folders of o.
func NewFonts(o FontOptions) *Fonts {
	log := o.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Fonts{opts: o, log: log, byRune: map[rune]*fontFile{}}
}

// goCoverage is the character set of the embedded Go fonts (the bold one has the same characters).
func (f *Fonts) goCoverage() *coverage {
	f.goOnce.Do(func() {
		font, err := sfnt.Parse(goregular.TTF)
		if err != nil {
			panic("docpdf: the embedded Go font does not parse: " + err.Error())
		}
		f.goCov = coverageOf(font)
	})
	return f.goCov
}

// Has reports whether some font of the set draws r (a character beyond U+FFFF never: fpdf reads only
// a font's format-4 character map).
func (f *Fonts) Has(r rune) bool {
	return f.goCoverage().has(r) || f.fallback(r) != nil
}

// fallback returns the font file to draw r with when the Go font lacks it, with its bytes, or nil when
// no font has it.
func (f *Fonts) fallback(r rune) *fontFile {
	if r < 0 || r > 0xFFFF {
		return nil // fpdf reads only a font's format-4 character map: nothing beyond the BMP prints
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if ff, ok := f.byRune[r]; ok {
		return ff
	}
	f.list()
	var found *fontFile
	for i := 0; i < len(f.files) && found == nil; i++ {
		ff := f.files[i]
		if i == f.next {
			f.examine(ff)
			f.next++
		}
		if ff.bad || !ff.cov.has(r) || !f.use(ff, r) {
			continue
		}
		found = ff
	}
	f.byRune[r] = found
	return found
}

// list finds the candidate files: the installation's folder first, then the system's regular fonts.
func (f *Fonts) list() {
	if f.listed {
		return
	}
	f.listed = true
	var files []*fontFile
	if f.opts.Dir != "" {
		files = append(files, f.walk(f.opts.Dir, false)...)
	}
	for _, d := range f.opts.System {
		files = append(files, f.walk(d, true)...)
	}
	if len(files) > maxFontFiles {
		f.log.Warn("pdf fonts: too many font files; only the first are used", "found", len(files), "used", maxFontFiles)
		files = files[:maxFontFiles]
	}
	seen := map[string]bool{"go": true}
	for _, ff := range files {
		base := ff.family
		for i := 2; seen[ff.family]; i++ {
			ff.family = fmt.Sprintf("%s%d", base, i)
		}
		seen[ff.family] = true
	}
	f.files = files
}

// walk lists the .ttf (and .otf) files under dir in name order; regular keeps only regular-weight files
// and puts sans-serif ones first (a system folder holds every weight of every family).
func (f *Fonts) walk(dir string, regular bool) []*fontFile {
	var out []*fontFile
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == dir {
				return err
			}
			return nil // an unreadable subfolder is skipped
		}
		name := d.Name()
		if d.IsDir() {
			return nil
		}
		switch strings.ToLower(filepath.Ext(name)) {
		case ".ttf", ".otf": // an .otf may hold TrueType outlines; examine reads which
		case ".ttc", ".otc":
			f.log.Debug("pdf fonts: skipping a font file", "file", path, "reason", "it is a font collection the PDF library cannot embed; use a single TrueType .ttf")
			return nil
		default:
			return nil
		}
		stem := strings.TrimSuffix(name, filepath.Ext(name))
		if regular && strings.Contains(stem, "-") && !strings.HasSuffix(stem, "-Regular") {
			return nil
		}
		out = append(out, &fontFile{path: path, family: familyName(stem)})
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		f.log.Warn("pdf fonts: cannot read the font folder", "dir", dir, "err", err)
	}
	if regular {
		rank := func(ff *fontFile) int {
			n := filepath.Base(ff.path)
			if strings.Contains(n, "Sans") && !strings.Contains(n, "Mono") {
				return 0
			}
			return 1
		}
		slices.SortStableFunc(out, func(a, b *fontFile) int {
			return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(filepath.Base(a.path), filepath.Base(b.path)))
		})
	}
	return out
}

// familyName makes a PDF name of a file's name: lower-case letters and digits only.
func familyName(stem string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(stem) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "font"
	}
	return b.String()
}

// examine reads a candidate once, checks that fpdf can embed it and records which characters it has;
// the bytes are dropped again until the font is used.
func (f *Fonts) examine(ff *fontFile) {
	b, err := f.readFont(ff.path)
	if err == nil {
		err = embeddable(b)
	}
	var font *sfnt.Font
	if err == nil {
		font, err = sfnt.Parse(b)
	}
	if err != nil {
		ff.bad = true
		f.log.Debug("pdf fonts: skipping a font file", "file", ff.path, "reason", err.Error())
		return
	}
	ff.cov = coverageOf(font)
}

// use loads a font's bytes when it is first chosen and embeds it once in a throw-away PDF, so a font
// that fpdf chokes on is skipped rather than failing every PDF that needs it.
func (f *Fonts) use(ff *fontFile, r rune) bool {
	if ff.tried {
		return true
	}
	b, err := f.readFont(ff.path)
	if err == nil {
		err = trialEmbed(ff.family, b, r)
	}
	if err != nil {
		ff.bad = true
		f.log.Debug("pdf fonts: skipping a font file the PDF library cannot use", "file", ff.path, "reason", err.Error())
		return false
	}
	ff.data, ff.tried = b, true
	f.log.Debug("pdf fonts: using a font file", "file", ff.path, "family", ff.family)
	return true
}

// readFont reads a font file, after its first bytes show a kind fpdf can embed (a CFF .otf or a
// collection is not read whole).
func (f *Fonts) readFont(path string) ([]byte, error) {
	f.reads++
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	st, err := file.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() > maxFontBytes {
		return nil, fmt.Errorf("larger than %d MiB", maxFontBytes>>20)
	}
	head := make([]byte, 12)
	if n, _ := io.ReadFull(file, head); n < len(head) {
		return nil, errors.New("too short to be a font")
	}
	if err := embeddable(head); err != nil && !errors.Is(err, errShortDirectory) {
		return nil, err
	}
	b := make([]byte, st.Size())
	copy(b, head)
	if _, err := io.ReadFull(file, b[len(head):]); err != nil {
		return nil, err
	}
	return b, nil
}

// trialEmbed writes a one-character PDF with the font.
func trialEmbed(family string, b []byte, r rune) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("the PDF library failed on it: %v", v)
		}
	}()
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes(family, "", b)
	pdf.AddPage()
	pdf.SetFont(family, "", 10)
	pdf.Cell(10, 10, string(r))
	return pdf.Output(io.Discard)
}

// coverage is the set of Basic Multilingual Plane characters a font has a glyph for.
type coverage [0x10000 / 64]uint64

func (c *coverage) has(r rune) bool {
	return c != nil && r >= 0 && r <= 0xFFFF && c[r>>6]&(1<<(r&63)) != 0
}

func coverageOf(font *sfnt.Font) *coverage {
	var c coverage
	var buf sfnt.Buffer
	for r := rune(0x20); r <= 0xFFFF; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue // surrogates are no characters
		}
		if i, err := font.GlyphIndex(&buf, r); err == nil && i != 0 {
			c[r>>6] |= 1 << (r & 63)
		}
	}
	return &c
}
