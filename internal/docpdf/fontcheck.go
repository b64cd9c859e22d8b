package docpdf

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// errShortDirectory: the file ends inside its table directory (or only its first bytes were given).
var errShortDirectory = errors.New("its table directory is cut short")

// embeddable reports why the PDF library (fpdf) could not embed a font file, or nil when it can. fpdf
// reads only TrueType outlines (glyf), a format-4 Unicode character map and a format-0 name table; it
// prints to standard output and drops the font when a file is otherwise, so such files are skipped here
// before fpdf sees them.
func embeddable(b []byte) error {
	if len(b) < 12 {
		return errors.New("too short to be a font")
	}
	switch binary.BigEndian.Uint32(b) {
	case 0x00010000, 0x74727565: // TrueType ("true" on old Apple fonts)
	case 0x4F54544F: // "OTTO"
		return errors.New("it has CFF (PostScript) outlines, an .otf the PDF library cannot embed; use a TrueType .ttf")
	case 0x74746366: // "ttcf"
		return errors.New("it is a font collection (.ttc) the PDF library cannot embed; use a single TrueType .ttf")
	default:
		return errors.New("not a TrueType font")
	}
	tables := map[string][]byte{}
	n := int(binary.BigEndian.Uint16(b[4:]))
	for i := range n {
		rec := 12 + 16*i
		if rec+16 > len(b) {
			return errShortDirectory
		}
		off, size := int(binary.BigEndian.Uint32(b[rec+8:])), int(binary.BigEndian.Uint32(b[rec+12:]))
		if off < 0 || size < 0 || off > len(b) || size > len(b)-off {
			return fmt.Errorf("its %q table lies outside the file", b[rec:rec+4])
		}
		tables[string(b[rec:rec+4])] = b[off : off+size]
	}
	for _, t := range []string{"cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post"} {
		if tables[t] == nil {
			return fmt.Errorf("it has no %q table (not TrueType outlines)", t)
		}
	}
	u16 := func(t []byte, at int) int {
		if at+2 > len(t) {
			return -1
		}
		return int(binary.BigEndian.Uint16(t[at:]))
	}
	if head := tables["head"]; u16(head, 18) <= 0 || u16(head, 52) != 0 || u16(head, 50) > 1 || u16(head, 50) < 0 {
		return errors.New("its head table is of a kind the PDF library does not read")
	}
	if hhea := tables["hhea"]; u16(hhea, 32) != 0 || u16(hhea, 34) <= 0 {
		return errors.New("its horizontal metrics are of a kind the PDF library does not read")
	}
	if u16(tables["name"], 0) != 0 {
		return errors.New("its name table is not format 0")
	}
	if os2 := tables["OS/2"]; os2 != nil {
		if fsType := u16(os2, 8); fsType == 0x0002 || fsType > 0 && fsType&0x0300 != 0 {
			return errors.New("its licence forbids embedding it in a document")
		}
	}
	cmap := tables["cmap"]
	for i := range max(u16(cmap, 2), 0) {
		rec := 4 + 8*i
		if rec+8 > len(cmap) {
			break
		}
		platform, encoding := u16(cmap, rec), u16(cmap, rec+2)
		off := int(binary.BigEndian.Uint32(cmap[rec+4:]))
		if (platform == 3 && encoding == 1 || platform == 0) && off >= 0 && u16(cmap, off) == 4 {
			return nil
		}
	}
	return errors.New("it has no format-4 Unicode character map")
}
