// Package workspace is Focal's coding workspace: the root of the terminal
// interface. It routes messages between the panes (sources, transcript,
// codebook) and the prompts (code picker, choices, memo, search, help),
// owns the layout, and does every read and write of the project in
// commands, so that Update stays quick and never waits on the disk.
//
// Every read and every action goes through Focal's core (coding/study),
// which applies the study's rules (blinding on each read, who may write
// what). Every action is saved at once, in its own transaction, as the
// coder who opened the workspace; nothing is kept unsaved, so quitting
// never loses work. Undo and redo work from the project's log, so they
// reach work made elsewhere and outlive the session. Changes made by other
// processes (the CLI, a colleague on the same file) appear on ctrl+l and,
// by default, within a couple of seconds.
package workspace

import (
	"context"
	"fmt"
	"image/color"
	"sort"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/tui/choice"
	"github.com/focalqda/focal/tui/codebook"
	"github.com/focalqda/focal/tui/codepicker"
	"github.com/focalqda/focal/tui/compare"
	"github.com/focalqda/focal/tui/dashboard"
	"github.com/focalqda/focal/tui/groups"
	"github.com/focalqda/focal/tui/help"
	"github.com/focalqda/focal/tui/kwic"
	"github.com/focalqda/focal/tui/memo"
	"github.com/focalqda/focal/tui/pager"
	"github.com/focalqda/focal/tui/passages"
	"github.com/focalqda/focal/tui/queries"
	"github.com/focalqda/focal/tui/sourcelist"
	"github.com/focalqda/focal/tui/style"
	"github.com/focalqda/focal/tui/suggestions"
	"github.com/focalqda/focal/tui/textedit"
	"github.com/focalqda/focal/tui/themes"
	"github.com/focalqda/focal/tui/transcript"
)

// Options configure a workspace.
type Options struct {
	// Coder is who codes (--as or $FOCAL_CODER); when empty or unknown the
	// workspace asks at start.
	Coder string
	// Source is the source to open first (name or id); by default the
	// first one.
	Source string
	// NoColor draws without colours (NO_COLOR).
	NoColor bool
	// Refresh is how often to look for changes made by others; 0 never.
	Refresh time.Duration
	// ReadOnly opens the workspace for review (`focal tui --read-only`):
	// browsing works, every key that would write says "read-only".
	ReadOnly bool
	// Review is a PI's landing (`focal review`): read-only, it opens on the
	// themes board, and it asks no coder choice: with no Coder it is the
	// project's PI, and only when there are several, which PI.
	Review bool
}

// DefaultRefresh is how often a running workspace looks for changes made
// by other processes: reading the number of the last event is cheap.
const DefaultRefresh = 2 * time.Second

// pane is a part of the screen that can have the keyboard.
type pane int

const (
	paneTranscript pane = iota
	paneSources
	paneCodebook
)

// prompt is what, if anything, takes the keyboard over the panes.
type prompt int

const (
	promptNone prompt = iota
	promptCoder
	promptPicker
	promptChoice
	promptMemo
	promptSearch
	promptHelp
	promptText
	promptPager
)

// pickPurpose is what the code picker was opened for.
type pickPurpose int

const (
	pickApply pickPurpose = iota
	pickRecode
	pickFilter
	pickMoveTo
	pickMergeInto
)

// choicePurpose is what the choice list was opened for.
type choicePurpose int

const (
	chooseRemove choicePurpose = iota
	chooseRecode
	chooseMemoTarget
	chooseMerge
	chooseRetire
	chooseSplit
	chooseMemoInBrowser
)

