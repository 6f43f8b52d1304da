package themes

import (
	"fmt"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/tui/codepicker"
	"github.com/focalqda/focal/tui/help"
	memoedit "github.com/focalqda/focal/tui/memo"
)

// mode is what has the keys: the board (or theme view), or a prompt.
type mode int

const (
	browsing  mode = iota
	naming         // a new theme's name or path
	namingSub      // a new subtheme's name
	renaming
	choosingLanguage // a summary's language
	defining         // the definition editor
	summarising      // the summary editor
	memoing          // the memo editor (memo.go)
	assigning        // the code picker
	moving           // the theme picker
	confirming       // the question before a delete
	helping
)

// removal is a delete the board asks about.
type removal struct {
	id, path string
	force    bool
	question string
}

// change starts the change a key asks for, on the highlighted theme or
// code, after checking there is one.
func (m Model) change(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys
	th, isTheme := m.current()
	code, hasCode := m.currentCode()
	switch {
	case key.Matches(msg, k.New):
		m.openLine(naming, "new theme › ", "a name, or parent/child for a subtheme", "")
		return m, nil
	case key.Matches(msg, k.Move) && hasCode:
		return m.openMove(code)
	case !isTheme:
		m.say("this row lists the codes in no theme: choose a theme above (m moves a code into one)")
		return m, nil
	case key.Matches(msg, k.NewSub):
		m.openLine(namingSub, "new theme under "+th.Path+" › ", "a name", "")
	case key.Matches(msg, k.Rename):
		m.openLine(renaming, "rename "+th.Path+" › ", "the new name", th.Name)
	case key.Matches(msg, k.Define):
		m.openText(defining, th.Definition)
	case key.Matches(msg, k.Summary):
		m.openLine(choosingLanguage, languagePrompt(th), "en (enter), or es, pt-BR…", "")
	case key.Matches(msg, k.Memo):
		m.openNote(th)
	case key.Matches(msg, k.Assign):
		m.openAssign(th)
	case key.Matches(msg, k.Delete):
		m.removing = &removal{id: th.ID, path: th.Path,
			question: fmt.Sprintf("delete theme %s? its codes and their codings stay", th.Path)}
		m.mode = confirming
	case !hasCode:
		m.say(th.Path + " has no code to take out or move: a assigns one")
	case key.Matches(msg, k.Unassign):
		return m, m.unassign(th, code)
	}
	return m, nil
}

// languagePrompt asks a summary's language, naming those written.
func languagePrompt(th coding.Theme) string {
	var langs []string
	for lang := range th.Summaries {
		langs = append(langs, lang)
	}
	if len(langs) == 0 {
		return "summary language › "
	}
	sort.Strings(langs)
	return "summary language (written: " + strings.Join(langs, ", ") + ") › "
}

// openLine opens a one-line prompt on the key line.
func (m *Model) openLine(md mode, prompt, placeholder, value string) {
	m.mode = md
	m.line.Prompt, m.line.Placeholder = prompt, placeholder
	m.line.SetValue(value)
}

// openText opens the definition or summary editor beside the themes.
func (m *Model) openText(md mode, value string) {
	m.mode = md
	m.text.Placeholder = "write here; enter saves"
	if md == summarising && value != "" {
		m.text.Placeholder = "empty removes the " + m.language + " summary"
	}
	m.text.SetValue(value)
}

// openAssign offers the codes not yet in the theme, those in no theme
// first (the picker keeps the order given within a match rank).
func (m *Model) openAssign(th coding.Theme) {
	in := map[string]bool{}
	for _, c := range th.Codes {
		in[c.ID] = true
	}
	free := map[string]bool{}
	for _, c := range m.board.unassigned() {
		free[c.ID] = true
	}
	var codes []codepicker.Code
	for _, c := range m.board.codes {
		if !in[c.ID] {
			codes = append(codes, codepicker.Code{ID: c.ID, Path: c.Path, Name: c.Name, Definition: c.Definition, Codings: c.Codings})
		}
	}
	sort.SliceStable(codes, func(i, j int) bool { return free[codes[i].ID] && !free[codes[j].ID] })
	if len(codes) == 0 {
		m.say("every code is in " + th.Path + " already")
		return
	}
	m.mode = assigning
	m.picker.Open(codepicker.Choose, "Assign to "+th.Path+" (codes in no theme first)", codes, nil)
}

// openMove offers the other themes to move the highlighted code to.
func (m Model) openMove(code codeRow) (Model, tea.Cmd) {
	from := m.rowID()
	var themes []codepicker.Code
	for _, th := range m.board.themes {
		if th.ID != from {
			themes = append(themes, codepicker.Code{ID: th.ID, Path: th.Path, Name: th.Name, Definition: th.Definition, Codings: th.Codings})
		}
	}
	if len(themes) == 0 {
		m.say("no other theme to move " + code.path + " to: n creates one")
		return m, nil
	}
	title := "Move " + code.path + " to which theme?"
	if th, ok := m.current(); ok {
		title = "Move " + code.path + " from " + th.Path + " to which theme?"
	}
	m.mode, m.moving = moving, code
	m.picker.Open(codepicker.Choose, title, themes, nil)
	return m, nil
}

