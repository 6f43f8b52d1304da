package workspace

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/tui/compare"
	"github.com/focalqda/focal/tui/dashboard"
	"github.com/focalqda/focal/tui/help"
	"github.com/focalqda/focal/tui/suggestions"
	"github.com/focalqda/focal/tui/themes"
	"github.com/focalqda/focal/tui/transcript"
)

// screen names what fills the terminal: the coding workspace or one of the
// review screens opened from it.
type screenKind int

const (
	screenCoding screenKind = iota
	screenCompare
	screenDashboard
	screenThemes
	screenSuggest
	screenPassages // a code's passages across the study (finding.go)
	screenSearch   // search across sources (finding.go)
	screenQueries  // word frequencies, co-occurrence, codes by attribute (finding.go)
	screenGroups
)

// fullScreen is what the workspace asks of a review screen: to take the
// whole terminal and to draw itself. Its messages go through its route.
type fullScreen interface {
	SetSize(w, h int)
	View() string
}

// reviewScreen ties a screen kind to its component in the workspace and
// to the router that gives it its messages.
type reviewScreen struct {
	of    func(m *Model) fullScreen
	route func(m Model, msg tea.Msg) (Model, tea.Cmd, bool)
}

// screenOf is the review screen of a kind; false for the coding
// workspace. A new screen is one line here.
func screenOf(k screenKind) (reviewScreen, bool) {
	switch k {
	case screenCompare:
		return reviewScreen{func(m *Model) fullScreen { return &m.compare }, Model.routeCompare}, true
	case screenDashboard:
		return reviewScreen{func(m *Model) fullScreen { return &m.agree }, Model.routeDashboard}, true
	case screenThemes:
		return reviewScreen{func(m *Model) fullScreen { return &m.board }, Model.routeThemes}, true
	case screenSuggest:
		return reviewScreen{func(m *Model) fullScreen { return &m.suggest }, Model.routeSuggestions}, true
	case screenPassages:
		return reviewScreen{func(m *Model) fullScreen { return &m.reading }, Model.routePassages}, true
	case screenSearch:
		return reviewScreen{func(m *Model) fullScreen { return &m.finder }, Model.routeFinder}, true
	case screenQueries:
		return reviewScreen{func(m *Model) fullScreen { return &m.asking }, Model.routeQueries}, true
	case screenGroups:
		return reviewScreen{func(m *Model) fullScreen { return &m.groups }, Model.routeGroups}, true
	}
	return reviewScreen{}, false
}

// errBlind is the refusal of the review screens under blinding, the
// core's.
var errBlind = study.ErrBlindComparison

// openCompare opens the compare view on the open source. Comparing shows
// everyone's codings, so it waits for blinding to be off.
func (m Model) openCompare() (Model, tea.Cmd) {
	if m.source.ID == "" {
		m.say("open a source first (tab)")
		return m, nil
	}
	if m.blinding.On {
		m.fail(errBlind)
		return m, nil
	}
	m.compare = compare.New(m.ctx, m.study, m.theme, m.source, m.coder, nil)
	m.compare.SetReadOnly(m.opts.ReadOnly)
	m.compare.SetSize(m.width, m.height)
	m.screen = screenCompare
	return m, m.compare.Init()
}

// openDashboard opens the agreement dashboard. Like comparing, it shows
// what everyone coded, so it waits for blinding to be off.
func (m Model) openDashboard() (Model, tea.Cmd) {
	if m.blinding.On {
		m.fail(errBlind)
		return m, nil
	}
	m.agree = dashboard.New(m.ctx, m.study, m.theme, m.coder)
	m.agree.SetSize(m.width, m.height)
	m.screen = screenDashboard
	return m, m.agree.Init()
}

// compareAt opens the compare view on the source holding a code's first
// open disagreement, positioned there (the dashboard found the source).
func (m Model) compareAt(src corpus.Source, code string) (Model, tea.Cmd) {
	m.screen = screenCoding
	if m.blinding.On {
		m.fail(errBlind)
		return m, nil
	}
	m.compare = compare.New(m.ctx, m.study, m.theme, src, m.coder, nil)
	m.compare.FocusCode(code)
	m.compare.SetReadOnly(m.opts.ReadOnly)
	m.compare.SetSize(m.width, m.height)
	m.screen = screenCompare
	return m, m.compare.Init()
}

// openThemes opens the themes board. Its quotes and counts are the
// codings the viewer may see, so blinding needs no refusal here.
func (m Model) openThemes() (Model, tea.Cmd) {
	return m.openThemesOn(nil)
}

