package workspace

import (
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/tui/transcript"
)

// This file keeps memos in sight: the margin marks where memos are
// attached (turns, codings, codes), m on a marked place opens its memo for
// reading and, for its author, editing, and the memo browser (M) lists
// every memo the viewer may see with its target and goes there. Which
// memos a viewer sees is the core's answer (study.Memos applies blinding:
// under blinding, a coder sees no colleague's memos on their codings).

// memosMsg carries the memos the viewer may see.
type memosMsg struct {
	memos []coding.Memo
	err   error
}

// memoBrowserMsg carries what the memo browser lists: the memos, and the
// codings they are on (those the viewer may see), by id, to place them.
type memoBrowserMsg struct {
	memos   []coding.Memo
	codings map[string]coding.Coding
	err     error
}

// memoEntry is one row of the memo browser: a memo, its target in words,
// and where it is (a source and a position), when it has a place.
type memoEntry struct {
	memo     coding.Memo
	label    string
	sourceID string
	at       int // position in the source, or -1 for the source's start
}

// loadMemos reads the memos the viewer may see.
func (m Model) loadMemos() tea.Cmd {
	ctx, s, p := m.ctx, m.study, study.As(m.coder)
	return func() tea.Msg {
		memos, err := s.Memos(ctx, p, study.MemoFilter{})
		return memosMsg{memos: memos, err: err}
	}
}

func (m Model) gotMemos(msg memosMsg) Model {
	if msg.err != nil {
		m.fail(fmt.Errorf("memos: %w", msg.err))
		return m
	}
	m.memos = msg.memos
	m.transcript.SetMemos(m.memoMarks())
	m.codebook.SetCodes(m.codebookCodes())
	return m
}

// turnOf splits a turn memo's target "SOURCE:SEQ".
func turnOf(target string) (source string, seq int, ok bool) {
	i := strings.LastIndex(target, ":")
	if i < 0 {
		return "", 0, false
	}
	seq, err := strconv.Atoi(target[i+1:])
	return target[:i], seq, err == nil
}

// memoMarks says where the open source holds memos, for the margin.
func (m Model) memoMarks() transcript.MemoMarks {
	marks := transcript.MemoMarks{Turns: map[int]bool{}, Codings: map[string]bool{}, Codes: map[string]bool{}}
	for _, memo := range m.memos {
		switch memo.TargetKind {
		case study.MemoOnTurn:
			if src, seq, ok := turnOf(memo.Target); ok && src == m.source.Name {
				marks.Turns[seq] = true
			}
		case study.MemoOnCoding:
			marks.Codings[memo.TargetID] = true
		case study.MemoOnCode:
			marks.Codes[memo.TargetID] = true
		}
	}
	return marks
}

// memosHere are the memos on what the cursor is on: the codings holding
// it (anyone's the viewer may see), their codes, and the turn.
func (m Model) memosHere(turn transcript.Turn) []memoEntry {
	codings := m.transcript.CodingsAt(m.transcript.Cursor())
	var out []memoEntry
	for _, memo := range m.memos {
		switch memo.TargetKind {
		case study.MemoOnTurn:
			if src, seq, ok := turnOf(memo.Target); ok && src == m.source.Name && seq == turn.Seq {
				out = append(out, memoEntry{memo: memo, label: fmt.Sprintf("turn %d (%s)", turn.Seq, turn.Speaker)})
			}
		case study.MemoOnCoding:
			for _, c := range codings {
				if c.ID == memo.TargetID {
					out = append(out, memoEntry{memo: memo, label: fmt.Sprintf("%s's coding %s “%s”", c.Coder, c.Code, m.transcript.Excerpt(c.Span(), 24))})
					break
				}
			}
		case study.MemoOnCode:
			for _, c := range codings {
				if c.CodeID == memo.TargetID {
					out = append(out, memoEntry{memo: memo, label: "the code " + c.Code})
					break
				}
			}
		}
	}
	return out
}

