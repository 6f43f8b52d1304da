package cli

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// export runs a command line as focal does; the investigator exports
// are on the root.
func (r *runner) export(args ...string) (string, string, int) {
	r.t.Helper()
	return r.run(args...)
}

func (r *runner) exportOK(args ...string) string {
	r.t.Helper()
	out, errOut, code := r.export(args...)
	if code != 0 {
		r.t.Fatalf("focal %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

func (r *runner) exportFail(status int, args ...string) string {
	r.t.Helper()
	out, errOut, code := r.export(args...)
	if code != status {
		r.t.Fatalf("focal %s: exit %d, want %d\n%s%s", strings.Join(args, " "), code, status, out, errOut)
	}
	return errOut
}

// demoForExport builds the demo project with blinding on, as the demo
// leaves it.
func demoForExport(t *testing.T) *runner {
	t.Helper()
	r := newRunner(t)
	r.ok("demo", "demo")
	r.env["FOCAL_PROJECT"] = filepath.Join(r.dir, "demo", "study.focal")
	return r
}

func xlsxRows(t *testing.T, path, sheet string) [][]string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// distinctColumn lists the distinctColumn values of a column, header excluded.
func distinctColumn(rows [][]string, name string) []string {
	col := slices.Index(rows[0], name)
	var out []string
	for _, r := range rows[1:] {
		if col < len(r) && !slices.Contains(out, r[col]) {
			out = append(out, r[col])
		}
	}
	slices.Sort(out)
	return out
}

func TestExportBlindingAndLayers(t *testing.T) {
	t.Parallel()
	r := demoForExport(t)
	// Blinding on: nobody named, another coder's layer, or everyone's.
	if errOut := r.exportFail(1, "export", "xlsx"); !strings.Contains(errOut, "--as") {
		t.Errorf("unnamed export under blinding: %s", errOut)
	}
	for _, coder := range []string{"all", "amara", "consensus"} {
		if errOut := r.exportFail(1, "--as", "ben", "export", "xlsx", "--coder", coder); !strings.Contains(errOut, "blind coding is on") || !strings.Contains(errOut, "--coder ben") {
			t.Errorf("--coder %s under blinding: %s", coder, errOut)
		}
	}
	// Their own layer is fine, and says so per source.
	out := r.exportOK("--as", "ben", "export", "xlsx", "--out", "ben.xlsx")
	if !strings.Contains(out, "coder ben") || !strings.Contains(out, "exported xlsx to ben.xlsx") {
		t.Errorf("own export said:\n%s", out)
	}
	seg := xlsxRows(t, filepath.Join(r.dir, "ben.xlsx"), "coded segments")
	if got := distinctColumn(seg, "coder"); !slices.Equal(got, []string{"ben"}) {
		t.Errorf("coders in ben's export: %q", got)
	}
	if fi, err := os.Stat(filepath.Join(r.dir, "ben.xlsx")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("export file mode: %v %v", fi.Mode(), err)
	}

	// Blinding off, and a complete consensus for fg01.
	r.ok("--as", "amara", "blind", "off")
	r.ok("--as", "amara", "consensus", "seed", "--source", "fg01-belonging-en", "--coders", "amara,ben,carmen", "--overlap", "0.5")
	r.ok("--as", "amara", "consensus", "complete", "fg01-belonging-en", "--force")
	out = r.exportOK("export", "xlsx", "--out", "all.xlsx")
	for _, want := range []string{"fg01-belonging-en", "complete", "consensus", "all coders", "agreement: amara, ben, carmen"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	path := filepath.Join(r.dir, "all.xlsx")
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sheets := f.GetSheetList()
	f.Close()
	for _, want := range []string{"about", "sources", "themes", "theme matrix", "framework", "groups x themes", "pgy x themes",
		"codebook", "codebook versions", "codebook history", "coded segments", "agreement", "co-occurrence"} {
		if !slices.Contains(sheets, want) {
			t.Errorf("no sheet %q in %q", want, sheets)
		}
	}
	seg = xlsxRows(t, path, "coded segments")
	src, layer := slices.Index(seg[0], "source"), slices.Index(seg[0], "layer")
	for _, row := range seg[1:] {
		want := "all coders"
		if row[src] == "fg01-belonging-en" {
			want = "consensus"
		}
		if row[layer] != want {
			t.Fatalf("%s coding has layer %q, want %q", row[src], row[layer], want)
		}
	}
	if got := distinctColumn(seg, "coder"); !slices.Equal(got, []string{"amara", "ben", "carmen", "consensus"}) {
		t.Errorf("coders = %q", got)
	}
	history := xlsxRows(t, path, "codebook history")
	if got := distinctColumn(history, "what"); slices.Contains(got, "coder.added") || !slices.Contains(got, "codebook.frozen") {
		t.Errorf("history kinds = %q", got)
	}

	// One coder elsewhere; the consensus everywhere.
	seg = xlsxRows(t, filepath.Join(r.dir, func() string {
		r.exportOK("export", "xlsx", "--out", "carmen.xlsx", "--coder", "carmen")
		return "carmen.xlsx"
	}()), "coded segments")
	if got := distinctColumn(seg, "coder"); !slices.Equal(got, []string{"carmen", "consensus"}) {
		t.Errorf("--coder carmen coders = %q", got)
	}
	r.exportOK("export", "xlsx", "--out", "consensus.xlsx", "--coder", "consensus", "--no-agreement")
	seg = xlsxRows(t, filepath.Join(r.dir, "consensus.xlsx"), "coded segments")
	if got := distinctColumn(seg, "layer"); !slices.Equal(got, []string{"consensus"}) {
		t.Errorf("--coder consensus layers = %q", got)
	}
	if errOut := r.exportFail(1, "export", "xlsx", "--coder", "nobody"); !strings.Contains(errOut, "no coder named") {
		t.Errorf("unknown coder: %s", errOut)
	}

	// Blinding on again (a second round): a coder's own export shows their
	// own codings even where the consensus is complete, and says so.
	r.ok("--as", "amara", "blind", "on")
	out = r.exportOK("--as", "carmen", "export", "xlsx", "--out", "round2.xlsx", "--json")
	sum := decode[investigatorSummary](t, out)
	for _, s := range sum.Sources {
		if s.Source == "fg01-belonging-en" && !strings.Contains(s.Layer, "not shown while blinding is on") {
			t.Errorf("fg01 under blinding: layer %q", s.Layer)
		}
	}
	if got := distinctColumn(xlsxRows(t, filepath.Join(r.dir, "round2.xlsx"), "coded segments"), "coder"); !slices.Equal(got, []string{"carmen"}) {
		t.Errorf("coders under blinding = %q", got)
	}
}

func TestExportSelections(t *testing.T) {
	t.Parallel()
	r := demoForExport(t)
	r.ok("--as", "amara", "blind", "off")
	r.exportOK("export", "xlsx", "--out", "west.xlsx", "--group", "Group 2 (West)", "--no-agreement")
	seg := xlsxRows(t, filepath.Join(r.dir, "west.xlsx"), "coded segments")
	if got := distinctColumn(seg, "source"); !slices.Equal(got, []string{"fg02-belonging-en"}) {
		t.Errorf("--group sources = %q", got)
	}
	r.exportOK("export", "xlsx", "--out", "p07.xlsx", "--participant", "P07", "--source", "fg02-belonging-en")
	path := filepath.Join(r.dir, "p07.xlsx")
	if got := distinctColumn(xlsxRows(t, path, "coded segments"), "participant"); !slices.Equal(got, []string{"P07"}) {
		t.Errorf("--participant participants = %q", got)
	}
	if m := xlsxRows(t, path, "theme matrix"); len(m) != 2 || m[1][0] != "P07" {
		t.Errorf("theme matrix of P07 = %q", m)
	}
	for _, bad := range [][]string{{"--group", "Group 9"}, {"--source", "fg99"}, {"--participant", "P99"}} {
		errOut := r.exportFail(1, append([]string{"export", "xlsx", "--out", "x.xlsx", "--no-agreement"}, bad...)...)
		if !strings.Contains(errOut, "the project has") {
			t.Errorf("%q: %s", bad, errOut)
		}
	}
}

func TestExportCSV(t *testing.T) {
	t.Parallel()
	r := demoForExport(t)
	r.ok("--as", "amara", "blind", "off")
	out := r.exportOK("export", "csv", "--out", "tables")
	for _, name := range []string{"segments.csv", "passages.csv", "theme-matrix.csv", "presence-by-turn.csv", "sources.csv", "participants.csv"} {
		if _, err := os.Stat(filepath.Join(r.dir, "tables", name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if !strings.Contains(out, "all coders") || !strings.Contains(out, "apostrophe") {
		t.Errorf("csv summary:\n%s", out)
	}
	stdout, stderr, code := r.export("export", "csv", "--what", "presence", "--unit", "participant", "--raw")
	if code != 0 {
		t.Fatalf("presence: %s", stderr)
	}
	rows, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != "participant" || len(rows) != 16 || !slices.Contains(rows[0], "belonging/isolation") {
		t.Errorf("presence by participant: %d rows, header %q", len(rows), rows[0])
	}
	if !strings.Contains(stderr, "exported csv to standard output") {
		t.Errorf("the summary of a table on stdout goes to stderr: %q", stderr)
	}
	segs := decode[map[string]any](t, func() string {
		_, errOut, _ := r.export("export", "csv", "--what", "segments", "--json")
		return errOut
	}())
	if segs["format"] != "csv" || len(segs["sources"].([]any)) != 3 {
		t.Errorf("JSON summary = %v", segs)
	}
	r.exportFail(2, "export", "csv")
	r.exportFail(2, "export", "csv", "--out", "-")
	r.exportFail(2, "export", "csv", "--what", "everything")
	r.exportFail(2, "export", "csv", "--what", "presence", "--unit", "sentence")
}

func TestExportReport(t *testing.T) {
	t.Parallel()
	r := demoForExport(t)
	r.ok("--as", "amara", "blind", "off")
	out := r.exportOK("export", "report")
	page, err := os.ReadFile(filepath.Join(r.dir, "study.html"))
	if err != nil {
		t.Fatalf("default report file: %v\n%s", err, out)
	}
	for _, want := range []string{"<svg", "Themes at a glance", "Krippendorff", "Carrying two worlds"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("report lacks %q", want)
		}
	}
	r.exportOK("export", "report", "--out", "report.md", "--quotes", "1")
	md, err := os.ReadFile(filepath.Join(r.dir, "report.md"))
	if err != nil || !bytes.HasPrefix(md, []byte("# Belonging in residency")) || bytes.Contains(md, []byte("<svg")) {
		t.Errorf("Markdown report: %v\n%.200s", err, md)
	}
	stdout := r.exportOK("export", "report", "--out", "-", "--format", "md")
	if !strings.HasPrefix(stdout, "# Belonging in residency") {
		t.Errorf("report on stdout: %.100s", stdout)
	}
	r.exportFail(2, "export", "report", "--format", "pdf")
}
