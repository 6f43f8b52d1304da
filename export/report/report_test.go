package report_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/focalqda/focal/corpus/testenv"
	"github.com/focalqda/focal/export/dataset"
	"github.com/focalqda/focal/export/dataset/datasettest"
	"github.com/focalqda/focal/export/report"
)

func render(t *testing.T, d *dataset.Dataset, f report.Format) string {
	t.Helper()
	var buf bytes.Buffer
	if err := report.Write(&buf, d, f, report.Options{}); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// walk calls fn on every element of the document.
func walk(n *html.Node, fn func(*html.Node)) {
	if n.Type == html.ElementNode {
		fn(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func text(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return b.String()
}

func TestHTMLIsSelfContained(t *testing.T) {
	page := render(t, datasettest.Build(dataset.Policy{}), report.HTML)
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var svgs, styles int
	walk(doc, func(n *html.Node) {
		switch n.Data {
		case "script", "link", "img", "iframe", "object", "embed":
			t.Errorf("the report holds a <%s> element", n.Data)
		case "svg":
			svgs++
			if attr(n, "role") != "img" || attr(n, "aria-labelledby") == "" {
				t.Errorf("an SVG chart has no accessible name")
			}
		case "style":
			styles++
		}
		for _, key := range []string{"src", "href", "xlink:href"} {
			if v := attr(n, key); v != "" && !strings.HasPrefix(v, "#") {
				t.Errorf("<%s %s=%q> points outside the file", n.Data, key, v)
			}
		}
	})
	// The heat map, the code frequencies and the saturation chart.
	if svgs != 3 || styles != 1 {
		t.Errorf("%d SVG charts and %d style sheets, want 3 and 1", svgs, styles)
	}
	// Participants' words and names are escaped, never markup.
	if strings.Contains(page, "<script>alert") || !strings.Contains(page, "Odd &lt;one&gt;") {
		t.Error("text is not escaped")
	}
	if !strings.Contains(page, "@media print") {
		t.Error("no print styles")
	}
	// Sizes are relative: no width or font size in pixels beyond borders.
	css := page[strings.Index(page, "<style>"):strings.Index(page, "</style>")]
	if m := regexp.MustCompile(`[^.\d][2-9]\d*px|\d{2,}px`).FindString(css); m != "" {
		t.Errorf("the style sheet uses a fixed size: %q", m)
	}
}

func TestHTMLShowsSupportAndNumbers(t *testing.T) {
	d := datasettest.Build(dataset.Policy{})
	page := render(t, d, report.HTML)
	doc, _ := html.Parse(strings.NewReader(page))
	var heat *html.Node
	var warnings []string
	walk(doc, func(n *html.Node) {
		if n.Data == "svg" && strings.Contains(attr(n, "aria-labelledby"), "heat") {
			heat = n
		}
		if attr(n, "class") == "warn" {
			warnings = append(warnings, text(n))
		}
	})
	if heat == nil {
		t.Fatal("no heat map")
	}
	// Every cell's number is printed, not told by colour alone.
	x := d.ThemeByGroup()
	var printed []string
	walk(heat, func(n *html.Node) {
		if n.Data == "text" {
			printed = append(printed, text(n))
		}
	})
	joined := "|" + strings.Join(printed, "|") + "|"
	for g := range x.Rows {
		for th := range d.Themes {
			if !strings.Contains(joined, "|"+strconv.Itoa(x.Passages[g][th])+"|") {
				t.Errorf("heat map lacks the number %d (%s × %s)", x.Passages[g][th], x.Rows[g], d.Themes[th].Path)
			}
		}
	}
	// One rule (analysis.Backing.Cautions): "Who has your back" rests on
	// two voices, "Odd <one>" on one.
	if len(warnings) != 2 || !strings.Contains(warnings[0], "rests on two participants' words") || !strings.Contains(warnings[1], "rests on one participant's words") {
		t.Errorf("warnings = %q", warnings)
	}
	for _, want := range []string{"Supported by 4 participants of 5 in 2 groups of 2", "No agreement table: no source is marked done by every coder.",
		"Ser la única cansa.", "— Mara, North, fg01, turn 2", "consensus", "all coders"} {
		if !strings.Contains(page, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
}

func TestMarkdown(t *testing.T) {
	md := render(t, datasettest.Build(dataset.Policy{}), report.Markdown)
	for _, want := range []string{"# Belonging \\<demo\\> \\& more", "## Themes at a glance", "**Caution:** This theme rests on one participant's words.",
		"| fg01 | North | complete | consensus | 4 |", "\\<script\\>", "> “=SUM(1,2) is what they call me"} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown lacks %q", want)
		}
	}
	// Tables keep their columns: every row of a table has as many cells
	// as its header.
	var cols int
	for _, line := range strings.Split(md, "\n") {
		if !strings.HasPrefix(line, "|") {
			cols = 0
			continue
		}
		n := strings.Count(strings.ReplaceAll(line, `\|`, ""), "|")
		if cols == 0 {
			cols = n
		} else if n != cols {
			t.Errorf("row with %d bars under a header with %d: %s", n, cols, line)
		}
	}
}

// TestReportCountsPassagesAndCodingsApart reads the vocabulary of counts
// in both formats, with the fixture's counts worked out by hand (see
// TestPassagesAndCodingsAreCountedApart in export/dataset).
func TestReportCountsPassagesAndCodingsApart(t *testing.T) {
	d := datasettest.Build(dataset.Policy{})
	for _, f := range []report.Format{report.HTML, report.Markdown} {
		page := html.UnescapeString(render(t, d, f))
		for _, want := range []string{
			"A passage is a distinct stretch of a person's words",
			"Layer: consensus (1 source); all coders (1 source)",
			"Passages coded by every coder",
			// Who has your back: 5 passages from 9 codings; of the two fg02
			// passages (read from ana and ben), both coders marked one.
			"Supported by 4 participants of 5 in 2 groups of 2: 5 passages (9 codings) in 2 sources. Of the 2 passages read from several coders",
			"every coder marked 1.",
			// P3's passage joins c10, c11 (ana, ben) and c13 (ana): one quote.
			"nobody answered, and -- honestly -- I felt invisible 🙂",
			"coded by 2 of 2 coders (ana, ben)",
		} {
			if !strings.Contains(page, want) {
				t.Errorf("%s report lacks %q", f, want)
			}
		}
		if strings.Contains(page, "“I felt invisible 🙂”") {
			t.Errorf("%s report quotes a passage that is part of a larger one", f)
		}
	}
	md := render(t, d, report.Markdown)
	for _, row := range []string{
		"| Invisible work | 2 of 5 | 2 of 2 | 2 | 1 of 1 | 5 |",
		"| Who has your back | 4 of 5 | 2 of 2 | 5 | 1 of 2 | 9 |",
		"| belonging/isolation | 2 | 5 | 2 |",
		"| support/peer | 4 | 4 | 3 |",
	} {
		if !strings.Contains(md, row) {
			t.Errorf("the Markdown lacks the row %q", row)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]report.Format{"html": report.HTML, "HTM": report.HTML, "md": report.Markdown, "markdown": report.Markdown} {
		if got, err := report.ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := report.ParseFormat("pdf"); err == nil {
		t.Error("pdf accepted")
	}
}

// TestHTMLInChromium renders the report in headless Chromium (Debian's
// chromium; without it the test skips, or under CI fails): a screenshot at 1280 px, and the page at 640 px wide (what
// 200 % zoom leaves of 1280 px) must not scroll sideways. The screenshot
// is kept when FOCAL_REPORT_SHOTS names a folder, to look at.
func TestHTMLInChromium(t *testing.T) {
	chromium := testenv.Program(t, "chromium")
	dir := t.TempDir()
	if keep := os.Getenv("FOCAL_REPORT_SHOTS"); keep != "" {
		dir = keep
	}
	page := render(t, datasettest.Build(dataset.Policy{IncludeModerators: true}), report.HTML)
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, []byte(page), 0o600); err != nil {
		t.Fatal(err)
	}
	flags := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--hide-scrollbars"}
	shot := filepath.Join(dir, "report.png")
	cmd := exec.Command(chromium, append(flags, "--screenshot="+shot, "--window-size=1280,2000", "file://"+file)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	if fi, err := os.Stat(shot); err != nil || fi.Size() < 10000 {
		t.Fatalf("no screenshot: %v", err)
	}
	// The page measures itself and reports in its title.
	probe := strings.Replace(page, "</body>", `<script>document.title = "width " + document.documentElement.scrollWidth + " of " + window.innerWidth;</script></body>`, 1)
	probeFile := filepath.Join(dir, "probe.html")
	if err := os.WriteFile(probeFile, []byte(probe), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(chromium, append(flags, "--dump-dom", "--window-size=640,2000", "file://"+probeFile)...).Output()
	if err != nil {
		t.Fatalf("chromium --dump-dom: %v", err)
	}
	m := regexp.MustCompile(`<title>width (\d+) of (\d+)</title>`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("the page did not measure itself:\n%.500s", out)
	}
	if w, view := string(m[1]), string(m[2]); w != view {
		t.Errorf("at 640 px the page is %s px wide: it scrolls sideways", w)
	}
}