// Model is the workspace.
type Model struct {
	// ctx is kept because commands run after Update returns: it carries
	// the program's cancellation.
	ctx   context.Context
	study Study
	opts  Options
	keys  KeyMap
	theme style.Theme

	width, height int

	coder      string
	coders     []coding.Coder
	blinding   study.Blinding
	sourceList []corpus.Source
	progress   []study.Progress
	codes      []coding.Code
	codeByID   map[string]coding.Code
	codeColor  map[string]color.Color
	source     corpus.Source // the open source (ID empty when none)
	title      string
	codings    []coding.Coding // of the open source, as the viewer may see them
	lastSeq    int64

	focus        pane
	showCodebook bool
	prompt       prompt
	transcript   transcript.Model
	sources      sourcelist.Model
	codebook     codebook.Model
	picker       codepicker.Model
	chooser      choice.Model
	memo         memo.Model
	search       textedit.Model
	help         help.Model
	nameEdit     textedit.Model // a code's new name
	pager        pager.Model    // a code's history

	pickFor     pickPurpose
	pendingSpan corpus.Span
	recoding    transcript.Coding
	choiceFor   choicePurpose
	candidates  []transcript.Coding
	memoTargets []memoTarget
	memoTarget  memoTarget
	memos       []coding.Memo // the memos the viewer may see (memos.go)
	memoHere    []memoEntry   // memos on the place m was pressed on
	memoEntries []memoEntry   // the memo browser's rows
	editingMemo coding.Memo   // the memo open in the editor, when editing one
	pagerTitle  string        // the pager's frame: History, Memo
	pendingTurn int           // a turn to put the cursor on once its source is read (0: none)
	filter      codebook.Code // the code the text is filtered to (ID empty: none)
	recent      []string      // codes picked in this session, latest first

	// The codebook action under way (codebook_edit.go).
	editing       coding.Code
	textFor       textPurpose
	memoFor       memoPurpose
	mergeInto     coding.Code
	retireOptions []retireOption
	splitPath     string
	splitCodings  []coding.Coding

	queue   []job // writes waiting for the one in flight
	writing bool

	sourceGen  int // bumped per source load, to drop stale replies
	codingsGen int

	screen  screenKind      // what fills the terminal
	compare compare.Model   // the compare view, while open
	agree   dashboard.Model // the agreement dashboard, while open
	board   themes.Model    // the themes board, while open
	reading passages.Model  // a code's passages, while open
	finder  kwic.Model      // search across sources, while open
	asking  queries.Model   // the queries screen, while open
	back    screenKind      // where a finding screen goes back to
	groups  groups.Model    // the group view, while open (from the dashboard)

	suggest suggestions.Model // the suggestions for a code, while open

	message    string
	messageBad bool
	fatal      error
}

// memoTarget is something a memo can be written on, with its label.
type memoTarget struct {
	target study.MemoTarget
	label  string
}

// New returns a workspace on a project, through Focal's core. ctx is used
// for every read and write; each is made as the coder (opts.Coder, or the
// one chosen at start).
func New(ctx context.Context, st Study, opts Options) Model {
	if opts.Review {
		opts.ReadOnly = true
	}
	theme := style.Theme{Mono: opts.NoColor}
	m := Model{ctx: ctx, study: st, opts: opts, keys: DefaultKeyMap(), theme: theme, codeByID: map[string]coding.Code{}}
	m.transcript = transcript.New(theme)
	m.sources = sourcelist.New(theme)
	m.codebook = codebook.New(theme)
	m.picker = codepicker.New(theme)
	m.chooser = choice.New(theme)
	m.memo = memo.New(theme)
	m.search = textedit.New(theme, "/", "search the text (enter: find, esc: cancel)")
	m.help = help.New(theme)
	m.nameEdit = textedit.New(theme, "› ", "")
	m.pager = pager.New(theme)
	m.agree = dashboard.New(ctx, st, theme, opts.Coder)
	m.board = themes.New(ctx, st, theme, opts.Coder)
	return m
}

// Err is the error that ended the workspace, if any (no coders, an
// unreadable project).
func (m Model) Err() error { return m.fatal }

// Init reads the coders, to know who is coding.
func (m Model) Init() tea.Cmd {
	return m.loadCoders()
}

// Update routes a message: data read by commands, replies of writes,
// intents of the panes and prompts, keys, mouse and resizes.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m2, cmd := m.update(msg)
	m2.layout()
	return m2, cmd
}

