package workspace

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/tui/codebook"
	"github.com/focalqda/focal/tui/codepicker"
)

// This file carries out the codebook pane's requests: rename, define,
// move, merge (similar codes offered first), split, retire, and a code's
// history. Each change is one action of the project, so u takes it back
// and ctrl+r makes it again.

// textPurpose is what the one-line text prompt was opened for.
type textPurpose int

const (
	textRename textPurpose = iota
	textSplitName
)

// memoPurpose is what the multi-line editor was opened for.
type memoPurpose int

const (
	memoNote memoPurpose = iota
	memoDefinition
	memoEdit
)

// topLevel is the picker's stand-in for "no parent" when moving a code.
const topLevel = "\x00top"

// Replies of the reads the codebook actions need.
type (
	// similarCodesMsg carries the codes sharing text with a code, for a
	// merge.
	similarCodesMsg struct {
		code    coding.Code
		similar []coding.Similarity
		err     error
	}
	// codeCodingsMsg carries a code's codings, to choose those to split off.
	codeCodingsMsg struct {
		code    coding.Code
		path    string
		codings []coding.Coding
		err     error
	}
	// historyMsg carries the events about a code.
	historyMsg struct {
		code   coding.Code
		events []study.LoggedEvent
		err    error
	}
)

// codebookAction starts what the codebook pane asked for.
func (m Model) codebookAction(msg codebook.ActionMsg) (Model, tea.Cmd) {
	code, ok := m.codeByID[msg.Code.ID]
	if !ok {
		return m, nil
	}
	if m.opts.ReadOnly && msg.Action != codebook.History {
		m.refuse()
		return m, nil
	}
	m.editing = code
	switch msg.Action {
	case codebook.Rename:
		return m.askText(textRename, "new name of "+code.Path+" › ", code.Name), nil
	case codebook.Define:
		m.memoFor = memoDefinition
		m.memo.Edit("Definition of "+code.Path+" (enter saves, ctrl+j new line, esc keeps it as it was)", code.Definition)
		m.prompt = promptMemo
		return m, nil
	case codebook.Move:
		var codes []codepicker.Code
		if code.ParentID != "" {
			codes = append(codes, codepicker.Code{ID: topLevel, Path: "(top level)", Name: "(top level)"})
		}
		for _, c := range m.pickerCodes() {
			if !m.within(c.ID, code.ID) && c.ID != code.ParentID {
				codes = append(codes, c)
			}
		}
		m.pickFor = pickMoveTo
		m.picker.Open(codepicker.Choose, "Move "+code.Path+" under…", codes, nil)
		m.prompt = promptPicker
		return m, nil
	case codebook.Merge:
		m.say("looking for codes that share text with " + code.Path + "…")
		return m, m.loadSimilar(code)
	case codebook.Split:
		return m.askText(textSplitName, "split "+code.Path+" into the new code › ", ""), nil
	case codebook.Retire:
		return m.askRetire(code), nil
	case codebook.History:
		return m, m.loadHistory(code)
	}
	return m, nil
}

// within reports whether code id is the code `root` or one of its
// descendants.
func (m Model) within(id, root string) bool {
	for seen := 0; id != "" && seen < 1000; seen++ {
		if id == root {
			return true
		}
		id = m.codeByID[id].ParentID
	}
	return false
}

func (m Model) askText(purpose textPurpose, prompt, value string) Model {
	m.textFor = purpose
	m.nameEdit.Prompt = prompt
	m.nameEdit.Reset()
	m.nameEdit.SetValue(value)
	m.prompt = promptText
	return m
}

// textEntered acts on the one-line prompt's text.
func (m Model) textEntered(text string) (Model, tea.Cmd) {
	m.prompt = promptNone
	text = strings.TrimSpace(text)
	code := m.editing
	if text == "" {
		m.say("nothing changed: no name given")
		return m, nil
	}
	switch m.textFor {
	case textRename:
		if text == code.Name {
			m.say("nothing changed: that is already its name")
			return m, nil
		}
		cmd := m.do(step{label: fmt.Sprintf("renamed %s to %s", code.Path, text),
			op: op{kind: opRenameCode, codeID: code.ID, text: text}})
		return m, cmd
	case textSplitName:
		return m, m.loadCodeCodings(code, text)
	}
	return m, nil
}

