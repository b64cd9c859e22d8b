// Command gen writes internal/icd10/codes_gen.go, the ICD-10-CM codes Tend ships, from the CMS/NCHS
// order file of a release. It reads either the official fixed-width file (icd10cm_order_2026.txt: order
// number, code, header flag, short and long descriptions) or the excerpt kept in source/ (code, flag
// and long description separated by tabs), keeps chapter F and the Z categories behavioural health uses
// (see keep), and writes them in the file's order.
//
//	go run ./internal/icd10/gen -in internal/icd10/source/icd10cm_order_2026_bh.txt -out internal/icd10/codes_gen.go
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"io"
	"os"
	"strings"
)

// keep lists what Tend ships, as code prefixes without the dot. Every code that starts with one is kept,
// with the category headers above it that the file holds. The Z codes are those a behavioural health
// practice records beside a diagnosis: screening and examinations for mental health, problems of
// education, work, housing, money, social life, upbringing, family and other psychosocial circumstances
// (Z55–Z65 but Z57, occupational exposure to noise or dust), abuse and counselling encounters (Z69–Z71),
// lifestyle and life-management problems (Z72, Z73), malingering, family and personal history of mental
// disorders, trauma and self-harm, and military service.
var keep = []string{
	"F",
	"Z0389",                // observation for suspected conditions ruled out
	"Z044", "Z046", "Z047", // examination after alleged rape or abuse; psychiatric examination requested by authority
	"Z0481", "Z0482", // examination of a victim of sexual or labour exploitation
	"Z133", "Z134", // screening for mental health and developmental disorders
	"Z55", "Z56", "Z58", "Z59", "Z60", "Z62", "Z63", "Z64", "Z65", // social determinants and psychosocial circumstances
	"Z69", "Z70", "Z71", "Z72", "Z73", // abuse, counselling, lifestyle, life management
	"Z765",        // malingerer
	"Z81", "Z865", // family and personal history of mental and behavioural disorders
	"Z914", "Z915", // personal history of psychological trauma and of self-harm
	"Z9182", "Z9183", "Z9185", // military deployment, wandering, military service
}

// entry is one line of the order file.
type entry struct {
	code, desc string
	billable   bool
}

func main() {
	in := flag.String("in", "", "the order file: official fixed-width or the tab-separated excerpt")
	out := flag.String("out", "codes_gen.go", "the Go file to write")
	release := flag.String("release", "ICD-10-CM FY2026 (CMS/NCHS code descriptions in tabular order, icd10cm_order_2026.txt, effective 1 October 2025)", "the release, named in the file")
	flag.Parse()
	if err := run(*in, *out, *release); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(in, out, release string) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	entries, err := read(f)
	if err != nil {
		return err
	}
	kept := filter(entries)
	if len(kept) == 0 {
		return fmt.Errorf("no code of the kept categories in %s", in)
	}
	src, err := render(kept, release)
	if err != nil {
		return err
	}
	return os.WriteFile(out, src, 0o644)
}

// read parses either format, line by line; lines starting with # are comments of the excerpt.
func read(r io.Reader) ([]entry, error) {
	var out []entry
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r ")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		e, err := parse(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		out = append(out, e)
	}
	return out, sc.Err()
}

// parse reads one line. The official layout: order number (5), space, code (7, padded), space, header
// flag (1), space, short description (60), space, long description.
func parse(line string) (entry, error) {
	if parts := strings.Split(line, "\t"); len(parts) == 3 {
		return entry{code: parts[0], billable: parts[1] == "1", desc: parts[2]}, check(parts[0], parts[1])
	}
	if len(line) < 78 {
		return entry{}, fmt.Errorf("too short for the fixed-width order file: %q", line)
	}
	code, flag := strings.TrimSpace(line[6:13]), line[14:15]
	return entry{code: code, billable: flag == "1", desc: strings.TrimSpace(line[77:])}, check(code, flag)
}

func check(code, flag string) error {
	if code == "" || (flag != "0" && flag != "1") {
		return fmt.Errorf("not a code line: code %q, flag %q", code, flag)
	}
	return nil
}

// filter keeps the codes under keep and the headers above them.
func filter(all []entry) []entry {
	var out []entry
	for _, e := range all {
		for _, k := range keep {
			if strings.HasPrefix(e.code, k) || (!e.billable && strings.HasPrefix(k, e.code) && k != "F") {
				out = append(out, e)
				break
			}
		}
	}
	return out
}

func render(es []entry, release string) ([]byte, error) {
	var b bytes.Buffer
	billable := 0
	for _, e := range es {
		if e.billable {
			billable++
		}
	}
	fmt.Fprintf(&b, "// Code generated by go run ./internal/icd10/gen; DO NOT EDIT.\n\n")
	fmt.Fprintf(&b, "// Source: %s, published by the Centers for Medicare & Medicaid Services and the\n", release)
	fmt.Fprintf(&b, "// CDC's National Center for Health Statistics; ICD-10-CM is in the public domain. Chapter F and the Z\n")
	fmt.Fprintf(&b, "// categories listed in gen/main.go: %d codes, %d of them billable, with their official long descriptions.\n\n", len(es), billable)
	fmt.Fprintf(&b, "package icd10\n\n")
	fmt.Fprintf(&b, "// Release names the ICD-10-CM release the table comes from.\nconst Release = %q\n\n", release)
	fmt.Fprintf(&b, "// table is every code Tend ships, in the release's tabular order.\nvar table = [...]Code{\n")
	for _, e := range es {
		fmt.Fprintf(&b, "\t{%q, %q, %t},\n", e.code, e.desc, e.billable)
	}
	fmt.Fprintf(&b, "}\n")
	return format.Source(b.Bytes())
}
