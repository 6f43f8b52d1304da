// Package themes is the themes board of the review workspace: the theme
// tree with each theme's codes, codings and whether it still lacks a
// definition or a summary; the highlighted theme's definition,
// plain-language summaries and codes; and the codes that serve no theme
// yet. Themes are created, renamed, defined, summarised, deleted, and codes
// assigned, taken out or moved, from the keyboard; a theme's memos are
// shown with it, and W writes the viewer's memo on it or edits it.
//
// A theme view shows a theme's quotes grouped by participant or by focus
// group, with a line saying how many voices and groups the theme rests on,
// so the team sees when it rests on one or two voices or one group.
//
// Each change is one call of Focal's core (coding/study) in a command, one
// action that one undo takes back (a move too); Update never touches the
// project file. After a change the themes are read again, so the board
// shows what is saved.
package themes

import (
	"context"
	"errors"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/tui/codepicker"
	"github.com/focalqda/focal/tui/help"
	memoedit "github.com/focalqda/focal/tui/memo"
	"github.com/focalqda/focal/tui/style"
	"github.com/focalqda/focal/tui/textedit"
)

// errReadOnly is the refusal of a change on a read-only board.
var errReadOnly = errors.New("read-only review: themes can be browsed here, not changed, so nothing was saved")

// pane is where j and k move on the board.
type pane int

const (
	themePane pane = iota
	codePane
)

// Model is the themes board and its theme view.
type Model struct {
	ctx         context.Context
	study       Study
	keys        KeyMap
	theme       style.Theme
	paint       *style.Painter
	viewer      string
	readOnly    bool
	gen         int // of the board's reads; replies of older reads are dropped
	evidenceGen int

	width, height int
	board         board
	loaded        bool
	evidence      evidence
	haveEvidence  bool
	// passages counts each theme's passages (by id; unassignedRow for the
	// codes in no theme) in every coder's codings, once the codings are read.
	passages   map[string]int
	cursor     int // index into the themes; len(themes) is the codes in no theme
	codeCursor int // index into the codes shown on the right
	focus      pane
	follow     string     // theme id to put the cursor on after the next read
	memo       memoOpened // the memo the board was opened for (memo.go)
	note       memoedit.Model
	noting     note // the memo W opened the editor for

	mode     mode
	line     textedit.Model // one-line prompts: names, a summary's language
	text     textedit.Model // definitions and summaries
	picker   codepicker.Model
	help     help.Model
	language string   // the summary's language while its text is written
	keepText bool     // the language changes under a summary being written
	moving   codeRow  // the code m moves
	removing *removal // the theme D asks about

	viewing  bool
	view     themeView
	grouping grouping
	layer    layer

	message string
	bad     bool
}

// New returns a board read as viewer (counts and quotes follow blinding),
// whose changes the core records as the viewer's.
func New(ctx context.Context, st Study, theme style.Theme, viewer string) Model {
	text := textedit.New(theme, "", "")
	text.Multiline = true
	return Model{ctx: ctx, study: st, keys: DefaultKeyMap(), theme: theme, paint: style.NewPainter(theme), viewer: viewer,
		line: textedit.New(theme, "", ""), text: text, note: memoedit.New(theme), picker: codepicker.New(theme), help: help.New(theme)}
}

// Init reads the themes, the codebook and the codings.
func (m Model) Init() tea.Cmd { return tea.Batch(m.loadFull(), m.loadEvidenceCmd()) }

// KeyMap is the board's key map, for help.
func (m Model) KeyMap() KeyMap { return m.keys }

// SetReadOnly makes the board browse only: every key that would change a
// theme says "read-only" and saves nothing.
func (m *Model) SetReadOnly(on bool) { m.readOnly = on }

// SetSize gives the board the whole screen.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = max(w, 0), max(h, 0)
	_, right := m.columns()
	body := m.bodyHeight()
	m.line.SetSize(m.width, 1)
	m.text.SetSize(right, max(body-2, 1))
	m.note.SetSize(right, body)
	m.picker.SetSize(right, body)
	m.help.SetSize(m.width, body)
	m.refreshView()
}

// bodyHeight is the room between the title and the two bottom lines.
func (m Model) bodyHeight() int { return max(m.height-3, 0) }

// Update handles keys, pastes, and the replies of reads and writes.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.SetSize(msg.Width, msg.Height)
	case boardMsg:
		return m.boardRead(msg), nil
	case evidenceMsg:
		return m.evidenceRead(msg), nil
	case savedMsg:
		return m.saved(msg)
	case childMsg:
		return m.childSaid(msg.msg)
	case tea.PasteMsg:
		return m.paste(msg), nil
	case tea.KeyPressMsg:
		if m.mode != browsing {
			return m.promptKey(msg)
		}
		m.message = ""
		if key.Matches(msg, m.keys.Help) {
			m.openHelp()
			return m, nil
		}
		if m.viewing {
			return m.viewKey(msg)
		}
		return m.boardKey(msg)
	}
	return m, nil
}