func (m Model) update(msg tea.Msg) (Model, tea.Cmd) {
	if m2, cmd, ok := m.routeScreen(msg); ok {
		return m2, cmd
	}
	if m2, ok := m.refuseWrite(msg); ok {
		return m2, nil
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		return m, nil
	case tea.KeyPressMsg:
		m.message = ""
		return m.handleKey(msg)
	case tea.MouseMsg:
		return m.handleMouse(msg)
	case tea.PasteMsg:
		return m.routeToPrompt(msg)
	case tea.ColorProfileMsg:
		if msg.Profile == colorprofile.Ascii && !m.theme.Mono {
			// A terminal without colours: switch the transcript to the marks
			// that do not need colour (underlines instead of tints).
			m.theme = style.Theme{Mono: true}
			m.transcript.SetTheme(m.theme)
			m.sources.SetTheme(m.theme)
			m.codebook.SetTheme(m.theme)
			m.colorCodes()
			m.transcript.SetCodings(m.toCodings(m.codings))
		}
		return m, nil

	case coderListMsg:
		return m.gotCoders(msg)
	case overviewMsg:
		return m.gotOverview(msg)
	case progressMsg:
		if msg.err != nil {
			m.fail(msg.err)
			return m, nil
		}
		m.progress = msg.progress
		m.sources.SetSources(m.sourceRows())
		return m, nil
	case sourceMsg:
		return m.gotSource(msg)
	case codingsMsg:
		return m.gotCodings(msg)
	case tickMsg:
		return m, tea.Batch(m.checkForChanges(), tick(m.opts.Refresh))
	case lastEventMsg:
		if msg.seq != m.lastSeq && m.coder != "" {
			cmd := m.refresh()
			return m, cmd
		}
		return m, nil
	case stepDoneMsg:
		return m.stepDone(msg)
	case undoneMsg:
		return m.undone(msg)

	case sourcelist.OpenMsg:
		m.focus = paneTranscript
		if msg.Source.ID == m.source.ID {
			return m, nil
		}
		cmd := m.open(m.findSource(msg.Source.ID), -1)
		return m, cmd
	case transcript.NoticeMsg:
		m.say(msg.Text)
		return m, nil
	case transcript.CodeRequestMsg:
		m.pickFor, m.pendingSpan = pickApply, msg.Span
		return m.openPicker(codepicker.Apply, fmt.Sprintf("Code %d–%d “%s”", msg.Span.Start, msg.Span.End, msg.Excerpt)), nil
	case transcript.RemoveRequestMsg:
		if len(msg.Codings) == 1 {
			cmd := m.removeCoding(msg.Codings[0])
			return m, cmd
		}
		return m.chooseCoding(chooseRemove, "Remove which coding?", msg.Codings), nil
	case transcript.RecodeRequestMsg:
		if len(msg.Codings) == 1 {
			return m.startRecode(msg.Codings[0]), nil
		}
		return m.chooseCoding(chooseRecode, "Re-code which coding?", msg.Codings), nil
	case transcript.MemoRequestMsg:
		return m.memoRequest(msg), nil
	case memosMsg:
		return m.gotMemos(msg), nil
	case memoBrowserMsg:
		return m.showMemoBrowser(msg), nil
	case codebook.FilterMsg:
		return m.applyFilter(msg.Code), nil
	case codebook.ActionMsg:
		return m.codebookAction(msg)
	case similarCodesMsg:
		m.message = ""
		return m.offerMergeTargets(msg), nil
	case codeCodingsMsg:
		return m.offerSplit(msg), nil
	case historyMsg:
		return m.showHistory(msg), nil
	case choice.ChosenManyMsg:
		m.prompt = promptNone
		if m.choiceFor == chooseSplit {
			cmd := m.split(msg.Indices)
			return m, cmd
		}
		return m, nil
	case pager.CloseMsg:
		m.prompt = promptNone
		return m, nil

	case codepicker.PickedMsg:
		return m.picked(msg.Code.ID, msg.Code.Path, "")
	case codepicker.CreateMsg:
		return m.picked("", msg.Path, msg.Definition)
	case codepicker.CancelMsg:
		m.prompt = promptNone
		return m, nil
	case choice.ChosenMsg:
		return m.chosen(msg.Index)
	case choice.CancelMsg:
		if m.prompt == promptCoder {
			// Nothing can be shown before knowing who looks: esc leaves.
			return m, tea.Quit
		}
		m.prompt = promptNone
		return m, nil
	case memo.SaveMsg:
		m.prompt = promptNone
		switch m.memoFor {
		case memoDefinition:
			return m.definitionSaved(msg.Body)
		case memoEdit:
			return m.memoEdited(msg.Body)
		}
		t := m.memoTarget
		cmd := m.do(step{label: "memo on " + t.label, op: op{kind: opAddMemo, memo: t.target, body: msg.Body}})
		return m, cmd
	case memo.CancelMsg, help.CloseMsg:
		m.prompt = promptNone
		return m, nil
	}
	return m.routeToPrompt(msg)
}

// routeToPrompt gives a message nobody else wanted to the open prompt.
func (m Model) routeToPrompt(msg tea.Msg) (Model, tea.Cmd) {
	var cmd tea.Cmd
	switch m.prompt {
	case promptPicker:
		m.picker, cmd = m.picker.Update(msg)
	case promptMemo:
		m.memo, cmd = m.memo.Update(msg)
	case promptSearch:
		m.search, cmd = m.search.Update(msg)
	case promptText:
		m.nameEdit, cmd = m.nameEdit.Update(msg)
	}
	return m, cmd
}