// definitionSaved saves an edited definition.
func (m Model) definitionSaved(text string) (Model, tea.Cmd) {
	code := m.editing
	if text == strings.TrimSpace(code.Definition) {
		m.say("nothing changed: the definition is as it was")
		return m, nil
	}
	label := "defined " + code.Path
	if text == "" {
		label = "cleared the definition of " + code.Path
	}
	cmd := m.do(step{label: label, op: op{kind: opDescribeCode, codeID: code.ID, text: text}})
	return m, cmd
}

// moveTo saves a move under the picked parent.
func (m Model) moveTo(parentID, parentPath string) (Model, tea.Cmd) {
	code := m.editing
	label := fmt.Sprintf("moved %s under %s", code.Path, parentPath)
	if parentID == topLevel {
		parentID, label = "", fmt.Sprintf("moved %s to the top level", code.Path)
	}
	cmd := m.do(step{label: label, op: op{kind: opMoveCode, codeID: code.ID, text: parentID}})
	return m, cmd
}

// loadSimilar reads every coding the viewer may see and ranks the codes
// sharing text with the code.
func (m Model) loadSimilar(code coding.Code) tea.Cmd {
	ctx, s, p := m.ctx, m.study, study.As(m.coder)
	return func() tea.Msg {
		codings, err := s.Codings(ctx, p, study.CodingFilter{})
		if err != nil {
			return similarCodesMsg{code: code, err: err}
		}
		spans := make([]coding.CodedSpan, 0, len(codings))
		for _, c := range codings {
			if c.Coder != study.ConsensusCoder {
				spans = append(spans, coding.CodedSpan{Code: c.CodeID, Coder: c.Coder, Source: c.SourceID, Start: c.Start, End: c.End})
			}
		}
		return similarCodesMsg{code: code, similar: coding.SimilarCodes(code.ID, spans)}
	}
}

// offerMergeTargets opens the picker on the codes a code may be merged
// into, those sharing the most text first.
func (m Model) offerMergeTargets(msg similarCodesMsg) Model {
	if msg.err != nil {
		m.fail(msg.err)
		return m
	}
	code := msg.code
	var first, rest []codepicker.Code
	noted := map[string]string{}
	for _, s := range msg.similar {
		note := fmt.Sprintf("%.0f%% same text", 100*s.Share)
		if s.SameCoder {
			note += ", same coder"
		}
		noted[s.Code] = note
	}
	for _, c := range m.pickerCodes() {
		// A code cannot be merged into itself or its own child.
		if m.within(c.ID, code.ID) {
			continue
		}
		if note, ok := noted[c.ID]; ok {
			c.Note = note
			first = append(first, c)
		} else {
			rest = append(rest, c)
		}
	}
	order := map[string]int{}
	for i, s := range msg.similar {
		order[s.Code] = i
	}
	slices.SortStableFunc(first, func(a, b codepicker.Code) int { return order[a.ID] - order[b.ID] })
	// Under blinding, the text shared is the viewer's own codings' only:
	// the others' are not read, and the title says so.
	yours := ""
	if m.blinding.On {
		yours = " in your codings"
	}
	title := "Merge " + code.Path + " into… (codes sharing its text" + yours + " first)"
	if len(first) == 0 {
		title = "Merge " + code.Path + " into… (no code shares its text" + yours + ")"
	}
	m.pickFor = pickMergeInto
	m.picker.Open(codepicker.Choose, title, append(first, rest...), nil)
	// A code is highlighted only when it shares the text: never a parent
	// by its place in the tree, so that enter alone merges nothing amiss.
	if len(first) == 0 || m.within(code.ID, first[0].ID) {
		m.picker.Unselect()
	}
	m.prompt = promptPicker
	return m
}