func (m *Model) openHelp() {
	f := m.keys.FullHelp()
	sections := []help.Section{{Title: "Themes board", Bindings: f[0]}, {Title: "Changing themes", Bindings: f[1]},
		{Title: "Theme view", Bindings: f[2]}}
	if m.readOnly {
		// A review lists only the keys that work in it.
		sections = []help.Section{{Title: "Themes board (read-only)", Bindings: f[0]}, {Title: "Theme view", Bindings: f[2]}}
	}
	m.help.SetSections(sections)
	m.mode = helping
}

// promptKey gives a key to the open prompt.
func (m Model) promptKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	var cmd tea.Cmd
	switch m.mode {
	case helping:
		m.help, cmd = m.help.Update(msg)
		return m, wrap(cmd)
	case assigning, moving:
		m.picker, cmd = m.picker.Update(msg)
		return m, wrap(cmd)
	case confirming:
		return m.confirmKey(msg)
	case memoing:
		m.note, cmd = m.note.Update(msg)
		return m, wrap(cmd)
	}
	switch msg.String() {
	case "esc":
		m.mode, m.keepText, m.message = browsing, false, ""
		return m, nil
	case "enter":
		return m.submit()
	case "tab":
		if th, ok := m.current(); ok && m.mode == summarising {
			m.keepText = true
			m.openLine(choosingLanguage, languagePrompt(th), "en (enter), or es, pt-BR…", m.language)
			return m, nil
		}
	}
	if m.mode == defining || m.mode == summarising {
		m.text, _ = m.text.Update(msg)
	} else {
		m.line, _ = m.line.Update(msg)
	}
	return m, nil
}

func (m Model) confirmKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	switch msg.String() {
	case "y", "Y":
		r := *m.removing
		m.mode, m.removing = browsing, nil
		return m, m.remove(r)
	case "n", "N", "esc", "q":
		m.mode, m.removing = browsing, nil
		m.say("kept it")
	}
	return m, nil
}

// submit takes what a prompt holds.
func (m Model) submit() (Model, tea.Cmd) {
	th, _ := m.current()
	value := strings.TrimSpace(m.line.Value())
	md := m.mode
	m.mode = browsing
	switch md {
	case naming:
		return m, m.create(value, "")
	case namingSub:
		return m, m.create(value, th.ID)
	case renaming:
		return m, m.rename(th, value)
	case choosingLanguage:
		m.language = value
		if m.language == "" {
			m.language = "en"
		}
		if m.keepText {
			m.mode, m.keepText = summarising, false
			return m, nil
		}
		m.openText(summarising, th.Summaries[m.language])
		return m, nil
	case defining:
		return m, m.define(th, m.text.Value())
	case summarising:
		return m, m.summarise(th, m.language, m.text.Value())
	}
	return m, nil
}

// childSaid takes what the picker or the help screen reported.
func (m Model) childSaid(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case codepicker.PickedMsg:
		md := m.mode
		m.mode = browsing
		switch md {
		case assigning:
			th, _ := m.current()
			return m, m.assign(th, codeRow{msg.Code.ID, msg.Code.Path, msg.Code.Codings})
		case moving:
			return m, m.move(m.moving, msg.Code.ID, msg.Code.Path)
		}
	case memoedit.SaveMsg:
		if m.mode != memoing {
			return m, nil
		}
		m.mode = browsing
		return m.noteSaved(msg.Body)
	case memoedit.CancelMsg:
		if m.mode == memoing {
			m.mode = browsing
			m.say("closed the memo on " + m.noting.path + " without saving")
		}
	case codepicker.CancelMsg, help.CloseMsg:
		m.mode = browsing
	}
	return m, nil
}

// paste gives pasted text to the open prompt.
func (m Model) paste(msg tea.PasteMsg) Model {
	switch m.mode {
	case naming, namingSub, renaming, choosingLanguage:
		m.line, _ = m.line.Update(msg)
	case defining, summarising:
		m.text, _ = m.text.Update(msg)
	case assigning, moving:
		m.picker, _ = m.picker.Update(msg)
	case memoing:
		m.note, _ = m.note.Update(msg)
	}
	return m
}

// editing reports whether the open prompt is a text editor beside the
// themes (the definition or a summary).
func (m Model) editing() bool { return m.mode == defining || m.mode == summarising }

// lineOpen reports whether a one-line prompt has the key line.
func (m Model) lineOpen() bool {
	return m.mode == naming || m.mode == namingSub || m.mode == renaming || m.mode == choosingLanguage
}

// editorHelp is what the status line says while a one-line prompt or the
// question before a delete is open.
func (m Model) editorHelp() string {
	if m.mode == confirming {
		return "y deletes · n keeps"
	}
	return "enter saves · esc cancels"
}