// count writes "1 turn", "3 turns", "2 matches".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "ch") {
		return fmt.Sprintf("%d %ses", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// colorCodes gives each code its colour by the order codes were created.
func (m *Model) colorCodes() {
	byAge := append([]coding.Code(nil), m.codes...)
	sort.SliceStable(byAge, func(i, j int) bool {
		a, b := byAge[i], byAge[j]
		if a.CreatedAt != b.CreatedAt {
			return a.CreatedAt < b.CreatedAt
		}
		// Codes made in one action (a parent with its child) share a time.
		return a.Path < b.Path
	})
	m.codeColor = make(map[string]color.Color, len(byAge))
	for i, c := range byAge {
		m.codeColor[c.ID] = m.theme.CodeColor(i, c.Color)
	}
}

func (m *Model) say(text string) { m.message, m.messageBad = text, false }

func (m *Model) fail(err error) { m.message, m.messageBad = err.Error(), true }

func (m Model) gotCoders(msg coderListMsg) (Model, tea.Cmd) {
	if msg.err != nil {
		m.fatal = msg.err
		return m, tea.Quit
	}
	m.coders = msg.coders
	if len(m.coders) == 0 {
		m.fatal = fmt.Errorf("this project has no coders yet: add yourself with `focal coder add NAME`, then run `focal tui --as NAME`")
		return m, tea.Quit
	}
	if m.opts.Coder != "" {
		for _, c := range m.coders {
			if c.Name == m.opts.Coder {
				return m.startAs(c.Name)
			}
		}
	}
	if m.opts.Review {
		return m.choosePI()
	}
	var names []string
	for _, c := range m.coders {
		names = append(names, fmt.Sprintf("%s (%s)", c.Name, c.Role))
	}
	title := "Who is coding? (next time: --as NAME or $FOCAL_CODER)"
	if m.opts.Coder != "" {
		title = fmt.Sprintf("There is no coder %q here. Who is coding?", m.opts.Coder)
	}
	m.chooser.Open(title, names)
	m.prompt = promptCoder
	return m, nil
}

// choosePI starts a review as the project's PI: the only one at once;
// with several, the list asks which (once: --as or $FOCAL_CODER answer
// it for next time); in a project without a PI, whom to review as.
func (m Model) choosePI() (Model, tea.Cmd) {
	var pis []coding.Coder
	for _, c := range m.coders {
		if c.Role == "pi" {
			pis = append(pis, c)
		}
	}
	title := "Which PI are you? (next time: --as NAME or $FOCAL_CODER)"
	switch {
	case len(pis) == 1 && m.opts.Coder == "":
		return m.startAs(pis[0].Name)
	case len(pis) == 0:
		pis = m.coders
		title = "This project has no PI (focal coder add NAME --role pi). Review as whom?"
	}
	if m.opts.Coder != "" {
		title = fmt.Sprintf("There is no coder %q here. %s", m.opts.Coder, title)
	}
	m.coders = pis
	var names []string
	for _, c := range pis {
		names = append(names, fmt.Sprintf("%s (%s)", c.Name, c.Role))
	}
	m.chooser.Open(title, names)
	m.prompt = promptCoder
	return m, nil
}

// startAs begins work as a coder: every later read sees what blinding lets
// them see, every write is logged as theirs. A PI's review lands on the
// themes board.
func (m Model) startAs(name string) (Model, tea.Cmd) {
	m.coder = name
	m.prompt = promptNone
	cmds := []tea.Cmd{m.loadOverview(), m.loadProgress(), m.loadMemos(), tick(m.opts.Refresh)}
	if m.opts.Review {
		var cmd tea.Cmd
		m, cmd = m.openThemes()
		cmds = append(cmds, cmd)
	}
	return m, tea.Batch(cmds...)
}

func (m Model) gotOverview(msg overviewMsg) (Model, tea.Cmd) {
	if msg.err != nil {
		if m.source.ID == "" {
			m.fatal = msg.err
			return m, tea.Quit
		}
		m.fail(msg.err)
		return m, nil
	}
	m.blinding, m.sourceList, m.lastSeq = msg.blinding, msg.sources, msg.lastSeq
	m.codes = msg.codes
	m.codeByID = make(map[string]coding.Code, len(m.codes))
	for _, c := range m.codes {
		m.codeByID[c.ID] = c
	}
	m.colorCodes()
	m.sources.SetSources(m.sourceRows())
	m.codebook.SetCodes(m.codebookCodes())
	if _, ok := m.codeByID[m.filter.ID]; m.filter.ID != "" && !ok {
		// The code filtered by was merged or retired.
		m = m.clearFilter()
	}
	if m.source.ID != "" {
		// The text changed under us (a correction): read it again, keeping
		// the cursor where it was.
		if fresh := m.findSource(m.source.ID); fresh.ID != "" && fresh.SHA256 != m.source.SHA256 {
			cmd := m.open(fresh, m.transcript.Cursor())
			return m, cmd
		}
		m.transcript.SetCodings(m.toCodings(m.codings))
		return m, nil
	}
	if len(m.sourceList) == 0 {
		m.say("no sources yet: import transcripts with `focal import FILE…`")
		return m, nil
	}
	cmd := m.open(m.initialSource(), -1)
	return m, cmd
}

// initialSource is the source asked for, else the first one. (Choosing
// the first one not done would mean waiting for progress, the slowest read
// of all.)
func (m *Model) initialSource() corpus.Source {
	if m.opts.Source != "" {
		for _, s := range m.sourceList {
			if s.Name == m.opts.Source || s.ID == m.opts.Source {
				return s
			}
		}
		m.fail(fmt.Errorf("no source named %q; tab shows the list", m.opts.Source))
	}
	return m.sourceList[0]
}

func (m Model) findSource(id string) corpus.Source {
	for _, s := range m.sourceList {
		if s.ID == id {
			return s
		}
	}
	return corpus.Source{}
}

// open starts reading a source; keepAt is a cursor to restore, or -1.
func (m *Model) open(src corpus.Source, keepAt int) tea.Cmd {
	if src.ID == "" {
		return nil
	}
	m.sourceGen++
	m.codingsGen++
	return m.loadSource(m.sourceGen, src, keepAt)
}

func (m Model) gotSource(msg sourceMsg) (Model, tea.Cmd) {
	if msg.gen != m.sourceGen {
		return m, nil
	}
	if msg.err != nil {
		m.fail(fmt.Errorf("open %s: %w", msg.source.Name, msg.err))
		return m, nil
	}
	same := msg.source.ID == m.source.ID
	m.source, m.codings = msg.source, msg.codings
	doc := toDocument(msg)
	var lastMS int64
	for _, t := range msg.turns {
		if t.EndMS != nil {
			lastMS = max(lastMS, *t.EndMS)
		}
	}
	m.title = sourceTitle(msg.source, doc.Turns, lastMS)
	m.transcript.SetDocument(doc)
	m.transcript.SetCodings(m.toCodings(m.codings))
	if msg.keepAt >= 0 {
		m.transcript.SetCursor(msg.keepAt)
	}
	if m.pendingTurn > 0 {
		// The memo browser went to a turn of this source.
		for _, t := range m.transcript.Turns() {
			if t.Seq == m.pendingTurn {
				m.transcript.SetCursor(t.Start)
			}
		}
		m.pendingTurn = 0
	}
	m.transcript.SetMemos(m.memoMarks())
	if !same {
		m.filter = codebook.Code{}
	} else if m.filter.ID != "" && m.transcript.SetFilter(m.filter.ID) == 0 {
		m.filter = codebook.Code{}
	}
	m.sources.SetOpen(m.source.ID)
	m.codebook.SetCodes(m.codebookCodes())
	return m, nil
}

func (m Model) gotCodings(msg codingsMsg) (Model, tea.Cmd) {
	if msg.gen != m.codingsGen || msg.sourceID != m.source.ID {
		return m, nil
	}
	if msg.err != nil {
		m.fail(msg.err)
		return m, nil
	}
	m.codings = msg.codings
	m.transcript.SetCodings(m.toCodings(m.codings))
	if m.filter.ID != "" {
		m.transcript.SetFilter(m.filter.ID)
	}
	m.codebook.SetCodes(m.codebookCodes())
	return m, nil
}

// refresh re-reads what may have changed: the overview and the open
// source's codings (and its text, when a correction changed it).
func (m *Model) refresh() tea.Cmd {
	if m.coder == "" {
		return nil
	}
	cmds := []tea.Cmd{m.loadOverview(), m.loadProgress(), m.loadMemos()}
	if m.source.ID != "" {
		m.codingsGen++
		cmds = append(cmds, m.loadCodings(m.codingsGen, m.source.ID))
	}
	return tea.Batch(cmds...)
}

// handleKey gives a key to the open prompt, else to the workspace's own
// keys, else to the focused pane.
func (m Model) handleKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys
	if key.Matches(msg, k.ForceQuit) {
		return m, tea.Quit
	}
	switch m.prompt {
	case promptCoder, promptChoice:
		var cmd tea.Cmd
		m.chooser, cmd = m.chooser.Update(msg)
		if m.prompt == promptCoder && key.Matches(msg, k.Quit) {
			return m, tea.Quit
		}
		return m, cmd
	case promptHelp:
		var cmd tea.Cmd
		m.help, cmd = m.help.Update(msg)
		return m, cmd
	case promptSearch:
		switch msg.String() {
		case "esc":
			m.prompt = promptNone
		case "tab":
			m.prompt = promptNone
			return m.openFinder(m.search.Value(), true)
		case "enter":
			m.prompt = promptNone
			q := m.search.Value()
			if n := m.transcript.Search(q); n == 0 && q != "" {
				m.say("no match for “" + q + "”")
			} else if n > 0 {
				m.say(fmt.Sprintf("%s for “%s”: n next, N previous", count(n, "match"), q))
			}
			m.focus = paneTranscript
		default:
			m.search, _ = m.search.Update(msg)
		}
		return m, nil
	case promptText:
		switch msg.String() {
		case "esc":
			m.prompt = promptNone
			m.say("nothing changed")
			return m, nil
		case "enter":
			return m.textEntered(m.nameEdit.Value())
		}
		m.nameEdit, _ = m.nameEdit.Update(msg)
		return m, nil
	case promptPager:
		var cmd tea.Cmd
		m.pager, cmd = m.pager.Update(msg)
		return m, cmd
	case promptPicker, promptMemo:
		return m.routeToPrompt(msg)
	}
	if m.coder == "" {
		if key.Matches(msg, k.Quit) {
			return m, tea.Quit
		}
		return m, nil
	}
	if m.opts.ReadOnly && key.Matches(msg, k.Done, k.Undo, k.Redo) {
		m.refuse()
		return m, nil
	}
	switch {
	case key.Matches(msg, k.Quit):
		return m, tea.Quit
	case key.Matches(msg, k.Help):
		m.help.SetSections(m.helpSections())
		m.prompt = promptHelp
		return m, nil
	case key.Matches(msg, k.Focus):
		m.cycleFocus()
		return m, nil
	case key.Matches(msg, k.Codebook):
		m.showCodebook = !m.showCodebook
		if m.showCodebook {
			m.focus = paneCodebook
		} else if m.focus == paneCodebook {
			m.focus = paneTranscript
		}
		return m, nil
	case key.Matches(msg, k.Refresh):
		m.say("re-read the project")
		cmd := m.refresh()
		return m, cmd
	case key.Matches(msg, k.Undo):
		cmd := m.enqueue(m.undoJob())
		return m, cmd
	case key.Matches(msg, k.Redo):
		cmd := m.enqueue(m.redoJob())
		return m, cmd
	case key.Matches(msg, k.Compare):
		return m.openCompare()
	case key.Matches(msg, k.Agreement):
		return m.openDashboard()
	case key.Matches(msg, k.Themes):
		return m.openThemes()
	case key.Matches(msg, k.Suggest):
		return m.openSuggestions()
	case key.Matches(msg, k.Memos) && m.focus != paneCodebook:
		return m.openMemoBrowser()
	case key.Matches(msg, k.Find):
		return m.openFinder("", true)
	case key.Matches(msg, k.Queries):
		return m.openQueries()
	}
	if !m.transcript.Loaded() {
		if m.focus == paneSources {
			var cmd tea.Cmd
			m.sources, cmd = m.sources.Update(msg)
			return m, cmd
		}
		return m, nil
	}
	switch {
	case key.Matches(msg, k.Search):
		m.search.Reset()
		m.prompt = promptSearch
		return m, nil
	case key.Matches(msg, k.Filter):
		if m.filter.ID != "" {
			return m.clearFilter(), nil
		}
		m.pickFor = pickFilter
		return m.openPicker(codepicker.Choose, "Show only the text coded with…"), nil
	case key.Matches(msg, k.Done):
		done := !m.doneHere()
		label := "marked " + m.source.Name + " done"
		if !done {
			label = "marked " + m.source.Name + " not done"
		}
		cmd := m.do(step{label: label, op: op{kind: opSetDone, source: m.source.ID, done: done}})
		return m, cmd
	}
	var cmd tea.Cmd
	switch m.focus {
	case paneSources:
		m.sources, cmd = m.sources.Update(msg)
	case paneCodebook:
		if msg.String() == "esc" {
			m.showCodebook, m.focus = false, paneTranscript
			return m, nil
		}
		if key.Matches(msg, k.Passages) {
			return m.openPassages(m.codebook.Current().Path)
		}
		m.codebook, cmd = m.codebook.Update(msg)
	default:
		pos := m.transcript.Position()
		if msg.String() == "esc" && !pos.Selecting && pos.Query == "" && m.filter.ID != "" {
			return m.clearFilter(), nil
		}
		m.transcript, cmd = m.transcript.Update(msg)
	}
	return m, cmd
}

