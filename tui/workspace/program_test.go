package workspace

import (
	"bytes"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/focalqda/focal/tui/internal/fixture"
)

// program is the workspace running as a program, with everything it has
// drawn so far.
type program struct {
	*teatest.TestModel
	drawn *bytes.Buffer
}

// startProgram runs the workspace as a program on a fixed-size screen
// with a fixed colour profile.
func startProgram(t *testing.T, p *fixture.Project, opts Options) program {
	t.Helper()
	tm := teatest.NewTestModel(t, New(t.Context(), p.Study, opts), teatest.WithInitialTermSize(80, 24),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ANSI256)))
	return program{TestModel: tm, drawn: &bytes.Buffer{}}
}

// waitFor waits until the program has drawn text (at any time since it
// started: reading the output consumes it, so it is kept here).
func waitFor(t *testing.T, tm program, text string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		tm.drawn.Write(b)
		found := bytes.Contains(tm.drawn.Bytes(), []byte(text))
		tm.drawn.Truncate(tm.drawn.Len() - len(b))
		if found {
			tm.drawn.Write(b)
		}
		return found
	}, teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

func sendKeys(tm program, names ...string) {
	for _, n := range names {
		tm.Send(press(n))
	}
}

// finalScreen quits and returns the last screen, as a terminal with 256
// colours receives it.
func finalScreen(t *testing.T, tm program) []byte {
	t.Helper()
	sendKeys(tm, "q")
	m := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(Model)
	return withProfile(t, m.View().Content, colorprofile.ANSI256)
}

func TestProgramCodesATurnAndQuits(t *testing.T) {
	p := fixture.Small(t)
	tm := startProgram(t, p, ben)
	waitFor(t, tm, "7 turns")
	waitFor(t, tm, "not done") // progress has arrived
	sendKeys(tm, "}", "t", "c")
	waitFor(t, tm, "type to filter")
	tm.Type("ment")
	waitFor(t, tm, "Guidance from")
	sendKeys(tm, "enter")
	waitFor(t, tm, "saved: coded")
	golden.RequireEqual(t, finalScreen(t, tm))
	if !hasCoding(codingsOf(t, p, "ben"), "support/mentorship", turnText(t, p, 2)) {
		t.Error("the coding is not in the project")
	}
}

func TestProgramAsksWhoIsCodingAndFilters(t *testing.T) {
	p := fixture.Small(t)
	tm := startProgram(t, p, Options{})
	waitFor(t, tm, "Who is coding?")
	sendKeys(tm, "2")
	waitFor(t, tm, "7 turns")
	waitFor(t, tm, "not done")
	sendKeys(tm, "f")
	waitFor(t, tm, "Show only the text")
	tm.Type("mentor")
	sendKeys(tm, "enter")
	waitFor(t, tm, "showing 1 turn")
	golden.RequireEqual(t, finalScreen(t, tm))
}
