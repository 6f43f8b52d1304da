package study

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/focalqda/focal/coding/event"
	"github.com/focalqda/focal/coding/store"
)

// Change says what Undo took back or Redo brought back: one action.
type Change struct {
	// Action is the action's id in the event log.
	Action string `json:"action"`
	// At is when the action was first made.
	At string `json:"at"`
	// Kinds are the kinds of the action's events.
	Kinds []event.Kind `json:"kinds"`
	// What says the action in words, e.g. "re-coded isolation as
	// belonging (120–164 of fg01)".
	What string `json:"what"`
}

// Undo takes back p's last action that is not undone yet: every change it
// made, in one transaction, logged as an event of kind "undo". It refuses,
// saying why, when the action cannot be reversed or a later change depends
// on it.
func (st *Study) Undo(ctx context.Context, p Person) (Change, error) {
	u, err := st.store.Undo(p.ctx(ctx))
	if err != nil {
		return Change{}, err
	}
	return changeOf(u), nil
}

// Redo makes again the action p undid most recently, as a new action that
// Undo takes back like any other; successive redos bring back successive
// undos, latest first. Any other change p makes ends what redo can bring
// back. Redo refuses, saying why, when something changed since that the
// action would clash with (its code retired, the code renamed again, the
// same span coded again). The log shows it as the action's events made
// again and one event of kind "redo" naming the action brought back.
func (st *Study) Redo(ctx context.Context, p Person) (Change, error) {
	u, err := st.store.Redo(p.ctx(ctx))
	if err != nil {
		return Change{}, err
	}
	return changeOf(u), nil
}

func changeOf(u store.Undone) Change {
	return Change{Action: u.Action, At: u.At, Kinds: u.Kinds, What: describe(u.Events)}
}

// eventData is what describe reads of an event's before and after.
type eventData struct {
	ID     string `json:"id"`
	Source string `json:"source"`
	Code   string `json:"code"`
	Path   string `json:"path"`
	Name   string `json:"name"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Target string `json:"target"`
	Theme  string `json:"theme"`
	Codes  []struct {
		Path string `json:"path"`
	} `json:"codes"`
	From *struct {
		Path string `json:"path"`
	} `json:"from"`
	Into *struct {
		Path string `json:"path"`
	} `json:"into"`
	New *struct {
		Path string `json:"path"`
	} `json:"new"`
}

func dataOf(v any) eventData {
	var d eventData
	if b, ok := v.(json.RawMessage); ok {
		json.Unmarshal(b, &d)
	}
	return d
}

// describe says in words what an action's events did, for a status line
// or the command line; kinds are the fallback.
func describe(events []store.Event) string {
	// Undo lists the events last first; say them in the order made.
	events = slices.Clone(events)
	slices.SortFunc(events, func(a, b store.Event) int { return cmp.Compare(a.Seq, b.Seq) })
	var added, removed *store.Event
	var parts []string
	var kinds []event.Kind
	created := map[string]bool{}
	for i := range events {
		e := &events[i]
		kinds = append(kinds, e.Kind)
		switch e.Kind {
		case event.CodingAdded:
			added = e
		case event.CodingRemoved:
			removed = e
		case event.CodeCreated:
			created[dataOf(e.After).Path] = true
		}
	}
	if added != nil && removed != nil {
		a, r := dataOf(added.After), dataOf(removed.Before)
		if a.Source == r.Source && a.Start == r.Start && a.End == r.End {
			return fmt.Sprintf("re-coded %s as %s (%d–%d of %s)", r.Code, a.Code, a.Start, a.End, a.Source)
		}
	}
	for _, e := range events {
		before, after := dataOf(e.Before), dataOf(e.After)
		switch e.Kind {
		case event.CodingAdded:
			s := fmt.Sprintf("coded %d–%d of %s as %s", after.Start, after.End, after.Source, after.Code)
			if created[after.Code] {
				s += " (a new code)"
			}
			parts = append(parts, s)
		case event.CodingRemoved:
			parts = append(parts, fmt.Sprintf("removed the coding %s %d–%d of %s", before.Code, before.Start, before.End, before.Source))
		case event.CodeCreated:
			if added == nil {
				parts = append(parts, "added the code "+after.Path)
			}
		case event.CodeRenamed:
			parts = append(parts, fmt.Sprintf("renamed the code %s to %s", before.Path, after.Name))
		case event.CodeDescribed:
			parts = append(parts, "described the code "+after.Path)
		case event.CodeMoved:
			parts = append(parts, fmt.Sprintf("moved the code %s to %s", before.Path, after.Path))
		case event.CodeMerged:
			if before.From != nil && before.Into != nil {
				parts = append(parts, fmt.Sprintf("merged %s into %s", before.From.Path, before.Into.Path))
			}
		case event.CodeSplit:
			if after.From != nil && after.New != nil {
				parts = append(parts, fmt.Sprintf("split %s off %s", after.New.Path, after.From.Path))
			}
		case event.CodeRetired:
			parts = append(parts, "retired the code "+after.Path)
		case event.SourceDone:
			parts = append(parts, "marked "+after.Source+" done")
		case event.SourceUndone:
			parts = append(parts, "marked "+after.Source+" not done")
		case event.MemoAdded:
			parts = append(parts, "wrote a memo on "+after.Target)
		case event.MemoEdited:
			parts = append(parts, "edited a memo")
		case event.ThemeAssigned:
			parts = append(parts, fmt.Sprintf("assigned %s to %s", codePaths(after), after.Theme))
		case event.ThemeUnassigned:
			parts = append(parts, fmt.Sprintf("took %s out of %s", codePaths(before), before.Theme))
		case event.ThemeCreated:
			parts = append(parts, "added the theme "+after.Path)
		case event.ThemeRenamed:
			parts = append(parts, fmt.Sprintf("renamed the theme %s to %s", before.Path, after.Name))
		case event.ThemeDescribed:
			parts = append(parts, "described the theme "+after.Path)
		case event.ThemeRemoved:
			parts = append(parts, "deleted the theme "+before.Path)
		case event.SuggestionRejected:
			parts = append(parts, fmt.Sprintf("rejected %d–%d of %s for %s", after.Start, after.End, after.Source, after.Code))
		}
	}
	if len(parts) == 0 {
		names := make([]string, len(kinds))
		for i, k := range kinds {
			names[i] = string(k)
		}
		return strings.Join(names, ", ")
	}
	return strings.Join(parts, "; ")
}

func codePaths(d eventData) string {
	var paths []string
	for _, c := range d.Codes {
		paths = append(paths, c.Path)
	}
	return strings.Join(paths, ", ")
}