// cycleFocus moves the keyboard to the next pane: sources, text, then the
// codebook when it is open.
func (m *Model) cycleFocus() {
	order := []pane{paneSources, paneTranscript}
	if m.showCodebook {
		order = append(order, paneCodebook)
	}
	for i, p := range order {
		if p == m.focus {
			m.focus = order[(i+1)%len(order)]
			return
		}
	}
	m.focus = paneTranscript
}

func (m Model) openPicker(mode codepicker.Mode, title string) Model {
	m.picker.Open(mode, title, m.pickerCodes(), m.recentCodes())
	m.prompt = promptPicker
	return m
}

// picked applies the picker's choice: an existing code (id set) or a new
// path with an optional definition.
func (m Model) picked(codeID, path, definition string) (Model, tea.Cmd) {
	m.prompt = promptNone
	if codeID != "" {
		m.recent = append([]string{codeID}, m.recent...)
	}
	if codeID != "" {
		definition = "" // an existing code keeps its own
	}
	switch m.pickFor {
	case pickMoveTo:
		return m.moveTo(codeID, path)
	case pickMergeInto:
		return m.confirmMerge(m.codeByID[codeID]), nil
	case pickFilter:
		code := m.codeByID[codeID]
		return m.applyFilter(codebook.Code{ID: code.ID, Path: code.Path, Name: code.Name}), nil
	case pickRecode:
		old := m.recoding
		if codeID == old.CodeID {
			m.say("that is already its code")
			return m, nil
		}
		// One action of the core: the new coding (and a new code, when
		// named) and the old coding's removal, which one undo takes back.
		ref := path
		if codeID != "" {
			ref = codeID
		}
		cmd := m.do(step{label: fmt.Sprintf("re-coded %s as %s", old.Code, path),
			op: op{kind: opRecode, codingID: old.ID, text: ref, definition: definition, newCode: codeID == ""}})
		return m, cmd
	}
	span := m.pendingSpan
	m.transcript.ClearSelection()
	// A new name reaches here only through the picker's "create" row,
	// shown below the codes the typed name matches: it is meant to be new.
	cmd := m.do(step{label: fmt.Sprintf("coded %d–%d as %s", span.Start, span.End, path),
		op: op{kind: opAddCoding, coding: study.NewCoding{Source: m.source.ID, Code: path, Start: span.Start, End: span.End,
			CodeDefinition: definition, NewCode: codeID == ""}}})
	return m, cmd
}