// memoRequest answers m: your memo on the place under the cursor opens
// to edit (in a review, any memo there opens to read); otherwise a list
// offers the memos there first (enter reads the first), then a new memo
// on a coding of yours, the turn or the source.
func (m Model) memoRequest(msg transcript.MemoRequestMsg) Model {
	here := m.memosHere(msg.Turn)
	if len(here) == 1 && (here[0].memo.Author == m.coder || m.opts.ReadOnly) {
		return m.openMemo(here[0].memo, here[0].label)
	}
	if m.opts.ReadOnly {
		if len(here) == 0 {
			m.refuse()
			return m
		}
		m.memoTargets = nil
	} else {
		m = m.memoTargetsFor(msg)
	}
	m.memoHere = here
	var options []string
	for _, e := range here {
		options = append(options, fmt.Sprintf("read %s's memo on %s: %s", e.memo.Author, e.label, firstLine(e.memo.Body)))
	}
	for _, t := range m.memoTargets {
		options = append(options, "new memo on "+t.label)
	}
	m.choiceFor = chooseMemoTarget
	m.chooser.Open("Memo on…", options)
	m.prompt = promptChoice
	return m
}

// memoChosen opens the memo or starts the new memo chosen from the list.
func (m Model) memoChosen(i int) Model {
	if i < len(m.memoHere) {
		e := m.memoHere[i]
		return m.openMemo(e.memo, e.label)
	}
	i -= len(m.memoHere)
	if i < len(m.memoTargets) {
		m.memoTarget, m.memoFor = m.memoTargets[i], memoNote
		m.memo.Open("Memo on " + m.memoTarget.label + " (enter saves, ctrl+j new line, esc drops)")
		m.prompt = promptMemo
	}
	return m
}

// openMemo shows a memo: in the editor when the viewer wrote it (and may
// write), else to read.
func (m Model) openMemo(memo coding.Memo, label string) Model {
	if memo.Author == m.coder && !m.opts.ReadOnly {
		m.editingMemo, m.memoFor = memo, memoEdit
		m.memo.Edit("Your memo on "+label+" (enter saves, ctrl+j new line, esc closes unchanged)", memo.Body)
		m.prompt = promptMemo
		return m
	}
	why := "only its author edits it"
	if m.opts.ReadOnly {
		why = "read-only"
	}
	m.pager.Open(fmt.Sprintf("%s's memo on %s", memo.Author, label),
		fmt.Sprintf("%s\n\nwritten %s by %s (%s; esc closes)\n", memo.Body, shortTime(memo.CreatedAt), memo.Author, why))
	m.prompt, m.pagerTitle = promptPager, "Memo"
	return m
}

// memoEdited saves an edited memo of the viewer's.
func (m Model) memoEdited(body string) (Model, tea.Cmd) {
	memo := m.editingMemo
	if strings.TrimSpace(body) == strings.TrimSpace(memo.Body) {
		m.say("nothing changed: the memo is as it was")
		return m, nil
	}
	if strings.TrimSpace(body) == "" {
		m.fail(fmt.Errorf("not saved: a memo needs some text; the memo is unchanged (focal memo rm removes one)"))
		return m, nil
	}
	cmd := m.do(step{label: "edited the memo on " + memoTargetWords(memo), op: op{kind: opEditMemo, codingID: memo.ID, body: body}})
	return m, cmd
}

// memoTargetWords names what a memo is on, as the CLI would.
func memoTargetWords(memo coding.Memo) string {
	switch memo.TargetKind {
	case study.MemoOnProject, "":
		return "the project"
	case study.MemoOnCoding:
		return "a coding"
	}
	return memo.TargetKind + " " + memo.Target
}

// openMemoBrowser reads every memo the viewer may see, and the codings
// the memos on codings are on (the core's MemoCodings: as the viewer may
// see them, one read per memo, not every coding of the project).
func (m Model) openMemoBrowser() (Model, tea.Cmd) {
	ctx, s, p := m.ctx, m.study, study.As(m.coder)
	m.say("reading the memos…")
	return m, func() tea.Msg {
		memos, err := s.Memos(ctx, p, study.MemoFilter{})
		if err != nil {
			return memoBrowserMsg{err: err}
		}
		codings, err := s.MemoCodings(ctx, p, memos)
		return memoBrowserMsg{memos: memos, codings: codings, err: err}
	}
}

