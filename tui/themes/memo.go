package themes

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/tui/style"
)

// This file keeps the memos on themes: the theme's details show, under
// its summaries, every memo on it the viewer may see (the core's answer,
// as `focal memo list` gives it), and themes with one carry a ✎; W writes
// a memo on the highlighted theme in the workspace's memo editor, or edits
// the viewer's own. The workspace's memo browser opens the board on the
// theme a memo is on: the cursor goes to the theme once the board is read.

// maxMemoLines is how many lines of a memo the theme's details show.
const maxMemoLines = 8

// memoOpened is the memo the board was opened for, and whether the board
// is still to place the cursor on its theme.
type memoOpened struct {
	memo        coding.Memo
	on, pending bool
}

// ShowMemo asks the board, before Init, to open on the theme a memo is on
// with the memo shown in the theme's details. When the theme is no longer
// there (deleted since the memo was listed), the board says so and opens
// on its first theme.
func (m *Model) ShowMemo(memo coding.Memo) {
	m.follow = memo.TargetID
	m.memo = memoOpened{memo: memo, on: true, pending: true}
}

// placeMemo says, after the first read, whether the memo's theme was found.
func (m Model) placeMemo() Model {
	if !m.memo.pending {
		return m
	}
	m.memo.pending = false
	memo := m.memo.memo
	if th, ok := m.current(); ok && th.ID == memo.TargetID {
		m.focus = themePane
		if m.width < narrow {
			m.say(fmt.Sprintf("l shows %s's memo on this theme", memo.Author))
			return m
		}
		m.say(fmt.Sprintf("%s's memo on this theme is shown under its summaries", memo.Author))
		return m
	}
	m.memo = memoOpened{}
	m.fail(fmt.Errorf("theme %s, which %s's memo is on, is no longer on the board: it was deleted since the memos were listed (M lists them again)",
		memo.Target, memo.Author))
	return m
}

// memosOn are the memos on th the viewer may see, in the order written:
// the core's listing (read with the themes), and the memo the board was
// opened for when the listing does not hold it (yet).
func (m Model) memosOn(th coding.Theme) []coding.Memo {
	memos := m.board.memos[th.ID]
	if m.memo.on && m.memo.memo.TargetID == th.ID && !slices.ContainsFunc(memos, func(x coding.Memo) bool { return x.ID == m.memo.memo.ID }) {
		memos = append(slices.Clip(memos), m.memo.memo)
	}
	return memos
}

// memoLines draws the memos on th, each cut to maxMemoLines lines; with
// none, a writable board says which key writes one.
func (m Model) memoLines(th coding.Theme, width int) []string {
	memos := m.memosOn(th)
	if len(memos) == 0 {
		if m.readOnly {
			return nil
		}
		return []string{m.paint.Render(style.Cell{Bold: true}, "Memos"),
			m.paint.Render(m.theme.Dim(), style.Clip("  none yet: "+m.keys.Memo.Help().Key+" writes one", width))}
	}
	var lines []string
	for _, memo := range memos {
		head := fmt.Sprintf("Memo by %s · %s", memo.Author, dateOf(memo.CreatedAt))
		if memo.UpdatedAt != "" && dateOf(memo.UpdatedAt) != dateOf(memo.CreatedAt) {
			head += " · edited " + dateOf(memo.UpdatedAt)
		}
		lines = append(lines, "", m.paint.Render(style.Cell{Bold: true}, style.Clip(head, width)))
		body := style.Wrap(memo.Body, max(width-2, 1))
		if len(body) > maxMemoLines {
			body = append(body[:maxMemoLines-1], m.paint.Render(m.theme.Dim(), "… focal memo show "+shortID(memo.ID)+" reads it whole"))
		}
		for _, l := range body {
			lines = append(lines, "  "+l)
		}
	}
	return lines
}

// hasMemo reports whether the viewer sees a memo on th (the ✎ on the board).
func (m Model) hasMemo(th coding.Theme) bool { return len(m.memosOn(th)) > 0 }

// ownMemo is the viewer's latest memo on th, the one W edits.
func (m Model) ownMemo(th coding.Theme) (coding.Memo, bool) {
	memos := m.board.memos[th.ID]
	for i := len(memos) - 1; i >= 0; i-- {
		if memos[i].Author == m.viewer {
			return memos[i], true
		}
	}
	return coding.Memo{}, false
}

// note is the memo being written on the board: the theme it is on, and
// the memo edited (nil for a new one).
type note struct {
	themeID, path string
	editing       *coding.Memo
}

// openNote opens the workspace's memo editor on th: the viewer's memo on
// it to edit, or a new memo when they have none there.
func (m *Model) openNote(th coding.Theme) {
	// The titles are the workspace's for memos on the transcript.
	m.noting = note{themeID: th.ID, path: th.Path}
	if own, ok := m.ownMemo(th); ok {
		m.noting.editing = &own
		m.note.Edit("Your memo on theme "+th.Path+" (enter saves, ctrl+j new line, esc closes unchanged)", own.Body)
	} else {
		m.note.Open("Memo on theme " + th.Path + " (enter saves, ctrl+j new line, esc drops)")
	}
	m.mode = memoing
}

// noteSaved saves what the memo editor holds: one action of the core (a
// new memo, or the edit of the viewer's), which one undo takes back. A
// refusal opens the editor again with the text as typed.
func (m Model) noteSaved(body string) (Model, tea.Cmd) {
	n := m.noting
	if n.editing != nil {
		old := *n.editing
		switch {
		case body == strings.TrimSpace(old.Body):
			m.say("nothing changed: your memo on " + n.path + " is as it was")
			return m, nil
		case body == "":
			m.mode = memoing
			m.fail(fmt.Errorf("not saved: a memo needs some text, so your memo on %s is unchanged (focal memo rm %s removes it)", n.path, shortID(old.ID)))
			return m, nil
		}
		return m, m.save(func(ctx context.Context, s Study, p study.Person) savedMsg {
			if _, _, err := s.EditMemo(ctx, p, old.ID, body); err != nil {
				return n.refused(err)
			}
			return savedMsg{label: "saved your memo on " + n.path + " (u in the workspace takes it back)", follow: n.themeID}
		})
	}
	return m, m.save(func(ctx context.Context, s Study, p study.Person) savedMsg {
		if _, err := s.AddMemo(ctx, p, study.MemoTarget{Kind: study.MemoOnTheme, Ref: n.themeID}, "", body); err != nil {
			return n.refused(err)
		}
		return savedMsg{label: "saved your memo on " + n.path + " (u in the workspace takes it back)", follow: n.themeID}
	})
}

// refused is the core's refusal of a memo: the editor opens again with
// the text as typed, so nothing is lost.
func (n note) refused(err error) savedMsg {
	if errors.Is(err, study.ErrNotFound) {
		// The theme (or the memo) was deleted in another session since the
		// board read it; the core names it by id, which says nothing.
		what := "the theme was deleted"
		if n.editing != nil {
			what = "your memo or its theme was deleted"
		}
		err = fmt.Errorf("%s since the board read it (esc closes the editor; the text stays until then)", what)
	}
	return savedMsg{err: fmt.Errorf("memo on %s not saved: %w", n.path, err), reopen: memoing, about: n.themeID}
}

// shortID is the first characters of a memo's id, enough for the CLI.
func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}
