package membercheck

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html"

	"github.com/focalqda/focal/corpus/testenv"
	"github.com/focalqda/focal/export/dataset"
	"github.com/focalqda/focal/export/dataset/datasettest"
)

// Internal identifiers a participant must never see: item numbers (T1,
// Q3), UUIDs (a packet's or a coding's id, or the first 8 hex digits of
// one) and signed keys.
var (
	itemNumber = regexp.MustCompile(`\b[TQ][0-9]+\b`)
	uuidLike   = regexp.MustCompile(`(?i)\b[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}\b|\b[0-9a-f]{8}\b`)
)

func packetPage(t *testing.T, p *Packet) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteHTML(&buf, p); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func packetWorkbook(t *testing.T, p *Packet) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteWorkbook(&buf, p, testSecret); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// visibleText is the text a reader of the page sees or hears: text nodes
// outside style, and the attributes a browser shows or reads aloud.
func visibleText(t *testing.T, page []byte) string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "style" {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data + " ")
		}
		for _, a := range n.Attr {
			switch a.Key {
			case "title", "alt", "placeholder", "aria-label":
				b.WriteString(a.Val + " ")
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return strings.Join(strings.Fields(b.String()), " ")
}

// visibleCells is the text of every cell a participant can see in the
// workbook: sheets that are not hidden, columns that are not hidden.
func visibleCells(t *testing.T, f *excelize.File) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, sheet := range f.GetSheetList() {
		if v, err := f.GetSheetVisible(sheet); err != nil || !v {
			continue
		}
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				col, _ := excelize.ColumnNumberToName(c + 1)
				if shown, err := f.GetColVisible(sheet, col); err != nil || !shown || v == "" {
					continue
				}
				out[sheet+"!"+col+strconv.Itoa(r+1)] = v
			}
		}
	}
	return out
}

func TestPacketSaysWhomToContactAndHowAndByWhenToReturnIt(t *testing.T) {
	for _, c := range []struct{ lang, heading, by string }{
		{"en", "How to give us your answers", "Please send us your answers by 31 January 2027."},
		{"es", "Cómo enviarnos sus respuestas", "Por favor, envíenos sus respuestas a más tardar el 31 de enero de 2027."},
	} {
		p := p2Packet(t, c.lang)
		page := visibleText(t, packetPage(t, p))
		cells := visibleCells(t, packetWorkbook(t, p))
		var intro []string
		for ref, v := range cells {
			if strings.HasPrefix(ref, p.Wording.IntroSheet+"!") {
				intro = append(intro, v)
			}
		}
		sheet := strings.Join(intro, "\n")
		for _, want := range []string{c.heading, c.by, testContact, testHow[c.lang]} {
			if !strings.Contains(page, want) {
				t.Errorf("%s page lacks %q:\n%s", c.lang, want, page)
			}
			if !strings.Contains(sheet, want) {
				t.Errorf("%s workbook's introduction lacks %q:\n%s", c.lang, want, sheet)
			}
		}
	}
}

func TestParticipantSeesNoInternalIdentifiers(t *testing.T) {
	for _, lang := range []string{"en", "es"} {
		p := p2Packet(t, lang)
		raw := packetPage(t, p)
		page := visibleText(t, raw)
		if m := itemNumber.FindString(page); m != "" {
			t.Errorf("%s page shows the item number %q:\n%s", lang, m, page)
		}
		if m := uuidLike.FindString(page); m != "" {
			t.Errorf("%s page shows the identifier %q:\n%s", lang, m, page)
		}
		// They are still in the form, for whoever enters the answers.
		for _, want := range []string{`name="packet" value="` + testPacketID + `"`, `name="T1"`, `name="Q1"`} {
			if !bytes.Contains(raw, []byte(want)) {
				t.Errorf("%s page's form lacks %s", lang, want)
			}
		}
		f := packetWorkbook(t, p)
		for ref, v := range visibleCells(t, f) {
			if m := itemNumber.FindString(v); m != "" {
				t.Errorf("%s workbook shows the item number %q in %s: %q", lang, m, ref, v)
			}
			if m := uuidLike.FindString(v); m != "" || strings.Contains(v, "fmc1.") {
				t.Errorf("%s workbook shows an identifier or key in %s: %q", lang, ref, v)
			}
		}
		for _, sheet := range []string{p.Wording.ThemesSheet, p.Wording.QuotesSheet} {
			for _, col := range []string{"A", "B"} {
				if shown, err := f.GetColVisible(sheet, col); err != nil || shown {
					t.Errorf("%s workbook: column %s of %s is not hidden (%v)", lang, col, sheet, err)
				}
			}
			if v, _ := f.GetCellValue(sheet, "B2"); !itemNumber.MatchString(v) {
				t.Errorf("%s workbook: %s!B2 = %q, want the item's number kept (hidden)", lang, sheet, v)
			}
		}
		props, err := f.GetDocProps()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(props.Description, testPacketID) {
			t.Errorf("%s workbook's properties show the packet's id: %q", lang, props.Description)
		}
	}
}

