package themes

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
)

// Study is what the themes board asks of Focal's application core
// (coding/study): the themes, the codebook and the codings as the viewer
// may see them, and the changes to themes, each one action taken as the
// viewer. *study.Study is one.
type Study interface {
	Themes(ctx context.Context, p study.Person, f study.ThemeFilter) ([]coding.Theme, error)
	Codes(ctx context.Context, p study.Person, f study.CodeFilter) ([]coding.Code, error)
	Sources(ctx context.Context) ([]corpus.Source, error)
	Participants(ctx context.Context) ([]corpus.Participant, error)
	Codings(ctx context.Context, p study.Person, f study.CodingFilter) ([]coding.Coding, error)

	AddTheme(ctx context.Context, p study.Person, nt study.NewTheme) (coding.Theme, error)
	RenameTheme(ctx context.Context, p study.Person, ref, newName string) (coding.Theme, error)
	DescribeTheme(ctx context.Context, p study.Person, ref string, d study.ThemeDescription) (coding.Theme, bool, error)
	AssignCodes(ctx context.Context, p study.Person, themeRef string, codeRefs []string) (study.ThemeCodesChange, error)
	UnassignCodes(ctx context.Context, p study.Person, themeRef string, codeRefs []string) (study.ThemeCodesChange, error)
	MoveCodeBetweenThemes(ctx context.Context, p study.Person, codeRef, fromTheme, toTheme string) (study.ThemeCodeMove, error)
	RemoveTheme(ctx context.Context, p study.Person, ref string, force bool) (study.ThemeRemoval, error)

	// Memos lists the memos the person may see (the core applies
	// blinding); the board asks for those on themes.
	Memos(ctx context.Context, p study.Person, f study.MemoFilter) ([]coding.Memo, error)
	AddMemo(ctx context.Context, p study.Person, target study.MemoTarget, title, body string) (coding.Memo, error)
	// EditMemo replaces the text of one of the person's memos.
	EditMemo(ctx context.Context, p study.Person, ref, body string) (coding.Memo, bool, error)
}

// The application core is the board's Study.
var _ Study = (*study.Study)(nil)

// board is what the board lists: the theme tree, the codebook, and the
// memos on themes the viewer may see, by theme id in the order written.
type board struct {
	themes []coding.Theme
	codes  []coding.Code
	memos  map[string][]coding.Memo
}

// unassigned lists the codes that serve no theme, in codebook order.
func (b board) unassigned() []coding.Code {
	used := map[string]bool{}
	for _, th := range b.themes {
		for _, c := range th.Codes {
			used[c.ID] = true
		}
	}
	var out []coding.Code
	for _, c := range b.codes {
		if !used[c.ID] {
			out = append(out, c)
		}
	}
	return out
}

// loadThemes reads the theme tree, counted for the viewer, and the memos
// on themes the viewer may see (which ones is the core's answer, as for
// `focal memo list`).
func loadThemes(ctx context.Context, s Study, viewer string) ([]coding.Theme, map[string][]coding.Memo, error) {
	themes, err := s.Themes(ctx, study.As(viewer), study.ThemeFilter{})
	if err != nil {
		return nil, nil, err
	}
	memos, err := s.Memos(ctx, study.As(viewer), study.MemoFilter{Kind: study.MemoOnTheme})
	if err != nil {
		return nil, nil, fmt.Errorf("memos on themes: %w", err)
	}
	byTheme := map[string][]coding.Memo{}
	for _, memo := range memos {
		byTheme[memo.TargetID] = append(byTheme[memo.TargetID], memo)
	}
	return themes, byTheme, nil
}

// loadBoard reads the themes, their memos and the codebook. Writes on the
// board change only themes and their memos, so after a write those alone
// are read again.
func loadBoard(ctx context.Context, s Study, viewer string) (board, error) {
	themes, memos, err := loadThemes(ctx, s, viewer)
	if err != nil {
		return board{}, err
	}
	codes, err := s.Codes(ctx, study.As(viewer), study.CodeFilter{})
	return board{themes: themes, codes: codes, memos: memos}, err
}

// evidence is every coding the viewer may see, grouped by code, with what
// the theme view needs to name where each came from. Themes do not change
// codings, so it is read once when the board opens (and on ctrl+l), not
// after each write.
type evidence struct {
	byCode     map[string][]coding.Coding
	sources    map[string]corpus.Source
	pseudonyms map[string]string // participant → pseudonym
	groups     int               // focus groups in the project
	// coders counts, per source id, the coders (the consensus aside) whose
	// codings the viewer may see: a quote is "coded by 2 of 3 coders".
	coders map[string]int
}

