package workspace

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/study"
)

// opKind is one kind of change to the project.
type opKind int

const (
	opAddCoding opKind = iota
	opRemoveCoding
	opRecode
	opSetDone
	opAddMemo
	opEditMemo
	opRenameCode
	opDescribeCode
	opMoveCode
	opMergeCode
	opSplitCode
	opRetireCode
)

// op is one user action: one method of the core, saved in one
// transaction, so that one undo takes it back whole.
type op struct {
	kind     opKind
	coding   study.NewCoding // to add; its CodeDefinition defines a new code
	codingID string
	source   string
	done     bool
	memo     study.MemoTarget
	body     string

	// For re-coding: the new code (path, name or id) and, for a new code,
	// its definition. For the codebook changes: the code, and the new
	// name, definition, parent id, merge target id or split path; the
	// codings a split moves; whether retiring removes the codings.
	codeID        string
	text          string
	definition    string
	codingIDs     []string
	removeCodings bool
	// newCode says a new code name was chosen from the picker's create
	// row (meant to be new, even if it resembles an existing code).
	newCode bool
}

// step is one user action with the words the status line says it in.
// Undo and redo are the core's (study.Undo, study.Redo): they work from
// the project's log, so they reach actions made before this session, in
// the CLI or elsewhere, and survive restarting the workspace.
type step struct {
	label string
	op    op
}

// job is a write waiting its turn; it is built when it starts.
type job func(m *Model) tea.Cmd

// stepDoneMsg reports a step saved, or why not.
type stepDoneMsg struct {
	step    step
	changed bool   // the project changed (coding what is coded changes nothing)
	created string // a code created in passing
	added   []coding.Coding
	removed []string // ids of codings removed
	err     error
}

// undoneMsg reports an undo or a redo.
type undoneMsg struct {
	redo   bool
	change study.Change
	err    error
}

// do saves a new step.
func (m *Model) do(s step) tea.Cmd {
	return m.enqueue(func(m *Model) tea.Cmd {
		return m.runStep(s)
	})
}

// enqueue starts a write, or queues it behind the one in flight: writes
// run one at a time, in the order the keys were pressed.
func (m *Model) enqueue(j job) tea.Cmd {
	if m.opts.ReadOnly {
		// The keys are refused before this; this is the last guard.
		m.refuse()
		return nil
	}
	if m.writing {
		m.queue = append(m.queue, j)
		return nil
	}
	return m.start(j)
}

func (m *Model) start(j job) tea.Cmd {
	cmd := j(m)
	m.writing = cmd != nil
	return cmd
}

// next starts the first queued write, if any.
func (m *Model) next() tea.Cmd {
	m.writing = false
	for len(m.queue) > 0 {
		j := m.queue[0]
		m.queue = m.queue[1:]
		if cmd := m.start(j); cmd != nil {
			return cmd
		}
	}
	return nil
}

// runStep saves a step in its one transaction.
func (m *Model) runStep(s step) tea.Cmd {
	ctx, st, person := m.ctx, m.study, study.As(m.coder)
	return func() tea.Msg {
		out, err := apply(ctx, st, person, s.op)
		out.step, out.err = s, err
		return out
	}
}

