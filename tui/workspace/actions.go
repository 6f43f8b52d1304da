package workspace

import (
	"context"
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/coding/store"
)

// opKind is one kind of change to the project.
type opKind int

const (
	opAddCoding opKind = iota
	opRemoveCoding
	opAddCode
	opSetDone
	opAddMemo
	opRenameCode
	opDescribeCode
	opMoveCode
	opMergeCode
	opSplitCode
	opRetireCode
)

// op is one change, saved in its own transaction.
type op struct {
	kind     opKind
	coding   store.NewCoding
	codingID string
	code     store.NewCode
	source   string
	done     bool
	memo     store.MemoTarget
	body     string

	// For the codebook changes: the code, and the new name, definition,
	// parent id, merge target id or split path; the codings a split moves;
	// whether retiring removes the codings.
	codeID        string
	text          string
	codingIDs     []string
	removeCodings bool
}

// step is one user action: usually one op, sometimes two (re-coding adds
// the new coding, then removes the old one). actions counts the store
// actions it made, which is how many times the store's Undo must run to
// take it back.
//
// The store has no redo. Redo is done here: an undone step keeps its ops,
// and redoing runs them again as a new action (a coding comes back with a
// new id; a removed coding restored by undo keeps its id, so removing it
// again works).
type step struct {
	label   string
	ops     []op
	actions int
}

// job is a write waiting its turn; it is built when it starts, so that an
// undo pressed twice quickly takes back two different steps.
type job func(m *Model) tea.Cmd

// stepDoneMsg reports a step saved (or how far it got before failing).
type stepDoneMsg struct {
	step    step
	redoing bool
	created []string // codes created in passing
	added   []store.Coding
	removed []string // ids of codings removed
	err     error
}

// undoneMsg reports an undo.
type undoneMsg struct {
	step    step // the step taken back; no ops when it was not made here
	fromLog bool // it was an action from before this session
	undone  int
	err     error
}