func (m *Model) say(s string) { m.message, m.bad = s, false }

func (m *Model) fail(err error) { m.message, m.bad = err.Error(), true }

// boardRead takes the themes (and the codebook) read, keeping the cursor on
// the same theme, or on the one a change asked to follow.
func (m Model) boardRead(msg boardMsg) Model {
	if msg.gen != m.gen {
		return m
	}
	if msg.err != nil {
		m.fail(msg.err)
		return m
	}
	want := m.follow
	if want == "" {
		if th, ok := m.current(); ok {
			want = th.ID
		} else if m.loaded {
			want = unassignedRow
		}
	}
	m.follow = ""
	m.board.themes, m.board.memos = msg.themes, msg.memos
	if msg.full {
		m.board.codes = msg.codes
	}
	m.loaded = true
	m.passages = m.countPassages()
	m.cursor = min(m.cursor, len(m.board.themes))
	if want == unassignedRow {
		m.cursor = len(m.board.themes)
	}
	for i, th := range m.board.themes {
		if th.ID == want {
			m.cursor = i
		}
	}
	m.codeCursor = min(m.codeCursor, max(len(m.codesHere())-1, 0))
	if m.viewing && m.view.themeID != m.rowID() {
		m.viewing = false
		m.say("the theme shown was deleted")
	}
	m.refreshView()
	return m.placeMemo()
}

// unassignedRow is the id of the board's last row, the codes in no theme.
const unassignedRow = "\x00unassigned"

func (m Model) evidenceRead(msg evidenceMsg) Model {
	if msg.gen != m.evidenceGen {
		return m
	}
	if msg.err != nil {
		m.fail(msg.err)
		return m
	}
	m.evidence, m.haveEvidence = msg.evidence, true
	m.passages = m.countPassages()
	m.refreshView()
	return m
}

// current is the highlighted theme; false on the codes in no theme.
func (m Model) current() (coding.Theme, bool) {
	if m.cursor < 0 || m.cursor >= len(m.board.themes) {
		return coding.Theme{}, false
	}
	return m.board.themes[m.cursor], true
}

// rowID names the highlighted row: a theme's id, or unassignedRow.
func (m Model) rowID() string {
	if th, ok := m.current(); ok {
		return th.ID
	}
	return unassignedRow
}

// codeRow is a code as the board lists it.
type codeRow struct {
	id, path string
	codings  int
}

// codesHere lists the codes on the right: the highlighted theme's, or the
// codes in no theme.
func (m Model) codesHere() []codeRow {
	var out []codeRow
	if th, ok := m.current(); ok {
		for _, c := range th.Codes {
			out = append(out, codeRow{c.ID, c.Path, c.Codings})
		}
		return out
	}
	for _, c := range m.board.unassigned() {
		out = append(out, codeRow{c.ID, c.Path, c.Codings})
	}
	return out
}

// currentCode is the highlighted code on the right.
func (m Model) currentCode() (codeRow, bool) {
	codes := m.codesHere()
	if m.codeCursor < 0 || m.codeCursor >= len(codes) {
		return codeRow{}, false
	}
	return codes[m.codeCursor], true
}

func (m Model) boardKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Close):
		return m, func() tea.Msg { return CloseMsg{} }
	case key.Matches(msg, k.Reload):
		return m.reload()
	case !m.loaded:
		return m, nil
	case key.Matches(msg, k.Down):
		m.step(1)
	case key.Matches(msg, k.Up):
		m.step(-1)
	case key.Matches(msg, k.Themes):
		m.focus = themePane
	case key.Matches(msg, k.Codes):
		m.focus = codePane
	case key.Matches(msg, k.Switch):
		m.focus = 1 - m.focus
	case key.Matches(msg, k.Open):
		m.openView()
	case key.Matches(msg, k.New, k.NewSub, k.Rename, k.Define, k.Summary, k.Memo, k.Assign, k.Unassign, k.Move, k.Delete):
		if m.readOnly {
			m.fail(errReadOnly)
			return m, nil
		}
		return m.change(msg)
	}
	return m, nil
}

// step moves the cursor of the focused pane.
func (m *Model) step(by int) {
	if m.focus == codePane {
		m.codeCursor = max(min(m.codeCursor+by, len(m.codesHere())-1), 0)
		return
	}
	m.cursor = max(min(m.cursor+by, len(m.board.themes)), 0)
	m.codeCursor = 0
}

// reload reads everything again, as opening the board does.
func (m Model) reload() (Model, tea.Cmd) {
	m.gen++
	m.evidenceGen++
	m.say("read the project again")
	return m, tea.Batch(m.loadFull(), m.loadEvidenceCmd())
}
