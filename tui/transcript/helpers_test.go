package transcript

import (
	"strings"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/tui/internal/keypress"
	"github.com/focalqda/focal/tui/style"
)

// spoken is one turn of a test transcript.
type spoken struct {
	label, text string
	ms          int64
}

// buildDocument lays turns out as stored text ("Label: words\n").
func buildDocument(turns []spoken) Document {
	var b strings.Builder
	var d Document
	pos := 0
	for i, t := range turns {
		head := t.label + ": "
		b.WriteString(head)
		pos += utf8.RuneCountInString(head)
		start := pos
		b.WriteString(t.text)
		pos += utf8.RuneCountInString(t.text)
		d.Turns = append(d.Turns, Turn{Seq: i + 1, Label: t.label, Speaker: t.label, Start: start, End: pos, StartMS: t.ms,
			Moderator: t.label == "MOD"})
		b.WriteString("\n")
		pos++
	}
	d.Text = b.String()
	return d
}

func sampleDocument() Document {
	return buildDocument([]spoken{
		{"MOD", "Welcome, everyone. When you hear the phrase feeling like you belong in residency, what comes to mind first?", 3000},
		{"P04", "For me it's whether people notice when you're not there. Like, if I called out sick, would someone say we miss her? That's kind of my test.", 232000},
		{"P01", "That's a good test. I think I'd fail it on some rotations.\nNot because people are mean.", 259000},
		{"P02", "Tôi là Thảo 🙂 — 日本語のテキストも大丈夫です。 Café crème, naïve.", 280000},
		{"MOD", "What would you change first?", 301000},
	})
}

// press makes a key press from its name.
func press(name string) tea.KeyPressMsg { return keypress.Of(name) }

// keys sends key presses and runs the commands they return, feeding
// messages back as the program would, and returns the intents the pane
// sent to the workspace.
func keys(m Model, names ...string) (Model, []tea.Msg) {
	var sent []tea.Msg
	for _, n := range names {
		var cmd tea.Cmd
		m, cmd = m.Update(press(n))
		if cmd != nil {
			sent = append(sent, cmd())
		}
	}
	return m, sent
}

func newTestModel(w, h int, mono bool) Model {
	m := New(style.Theme{Mono: mono})
	m.SetSize(w, h)
	m.SetDocument(sampleDocument())
	return m
}
