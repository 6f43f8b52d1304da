package themes

import (
	"fmt"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/tui/style"
)

// This file lets the workspace's memo browser open the board on the theme
// a memo is on: the cursor goes to the theme once the board is read, and
// the memo is shown in the theme's details, under its summaries. Which
// memos a viewer may see is the core's answer (the browser lists them);
// the board shows only the one it was given.

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

// memoLines draws the memo shown, when it is on th.
func (m Model) memoLines(th coding.Theme, width int) []string {
	if !m.memo.on || m.memo.memo.TargetID != th.ID {
		return nil
	}
	memo := m.memo.memo
	head := fmt.Sprintf("Memo by %s · %s", memo.Author, dateOf(memo.CreatedAt))
	lines := []string{"", m.paint.Render(style.Cell{Bold: true}, style.Clip(head, width))}
	body := style.Wrap(memo.Body, max(width-2, 1))
	if len(body) > maxMemoLines {
		body = append(body[:maxMemoLines-1], m.paint.Render(m.theme.Dim(), "… focal memo show "+shortID(memo.ID)+" reads it whole"))
	}
	for _, l := range body {
		lines = append(lines, "  "+l)
	}
	return lines
}

// shortID is the first characters of a memo's id, enough for the CLI.
func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}