// openThemesOn opens the themes board; given a memo on a theme (from the
// memo browser), on that theme with the memo shown. The board is the same
// as T opens (read-only in a review, counted as the viewer may see), so a
// theme's memo shows no more than T and M already do.
func (m Model) openThemesOn(memo *coding.Memo) (Model, tea.Cmd) {
	m.board = themes.New(m.ctx, m.study, m.theme, m.coder)
	if memo != nil {
		m.board.ShowMemo(*memo)
	}
	m.board.SetReadOnly(m.opts.ReadOnly)
	m.board.SetSize(m.width, m.height)
	m.screen = screenThemes
	return m, m.board.Init()
}

// routeScreen gives a message to the open review screen; handled is false
// when the message is the workspace's own (its reads, its timers).
func (m Model) routeScreen(msg tea.Msg) (Model, tea.Cmd, bool) {
	open, ok := screenOf(m.screen)
	if !ok {
		return m, nil, false
	}
	// What every review screen does alike: ctrl+c quits from anywhere, and a
	// new size is kept here (layout gives it to the open screen).
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if msg.String() == "ctrl+c" {
			return m, tea.Quit, true
		}
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		return m, nil, true
	}
	return open.route(m, msg)
}

func (m Model) routeThemes(msg tea.Msg) (Model, tea.Cmd, bool) {
	switch msg := msg.(type) {
	case themes.CloseMsg:
		m.screen = screenCoding
		return m, nil, true
	case tea.MouseMsg:
		return m, nil, true
	case tea.KeyPressMsg, tea.PasteMsg:
	default:
		if !themes.Owns(msg) {
			return m, nil, false
		}
	}
	var cmd tea.Cmd
	m.board, cmd = m.board.Update(msg)
	return m, cmd, true
}

func (m Model) routeCompare(msg tea.Msg) (Model, tea.Cmd, bool) {
	switch msg := msg.(type) {
	case compare.CloseMsg:
		m.screen = screenCoding
		cmd := m.refresh()
		return m, cmd, true
	case tea.KeyPressMsg, tea.MouseMsg, tea.PasteMsg, help.CloseMsg, transcript.NoticeMsg:
	default:
		if !compare.Owns(msg) {
			return m, nil, false
		}
	}
	var cmd tea.Cmd
	m.compare, cmd = m.compare.Update(msg)
	return m, cmd, true
}

func (m Model) routeDashboard(msg tea.Msg) (Model, tea.Cmd, bool) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, m.keys.Passages) {
		m2, cmd := m.openPassages(m.agree.Current())
		return m2, cmd, true
	}
	switch msg := msg.(type) {
	case dashboard.CloseMsg:
		m.screen = screenCoding
		return m, nil, true
	case dashboard.CompareMsg:
		m2, cmd := m.compareAt(msg.Source, msg.Code)
		return m2, cmd, true
	case dashboard.GroupsMsg:
		m2, cmd := m.openGroups()
		return m2, cmd, true
	case tea.MouseMsg, tea.PasteMsg:
		return m, nil, true
	case tea.KeyPressMsg:
	default:
		if !dashboard.Owns(msg) {
			return m, nil, false
		}
	}
	var cmd tea.Cmd
	m.agree, cmd = m.agree.Update(msg)
	return m, cmd, true
}

// openSuggestions opens the suggestions for the code highlighted in the
// codebook pane (or, with the codebook closed, the code the text is
// filtered to). The core builds them from the codings the coder may see.
func (m Model) openSuggestions() (Model, tea.Cmd) {
	code := m.codebook.Current()
	if !m.showCodebook || code.ID == "" {
		code = m.filter
	}
	if code.ID == "" {
		m.say("highlight a code in the codebook pane (b) first, or filter the text to one (f)")
		return m, nil
	}
	m.suggest = suggestions.New(m.ctx, m.study, m.theme, m.coder, code.ID)
	m.suggest.SetReadOnly(m.opts.ReadOnly)
	m.suggest.SetSize(m.width, m.height)
	m.screen = screenSuggest
	return m, m.suggest.Init()
}

func (m Model) routeSuggestions(msg tea.Msg) (Model, tea.Cmd, bool) {
	switch msg := msg.(type) {
	case suggestions.CloseMsg:
		m.screen = screenCoding
		if msg.Changed {
			return m, m.refresh(), true
		}
		return m, nil, true
	case tea.MouseMsg, tea.PasteMsg:
		return m, nil, true
	case tea.KeyPressMsg:
	default:
		if !suggestions.Owns(msg) {
			return m, nil, false
		}
	}
	var cmd tea.Cmd
	m.suggest, cmd = m.suggest.Update(msg)
	return m, cmd, true
}
