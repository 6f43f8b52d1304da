// Package turnlabel names the speaker of a turn the way every TUI screen
// shows it: short in the gutter, fuller in the status line.
package turnlabel

import (
	"strings"

	"github.com/focalqda/focal/corpus"
)

// Short is the speaker label drawn in the gutter: the participant's id,
// MOD for a moderator, else the label as written.
func Short(t corpus.Turn) string {
	switch {
	case t.Participant != "":
		return t.Participant
	case strings.EqualFold(t.Role, "moderator"):
		return "MOD"
	case t.Label != "":
		return t.Label
	}
	return t.Speaker
}

// Name is the speaker as the status line names them: participant id and
// name when both are known.
func Name(t corpus.Turn) string {
	name := t.Speaker
	if name == "" {
		name = t.Label
	}
	if t.Participant != "" && t.Participant != name {
		name = t.Participant + " " + name
	}
	return name
}
