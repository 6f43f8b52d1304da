package cli

import (
	"archive/zip"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/export/refiqda"
)

// TestQDPXKeepsThePrivacyPromises: a REFI-QDA file, which carries whole
// transcripts, leaves out what a participant withdrew (words, name and
// case) like every other export, and with --deidentified names speakers by
// pseudonym or role and makes the accepted replacements; codings move with
// the text. Expected texts are written out by hand from the transcript.
func TestQDPXKeepsThePrivacyPromises(t *testing.T) {
	r := newRunner(t)
	r.env["FOCAL_CODER"] = "amara"
	r.ok("init", "study.focal")
	r.write("fg.txt", "Kay Moss: Welcome, everyone, to the group.\n"+
		"Ana Lopez: I trust Dr Lobo at Riverside, he listens.\n"+
		"Ben Ode: I left because of the night shifts.\n"+
		"Ana Lopez: Riverside felt like home to me.\n"+
		"Kay Moss: Thank you both.\n")
	r.ok("import", "fg.txt")
	r.ok("coder", "add", "amara", "--role", "pi")
	r.ok("coder", "add", "ben")
	r.ok("participant", "link", "Ana Lopez", "--source", "fg", "P01")
	r.ok("participant", "link", "Ben Ode", "--source", "fg", "P02")
	r.ok("participant", "set-pseudonym", "P01", "Rosa")
	r.ok("speaker", "role", "Kay Moss", "moderator", "--source", "fg")
	r.ok("coding", "add", "--as", "ben", "--source", "fg", "--code", "trust", "--new", "--quote", "I trust Dr Lobo")
	r.ok("coding", "add", "--as", "ben", "--source", "fg", "--code", "leaving", "--new", "--quote", "night shifts")
	r.ok("coding", "add", "--as", "ben", "--source", "fg", "--code", "home", "--new", "--quote", "felt like home")
	r.ok("blind", "off")
	r.ok("participant", "withdraw", "P02", "--reason", "asked by e-mail")

	read := func(name string) *refiqda.Imported {
		t.Helper()
		p, err := refiqda.ReadFile(filepath.Join(r.dir, name))
		if err != nil {
			t.Fatalf("reading %s back: %v", name, err)
		}
		if len(p.Sources) != 1 {
			t.Fatalf("%s: %d sources", name, len(p.Sources))
		}
		return p
	}
	// quotes are the words each coding covers in the file's own text.
	quotes := func(p *refiqda.Imported) []string {
		idx := corpus.NewPositionIndex(p.Sources[0].Text)
		var out []string
		for _, c := range p.Codings {
			w, err := idx.Slice(corpus.Span{Start: c.Start, End: c.End})
			if err != nil {
				t.Fatalf("coding %d–%d outside the text: %v", c.Start, c.End, err)
			}
			out = append(out, w)
		}
		return out
	}
	cases := func(p *refiqda.Imported) string {
		var names []string
		for _, pt := range p.Participants {
			names = append(names, pt.Name)
		}
		return strings.Join(names, ",")
	}

	out := r.ok("export", "qdpx", "--out", "plain.qdpx")
	if !strings.Contains(out, "1 participant(s) withdrew") || !strings.Contains(out, "1 coding(s) wholly inside withdrawn words are left out") {
		t.Errorf("the summary does not say what was left out:\n%s", out)
	}
	plain := read("plain.qdpx")
	if want := "Kay Moss: Welcome, everyone, to the group.\n" +
		"Ana Lopez: I trust Dr Lobo at Riverside, he listens.\n" +
		"P02: [withdrawn]\n" +
		"Ana Lopez: Riverside felt like home to me.\n" +
		"Kay Moss: Thank you both.\n"; plain.Sources[0].Text != want {
		t.Errorf("text without de-identification:\n%s\nwant:\n%s", plain.Sources[0].Text, want)
	}
	if got := strings.Join(quotes(plain), "|"); got != "I trust Dr Lobo|felt like home" {
		t.Errorf("codings cover %q", got)
	}
	if got := cases(plain); got != "P01" {
		t.Errorf("cases %q, want P01 only", got)
	}

	// De-identified: refused until the review is current.
	if errOut := r.fail(1, "export", "qdpx", "--out", "deid.qdpx", "--deidentified"); !strings.Contains(errOut, "focal deid scan") {
		t.Errorf("a de-identified export before any scan: %s", errOut)
	}
	r.ok("deid", "scan", "--no-ner")
	list := r.ok("deid", "list", "--json")
	if !strings.Contains(list, "Dr Lobo") {
		t.Fatalf("the scan did not find Dr Lobo:\n%s", list)
	}
	r.ok("deid", "accept", "--text", "Dr Lobo")
	r.ok("deid", "words", "add", "Riverside", "--replace", "[hospital]")
	r.ok("export", "qdpx", "--out", "deid.qdpx", "--deidentified")
	deid := read("deid.qdpx")
	if want := "[moderator]: Welcome, everyone, to the group.\n" +
		"Rosa: I trust Dr [name] at [hospital], he listens.\n" +
		"P02: [withdrawn]\n" +
		"Rosa: [hospital] felt like home to me.\n" +
		"[moderator]: Thank you both.\n"; deid.Sources[0].Text != want {
		t.Errorf("de-identified text:\n%s\nwant:\n%s", deid.Sources[0].Text, want)
	}
	if got := strings.Join(quotes(deid), "|"); got != "I trust Dr [name]|felt like home" {
		t.Errorf("de-identified codings cover %q", got)
	}
	raw := readZipText(t, filepath.Join(r.dir, "deid.qdpx"))
	for _, name := range []string{"Ana Lopez", "Ben Ode", "Kay Moss", "Lobo", "Riverside", "night shifts"} {
		if strings.Contains(raw, name) {
			t.Errorf("the de-identified file holds %q", name)
		}
	}
	// A name the gate knows, in a memo, stops the export and writes nothing.
	r.ok("memo", "add", "--turn", "fg:2", "--text", "Ana Lopez said this twice")
	if errOut := r.fail(1, "export", "qdpx", "--out", "stopped.qdpx", "--deidentified"); !strings.Contains(errOut, "de-identification gate stopped") {
		t.Errorf("a real name in a memo: %s", errOut)
	}
	if _, err := refiqda.ReadFile(filepath.Join(r.dir, "stopped.qdpx")); err == nil {
		t.Error("the gate stopped the export but a file was written")
	}
}

// readZipText is every entry of a zip file, one after another.
func readZipText(t *testing.T, path string) string {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	var b strings.Builder
	for _, f := range z.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
	}
	return b.String()
}