// chromiumDOM loads a page in headless chromium at a width and returns
// the DOM once its scripts have run.
func chromiumDOM(t *testing.T, chromium, file string, width int) []byte {
	t.Helper()
	args := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
		"--disable-sync", "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + t.TempDir(),
		"--virtual-time-budget=30000", "--window-size=" + strconv.Itoa(width) + ",2000", "--dump-dom", "file://" + file}
	out, err := exec.Command(chromium, args...).Output()
	if err != nil {
		t.Fatalf("chromium --dump-dom %s: %v", filepath.Base(file), err)
	}
	return out
}

// textOf returns the text of the element with the id in a dumped DOM.
func textOf(t *testing.T, dom []byte, id string) string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(dom))
	if err != nil {
		t.Fatal(err)
	}
	var found *html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for _, a := range n.Attr {
			if a.Key == "id" && a.Val == id {
				found = n
			}
		}
		for c := n.FirstChild; c != nil && found == nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if found == nil {
		t.Fatalf("the page wrote no #%s:\n%.800s", id, dom)
	}
	var b strings.Builder
	for c := found.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

// withScript is a copy of the page with a script (the test's own, never
// the page's) run at the end of its body.
func withScript(page []byte, script string) []byte {
	return bytes.Replace(page, []byte("</body>"), []byte("<script>"+script+"</script>\n</body>"), 1)
}