// confirmMerge asks before merging: a merge moves every coder's codings.
func (m Model) confirmMerge(into coding.Code) Model {
	from := m.editing
	m.mergeInto = into
	m.choiceFor = chooseMerge
	question := fmt.Sprintf("Merge %s (%s) into %s (%s)? Every coder's codings, its child codes and theme places move there; %s is retired. u undoes it.",
		from.Path, count(from.Codings, "coding"), into.Path, count(into.Codings, "coding"), from.Name)
	if m.blinding.On {
		question = fmt.Sprintf("Merge %s (%s of yours) into %s? Your codings and any colleague's (blinding hides them), its child codes and theme places move there; %s is retired. u undoes it.",
			from.Path, count(from.Codings, "coding"), into.Path, from.Name)
	}
	m.chooser.Open(question, []string{"Merge " + from.Path + " into " + into.Path, "Cancel"})
	m.prompt = promptChoice
	return m
}

func (m Model) merge() tea.Cmd {
	from, into := m.editing, m.mergeInto
	return m.do(step{label: fmt.Sprintf("merged %s into %s", from.Path, into.Path),
		op: op{kind: opMergeCode, codeID: from.ID, text: into.ID}})
}

// askRetire offers the ways to retire a code: plainly when it has no
// codings, otherwise by merging them elsewhere or removing them.
func (m Model) askRetire(code coding.Code) Model {
	m.choiceFor = chooseRetire
	if code.Codings == 0 {
		m.retireOptions = []retireOption{retirePlain, retireCancel}
		m.chooser.Open("Retire "+code.Path+"? It leaves the active codebook; u undoes it.",
			[]string{"Retire " + code.Path, "Cancel"})
		m.prompt = promptChoice
		return m
	}
	m.retireOptions = []retireOption{retireInto}
	options := []string{"Move its " + count(code.Codings, "coding") + " into another code, then retire it (a merge)…"}
	if !m.blinding.On {
		m.retireOptions = append(m.retireOptions, retireRemoving)
		options = append(options, "Remove its "+count(code.Codings, "coding")+" and retire it")
	}
	m.retireOptions = append(m.retireOptions, retireCancel)
	options = append(options, "Cancel")
	title := "Retire " + code.Path + "? It has " + count(code.Codings, "coding") + "."
	if m.blinding.On {
		title += " (Removing them is not offered under blinding: it would remove codings you cannot see.)"
	}
	m.chooser.Open(title, options)
	m.prompt = promptChoice
	return m
}

// retireOption is one answer to "retire how?".
type retireOption int

const (
	retirePlain retireOption = iota
	retireInto
	retireRemoving
	retireCancel
)

func (m Model) retireChosen(i int) (Model, tea.Cmd) {
	if i >= len(m.retireOptions) {
		return m, nil
	}
	code := m.editing
	switch m.retireOptions[i] {
	case retirePlain:
		cmd := m.do(step{label: "retired " + code.Path, op: op{kind: opRetireCode, codeID: code.ID}})
		return m, cmd
	case retireInto:
		m.say("looking for codes that share text with " + code.Path + "…")
		return m, m.loadSimilar(code)
	case retireRemoving:
		cmd := m.do(step{label: fmt.Sprintf("retired %s and removed its %s", code.Path, count(code.Codings, "coding")),
			op: op{kind: opRetireCode, codeID: code.ID, removeCodings: true}})
		return m, cmd
	}
	return m, nil
}

// loadCodeCodings reads a code's codings, to choose those a split moves.
func (m Model) loadCodeCodings(code coding.Code, path string) tea.Cmd {
	ctx, s, p := m.ctx, m.study, study.As(m.coder)
	return func() tea.Msg {
		codings, err := s.Codings(ctx, p, study.CodingFilter{Code: code.ID})
		return codeCodingsMsg{code: code, path: path, codings: codings, err: err}
	}
}

// offerSplit lists the code's codings to tick those the new code takes.
func (m Model) offerSplit(msg codeCodingsMsg) Model {
	if msg.err != nil {
		m.fail(msg.err)
		return m
	}
	var codings []coding.Coding
	for _, c := range msg.codings {
		if c.CodeID == msg.code.ID {
			codings = append(codings, c)
		}
	}
	if len(codings) == 0 {
		m.fail(fmt.Errorf("%s has no codings you can see to split off", msg.code.Path))
		return m
	}
	m.splitPath, m.splitCodings = msg.path, codings
	var options []string
	for _, c := range codings {
		options = append(options, fmt.Sprintf("%s t%d %s (%s): “%s”", c.Source, c.Turn, c.Speaker, c.Coder, oneLine(c.Text)))
	}
	m.choiceFor = chooseSplit
	m.chooser.OpenMany(fmt.Sprintf("Which codings of %s go to %s? space ticks, a all, enter splits", msg.code.Path, msg.path), options)
	m.prompt = promptChoice
	return m
}