// apply saves one op in its own transaction, through the core.
func apply(ctx context.Context, s Study, p study.Person, o op) (stepDoneMsg, error) {
	switch o.kind {
	case opAddCoding:
		res, err := s.AddCoding(ctx, p, o.coding)
		if err != nil || res.Existed {
			return stepDoneMsg{}, err
		}
		out := stepDoneMsg{changed: true, added: []coding.Coding{res.Coding}}
		if res.CreatedCode {
			out.created = res.Coding.Code
		}
		return out, nil
	case opRecode:
		res, err := s.Recode(ctx, p, o.codingID, o.text, o.definition, o.newCode)
		if err != nil {
			return stepDoneMsg{}, err
		}
		out := stepDoneMsg{changed: true, added: []coding.Coding{res.New}, removed: []string{res.Old.ID}}
		if res.CreatedCode {
			out.created = res.New.Code
		}
		return out, nil
	case opRemoveCoding:
		if _, err := s.RemoveCoding(ctx, p, o.codingID); err != nil {
			return stepDoneMsg{}, err
		}
		return stepDoneMsg{changed: true, removed: []string{o.codingID}}, nil
	case opSetDone:
		err := s.SetSourceDone(ctx, p, o.source, o.done)
		return stepDoneMsg{changed: err == nil}, err
	case opAddMemo:
		_, err := s.AddMemo(ctx, p, o.memo, "", o.body)
		return stepDoneMsg{changed: err == nil}, err
	case opEditMemo:
		_, changed, err := s.EditMemo(ctx, p, o.codingID, o.body)
		return stepDoneMsg{changed: changed}, err
	case opRenameCode:
		_, err := s.RenameCode(ctx, p, o.codeID, o.text)
		return stepDoneMsg{changed: err == nil}, err
	case opDescribeCode:
		_, err := s.DescribeCode(ctx, p, o.codeID, study.CodeDescription{Definition: &o.text})
		return stepDoneMsg{changed: err == nil}, err
	case opMoveCode:
		_, err := s.MoveCode(ctx, p, o.codeID, o.text)
		return stepDoneMsg{changed: err == nil}, err
	case opMergeCode:
		_, err := s.MergeCode(ctx, p, o.codeID, o.text)
		return stepDoneMsg{changed: err == nil}, err
	case opSplitCode:
		c, err := s.SplitCode(ctx, p, o.codeID, o.text, o.codingIDs)
		return stepDoneMsg{changed: err == nil, created: c.Path}, err
	case opRetireCode:
		_, err := s.RetireCode(ctx, p, o.codeID, "", o.removeCodings)
		return stepDoneMsg{changed: err == nil}, err
	}
	return stepDoneMsg{}, fmt.Errorf("unknown change %d", o.kind)
}

// showSaved puts the codings a step added or removed on screen at once;
// the re-read that follows brings the project's own view of them.
func (m *Model) showSaved(msg stepDoneMsg) {
	if len(msg.added) == 0 && len(msg.removed) == 0 {
		return
	}
	gone := map[string]bool{}
	for _, id := range msg.removed {
		gone[id] = true
	}
	var codings []coding.Coding
	for _, c := range m.codings {
		if !gone[c.ID] {
			codings = append(codings, c)
		}
	}
	for _, c := range msg.added {
		if c.SourceID == m.source.ID {
			codings = append(codings, c)
		}
	}
	m.codings = codings
	m.transcript.SetCodings(m.toCodings(m.codings))
}

func (m Model) stepDone(msg stepDoneMsg) (Model, tea.Cmd) {
	m.showSaved(msg)
	switch {
	case msg.err != nil:
		m.fail(fmt.Errorf("not saved: %w", msg.err))
	case !msg.changed:
		m.say("nothing changed: " + msg.step.label + " was already so")
	default:
		text := "saved: " + msg.step.label
		if msg.created != "" {
			text += " (new code " + msg.created + ")"
		}
		m.say(text)
	}
	cmd := tea.Batch(m.refresh(), m.next())
	return m, cmd
}

// undoJob takes back the coder's latest action in the project's log, made
// here or anywhere else, through the core.
func (m Model) undoJob() job {
	return m.undoOrRedo(false)
}

// redoJob makes again what the coder's latest undo took back, through the
// core; it works across sessions, as the log keeps what was undone.
func (m Model) redoJob() job {
	return m.undoOrRedo(true)
}

func (m Model) undoOrRedo(redo bool) job {
	return func(m *Model) tea.Cmd {
		ctx, core, person := m.ctx, m.study, study.As(m.coder)
		return func() tea.Msg {
			var c study.Change
			var err error
			if redo {
				c, err = core.Redo(ctx, person)
			} else {
				c, err = core.Undo(ctx, person)
			}
			return undoneMsg{redo: redo, change: c, err: err}
		}
	}
}

func (m Model) undone(msg undoneMsg) (Model, tea.Cmd) {
	switch {
	case msg.err != nil:
		m.fail(msg.err)
	case msg.redo:
		m.say("redone: " + msg.change.What)
	default:
		m.say("undone: " + msg.change.What + " (ctrl+r redoes it)")
	}
	cmd := tea.Batch(m.refresh(), m.next())
	return m, cmd
}
