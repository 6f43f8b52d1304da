package coding

import (
	"fmt"
	"slices"
	"strings"
)

// The kinds of CodebookChange, in the order DiffCodebooks lists the changes
// of one code: how it came to be, what changed in it, how it ended.
const (
	CodebookChangeAdded     = "added"
	CodebookChangeSplit     = "split"
	CodebookChangeRenamed   = "renamed"
	CodebookChangeMoved     = "moved"
	CodebookChangeRedefined = "redefined"
	CodebookChangeMerged    = "merged"
	CodebookChangeRetired   = "retired"
)

// CodebookChange is one difference between two codebook snapshots.
type CodebookChange struct {
	// Kind is one of "added", "renamed", "moved", "merged", "split",
	// "redefined" or "retired".
	Kind string `json:"kind"`
	// Code is the code's path in the newer snapshot, or in the older one
	// when the code is no longer in the newer.
	Code string `json:"code"`
	// Detail says what changed, for people: `renamed from "being the only
	// one"`, `merged into belonging/isolation`, `definition and example
	// changed`.
	Detail string `json:"detail"`
}

// DiffCodebooks lists what changed from the older codebook snapshot to the
// newer one. Codes are matched by ID, so a renamed or moved code is the
// same code.
//
//   - A code only in newer is "added", or "split" (naming the code it was
//     split from) when its SplitFrom is set.
//   - A code whose MergedInto became set is "merged" (and not also
//     "retired"); a code newly retired without a merge is "retired"; a
//     code missing from newer altogether is "retired" with the detail
//     "removed".
//   - A different Name is "renamed", a different ParentID is "moved", and
//     a changed definition, when to use, when not to use or example is one
//     "redefined" change naming the fields. One code can have several
//     changes (renamed and redefined, say).
//   - A code that was retired or merged in older and is active again in
//     newer is listed as "added" with the detail "restored", since nothing
//     else would show it.
//
// A code's path changing only because an ancestor was renamed or moved is
// not a change of that code. The list is ordered by code path, then kind
// in the order of the Change constants, then detail, so equal inputs give
// equal lists whatever the order of the snapshots' codes.
func DiffCodebooks(older, newer CodebookSnapshot) []CodebookChange {
	olderByID := codesByID(older)
	newerByID := codesByID(newer)
	// pathOf names a code referred to by ID (a merge target, a split
	// source, a parent), preferring its current path.
	pathOf := func(id string) string {
		if c, ok := newerByID[id]; ok {
			return codePath(c)
		}
		if c, ok := olderByID[id]; ok {
			return codePath(c)
		}
		return id
	}
	parentPath := func(parentID string) string {
		if parentID == "" {
			return "the top level"
		}
		return pathOf(parentID)
	}

	var changes []CodebookChange
	add := func(kind string, c CodeSnapshot, detail string) {
		changes = append(changes, CodebookChange{Kind: kind, Code: codePath(c), Detail: detail})
	}
	for _, id := range sortedKeys(newerByID) {
		now := newerByID[id]
		was, existed := olderByID[id]
		switch {
		case !existed && now.SplitFrom != "":
			add(CodebookChangeSplit, now, "split from "+pathOf(now.SplitFrom))
		case !existed:
			add(CodebookChangeAdded, now, "added")
		case (was.Retired || was.MergedInto != "") && !now.Retired && now.MergedInto == "":
			add(CodebookChangeAdded, now, "restored")
		}
		if existed && was.Name != now.Name {
			add(CodebookChangeRenamed, now, fmt.Sprintf("renamed from %q", was.Name))
		}
		if existed && was.ParentID != now.ParentID {
			add(CodebookChangeMoved, now, fmt.Sprintf("moved from %s to %s", parentPath(was.ParentID), parentPath(now.ParentID)))
		}
		if fields := redefinedFields(was, now); existed && len(fields) > 0 {
			add(CodebookChangeRedefined, now, joinWithAnd(fields)+" changed")
		}
		switch {
		case now.MergedInto != "" && now.MergedInto != was.MergedInto:
			detail := "merged into " + pathOf(now.MergedInto)
			if was.MergedInto != "" {
				detail += " (was merged into " + pathOf(was.MergedInto) + ")"
			}
			add(CodebookChangeMerged, now, detail)
		case now.Retired && now.MergedInto == "" && (!existed || !was.Retired):
			add(CodebookChangeRetired, now, "retired")
		}
	}
	for _, id := range sortedKeys(olderByID) {
		if _, kept := newerByID[id]; !kept {
			add(CodebookChangeRetired, olderByID[id], "removed")
		}
	}

	slices.SortStableFunc(changes, func(a, b CodebookChange) int {
		if c := strings.Compare(a.Code, b.Code); c != 0 {
			return c
		}
		if c := changeKindRank(a.Kind) - changeKindRank(b.Kind); c != 0 {
			return c
		}
		return strings.Compare(a.Detail, b.Detail)
	})
	return changes
}

// changeKindRank orders the kinds of one code's changes as the constants
// are listed.
func changeKindRank(kind string) int {
	return slices.Index([]string{CodebookChangeAdded, CodebookChangeSplit, CodebookChangeRenamed, CodebookChangeMoved, CodebookChangeRedefined, CodebookChangeMerged, CodebookChangeRetired}, kind)
}

// codesByID indexes a snapshot's codes; if an ID repeats, the first wins.
func codesByID(s CodebookSnapshot) map[string]CodeSnapshot {
	byID := make(map[string]CodeSnapshot, len(s.Codes))
	for _, c := range s.Codes {
		if _, seen := byID[c.ID]; !seen {
			byID[c.ID] = c
		}
	}
	return byID
}

func sortedKeys(m map[string]CodeSnapshot) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// codePath is a code's path, falling back to its name for snapshots that
// left Path empty.
func codePath(c CodeSnapshot) string {
	if c.Path != "" {
		return c.Path
	}
	return c.Name
}

// redefinedFields names, in reading order, the descriptive fields that
// differ between two versions of a code.
func redefinedFields(was, now CodeSnapshot) []string {
	var fields []string
	for _, f := range []struct {
		name     string
		was, now string
	}{
		{"definition", was.Definition, now.Definition},
		{"when to use", was.WhenToUse, now.WhenToUse},
		{"when not to use", was.WhenNotToUse, now.WhenNotToUse},
		{"example", was.Example, now.Example},
	} {
		if f.was != f.now {
			fields = append(fields, f.name)
		}
	}
	return fields
}

// joinWithAnd joins words as in prose: "a", "a and b", "a, b and c".
func joinWithAnd(words []string) string {
	if len(words) <= 1 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
