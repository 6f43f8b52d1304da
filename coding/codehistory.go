package coding

import (
	"encoding/json"
	"strings"
)

// IsCodebookEvent reports whether an event kind is a change to the
// codebook ("code.renamed", "codebook.frozen"; not "coder.added").
func IsCodebookEvent(kind string) bool {
	return strings.HasPrefix(kind, "code.") || strings.HasPrefix(kind, "codebook.")
}

// EventConcernsCode reports whether an event is about a code: the code is
// its subject, or its record after the change names the code (the target
// of a merge, the origin of a split, a theme it was assigned to).
func EventConcernsCode(entityID string, after []byte, codeID string) bool {
	return entityID == codeID || strings.Contains(string(after), codeID)
}

// DescribeCodeEvent renders a codebook event, from its kind and its
// records before and after (JSON), as the code's path and what changed.
func DescribeCodeEvent(kind string, beforeJSON, afterJSON []byte) (path, detail string) {
	var before, after CodeSnapshot
	json.Unmarshal(beforeJSON, &before)
	json.Unmarshal(afterJSON, &after)
	switch kind {
	case "code.created":
		return after.Path, clip(strings.ReplaceAll(after.Definition, "\n", " "), 50)
	case "code.renamed":
		return after.Path, "was " + before.Name
	case "code.moved":
		return after.Path, "was " + before.Path
	case "code.described":
		changes := DiffCodebooks(CodebookSnapshot{Codes: []CodeSnapshot{before}}, CodebookSnapshot{Codes: []CodeSnapshot{after}})
		var parts []string
		for _, c := range changes {
			parts = append(parts, c.Detail)
		}
		return after.Path, strings.Join(parts, "; ")
	case "code.retired":
		return before.Path, "retired"
	case "code.merged", "code.split":
		var parts map[string]CodeSnapshot
		json.Unmarshal(afterJSON, &parts)
		if kind == "code.merged" {
			return parts["from"].Path, "merged into " + parts["into"].Path
		}
		return parts["new"].Path, "split from " + parts["from"].Path
	case "codebook.frozen":
		var v struct {
			Name string `json:"name"`
		}
		json.Unmarshal(afterJSON, &v)
		return "", "version " + v.Name
	}
	return after.Path, ""
}
