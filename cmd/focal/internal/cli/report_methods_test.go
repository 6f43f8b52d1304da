package cli

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Issue 18 end to end: the investigators' report carries, under its
// agreement section, the methods paragraph of the figures it computed, in
// HTML, Markdown and Word: the same paragraph `focal agree --methods`
// writes for the same comparison, with the pooled figures `focal agree
// --json` gives, and no interval, since the report computes none.
func TestReportMethodsParagraphCLI(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.ok("demo", "demo")
	r.env["FOCAL_PROJECT"] = filepath.Join(r.dir, "demo", "study.focal")
	r.ok("blind", "off", "--as", "amara")
	type value struct {
		Alpha  float64 `json:"krippendorff_alpha"`
		Fleiss float64 `json:"fleiss_kappa"`
		AC1    float64 `json:"gwet_ac1"`
	}
	rep := decode[struct {
		Coders  []string `json:"coders"`
		Overall struct {
			Pooled value `json:"all_coders_pooled_over_codes"`
		} `json:"overall"`
	}](t, r.ok("agree", "--json", "--unit", "turn"))
	if len(rep.Coders) != 3 {
		t.Fatalf("the demo compares %v", rep.Coders)
	}
	o := rep.Overall.Pooled
	methods := r.ok("agree", "--methods", "--unit", "turn")
	paragraph, _, _ := strings.Cut(methods, "\n\nReferences\n")
	paragraph = strings.Join(strings.Fields(paragraph), " ")
	for _, want := range []string{"Krippendorff's (2019) alpha was " + fmt.Sprintf("%.3f", o.Alpha), "Fleiss' (1971) kappa " + fmt.Sprintf("%.3f", o.Fleiss),
		"Gwet's (2014) AC1 " + fmt.Sprintf("%.3f", o.AC1), "The units of analysis were turns"} {
		if !strings.Contains(paragraph, want) {
			t.Fatalf("agree --methods lacks %q:\n%s", want, paragraph)
		}
	}

	inHTML := r.ok("export", "report", "--out", "-", "--agreement-unit", "turn")
	inMarkdown := r.ok("export", "report", "--out", "-", "--format", "md", "--agreement-unit", "turn")
	docx := r.ok("export", "report", "--out", "-", "--format", "docx", "--agreement-unit", "turn")
	z, err := zip.NewReader(bytes.NewReader([]byte(docx)), int64(len(docx)))
	if err != nil {
		t.Fatalf("the Word report is not a zip: %v", err)
	}
	var document string
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			document = string(b)
		}
	}
	unescape := strings.NewReplacer("&#39;", "'", "&apos;", "'", "&amp;", "&", "\\", "")
	for format, doc := range map[string]string{"html": inHTML, "md": inMarkdown, "docx": document} {
		text := unescape.Replace(doc)
		if !strings.Contains(text, "Methods paragraph (for the paper)") {
			t.Errorf("%s: no methods heading", format)
		}
		if !strings.Contains(text, paragraph) {
			t.Errorf("%s report lacks the paragraph of agree --methods:\n%s", format, paragraph)
		}
		if !strings.Contains(text, "This report computed no confidence intervals; `focal agree --methods --unit turn --coders amara,ben,carmen --ci 0.95`") {
			t.Errorf("%s report does not say it computed no intervals", format)
		}
		if !strings.Contains(text, "Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters.") {
			t.Errorf("%s report lacks the references", format)
		}
		if regexp.MustCompile(`percentile bootstrap|\d\.\d{3} \(-?\d`).MatchString(text[strings.Index(text, "Methods paragraph"):]) {
			t.Errorf("%s report claims intervals it did not compute", format)
		}
	}
	// Without agreement, no paragraph.
	if out := r.ok("export", "report", "--out", "-", "--format", "md", "--no-agreement"); strings.Contains(out, "Methods paragraph") {
		t.Error("a report without agreement has a methods paragraph")
	}
}