// showMemoBrowser lists the memos with their targets, latest first.
func (m Model) showMemoBrowser(msg memoBrowserMsg) Model {
	if msg.err != nil {
		m.fail(fmt.Errorf("memos: %w", msg.err))
		return m
	}
	m.message = ""
	m.memos = msg.memos
	m.transcript.SetMemos(m.memoMarks())
	if len(msg.memos) == 0 {
		m.say("no memos you can see yet: m writes one on a coding, a turn or the source")
		return m
	}
	codings := msg.codings
	sources := map[string]string{}
	for _, s := range m.sourceList {
		sources[s.Name] = s.ID
	}
	m.memoEntries = m.memoEntries[:0]
	for i := len(msg.memos) - 1; i >= 0; i-- {
		memo := msg.memos[i]
		e := memoEntry{memo: memo, at: -1}
		switch memo.TargetKind {
		case study.MemoOnTurn:
			src, seq, _ := turnOf(memo.Target)
			e.label, e.sourceID = fmt.Sprintf("turn %s", memo.Target), sources[src]
			e.at = m.turnStart(src, seq)
		case study.MemoOnCoding:
			c, ok := codings[memo.TargetID]
			if !ok {
				// A coding no longer there (removed since).
				e.label = "a coding since removed"
				break
			}
			code := c.Code
			if code == "" {
				code = m.codeByID[c.CodeID].Path
			}
			e.label = fmt.Sprintf("%s's coding %s, %s turn %d", c.Coder, code, c.Source, c.Turn)
			e.sourceID, e.at = c.SourceID, c.Start
		case study.MemoOnSource:
			e.label, e.sourceID = "source "+memo.Target, sources[memo.Target]
		case study.MemoOnCode, study.MemoOnTheme:
			e.label = memo.TargetKind + " " + memo.Target
		default:
			e.label = "the project"
		}
		m.memoEntries = append(m.memoEntries, e)
	}
	var options []string
	for _, e := range m.memoEntries {
		options = append(options, fmt.Sprintf("%s · %s · %s: %s", e.label, e.memo.Author, dayOf(e.memo.CreatedAt), firstLine(e.memo.Body)))
	}
	m.choiceFor = chooseMemoInBrowser
	m.chooser.Open(fmt.Sprintf("Memos you can see (%d), latest first: enter goes to its place and opens it; esc closes", len(options)), options)
	m.prompt = promptChoice
	return m
}

// turnStart is where turn seq of the named source starts, when that
// source is open; -1 otherwise (the position is found once it is read).
func (m Model) turnStart(source string, seq int) int {
	if source != m.source.Name {
		return -seq - 1
	}
	for _, c := range m.transcript.Turns() {
		if c.Seq == seq {
			return c.Start
		}
	}
	return -1
}

// browserChosen goes to a memo's place (opening its source when another
// is open, the codebook pane for a code, the themes board for a theme)
// and opens the memo.
func (m Model) browserChosen(i int) (Model, tea.Cmd) {
	if i >= len(m.memoEntries) {
		return m, nil
	}
	e := m.memoEntries[i]
	if e.memo.TargetKind == study.MemoOnTheme {
		// A theme's place is the themes board, on the theme, showing the
		// memo there (the board says so when the theme was deleted since).
		return m.openThemesOn(&e.memo)
	}
	var cmd tea.Cmd
	if e.memo.TargetKind == study.MemoOnCode {
		// A code's place is the codebook pane, highlighting it.
		m.showCodebook, m.focus = true, paneCodebook
		m.codebook.Select(e.memo.TargetID)
	}
	if e.sourceID != "" {
		m.focus = paneTranscript
		switch {
		case e.sourceID != m.source.ID:
			m.pendingTurn = 0
			at := e.at
			if at < -1 {
				// A turn of a source not open yet: placed once it is read.
				m.pendingTurn, at = -at-1, -1
			}
			cmd = m.open(m.findSource(e.sourceID), at)
		case e.at >= 0:
			m.transcript.SetCursor(e.at)
		}
	}
	return m.openMemo(e.memo, e.label), cmd
}

// dayOf is the date of a stored time ("2026-12-07").
func dayOf(at string) string {
	day, _, _ := strings.Cut(at, "T")
	return day
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}
