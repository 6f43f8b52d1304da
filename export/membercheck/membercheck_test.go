package membercheck

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html"

	"github.com/focalqda/focal/coding/membercheck"
	"github.com/focalqda/focal/export/dataset"
	"github.com/focalqda/focal/export/dataset/datasettest"
)

var testSecret = []byte("0123456789abcdef0123456789abcdef")

// What the test packets say about returning them.
const (
	testPacketID = "2579015d-6c1e-4b7a-9d0e-3f51a2b4c6d8"
	testContact  = "Dr Ana Ruiz, ana.ruiz@example.org, 555 0100"
)

var testHow = map[string]string{"en": "Email the workbook to ana.ruiz@example.org.", "es": "Envíe el libro por correo a ana.ruiz@example.org."}

func p2Packet(t *testing.T, lang string, change ...func(*Options)) *Packet {
	t.Helper()
	return p2PacketFor(t, lang, change...)
}

// p2PacketFor is p2Packet for tests, benchmarks and fuzz tests alike.
func p2PacketFor(t testing.TB, lang string, change ...func(*Options)) *Packet {
	t.Helper()
	d := datasettest.Build(dataset.Policy{})
	o := Options{ID: testPacketID, ProjectID: "proj", ProjectTitle: "Belonging", Participant: "P2", Pseudonym: "Tom",
		Language: lang, Intro: membercheck.DefaultIntroduction(lang), SourceHashes: map[string]string{},
		Contact: testContact, ReturnBy: "2027-01-31", ReturnHow: testHow[lang]}
	for _, c := range change {
		c(&o)
	}
	p, notes, err := Build(d, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("notes: %q", notes)
	return p
}

func TestPacketHoldsOnlyTheParticipantsWords(t *testing.T) {
	p := p2Packet(t, "es")
	if len(p.Themes) == 0 || len(p.Quotes) == 0 {
		t.Fatalf("packet: %+v", p)
	}
	for _, q := range p.Quotes {
		for _, other := range []string{"Say more", "=SUM", "Welcome"} {
			if strings.Contains(q.Text, other) {
				t.Errorf("quote %s shows someone else's words: %q", q.Ref, q.Text)
			}
		}
	}
	if !strings.HasPrefix(p.Intro, "Hola, Tom:") || p.Wording.ThemesSheet != "Temas" {
		t.Errorf("not in Spanish: %q", p.Intro)
	}
	for _, th := range p.Themes {
		if th.Name == "Invisible work" && th.Summary != "Ser la única cansa." {
			t.Errorf("summary %q", th.Summary)
		}
	}
}

func TestWorkbookRoundTrip(t *testing.T) {
	p := p2Packet(t, "en")
	var buf bytes.Buffer
	if err := WriteWorkbook(&buf, p, testSecret); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	th, qs := p.Wording.ThemesSheet, p.Wording.QuotesSheet
	f.SetCellStr(th, "F2", "partly")
	f.SetCellStr(th, "G2", "More on nights.")
	f.SetCellStr(qs, "F2", "Better words.") // wording alone means Edit
	if len(p.Themes) > 1 {
		f.SetCellStr(th, "F3", "sometimes")
	}
	var back bytes.Buffer
	f.Write(&back)
	f.Close()
	ret := bytes.NewReader(back.Bytes())
	checked, err := ReadReturned(ret, ret.Size(), "proj", testSecret)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Answer{}
	for _, a := range checked.Answers {
		got[a.Key.Item] = a
	}
	if a := got["theme"]; a.Value != "partly" || a.Comment != "More on nights." || a.Key.Theme != p.Themes[0].ID {
		t.Errorf("theme answer %+v", a)
	}
	if a := got["quote"]; a.Value != "edit" || a.Comment != "Better words." || a.Key.Coding != p.Quotes[0].CodingID {
		t.Errorf("quote answer %+v", a)
	}
	if len(p.Themes) > 1 && (len(checked.Problems) != 1 || checked.Problems[0].Row != 3 || checked.Problems[0].Sheet != th) {
		t.Errorf("problems: %+v", checked.Problems)
	}
	if _, err := ReadReturned(ret, ret.Size(), "another", testSecret); err == nil {
		t.Error("a packet of another project was accepted")
	}
	if _, err := ReadReturned(ret, ret.Size(), "proj", []byte("another secret, another project!")); err == nil {
		t.Error("a packet was accepted under another secret")
	}
}

func TestPageIsAccessible(t *testing.T) {
	p := p2Packet(t, "es")
	var buf bytes.Buffer
	if err := WriteHTML(&buf, p); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	var labels []string
	var headings []int
	var inputs []*html.Node
	var walk func(n *html.Node, inLabel bool)
	walk = func(n *html.Node, inLabel bool) {
		if n.Type == html.ElementNode {
			attr := map[string]string{}
			for _, a := range n.Attr {
				attr[a.Key] = a.Val
			}
			if id := attr["id"]; id != "" {
				ids[id] = true
			}
			switch n.Data {
			case "html":
				if attr["lang"] != "es" {
					t.Errorf("lang = %q", attr["lang"])
				}
			case "h1", "h2", "h3", "h4":
				headings = append(headings, int(n.Data[1]-'0'))
			case "label":
				labels = append(labels, attr["for"])
				inLabel = true
			case "input", "textarea":
				if !inLabel && n.Data == "input" && attr["type"] != "hidden" {
					t.Errorf("an input without a label")
				}
				if n.Data == "textarea" {
					inputs = append(inputs, n)
				}
			case "script", "link", "img":
				t.Errorf("the page loads or runs something: <%s>", n.Data)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inLabel)
		}
	}
	walk(doc, false)
	for _, ta := range inputs {
		id := ""
		for _, a := range ta.Attr {
			if a.Key == "id" {
				id = a.Val
			}
		}
		found := false
		for _, l := range labels {
			found = found || l == id
		}
		if !found {
			t.Errorf("text box %q has no label", id)
		}
	}
	if len(headings) == 0 || headings[0] != 1 {
		t.Fatalf("headings %v", headings)
	}
	for i := 1; i < len(headings); i++ {
		if headings[i] > headings[i-1]+1 {
			t.Errorf("heading level jumps from h%d to h%d", headings[i-1], headings[i])
		}
	}
	for _, want := range []string{"Sí", "Parcialmente", "Quitar", "¿Esto refleja su experiencia?"} {
		if !bytes.Contains(buf.Bytes(), []byte(want)) {
			t.Errorf("the page lacks %q", want)
		}
	}
}