// do saves a new step; it empties the redo list, as new work makes the
// undone steps' context stale.
func (m *Model) do(s step) tea.Cmd {
	return m.enqueue(func(m *Model) tea.Cmd {
		m.redo = nil
		return m.runStep(s, false)
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

// runStep saves the ops of a step one transaction each, stopping at the
// first that fails.
func (m *Model) runStep(s step, redoing bool) tea.Cmd {
	ctx, st := m.ctx, m.store
	return func() tea.Msg {
		out := stepDoneMsg{step: s, redoing: redoing}
		out.step.actions = 0
		for _, o := range s.ops {
			res, err := apply(ctx, st, o)
			if err != nil {
				out.err = err
				break
			}
			if res.changed {
				out.step.actions++
			}
			if res.createdCode != "" {
				out.created = append(out.created, res.createdCode)
			}
			if res.added.ID != "" {
				out.added = append(out.added, res.added)
			}
			if res.removed != "" {
				out.removed = append(out.removed, res.removed)
			}
		}
		return out
	}
}

// applied is what one op did.
type applied struct {
	changed     bool // the project changed (adding a coding that exists changes nothing)
	createdCode string
	added       store.Coding
	removed     string
}

// apply saves one op in its own transaction.
func apply(ctx context.Context, s Store, o op) (applied, error) {
	switch o.kind {
	case opAddCoding:
		res, err := s.AddCoding(ctx, o.coding)
		if err != nil || res.Existed {
			return applied{}, err
		}
		out := applied{changed: true, added: res.Coding}
		if res.CreatedCode {
			out.createdCode = res.Coding.Code
		}
		return out, nil
	case opRemoveCoding:
		if _, err := s.RemoveCoding(ctx, o.codingID); err != nil {
			return applied{}, err
		}
		return applied{changed: true, removed: o.codingID}, nil
	case opAddCode:
		c, err := s.AddCode(ctx, o.code)
		return applied{changed: err == nil, createdCode: c.Path}, err
	case opSetDone:
		err := s.SetSourceDone(ctx, o.source, o.done)
		return applied{changed: err == nil}, err
	case opAddMemo:
		_, err := s.AddMemo(ctx, o.memo, "", o.body)
		return applied{changed: err == nil}, err
	case opRenameCode:
		_, err := s.RenameCode(ctx, o.codeID, o.text)
		return applied{changed: err == nil}, err
	case opDescribeCode:
		_, err := s.DescribeCode(ctx, o.codeID, store.CodeDescription{Definition: &o.text})
		return applied{changed: err == nil}, err
	case opMoveCode:
		_, err := s.MoveCode(ctx, o.codeID, o.text)
		return applied{changed: err == nil}, err
	case opMergeCode:
		_, err := s.MergeCode(ctx, o.codeID, o.text)
		return applied{changed: err == nil}, err
	case opSplitCode:
		c, err := s.SplitCode(ctx, o.codeID, o.text, o.codingIDs)
		return applied{changed: err == nil, createdCode: c.Path}, err
	case opRetireCode:
		_, err := s.RetireCode(ctx, o.codeID, "", o.removeCodings)
		return applied{changed: err == nil}, err
	}
	return applied{}, fmt.Errorf("unknown change %d", o.kind)
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
	var codings []store.Coding
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
	if msg.step.actions > 0 {
		m.history = append(m.history, msg.step)
	}
	switch {
	case msg.err != nil:
		m.fail(fmt.Errorf("not saved: %w", msg.err))
	case msg.step.actions == 0:
		m.say("nothing changed: " + msg.step.label + " was already so")
	default:
		text := "saved: " + msg.step.label
		if msg.redoing {
			text = "redone: " + msg.step.label
		}
		if len(msg.created) > 0 {
			text += " (new code " + strings.Join(msg.created, ", ") + ")"
		}
		m.say(text)
	}
	cmd := tea.Batch(m.refresh(), m.next())
	return m, cmd
}

// undoJob takes back the latest step of this session, or, when there is
// none, the coder's latest action in the project's log (made before, in
// the CLI or in another session).
func (m Model) undoJob() job {
	return func(m *Model) tea.Cmd {
		var s step
		fromLog := len(m.history) == 0
		if fromLog {
			s = step{actions: 1}
		} else {
			s = m.history[len(m.history)-1]
			m.history = m.history[:len(m.history)-1]
		}
		ctx, st := m.ctx, m.store
		return func() tea.Msg {
			out := undoneMsg{step: s, fromLog: fromLog}
			for i := 0; i < s.actions; i++ {
				u, err := st.Undo(ctx)
				if err != nil {
					out.err = err
					break
				}
				out.undone++
				if fromLog {
					out.step.label = strings.Join(u.Kinds, ", ")
				}
			}
			return out
		}
	}
}

func (m Model) undone(msg undoneMsg) (Model, tea.Cmd) {
	switch {
	case msg.err != nil && errors.Is(msg.err, store.ErrNothingToUndo):
		m.fail(msg.err)
	case msg.err != nil && msg.undone == 0:
		m.fail(msg.err)
	case msg.err != nil:
		m.fail(fmt.Errorf("undo stopped half-way (%d of %d changes taken back): %w", msg.undone, msg.step.actions, msg.err))
	case msg.fromLog:
		m.say("undone your latest action in the project's log (" + msg.step.label + "); it was not made from this screen, so ctrl+r cannot redo it")
	default:
		m.redo = append(m.redo, msg.step)
		m.say("undone: " + msg.step.label + " (ctrl+r redoes it)")
	}
	cmd := tea.Batch(m.refresh(), m.next())
	return m, cmd
}

// redoJob saves the latest undone step again.
func (m Model) redoJob() job {
	return func(m *Model) tea.Cmd {
		if len(m.redo) == 0 {
			m.say("nothing to redo: redo brings back what undo took back in this session")
			return nil
		}
		s := m.redo[len(m.redo)-1]
		m.redo = m.redo[:len(m.redo)-1]
		return m.runStep(s, true)
	}
}