// loadEvidence reads the codings in one call (not one per code or source:
// projects hold a hundred thousand) and groups them in memory.
func loadEvidence(ctx context.Context, s Study, viewer string) (evidence, error) {
	e := evidence{byCode: map[string][]coding.Coding{}, sources: map[string]corpus.Source{}, pseudonyms: map[string]string{}, coders: map[string]int{}}
	sources, err := s.Sources(ctx)
	if err != nil {
		return e, err
	}
	groups := map[string]bool{}
	for _, src := range sources {
		e.sources[src.ID] = src
		groups[groupOf(src)] = true
	}
	e.groups = len(groups)
	people, err := s.Participants(ctx)
	if err != nil {
		return e, err
	}
	for _, p := range people {
		e.pseudonyms[p.Name] = p.Pseudonym
	}
	codings, err := s.Codings(ctx, study.As(viewer), study.CodingFilter{})
	if err != nil {
		return e, err
	}
	seen := map[[2]string]bool{}
	for _, c := range codings {
		e.byCode[c.CodeID] = append(e.byCode[c.CodeID], c)
		if k := [2]string{c.SourceID, c.Coder}; c.Coder != study.ConsensusCoder && !seen[k] {
			seen[k] = true
			e.coders[c.SourceID]++
		}
	}
	return e, nil
}

// groupOf is a source's focus group, or its name when it has none.
func groupOf(src corpus.Source) string {
	if src.Group != "" {
		return src.Group
	}
	return src.Name
}

// Messages of the board.
type (
	// boardMsg carries the themes read again, with the codebook when it
	// was read too.
	boardMsg struct {
		gen    int
		themes []coding.Theme
		memos  map[string][]coding.Memo
		codes  []coding.Code
		full   bool
		err    error
	}
	// evidenceMsg carries the codings read for the theme view.
	evidenceMsg struct {
		gen      int
		evidence evidence
		err      error
	}
	// savedMsg says what a write did (or why not); follow names the theme
	// to keep the cursor on.
	savedMsg struct {
		label  string
		follow string
		err    error
		// force is set when the core refused a removal that force allows.
		force *removal
		// reopen is the prompt to open again, with what was typed, when
		// the core refused what it held, if the cursor is still on the
		// theme it was about (about; "" for any).
		reopen mode
		about  string
	}
	// childMsg wraps what a picker or the help screen reports, so that the
	// workspace routes it back here and not to its own picker.
	childMsg struct{ msg tea.Msg }
	// CloseMsg asks the workspace to close the board.
	CloseMsg struct{}
)

// Owns reports whether a message belongs to the board: its reads, its
// writes' replies and its prompts' answers.
func Owns(msg tea.Msg) bool {
	switch msg.(type) {
	case boardMsg, evidenceMsg, savedMsg, childMsg:
		return true
	}
	return false
}

// wrap makes a child's command report to the board.
func wrap(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg { return childMsg{cmd()} }
}

// loadFull reads the themes and the codebook.
func (m Model) loadFull() tea.Cmd {
	ctx, s, viewer, gen := m.ctx, m.study, m.viewer, m.gen
	return func() tea.Msg {
		b, err := loadBoard(ctx, s, viewer)
		return boardMsg{gen: gen, themes: b.themes, memos: b.memos, codes: b.codes, full: true, err: err}
	}
}

// loadThemesCmd reads the themes again after a write.
func (m Model) loadThemesCmd() tea.Cmd {
	ctx, s, viewer, gen := m.ctx, m.study, m.viewer, m.gen
	return func() tea.Msg {
		themes, memos, err := loadThemes(ctx, s, viewer)
		return boardMsg{gen: gen, themes: themes, memos: memos, err: err}
	}
}

// loadEvidenceCmd reads the codings for the theme view.
func (m Model) loadEvidenceCmd() tea.Cmd {
	ctx, s, viewer, gen := m.ctx, m.study, m.viewer, m.evidenceGen
	return func() tea.Msg {
		e, err := loadEvidence(ctx, s, viewer)
		return evidenceMsg{gen: gen, evidence: e, err: err}
	}
}
