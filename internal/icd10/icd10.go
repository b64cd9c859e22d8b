// Package icd10 is the ICD-10-CM code list Tend ships (chapter F and the Z codes behavioural health uses,
// see codes_gen.go for the release) and its search as you type, by code or by words, held in memory.
package icd10

//go:generate go run ./gen -in source/icd10cm_order_2026_bh.txt -out codes_gen.go

import (
	"math/bits"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
)

// Code is one ICD-10-CM code: its characters without the dot, the official long description, and
// whether it is valid on a claim (billable) or a category header above more specific codes.
type Code struct {
	Code        string
	Description string
	Billable    bool
}

// Dotted is the code as people write it, with a dot after the category (F41.1).
func (c Code) Dotted() string { return Dot(c.Code) }

// Dot writes a code without a dot as people write it.
func Dot(code string) string {
	if len(code) <= 3 {
		return code
	}
	return code[:3] + "." + code[3:]
}

// Normalize turns what a person typed as a code (f41.1, F411, " F41.1 ") into the stored form (F411).
func Normalize(s string) string {
	return strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), ".", ""))
}

// DefaultLimit and MaxLimit bound how many matches a search returns.
const (
	DefaultLimit = 20
	MaxLimit     = 50
)

// words is how many 64-bit words a set of codes takes.
const words = (len(table) + 63) / 64

// set is a set of table positions.
type set [words]uint64

// Index searches the table. Make it once with New and share it: it is safe for concurrent use. Its index
// is built at its first lookup or search (or by Warm), not by New: about a millisecond and 650 KB that a
// server's start-up does not wait for (issue 19, item 3: cold start).
type Index struct {
	once sync.Once
	ix   *index
}

// index is the built index, read-only.
type index struct {
	byCode map[string]int // code without dot → table position
	sorted []int          // table positions in code order, for prefix ranges
	vocab  []string       // every word of the descriptions, sorted, lower case
	posts  []set          // for each word of vocab, the codes whose description has it
	terms  [][]string     // each code's description words, lower case
}

// New returns an index over the shipped table, built at its first use.
func New() *Index { return &Index{} }

// Warm builds the index now if it is not built yet.
func (x *Index) Warm() { x.get() }

func (x *Index) get() *index {
	x.once.Do(func() { x.ix = build() })
	return x.ix
}

// build builds the index over the shipped table.
func build() *index {
	ix := &index{byCode: make(map[string]int, len(table)), sorted: make([]int, len(table)), terms: make([][]string, len(table))}
	posts := map[string]*set{}
	for i, c := range table {
		ix.byCode[c.Code] = i
		ix.sorted[i] = i
		ix.terms[i] = split(c.Description)
		for _, w := range ix.terms[i] {
			p := posts[w]
			if p == nil {
				p = &set{}
				posts[w] = p
			}
			p[i/64] |= 1 << (i % 64)
		}
	}
	sort.Slice(ix.sorted, func(a, b int) bool { return table[ix.sorted[a]].Code < table[ix.sorted[b]].Code })
	for w := range posts {
		ix.vocab = append(ix.vocab, w)
	}
	slices.Sort(ix.vocab)
	ix.posts = make([]set, len(ix.vocab))
	for i, w := range ix.vocab {
		ix.posts[i] = *posts[w]
	}
	return ix
}

// Len is how many codes the index holds.
func (x *Index) Len() int { return len(table) }

// Lookup finds a code as typed (with or without the dot, any case).
func (x *Index) Lookup(code string) (Code, bool) {
	i, ok := x.get().byCode[Normalize(code)]
	if !ok {
		return Code{}, false
	}
	return table[i], true
}

// All returns every code in tabular order.
func (x *Index) All() []Code { return slices.Clone(table[:]) }

// Search finds codes as a person types: by code (a prefix, with or without the dot, any case) and by
// words (every typed word starts a word of the description, in any order). The exact code comes first,
// then codes that start with what was typed in code order, then description matches, best first: more
// words matched whole, the description starting with the first word typed, shorter descriptions, then
// tabular order. limit ≤ 0 means DefaultLimit; it is at most MaxLimit.
func (x *Index) Search(q string, limit int) []Code { return x.get().search(q, limit) }

func (ix *index) search(q string, limit int) []Code {
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	q = strings.TrimSpace(q)
	if q == "" {
		return nil
	}
	var out []Code
	seen := map[int]bool{}
	if looksLikeCode(q) {
		prefix := Normalize(q)
		start := sort.Search(len(ix.sorted), func(i int) bool { return table[ix.sorted[i]].Code >= prefix })
		for _, pos := range ix.sorted[start:] {
			if len(out) == limit || !strings.HasPrefix(table[pos].Code, prefix) {
				break
			}
			out = append(out, table[pos])
			seen[pos] = true
		}
	}
	if len(out) == limit {
		return out
	}
	return append(out, ix.byWords(q, limit-len(out), seen)...)
}

// byWords ranks the codes whose description has a word starting with each typed word.
func (ix *index) byWords(q string, limit int, seen map[int]bool) []Code {
	toks := split(q)
	if len(toks) == 0 {
		return nil
	}
	var hit set
	for i := range hit {
		hit[i] = ^uint64(0)
	}
	for _, tok := range toks {
		var any set
		lo := sort.SearchStrings(ix.vocab, tok)
		for j := lo; j < len(ix.vocab) && strings.HasPrefix(ix.vocab[j], tok); j++ {
			for k := range any {
				any[k] |= ix.posts[j][k]
			}
		}
		for k := range hit {
			hit[k] &= any[k]
		}
	}
	type scored struct{ pos, score int }
	var found []scored
	for k, w := range hit {
		for w != 0 {
			pos := k*64 + bits.TrailingZeros64(w)
			w &= w - 1
			if pos >= len(table) || seen[pos] {
				continue
			}
			found = append(found, scored{pos, ix.score(pos, toks)})
		}
	}
	slices.SortFunc(found, func(a, b scored) int {
		if a.score != b.score {
			return b.score - a.score
		}
		if la, lb := len(table[a.pos].Description), len(table[b.pos].Description); la != lb {
			return la - lb
		}
		return a.pos - b.pos
	})
	out := make([]Code, 0, min(limit, len(found)))
	for _, f := range found[:min(limit, len(found))] {
		out = append(out, table[f.pos])
	}
	return out
}

// score favours descriptions that hold the typed words whole, and those that start with the first one.
func (ix *index) score(pos int, toks []string) int {
	s := 0
	for _, tok := range toks {
		if slices.Contains(ix.terms[pos], tok) {
			s += 2
		}
	}
	if t := ix.terms[pos]; len(t) > 0 && strings.HasPrefix(t[0], toks[0]) {
		s++
	}
	return s
}

// looksLikeCode reports whether q could be the start of a code: a letter, then digits or letters with at
// most one dot (F, F4, f41.1, Z63.0).
func looksLikeCode(q string) bool {
	r := []rune(q)
	if len(r) == 0 || len(r) > 8 || !unicode.IsLetter(r[0]) {
		return false
	}
	digits := 0
	for _, c := range r[1:] {
		switch {
		case unicode.IsDigit(c):
			digits++
		case c == '.' || unicode.IsLetter(c):
		default:
			return false
		}
	}
	return len(r) == 1 || digits > 0
}

// split lowers and cuts text into words of letters and digits.
func split(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}
