package event

import (
	"encoding/json"
	"strings"
)

// Describe says in a few words what an event did, for reports: its kind
// and the path, name or text it is about ("code.renamed workload/me-time →
// workload/time-for-self").
func Describe(e Event) string {
	before, after := label(e.Before), label(e.After)
	switch {
	case before != "" && after != "" && before != after:
		return string(e.Kind) + " " + before + " → " + after
	case after != "":
		return string(e.Kind) + " " + after
	case before != "":
		return string(e.Kind) + " " + before
	case e.EntityID != "":
		return string(e.Kind) + " " + e.EntityID
	}
	return string(e.Kind)
}

// label finds what an event's data is about: a path, a name or a source.
func label(raw json.RawMessage) string {
	var fields map[string]json.RawMessage
	if len(raw) == 0 || json.Unmarshal(raw, &fields) != nil {
		return ""
	}
	for _, key := range []string{"path", "theme", "name", "code", "source", "target", "participant"} {
		var s string
		if v, ok := fields[key]; ok && json.Unmarshal(v, &s) == nil && strings.TrimSpace(s) != "" {
			return clip(s, 80)
		}
	}
	// Merges and splits hold the codes under "from", "into" and "new".
	for _, key := range []string{"from", "new"} {
		if v, ok := fields[key]; ok {
			if s := label(v); s != "" {
				return s
			}
		}
	}
	return ""
}

func clip(s string, n int) string {
	s = oneLine(s)
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
