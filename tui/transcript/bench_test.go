package transcript

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/tui/style"
)

// longDocument generates a transcript of about chars code points with
// codings codings, some across turns.
func longDocument(chars, codings int) (Document, []Coding) {
	r := rand.New(rand.NewPCG(3, 4))
	words := strings.Fields("the team people rotation attending senior intern resident belong notice feel café naïve Thảo 日本 🙂 well-being don't")
	var turns []spoken
	total := 0
	for total < chars {
		var b strings.Builder
		for range 1 + r.IntN(6) {
			for w := range 5 + r.IntN(16) {
				if w > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(words[r.IntN(len(words))])
			}
			b.WriteString(". ")
		}
		text := strings.TrimSpace(b.String())
		turns = append(turns, spoken{label: fmt.Sprintf("P%02d", len(turns)%6), text: text, ms: int64(len(turns)) * 9000})
		total += len([]rune(text)) + 6
	}
	d := buildDocument(turns)
	theme := style.Theme{}
	var cs []Coding
	for i := range codings {
		t := d.Turns[r.IntN(len(d.Turns))]
		start := t.Start + r.IntN(max((t.End-t.Start)/2, 1))
		end := min(start+20+r.IntN(200), t.End)
		if i%10 == 0 && t.Seq < len(d.Turns) {
			end = d.Turns[t.Seq].Start + 30
		}
		code := i % 23
		cs = append(cs, Coding{ID: fmt.Sprint(i), CodeID: fmt.Sprint(code), Name: fmt.Sprintf("code%d", code), Own: true,
			Start: start, End: end, Color: theme.CodeColor(code, "")})
	}
	return d, cs
}

// BenchmarkTranscriptOpen measures the pane alone taking a long source:
// indexing the text and codings and drawing the first screen.
func BenchmarkTranscriptOpen(b *testing.B) {
	d, cs := longDocument(300_000, 2_000)
	b.ReportAllocs()
	for b.Loop() {
		m := New(style.Theme{})
		m.SetSize(118, 38)
		m.SetDocument(d)
		m.SetCodings(cs)
		_ = m.View()
	}
}

// BenchmarkTranscriptKeypress measures one key press in the pane alone
// (Update, then View) on a long source.
func BenchmarkTranscriptKeypress(b *testing.B) {
	d, cs := longDocument(300_000, 2_000)
	m := New(style.Theme{})
	m.SetSize(118, 38)
	m.SetDocument(d)
	m.SetCodings(cs)
	cycle := []tea.KeyPressMsg{press("j"), press("w"), press(")"), press("}"), press("pgdown"), press("]"), press("l"), press("s"), press("esc")}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		m, _ = m.Update(cycle[i%len(cycle)])
		_ = m.View()
		i++
		if i%900 == 0 {
			m, _ = m.Update(press("g"))
		}
	}
}
