// Package keypress turns key names ("j", "ctrl+r", "shift+left", "enter")
// into the key messages a terminal would send, for the workspace's tests.
package keypress

import (
	"strings"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
)

// Of returns the key press named, as key.Matches and String() see it.
func Of(name string) tea.KeyPressMsg {
	named := map[string]rune{"enter": tea.KeyEnter, "esc": tea.KeyEscape, "tab": tea.KeyTab,
		"backspace": tea.KeyBackspace, "delete": tea.KeyDelete, "left": tea.KeyLeft, "right": tea.KeyRight,
		"up": tea.KeyUp, "down": tea.KeyDown, "pgdown": tea.KeyPgDown, "pgup": tea.KeyPgUp,
		"home": tea.KeyHome, "end": tea.KeyEnd}
	if name == "space" {
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	}
	var mods tea.KeyMod
	for {
		if rest, ok := strings.CutPrefix(name, "ctrl+"); ok && rest != "" {
			mods, name = mods|tea.ModCtrl, rest
		} else if rest, ok := strings.CutPrefix(name, "shift+"); ok && rest != "" {
			mods, name = mods|tea.ModShift, rest
		} else if rest, ok := strings.CutPrefix(name, "alt+"); ok && rest != "" {
			mods, name = mods|tea.ModAlt, rest
		} else {
			break
		}
	}
	if r, ok := named[name]; ok {
		return tea.KeyPressMsg{Code: r, Mod: mods}
	}
	r, _ := utf8.DecodeRuneInString(name)
	if mods != 0 {
		return tea.KeyPressMsg{Code: r, Mod: mods}
	}
	return tea.KeyPressMsg{Code: r, Text: name}
}

// Text returns the key presses that type s.
func Text(s string) []tea.KeyPressMsg {
	var out []tea.KeyPressMsg
	for _, r := range s {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return out
}