func (m Model) split(indices []int) tea.Cmd {
	code := m.editing
	var ids []string
	for _, i := range indices {
		if i < len(m.splitCodings) {
			ids = append(ids, m.splitCodings[i].ID)
		}
	}
	return m.do(step{label: fmt.Sprintf("split %s off %s", count(len(ids), "coding"), code.Path),
		op: op{kind: opSplitCode, codeID: code.ID, text: m.splitPath, codingIDs: ids}})
}

// loadHistory reads the events about a code: codebook changes and the
// themes it was put in or taken out of, from the log as the coder may see
// it (under blinding, without other coders' work).
func (m Model) loadHistory(code coding.Code) tea.Cmd {
	ctx, s, p := m.ctx, m.study, study.As(m.coder)
	return func() tea.Msg {
		var out []study.LoggedEvent
		for _, prefix := range []string{"code", "theme"} {
			events, err := s.Log(ctx, p, study.LogFilter{Kind: prefix})
			if err != nil {
				return historyMsg{code: code, err: err}
			}
			for _, e := range events {
				if (coding.IsCodebookEvent(e.Kind) || strings.HasPrefix(e.Kind, "theme.")) &&
					coding.EventConcernsCode(e.EntityID, append(rawJSON(e.Before), rawJSON(e.After)...), code.ID) {
					out = append(out, e)
				}
			}
		}
		slices.SortFunc(out, func(a, b study.LoggedEvent) int { return int(a.Seq - b.Seq) })
		return historyMsg{code: code, events: out}
	}
}

// showHistory opens the pager on a code's history.
func (m Model) showHistory(msg historyMsg) Model {
	if msg.err != nil {
		m.fail(msg.err)
		return m
	}
	c := msg.code
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", c.Path, orDash(oneLine(c.Definition)))
	fmt.Fprintf(&b, "created %s by %s · %s you can see\n\n", shortTime(c.CreatedAt), orDash(c.CreatedBy), count(c.Codings, "coding"))
	if len(msg.events) == 0 {
		b.WriteString("no changes recorded\n")
	}
	for _, e := range msg.events {
		fmt.Fprintf(&b, "%s  %s  %s\n", shortTime(e.At), orDash(e.Actor), describeEvent(e))
	}
	m.pager.Open("History of "+c.Path+" (esc closes)", b.String())
	m.prompt, m.pagerTitle = promptPager, "History"
	return m
}

// describeEvent says what an event about a code did, in a few words.
func describeEvent(e study.LoggedEvent) string {
	before, after := rawJSON(e.Before), rawJSON(e.After)
	if strings.HasPrefix(e.Kind, "theme.") {
		var rec struct {
			Theme string `json:"theme"`
		}
		json.Unmarshal(after, &rec)
		if rec.Theme == "" {
			json.Unmarshal(before, &rec)
		}
		switch e.Kind {
		case "theme.assigned":
			return "put in theme " + rec.Theme
		case "theme.unassigned":
			return "taken out of theme " + rec.Theme
		}
		return strings.TrimPrefix(e.Kind, "theme.") + " theme " + rec.Theme
	}
	path, detail := coding.DescribeCodeEvent(e.Kind, before, after)
	what := strings.TrimPrefix(e.Kind, "code.")
	switch {
	case e.Kind == "code.created" && detail != "":
		return "created " + path + ": " + detail
	case detail == "":
		return what + " " + path
	case strings.HasPrefix(detail, what):
		return path + " " + detail
	}
	return what + " " + path + ": " + detail
}

func rawJSON(v any) []byte {
	if b, ok := v.(json.RawMessage); ok {
		return b
	}
	return nil
}

func shortTime(at string) string {
	if len(at) >= 16 {
		return strings.Replace(at[:16], "T", " ", 1)
	}
	return at
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
