package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html"

	"github.com/focalqda/focal/coding/study"
)

// What a participant must not see in a packet: item numbers (T1, Q3),
// UUIDs or the first 8 hex digits of one (a packet's or a coding's id),
// and signed keys.
var (
	packetItemNumber = regexp.MustCompile(`\b[TQ][0-9]+\b`)
	packetIDLike     = regexp.MustCompile(`(?i)\b[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}\b|\b[0-9a-f]{8}\b|fmc1\.`)
)

// pageText is the text a participant sees or hears on a packet page: its
// text nodes outside style, and the attributes a browser shows or reads.
func pageText(t *testing.T, path string) (text string, quotes []string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	var walk func(n *html.Node, inQuote bool)
	walk = func(n *html.Node, inQuote bool) {
		if n.Type == html.ElementNode && n.Data == "style" {
			return
		}
		if n.Type == html.ElementNode && n.Data == "blockquote" {
			inQuote = true
		}
		if n.Type == html.TextNode {
			sb.WriteString(n.Data + " ")
			if inQuote && strings.TrimSpace(n.Data) != "" {
				quotes = append(quotes, strings.Trim(strings.TrimSpace(n.Data), "“”"))
			}
		}
		for _, a := range n.Attr {
			if a.Key == "title" || a.Key == "alt" || a.Key == "placeholder" || a.Key == "aria-label" {
				sb.WriteString(a.Val + " ")
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inQuote)
		}
	}
	walk(doc, false)
	return strings.Join(strings.Fields(sb.String()), " "), quotes
}

// shownCells is every non-empty cell a participant can see in a packet
// workbook (visible sheets and columns), by sheet.
func shownCells(t *testing.T, path string) map[string][]string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][]string{}
	for _, sheet := range f.GetSheetList() {
		if v, _ := f.GetSheetVisible(sheet); !v {
			continue
		}
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows {
			for c, v := range row {
				col, _ := excelize.ColumnNumberToName(c + 1)
				if shown, _ := f.GetColVisible(sheet, col); shown && v != "" {
					out[sheet] = append(out[sheet], v)
				}
			}
		}
	}
	return out
}

