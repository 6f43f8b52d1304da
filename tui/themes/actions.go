package themes

import (
	"context"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/study"
)

// save runs one change in a command, as the viewer. A read-only board
// never calls the core, even if a change got this far.
func (m Model) save(fn func(ctx context.Context, s Study, p study.Person) savedMsg) tea.Cmd {
	ctx, s, p, readOnly := m.ctx, m.study, study.As(m.viewer), m.readOnly
	return func() tea.Msg {
		if readOnly {
			return savedMsg{err: errReadOnly}
		}
		return fn(ctx, s, p)
	}
}

// saved reports a change and reads the themes again, whether it worked
// or not, so the board shows what is saved.
func (m Model) saved(msg savedMsg) (Model, tea.Cmd) {
	if msg.err != nil {
		m.fail(msg.err)
	} else {
		m.say(msg.label)
	}
	switch {
	case m.mode != browsing:
		// Another prompt opened meanwhile; it keeps the keys.
	case msg.force != nil:
		m.removing, m.mode = msg.force, confirming
	case msg.err != nil && msg.reopen != browsing && (msg.about == "" || msg.about == m.rowID()):
		m.mode = msg.reopen
	}
	m.follow = msg.follow
	m.gen++
	return m, m.loadThemesCmd()
}

// create adds a theme: a name or a path at the top level, or a name under
// the theme parentID.
func (m Model) create(name, parentID string) tea.Cmd {
	again := naming
	if parentID != "" {
		again = namingSub
	}
	return m.save(func(ctx context.Context, s Study, p study.Person) savedMsg {
		th, err := s.AddTheme(ctx, p, study.NewTheme{Name: name, Parent: parentID})
		if err != nil {
			return savedMsg{err: fmt.Errorf("new theme: %w", err), reopen: again, about: parentID}
		}
		return savedMsg{label: "added theme " + th.Path + ": e defines it, a assigns codes", follow: th.ID}
	})
}

func (m Model) rename(th coding.Theme, name string) tea.Cmd {
	return m.save(func(ctx context.Context, s Study, p study.Person) savedMsg {
		renamed, err := s.RenameTheme(ctx, p, th.ID, name)
		if err != nil {
			return savedMsg{err: fmt.Errorf("rename %s: %w", th.Path, err), reopen: renaming, about: th.ID}
		}
		return savedMsg{label: "renamed " + th.Path + " to " + renamed.Path, follow: th.ID}
	})
}

func (m Model) define(th coding.Theme, text string) tea.Cmd {
	return m.save(func(ctx context.Context, s Study, p study.Person) savedMsg {
		_, changed, err := s.DescribeTheme(ctx, p, th.ID, study.ThemeDescription{Definition: &text})
		switch {
		case err != nil:
			return savedMsg{err: fmt.Errorf("define %s: %w", th.Path, err), reopen: defining, about: th.ID}
		case !changed:
			return savedMsg{label: "the definition of " + th.Path + " already read so: nothing changed"}
		case strings.TrimSpace(text) == "":
			return savedMsg{label: "removed the definition of " + th.Path}
		}
		return savedMsg{label: "saved the definition of " + th.Path}
	})
}

func (m Model) summarise(th coding.Theme, language, text string) tea.Cmd {
	return m.save(func(ctx context.Context, s Study, p study.Person) savedMsg {
		_, changed, err := s.DescribeTheme(ctx, p, th.ID, study.ThemeDescription{Summaries: map[string]string{language: text}})
		switch {
		case err != nil:
			return savedMsg{err: fmt.Errorf("summary of %s: %w", th.Path, err), reopen: summarising, about: th.ID}
		case !changed:
			return savedMsg{label: "the " + language + " summary of " + th.Path + " already read so: nothing changed"}
		case strings.TrimSpace(text) == "":
			return savedMsg{label: "removed the " + language + " summary of " + th.Path}
		}
		return savedMsg{label: "saved the " + language + " summary of " + th.Path}
	})
}

func (m Model) assign(th coding.Theme, code codeRow) tea.Cmd {
	return m.save(func(ctx context.Context, s Study, p study.Person) savedMsg {
		res, err := s.AssignCodes(ctx, p, th.ID, []string{code.id})
		switch {
		case err != nil:
			return savedMsg{err: fmt.Errorf("assign %s to %s: %w", code.path, th.Path, err)}
		case len(res.Changed) == 0:
			return savedMsg{label: code.path + " was in " + th.Path + " already"}
		}
		return savedMsg{label: "assigned " + code.path + " to " + th.Path}
	})
}

func (m Model) unassign(th coding.Theme, code codeRow) tea.Cmd {
	return m.save(func(ctx context.Context, s Study, p study.Person) savedMsg {
		if _, err := s.UnassignCodes(ctx, p, th.ID, []string{code.id}); err != nil {
			return savedMsg{err: fmt.Errorf("take %s out of %s: %w", code.path, th.Path, err)}
		}
		return savedMsg{label: "took " + code.path + " out of " + th.Path + " (the code and its codings stay)"}
	})
}

// move puts a code in another theme and takes it out of the highlighted
// one, in one action: one undo puts it back, and a failure leaves it
// where it was.
func (m Model) move(code codeRow, toID, toPath string) tea.Cmd {
	from, fromTheme := m.current()
	return m.save(func(ctx context.Context, s Study, p study.Person) savedMsg {
		if !fromTheme {
			if _, err := s.AssignCodes(ctx, p, toID, []string{code.id}); err != nil {
				return savedMsg{err: fmt.Errorf("move %s to %s: %w; nothing changed", code.path, toPath, err)}
			}
			return savedMsg{label: "assigned " + code.path + " to " + toPath}
		}
		if _, err := s.MoveCodeBetweenThemes(ctx, p, code.id, from.ID, toID); err != nil {
			return savedMsg{err: fmt.Errorf("move %s to %s: %w; nothing changed", code.path, toPath, err)}
		}
		return savedMsg{label: "moved " + code.path + " from " + from.Path + " to " + toPath}
	})
}

// remove deletes a theme. The core keeps a theme with subthemes or memos
// unless forced; then the board asks again, with the core's reason.
func (m Model) remove(r removal) tea.Cmd {
	return m.save(func(ctx context.Context, s Study, p study.Person) savedMsg {
		res, err := s.RemoveTheme(ctx, p, r.id, r.force)
		if err != nil {
			msg := savedMsg{err: fmt.Errorf("delete %s: %w", r.path, err)}
			// The refusals that force overrides name the flag.
			if !r.force && strings.Contains(err.Error(), "--force") {
				msg.force = &removal{id: r.id, path: r.path, force: true,
					question: "delete " + r.path + " with them anyway? (focal undo restores them)"}
			}
			return msg
		}
		label := "deleted " + strings.Join(res.Themes, ", ") + "; their codes and codings stay"
		if res.Memos > 0 {
			label += ", " + plural(res.Memos, "memo") + " went with them (focal undo restores them)"
		}
		return savedMsg{label: label}
	})
}