// TestPageMeetsWCAG21AAByAxe runs axe-core (the npm package .ci/run pins)
// in headless chromium over the English and Spanish pages with the WCAG
// 2.0 and 2.1 A and AA rules: there must be no violation. Without
// chromium or axe-core the test skips, or under CI fails.
func TestPageMeetsWCAG21AAByAxe(t *testing.T) {
	chromium := testenv.Program(t, "chromium")
	axe, err := os.ReadFile(testenv.NPMFile(t, "axe-core", "axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	const run = `
axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, resultTypes: ["violations"]})
  .then(function (r) {
    var out = document.createElement("pre");
    out.id = "axe-result";
    out.textContent = JSON.stringify({version: r.testEngine.version, passes: r.passes.length, incomplete: r.incomplete.length,
      violations: r.violations.map(function (v) {
        return {id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(function (n) { return n.target.join(" ") + ": " + n.failureSummary; })};
      })});
    document.body.appendChild(out);
  }, function (e) {
    var out = document.createElement("pre");
    out.id = "axe-result";
    out.textContent = JSON.stringify({error: String(e)});
    document.body.appendChild(out);
  });`
	dir := t.TempDir()
	check := func(name string, page []byte) axeResult {
		copyWithAxe := withScript(page, strings.ReplaceAll(string(axe), "</script", `<\/script`)+"</script>\n<script>"+run)
		file := filepath.Join(dir, name+".html")
		if err := os.WriteFile(file, copyWithAxe, 0o600); err != nil {
			t.Fatal(err)
		}
		var result axeResult
		if err := json.Unmarshal([]byte(textOf(t, chromiumDOM(t, chromium, file, 1280), "axe-result")), &result); err != nil {
			t.Fatal(err)
		}
		if result.Error != "" {
			t.Fatalf("%s: axe failed: %s", name, result.Error)
		}
		if result.Version != "4.14.1" || result.Passes == 0 {
			t.Fatalf("%s: axe %s ran %d rules that passed; want axe 4.14.1 checking the page", name, result.Version, result.Passes)
		}
		return result
	}
	// The check can fail: a copy without its language and with a text box
	// unlabelled is two violations.
	broken := bytes.Replace(packetPage(t, p2Packet(t, "en")), []byte(`<html lang="en">`), []byte(`<html>`), 1)
	broken = regexp.MustCompile(`<label for="T1-change">[^<]*</label>`).ReplaceAll(broken, nil)
	found := map[string]bool{}
	for _, v := range check("broken", broken).Violations {
		found[v.ID] = true
	}
	if !found["html-has-lang"] || !found["label"] {
		t.Fatalf("axe did not find the violations put in a copy of the page: %v", found)
	}
	withGroup := func(o *Options) {
		o.Group, o.GroupQuotes, o.Cleared = true, 2, map[string]bool{}
		for _, id := range datasettest.Build(dataset.Policy{}).Codings {
			o.Cleared[id.ID] = true
		}
	}
	for _, lang := range []string{"en", "es"} {
		p := p2Packet(t, lang, withGroup)
		if len(p.Group) == 0 {
			t.Fatalf("%s packet has no group summary", lang)
		}
		result := check("packet-"+lang, packetPage(t, p))
		for _, v := range result.Violations {
			t.Errorf("%s page violates %s (%s): %s\n  %s", lang, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n  "))
		}
		t.Logf("%s page: axe %s, %d rules passed, %d violations", lang, result.Version, result.Passes, len(result.Violations))
	}
}

// axeResult is what the test's script makes of axe.run's results.
type axeResult struct {
	Error      string `json:"error"`
	Version    string `json:"version"`
	Passes     int    `json:"passes"`
	Violations []struct {
		ID, Impact, Help string
		Nodes            []string
	} `json:"violations"`
}

// TestPageHasMarginsAndReflowsIn320Pixels lays the page out in headless
// chromium 320 px wide (a small phone, and 1280 px at 400 % zoom) and
// 1280 px wide: it never scrolls sideways, and its text keeps a margin
// from both edges of the window. Headless chromium's window is at least
// 500 px wide, so the page is laid out in a frame of the width.
func TestPageHasMarginsAndReflowsIn320Pixels(t *testing.T) {
	chromium := testenv.Program(t, "chromium")
	const measure = `
var m = document.querySelector("main").getBoundingClientRect();
parent.document.getElementById("measure").textContent = JSON.stringify({scroll: document.documentElement.scrollWidth, view: window.innerWidth,
  left: m.left, right: window.innerWidth - m.right, fontPx: parseFloat(getComputedStyle(document.body).fontSize)});`
	dir := t.TempDir()
	for _, lang := range []string{"en", "es"} {
		page := withScript(packetPage(t, p2Packet(t, lang)), measure)
		for _, width := range []int{320, 1280} {
			frame := `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>frame</title><style>body{margin:0}</style></head><body>` +
				`<iframe title="packet" style="border:0;width:` + strconv.Itoa(width) + `px;height:2000px" srcdoc="` + html.EscapeString(string(page)) + `"></iframe>` +
				`<pre id="measure"></pre></body></html>`
			file := filepath.Join(dir, "measure-"+lang+"-"+strconv.Itoa(width)+".html")
			if err := os.WriteFile(file, []byte(frame), 0o600); err != nil {
				t.Fatal(err)
			}
			var got struct {
				Scroll, View        int
				Left, Right, FontPx float64
			}
			if err := json.Unmarshal([]byte(textOf(t, chromiumDOM(t, chromium, file, 1400), "measure")), &got); err != nil {
				t.Fatal(err)
			}
			if got.View != width {
				t.Fatalf("%s at %d px: the window is %d px wide", lang, width, got.View)
			}
			if got.Scroll > got.View {
				t.Errorf("%s at %d px: the page is %d px wide, it scrolls sideways", lang, width, got.Scroll)
			}
			// At least one line's height of margin on each side.
			if got.Left < got.FontPx || got.Right < got.FontPx {
				t.Errorf("%s at %d px: the text is %.0f px from the left edge and %.0f px from the right; want at least %.0f", lang, width, got.Left, got.Right, got.FontPx)
			}
		}
	}
}

// TestPagePrintsWithMargins prints the page to PDF in chromium on A4 and
// on Letter: the print styles give the page margins of its own (@page),
// and printing succeeds on both papers.
func TestPagePrintsWithMargins(t *testing.T) {
	page := packetPage(t, p2Packet(t, "es"))
	if !regexp.MustCompile(`@page \{ margin: 2cm 1.8cm; \}`).Match(page) || !bytes.Contains(page, []byte("@media print")) {
		t.Fatal("the page has no @page margins and print styles")
	}
	chromium := testenv.Program(t, "chromium")
	dir := t.TempDir()
	mediaBox := regexp.MustCompile(`/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]`)
	for paper, size := range map[string]string{"A4": "210mm 297mm", "Letter": "8.5in 11in"} {
		// The paper is chosen as a print dialog would: by a size the page
		// itself does not set.
		sized := bytes.Replace(page, []byte("</style>"), []byte("@page { size: "+size+"; }\n</style>"), 1)
		file := filepath.Join(dir, paper+".html")
		if err := os.WriteFile(file, sized, 0o600); err != nil {
			t.Fatal(err)
		}
		pdf := filepath.Join(dir, paper+".pdf")
		cmd := exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
			"--user-data-dir="+t.TempDir(), "--no-pdf-header-footer", "--print-to-pdf="+pdf, "file://"+file)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: chromium --print-to-pdf: %v\n%s", paper, err, out)
		}
		b, err := os.ReadFile(pdf)
		if err != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
			t.Fatalf("%s: no PDF: %v", paper, err)
		}
		// Every page is of the paper, in points (A4 595 × 842, Letter 612 × 792).
		want := map[string][2]float64{"A4": {595.3, 841.9}, "Letter": {612, 792}}[paper]
		boxes := mediaBox.FindAllSubmatch(b, -1)
		if len(boxes) == 0 {
			t.Fatalf("%s: the PDF has no page", paper)
		}
		for _, m := range boxes {
			w, _ := strconv.ParseFloat(string(m[1]), 64)
			h, _ := strconv.ParseFloat(string(m[2]), 64)
			if w < want[0]-1 || w > want[0]+1 || h < want[1]-1 || h > want[1]+1 {
				t.Errorf("%s: a page is %.0f × %.0f points, want %.0f × %.0f", paper, w, h, want[0], want[1])
			}
		}
		if keep := os.Getenv("FOCAL_PACKET_SHOTS"); keep != "" {
			if err := os.WriteFile(filepath.Join(keep, "packet-"+paper+".pdf"), b, 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
}
