package workspace

import (
	"context"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/tui/internal/fixture"
)

// The sizes the issue asks to stay fast on: a 300,000-character transcript
// with 2,000 codings.
const (
	benchChars   = 300_000
	benchCodings = 2_000
)

// openLikeProgram starts a workspace and runs its commands concurrently, as
// the program does, until the source is on screen. It returns the model
// and a function that waits for the reads still running (progress).
func openLikeProgram(tb testing.TB, p *fixture.Project, w, h int, opts Options) (Model, func()) {
	tb.Helper()
	if opts.Coder == "" {
		opts.Coder = fixture.Coder
	}
	msgs := make(chan tea.Msg, 256)
	var wg sync.WaitGroup
	var start func(tea.Cmd)
	start = func(cmd tea.Cmd) {
		if cmd == nil {
			return
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			switch msg := cmd().(type) {
			case nil:
			case tea.BatchMsg:
				for _, c := range msg {
					start(c)
				}
			default:
				msgs <- msg
			}
		}()
	}
	var m tea.Model = New(context.Background(), p.Study, opts)
	m, _ = m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	start(m.Init())
	timeout := time.After(30 * time.Second)
	for !m.(Model).transcript.Loaded() {
		select {
		case msg := <-msgs:
			var cmd tea.Cmd
			m, cmd = m.Update(msg)
			start(cmd)
		case <-timeout:
			tb.Fatal("the source did not open within 30 s")
		}
	}
	_ = m.View()
	return m.(Model), wg.Wait
}

// BenchmarkOpen measures opening a long source as the program does: from
// a new workspace to the first screen of text, reading the coders, the
// codebook, the sources, then the text, turns, units and codings. Progress
// is read alongside and does not hold the text back; the wait for it is
// left out of the timing.
func BenchmarkOpen(b *testing.B) {
	p := fixture.Large(b, benchChars, benchCodings)
	b.ReportAllocs()
	for b.Loop() {
		_, wait := openLikeProgram(b, p, 120, 40, Options{Source: "long"})
		b.StopTimer()
		wait()
		b.StartTimer()
	}
}

// BenchmarkKeypress measures one key press through the whole workspace
// (Update, then View) on the long source, cycling through motions by line,
// word, sentence, turn, screen and coding, and a sentence selection.
func BenchmarkKeypress(b *testing.B) {
	p := fixture.Large(b, benchChars, benchCodings)
	m, wait := openLikeProgram(b, p, 120, 40, Options{Source: "long"})
	wait()
	cycle := []tea.KeyPressMsg{press("j"), press("w"), press(")"), press("}"), press("pgdown"), press("]"), press("l"), press("s"), press("esc")}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		next, _ := m.Update(cycle[i%len(cycle)])
		m = next.(Model)
		_ = m.View()
		i++
		if i%900 == 0 {
			// Back to the top now and then, so that long runs keep moving
			// through the text instead of pressing against its end.
			next, _ = m.Update(press("g"))
			m = next.(Model)
		}
	}
}