// TestPacketsSayHowToReturnThemAndShowNoInternalIDs exports packets on
// the demo through the CLI: without a contact, a date and how to return
// them, export names the flag to give and writes nothing; with them, the
// English and Spanish pages and workbooks say them in their language, the
// project keeps them for the next export, no internal identifier is
// visible, an answered workbook imports, and an answer given on the
// printed page is recorded by the quote's words.
func TestPacketsSayHowToReturnThemAndShowNoInternalIDs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo project")
	}
	t.Parallel()
	dir, run := privacyProject(t)
	mustRun(t, run, "deid", "scan", "--no-ner")
	mustRun(t, run, "deid", "accept", "--all")
	packets := filepath.Join(dir, "packets")
	export := []string{"membercheck", "export", "--participant", "P07", "--participant", "P25", "--out", packets}

	// Missing, wrong or past: one line naming the flag; nothing written or kept.
	for _, c := range []struct {
		flags []string
		want  string
	}{
		{nil, "focal: membercheck export: packets must say whom to contact; give --contact TEXT (no packet was written)\n"},
		{[]string{"--contact", "Dr Sam Whitfield"}, "focal: membercheck export: packets must say by when to return them; give --return-by YYYY-MM-DD (no packet was written)\n"},
		{[]string{"--contact", "Dr Sam Whitfield", "--return-by", "31/01/2099", "--return-how", "By email"}, "focal: membercheck export: the date to return packets by, \"31/01/2099\", is not a date written YYYY-MM-DD (such as 2027-01-31)\n"},
		{[]string{"--contact", "Dr Sam Whitfield", "--return-by", "2020-01-31", "--return-how", "By email"}, "focal: membercheck export: the date to return packets by, 2020-01-31, has passed; give a later one\n"},
	} {
		_, errOut := mustFail(t, run, append(export, c.flags...)...)
		if errOut != c.want {
			t.Errorf("export %q:\n got %q\nwant %q", c.flags, errOut, c.want)
		}
		if _, err := os.Stat(packets); !os.IsNotExist(err) {
			t.Fatalf("export %q wrote %s", c.flags, packets)
		}
	}
	// The contact given alone is kept; flags refused together change nothing.
	var log []struct {
		Kind string `json:"kind"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, run, "log", "--kind", "membercheck.", "--json")), &log); err != nil {
		t.Fatal(err)
	}
	if n := countKind(log, "membercheck.return-set"); n != 1 {
		t.Errorf("%d membercheck.return-set events after the refused exports, want 1 (the contact, given alone)", n)
	}

	const (
		contact = "Dr Sam Whitfield, s.whitfield@example.org, 555 0100"
		howEN   = "Email the workbook to s.whitfield@example.org, or post the printed page to Room 12, School of Medicine."
		howES   = "Envíe el libro por correo a s.whitfield@example.org, o la página impresa a la Sala 12, Facultad de Medicina."
	)
	out := mustRun(t, run, append(export, "--contact", contact, "--return-by", "2099-01-31", "--return-how", howEN, "--return-how", "es="+howES)...)
	if !strings.Contains(out, "they ask for answers by 2099-01-31; contact: "+contact+"\n") {
		t.Errorf("export does not say what the packets ask:\n%s", out)
	}

	var codings []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, run, "coding", "list", "--json")), &codings); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, c := range codings {
		ids[c.ID[:8]] = true
	}
	var p07Quotes []string
	for _, c := range []struct{ participant, lang, by, intro string }{
		{"P07", "en", "Please send us your answers by 31 January 2099.", "Introduction"},
		{"P25", "es", "Por favor, envíenos sus respuestas a más tardar el 31 de enero de 2099.", "Introducción"},
	} {
		how := map[string]string{"en": howEN, "es": howES}[c.lang]
		text, quotes := pageText(t, filepath.Join(packets, c.participant+"-"+c.lang+".html"))
		if c.participant == "P07" {
			p07Quotes = quotes
		}
		cells := shownCells(t, filepath.Join(packets, c.participant+"-"+c.lang+".xlsx"))
		intro := strings.Join(cells[c.intro], "\n")
		for _, want := range []string{c.by, contact, how} {
			if !strings.Contains(text, want) {
				t.Errorf("%s's page lacks %q", c.participant, want)
			}
			if !strings.Contains(intro, want) {
				t.Errorf("%s's workbook (sheet %s) lacks %q:\n%s", c.participant, c.intro, want, intro)
			}
		}
		shown := []string{text}
		for _, vs := range cells {
			shown = append(shown, vs...)
		}
		for _, s := range shown {
			if m := packetItemNumber.FindString(s); m != "" {
				t.Errorf("%s's packet shows the item number %q in %.80q", c.participant, m, s)
			}
			for _, m := range packetIDLike.FindAllString(s, -1) {
				t.Errorf("%s's packet shows the identifier %q in %.80q (a coding's: %v)", c.participant, m, s, ids[strings.ToLower(m)])
			}
		}
	}

	// Kept in the project: the next export needs no flag.
	other := filepath.Join(dir, "again")
	var sum membercheckExportSummary
	if err := json.Unmarshal([]byte(mustRun(t, run, "membercheck", "export", "--participant", "P07", "--out", other, "--json")), &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Return == nil || sum.Return.Contact != contact || sum.Return.By != "2099-01-31" || sum.Return.How["en"] != howEN {
		t.Errorf("export --json: return %+v", sum.Return)
	}
	if text, _ := pageText(t, filepath.Join(other, "P07-en.html")); !strings.Contains(text, contact) || !strings.Contains(text, howEN) {
		t.Errorf("the second export forgot what the first was told:\n%s", text)
	}

	// The answered workbook comes back.
	thES, qsES := packetSheets("es")
	fillPacket(t, filepath.Join(packets, "P25-es.xlsx"), map[string]string{thES + "!F2": "Sí", qsES + "!E2": "Quitar"})
	if out := mustRun(t, run, "membercheck", "import", filepath.Join(packets, "P25-es.xlsx")); !strings.Contains(out, "P25-es.xlsx (P25): 2 answers, 2 new or changed") {
		t.Errorf("import: %s", out)
	}
	// An answer on P07's printed page is recorded by the quote's words.
	if len(p07Quotes) == 0 {
		t.Fatal("P07's page shows no quote")
	}
	words := strings.Fields(p07Quotes[0])
	if len(words) > 6 {
		words = words[:6]
	}
	if out := mustRun(t, run, "membercheck", "record", "--participant", "P07", "--quote", strings.Join(words, " "), "--answer", "remove", "--via", "paper"); out != "recorded 1 answer of P07\n" {
		t.Errorf("record by words: %q", out)
	}
	var status membercheckStatus
	if err := json.Unmarshal([]byte(mustRun(t, run, "membercheck", "status", "--json")), &status); err != nil {
		t.Fatal(err)
	}
	removed := map[string]bool{}
	for _, q := range status.Quotes {
		removed[q.Participant] = removed[q.Participant] || q.Answer == "remove"
	}
	if !removed["P07"] || !removed["P25"] {
		t.Errorf("quotes removed: %v, want P07 (on paper) and P25 (workbook)", removed)
	}
	_, errOut := mustFail(t, run, "membercheck", "record", "--participant", "P07", "--quote", "words nobody said at all", "--answer", "remove")
	if errOut != "focal: membercheck record: no quote of P07 holds the words \"words nobody said at all\" in the exported layer (give them as the page shows them, or a coding's id from `focal coding list`)\n" {
		t.Errorf("record of words not in a quote: %q", errOut)
	}
}

func countKind(log []struct {
	Kind string `json:"kind"`
}, kind string) int {
	n := 0
	for _, e := range log {
		if e.Kind == kind {
			n++
		}
	}
	return n
}

// TestExportAsksForWhatPacketsMissOnATerminal: with a terminal on standard
// input, export asks for the contact, the date and how to return packets,
// asks again after an answer it cannot use, and keeps the answers.
func TestExportAsksForWhatPacketsMissOnATerminal(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	var errOut strings.Builder
	app := &App{Getenv: func(string) string { return "" }, Dir: dir, Stderr: &errOut,
		Stdin: strings.NewReader("Dr Sam Whitfield\n\n2020-01-01\n2099-01-31\nBy email to s.whitfield@example.org\n")}
	st, err := study.Create(ctx, filepath.Join(dir, "study.focal"), "Belonging")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	got, err := settleReturn(ctx, app, st, returnFlags{}, []string{"en", "es"}, true)
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	if got.Contact != "Dr Sam Whitfield" || got.By != "2099-01-31" || study.ReturnHowIn(got, "es") != "By email to s.whitfield@example.org" {
		t.Errorf("kept %+v", got)
	}
	asked := errOut.String()
	for _, want := range []string{"Whom should participants contact", "By what date", "has passed", "How should participants return"} {
		if !strings.Contains(asked, want) {
			t.Errorf("the questions lack %q:\n%s", want, asked)
		}
	}
	kept, err := st.MemberCheckReturn(ctx)
	if err != nil || kept.Contact != got.Contact || kept.By != got.By {
		t.Errorf("the project keeps %+v (%v)", kept, err)
	}
	// The end of the input before an answer: nothing more is kept.
	app.Stdin = strings.NewReader("")
	if _, err := settleReturn(ctx, app, st, returnFlags{}, []string{"en"}, true); err != nil {
		t.Errorf("nothing was missing, yet: %v", err)
	}
}

func TestReturnHowNamesALanguageOnlyForPacketLanguages(t *testing.T) {
	got := returnFlags{returnHow: []string{"es=Envíelo por correo.", "es-MX=Por correo postal.", "ok=then email it", "By email."}}.apply(study.MemberCheckReturn{})
	want := map[string]string{"es": "Por correo postal.", "": "By email."}
	if len(got.How) != len(want) || got.How["es"] != want["es"] || got.How[""] != want[""] {
		t.Errorf("how = %q, want %q (the later es wins; ok= is text, replaced by the later text for every language)", got.How, want)
	}
	got = returnFlags{returnHow: []string{"ok=then email it"}}.apply(study.MemberCheckReturn{Contact: "kept"})
	if got.How[""] != "ok=then email it" || got.Contact != "kept" {
		t.Errorf("apply = %+v", got)
	}
}
