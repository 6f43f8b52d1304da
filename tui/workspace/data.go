package workspace

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/tui/codebook"
	"github.com/focalqda/focal/tui/codepicker"
	"github.com/focalqda/focal/tui/internal/turnlabel"
	"github.com/focalqda/focal/tui/sourcelist"
	"github.com/focalqda/focal/tui/transcript"
)

// Messages that bring data read in commands back to Update.
type (
	// coderListMsg carries the project's coders, read at start.
	coderListMsg struct {
		coders []coding.Coder
		err    error
	}
	// overviewMsg carries the sources, the codebook and blinding.
	overviewMsg struct {
		blinding study.Blinding
		sources  []corpus.Source
		codes    []coding.Code
		lastSeq  int64
		err      error
	}
	// progressMsg carries every coder's progress as the viewer may see it.
	progressMsg struct {
		progress []study.Progress
		err      error
	}
	// sourceMsg carries one source ready to read.
	sourceMsg struct {
		gen       int
		source    corpus.Source
		text      string
		turns     []corpus.Turn
		words     []corpus.Span
		sentences []corpus.Span
		codings   []coding.Coding
		keepAt    int // cursor to restore (a re-read of the same source), or -1
		err       error
	}
	// codingsMsg carries the codings of the open source, re-read.
	codingsMsg struct {
		gen      int
		sourceID string
		codings  []coding.Coding
		err      error
	}
	// tickMsg wakes the workspace to look for other people's changes.
	tickMsg struct{}
	// lastEventMsg carries the number of the project's latest event.
	lastEventMsg struct{ seq int64 }
)

func (m Model) loadCoders() tea.Cmd {
	ctx, s := m.ctx, m.study
	return func() tea.Msg {
		coders, err := s.Coders(ctx)
		return coderListMsg{coders: coders, err: err}
	}
}

// loadOverview reads sources, codes and blinding for the viewer.
func (m Model) loadOverview() tea.Cmd {
	ctx, s, p := m.ctx, m.study, study.As(m.coder)
	return func() tea.Msg {
		var out overviewMsg
		var err error
		if out.blinding, err = s.Blinding(ctx); err != nil {
			return overviewMsg{err: err}
		}
		if out.sources, err = s.Sources(ctx); err != nil {
			return overviewMsg{err: err}
		}
		if out.codes, err = s.Codes(ctx, p, study.CodeFilter{}); err != nil {
			return overviewMsg{err: err}
		}
		out.lastSeq = lastChange(ctx, s)
		return out
	}
}

// loadProgress reads progress on its own: on long sources it is the
// slowest read (it matches every turn against every coding), and nothing
// should wait for it.
func (m Model) loadProgress() tea.Cmd {
	ctx, s, p := m.ctx, m.study, study.As(m.coder)
	return func() tea.Msg {
		progress, err := s.Progress(ctx, p)
		return progressMsg{progress: progress, err: err}
	}
}

// lastChange is the number of the project's latest event (0 when it
// cannot be read: the next poll tries again).
func lastChange(ctx context.Context, s Study) int64 {
	seq, err := s.LastChange(ctx)
	if err != nil {
		return 0
	}
	return seq
}

// loadSource reads a source's text, turns, units and the codings the viewer
// may see. Sources imported without units get words and sentences found by
// the transcript itself.
func (m Model) loadSource(gen int, src corpus.Source, keepAt int) tea.Cmd {
	ctx, s, p := m.ctx, m.study, study.As(m.coder)
	return func() tea.Msg {
		out := sourceMsg{gen: gen, source: src, keepAt: keepAt}
		var err error
		if out.text, err = s.SourceText(ctx, src.ID); err != nil {
			out.err = err
			return out
		}
		if out.turns, err = s.Turns(ctx, src.ID); err != nil {
			out.err = err
			return out
		}
		if out.words, err = s.Units(ctx, src.ID, "word"); err != nil && !errors.Is(err, study.ErrNotFound) {
			out.err = err
			return out
		}
		if out.sentences, err = s.Units(ctx, src.ID, "sentence"); err != nil && !errors.Is(err, study.ErrNotFound) {
			out.err = err
			return out
		}
		out.codings, out.err = s.Codings(ctx, p, study.CodingFilter{Source: src.ID})
		return out
	}
}

func (m Model) loadCodings(gen int, sourceID string) tea.Cmd {
	ctx, s, p := m.ctx, m.study, study.As(m.coder)
	return func() tea.Msg {
		codings, err := s.Codings(ctx, p, study.CodingFilter{Source: sourceID})
		return codingsMsg{gen: gen, sourceID: sourceID, codings: codings, err: err}
	}
}

func tick(every time.Duration) tea.Cmd {
	if every <= 0 {
		return nil
	}
	return tea.Tick(every, func(time.Time) tea.Msg { return tickMsg{} })
}