func (m Model) applyFilter(code codebook.Code) Model {
	if code.ID == "" {
		return m
	}
	n := m.transcript.SetFilter(code.ID)
	if n == 0 {
		m.say("no coding with " + code.Path + " in this source")
		return m
	}
	m.filter = code
	m.focus = paneTranscript
	m.say(fmt.Sprintf("showing %s coded %s: f or esc shows all", count(n, "turn"), code.Path))
	return m
}

func (m Model) clearFilter() Model {
	m.filter = codebook.Code{}
	m.transcript.ClearFilter()
	m.say("showing every turn")
	return m
}

func (m Model) chooseCoding(purpose choicePurpose, title string, codings []transcript.Coding) Model {
	m.choiceFor, m.candidates = purpose, codings
	var options []string
	for _, c := range codings {
		options = append(options, fmt.Sprintf("%s  %d–%d “%s”", c.Code, c.Start, c.End,
			m.transcript.Excerpt(c.Span(), 40)))
	}
	m.chooser.Open(title, options)
	m.prompt = promptChoice
	return m
}

func (m Model) startRecode(c transcript.Coding) Model {
	m.pickFor, m.recoding = pickRecode, c
	return m.openPicker(codepicker.Apply, fmt.Sprintf("Re-code %s %d–%d “%s” as…", c.Code, c.Start, c.End, m.transcript.Excerpt(c.Span(), 30)))
}

