package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Exporting, importing, re-coding and removing codings are plain functions
// of an App and their options.
func TestCodingRunFunctionsWorkWithoutTheCommandLine(t *testing.T) {
	t.Parallel()
	r, app := newRunApp(t)
	r.write("fg01.vtt", zoomVTT)
	r.ok("import", "fg01.vtt")
	r.ok("coding", "add", "fg01", "--code", "isolation", "--quote", "I was the only one.", "--as", "ben")
	ctx := t.Context()
	var out bytes.Buffer
	if err := runCodingExport(ctx, app, codingExportOptions{outFile: "ben.csv"}, &out); err != nil {
		t.Fatal(err)
	}
	if out.Len() != 0 {
		t.Errorf("coding export --out also wrote %q to standard output", out.String())
	}
	path := filepath.Join(r.dir, "ben.csv")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the export's mode: %v %v", fi.Mode(), err)
	}
	if !regexp.MustCompile(`^source,coder,code,start,end,memo\r\nfg01,ben,isolation,\d+,\d+,\r\n$`).Match(data) {
		t.Errorf("the export:\n%s", data)
	}
	if err := runCodingImport(ctx, app, codingImportOptions{file: "ben.csv"}, &out); err != nil {
		t.Fatal(err)
	}
	if out.String() != "imported 0 codings (1 already there)\n" {
		t.Errorf("coding import said %q", out.String())
	}
	out.Reset()
	if err := runCodingImport(ctx, app, codingImportOptions{file: "missing.csv"}, &out); err == nil || !strings.HasPrefix(err.Error(), "coding import missing.csv: ") {
		t.Errorf("coding import of a missing file: %v", err)
	}
	id := decode[[]map[string]any](t, r.ok("coding", "list", "--json", "--as", "ben"))[0]["id"].(string)
	if err := runCodingRecode(ctx, app, codingRecodeOptions{id: id[:8], code: "belonging"}, &out); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^re-coded ` + id[:8] + ` \d+–\d+ of fg01 from isolation to belonging \(created code belonging\); the coding is now [0-9a-f]{8}\n$`).MatchString(out.String()) {
		t.Errorf("coding recode said %q", out.String())
	}
	newID := strings.TrimSpace(out.String()[strings.LastIndex(out.String(), " "):])
	out.Reset()
	if err := runCodingRm(ctx, app, codingRmOptions{ids: []string{newID}}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "removed coding "+newID+" (fg01 ") {
		t.Errorf("coding rm said %q", out.String())
	}
	if got := r.ok("coding", "list", "--as", "ben"); got != "no codings\n" {
		t.Errorf("coding list after rm:\n%s", got)
	}
}