func (m Model) checkForChanges() tea.Cmd {
	ctx, s := m.ctx, m.study
	return func() tea.Msg { return lastEventMsg{seq: lastChange(ctx, s)} }
}

func toDocument(msg sourceMsg) transcript.Document {
	d := transcript.Document{Text: msg.text, Words: msg.words, Sentences: msg.sentences}
	for _, t := range msg.turns {
		ms := int64(-1)
		if t.StartMS != nil {
			ms = *t.StartMS
		}
		d.Turns = append(d.Turns, transcript.Turn{Seq: t.Seq, Label: turnlabel.Short(t), Speaker: turnlabel.Name(t),
			Start: t.Start, End: t.End, StartMS: ms, Moderator: strings.EqualFold(t.Role, "moderator")})
	}
	return d
}

// toCodings prepares codings for the transcript: names for the margin,
// colours of their codes, and which are the viewer's own.
func (m Model) toCodings(codings []coding.Coding) []transcript.Coding {
	out := make([]transcript.Coding, 0, len(codings))
	for _, c := range codings {
		code := m.codeByID[c.CodeID]
		path := c.Code
		if path == "" {
			path = code.Path
		}
		name := path[strings.LastIndex(path, "/")+1:]
		out = append(out, transcript.Coding{ID: c.ID, CodeID: c.CodeID, Code: path, Name: name, Coder: c.Coder,
			Own: c.Coder == m.coder, Start: c.Start, End: c.End, Color: m.codeColor[c.CodeID]})
	}
	return out
}

// sourceRows joins sources with the viewer's progress.
func (m Model) sourceRows() []sourcelist.Source {
	mine := map[string]study.Progress{}
	for _, p := range m.progress {
		if p.Coder == m.coder {
			mine[p.Source] = p
		}
	}
	out := make([]sourcelist.Source, 0, len(m.sourceList))
	for _, s := range m.sourceList {
		row := sourcelist.Source{ID: s.ID, Name: s.Name, Group: s.Group, Chars: s.Chars, Turns: s.Turns, Touched: -1}
		if p, ok := mine[s.Name]; ok {
			row.Touched, row.Done = p.TurnsTouched, p.Done
		}
		out = append(out, row)
	}
	return out
}

func (m Model) doneHere() bool {
	for _, p := range m.progress {
		if p.Coder == m.coder && p.Source == m.source.Name {
			return p.Done
		}
	}
	return false
}

// pickerCodes is the codebook as the picker lists it.
func (m Model) pickerCodes() []codepicker.Code {
	out := make([]codepicker.Code, 0, len(m.codes))
	for _, c := range m.codes {
		out = append(out, codepicker.Code{ID: c.ID, Path: c.Path, Name: c.Name, Definition: c.Definition, Codings: c.Codings})
	}
	return out
}

// codebookCodes is the codebook as the pane shows it, with counts in the
// open source.
func (m Model) codebookCodes() []codebook.Code {
	here := map[string]int{}
	for _, c := range m.codings {
		if c.Coder == m.coder || !m.blinding.On {
			here[c.CodeID]++
		}
	}
	noted := map[string]bool{}
	for _, memo := range m.memos {
		if memo.TargetKind == study.MemoOnCode {
			noted[memo.TargetID] = true
		}
	}
	out := make([]codebook.Code, 0, len(m.codes))
	for _, c := range m.codes {
		out = append(out, codebook.Code{ID: c.ID, Path: c.Path, Name: c.Name, Depth: strings.Count(c.Path, "/"),
			Definition: c.Definition, Codings: c.Codings, Here: here[c.ID], Memo: noted[c.ID]})
	}
	return out
}

// recentCodes lists code ids the viewer used, most recent first: picks of
// this session, then the viewer's codings in this source by time.
func (m Model) recentCodes() []string {
	out := append([]string(nil), m.recent...)
	own := make([]coding.Coding, 0, len(m.codings))
	for _, c := range m.codings {
		if c.Coder == m.coder {
			own = append(own, c)
		}
	}
	sort.SliceStable(own, func(i, j int) bool { return own[i].CreatedAt > own[j].CreatedAt })
	for _, c := range own {
		out = append(out, c.CodeID)
	}
	return out
}

// sourceTitle is the transcript frame's title: name, group, length.
func sourceTitle(src corpus.Source, turns []transcript.Turn, lastMS int64) string {
	parts := []string{src.Name}
	if src.Group != "" {
		parts = append(parts, src.Group)
	}
	if lastMS > 0 {
		parts = append(parts, fmt.Sprintf("%d min", (lastMS+30_000)/60_000))
	}
	parts = append(parts, fmt.Sprintf("%d turns", len(turns)))
	return strings.Join(parts, " · ")
}