// memoTargetsFor lists what a new memo can be on: the codings of mine
// under the cursor, the turn, the source.
func (m Model) memoTargetsFor(msg transcript.MemoRequestMsg) Model {
	m.memoTargets = nil
	for _, c := range msg.Codings {
		m.memoTargets = append(m.memoTargets, memoTarget{
			target: study.MemoTarget{Kind: study.MemoOnCoding, Ref: c.ID},
			label:  fmt.Sprintf("my coding %s “%s”", c.Code, m.transcript.Excerpt(c.Span(), 30))})
	}
	m.memoTargets = append(m.memoTargets,
		memoTarget{target: study.MemoTarget{Kind: study.MemoOnTurn, Ref: fmt.Sprintf("%s:%d", m.source.ID, msg.Turn.Seq)},
			label: fmt.Sprintf("turn %d (%s)", msg.Turn.Seq, msg.Turn.Speaker)},
		memoTarget{target: study.MemoTarget{Kind: study.MemoOnSource, Ref: m.source.ID}, label: "the source " + m.source.Name})
	return m
}

func (m Model) chosen(i int) (Model, tea.Cmd) {
	if m.prompt == promptCoder {
		if i < len(m.coders) {
			return m.startAs(m.coders[i].Name)
		}
		return m, nil
	}
	m.prompt = promptNone
	switch m.choiceFor {
	case chooseRemove:
		if i < len(m.candidates) {
			cmd := m.removeCoding(m.candidates[i])
			return m, cmd
		}
	case chooseRecode:
		if i < len(m.candidates) {
			return m.startRecode(m.candidates[i]), nil
		}
	case chooseMerge:
		if i == 0 {
			cmd := m.merge()
			return m, cmd
		}
	case chooseRetire:
		return m.retireChosen(i)
	case chooseMemoTarget:
		return m.memoChosen(i), nil
	case chooseMemoInBrowser:
		return m.browserChosen(i)
	}
	return m, nil
}

func (m *Model) removeCoding(c transcript.Coding) tea.Cmd {
	return m.do(step{label: fmt.Sprintf("removed %s %d–%d", c.Code, c.Start, c.End), op: op{kind: opRemoveCoding, codingID: c.ID}})
}

// helpSections gathers every pane's keys for the help screen.
func (m Model) helpSections() []help.Section {
	flatten := func(groups [][]key.Binding) []key.Binding {
		var out []key.Binding
		for _, g := range groups {
			out = append(out, g...)
		}
		return out
	}
	tk := m.transcript.KeyMap().FullHelp()
	if m.opts.ReadOnly {
		return m.readOnlyHelp(flatten)
	}
	return []help.Section{
		{Title: "Move in the text", Bindings: tk[0]},
		{Title: "Select", Bindings: tk[1]},
		{Title: "Code, jump, search", Bindings: tk[2]},
		{Title: "Workspace", Bindings: flatten(m.keys.FullHelp())},
		{Title: "Agreement dashboard (A)", Bindings: flatten(m.agree.KeyMap().FullHelp())},
		{Title: "Group view (A, then v)", Bindings: flatten(m.groups.KeyMap().FullHelp())},
		{Title: "Themes board (T)", Bindings: flatten(m.board.KeyMap().FullHelp())},
		{Title: "Suggestions (I)", Bindings: flatten(m.suggest.KeyMap().FullHelp())},
		{Title: "A code's passages (p in the codebook pane)", Bindings: flatten(passages.DefaultKeyMap().FullHelp())},
		{Title: "Search all sources (F, or tab in /)", Bindings: flatten(kwic.DefaultKeyMap().FullHelp())},
		{Title: "Queries (Q)", Bindings: flatten(queries.DefaultKeyMap().FullHelp())},
		{Title: "Sources pane", Bindings: flatten(m.sources.KeyMap().FullHelp())},
		{Title: "Codebook pane (b)", Bindings: flatten(m.codebook.KeyMap().FullHelp())},
		{Title: "History and other long texts", Bindings: flatten(m.pager.KeyMap().FullHelp())},
		{Title: "Code picker (type to filter)", Bindings: flatten(m.picker.KeyMap().FullHelp())},
		{Title: "Memo", Bindings: flatten(m.memo.KeyMap().FullHelp())},
		{Title: "Lists", Bindings: flatten(m.chooser.KeyMap().FullHelp())},
		{Title: "Help", Bindings: flatten(m.help.KeyMap().FullHelp())},
	}
}
