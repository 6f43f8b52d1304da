package store

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// restructuredTables are the tables a merge, split or retirement touches.
func restructuredTables() []string {
	return []string{"codes", "codings", "theme_codes", "consensus_provenance", "quote_clearances"}
}

// tableRows is every row of the given tables, each rendered with its
// column names, sorted: two calls compare equal only when the rows are
// identical.
func tableRows(t *testing.T, s *Store) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, table := range restructuredTables() {
		rows, err := s.db.QueryContext(t.Context(), `SELECT * FROM `+table)
		if err != nil {
			t.Fatal(err)
		}
		cols, err := rows.Columns()
		if err != nil {
			t.Fatal(err)
		}
		lines := []string{}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var parts []string
			for i, v := range vals {
				switch x := v.(type) {
				case nil:
					parts = append(parts, cols[i]+"=NULL")
				case []byte:
					parts = append(parts, fmt.Sprintf("%s=%q", cols[i], x))
				default:
					parts = append(parts, fmt.Sprintf("%s=%#v", cols[i], x))
				}
			}
			lines = append(lines, strings.Join(parts, " "))
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
		sort.Strings(lines)
		out[table] = lines
	}
	return out
}

// rowsDiff lists the rows only before ("-") or only after ("+"), by table.
func rowsDiff(before, after map[string][]string) string {
	var b strings.Builder
	for _, table := range restructuredTables() {
		was, now := map[string]int{}, map[string]int{}
		for _, r := range before[table] {
			was[r]++
		}
		for _, r := range after[table] {
			now[r]++
		}
		for _, r := range before[table] {
			if now[r] == 0 {
				fmt.Fprintf(&b, "%s -%s\n", table, r)
			}
		}
		for _, r := range after[table] {
			if was[r] == 0 {
				fmt.Fprintf(&b, "%s +%s\n", table, r)
			}
		}
	}
	if b.Len() == 0 && !reflect.DeepEqual(before, after) {
		return "the same rows, in other numbers\n"
	}
	return b.String()
}

// restructureProject is a project where "belonging/the only one" and
// "belonging/isolation" overlap: both coders coded one span with both (so
// the consensus layer has it under both too), each coded another span with
// "the only one" alone, and the two codes share one theme of three.
type restructureProject struct {
	s        *Store
	ana, ben context.Context
	// benOnly is ben's coding with "the only one" alone, which a merge moves.
	benOnly string
}

const (
	fromCode = "belonging/the only one"
	intoCode = "belonging/isolation"
)

func newRestructureProject(t *testing.T) restructureProject {
	t.Helper()
	s, ana, ben := projectWithCoders(t)
	p := restructureProject{s: s, ana: ana, ben: ben}
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	a, b := spanOf(t, s, "I was the only one.")
	h, e := spanOf(t, s, "Honestly, not me")
	q, r := spanOf(t, s, "Who felt like they belonged?")
	var anaDup string
	for _, ctx := range []context.Context{ana, ben} {
		res, err := s.AddCoding(ctx, NewCoding{Source: "fg01", Code: fromCode, Start: a, End: b, Memo: "said quietly"})
		if err != nil {
			t.Fatal(err)
		}
		if ctx == ana {
			anaDup = res.Coding.ID
		}
		must(s.AddCoding(ctx, NewCoding{Source: "fg01", Code: intoCode, Start: a, End: b}))
	}
	must(s.AddCoding(ana, NewCoding{Source: "fg01", Code: fromCode, Start: h, End: e}))
	res, err := s.AddCoding(ben, NewCoding{Source: "fg01", Code: fromCode, Start: q, End: r})
	if err != nil {
		t.Fatal(err)
	}
	p.benOnly = res.Coding.ID
	must(s.AddCode(ana, NewCode{Path: fromCode + "/at work", Definition: "the only one in the office"}))
	must(s.AddCode(ana, NewCode{Path: fromCode + "/at school"}))
	must(s.RetireCode(ana, fromCode+"/at school", "", false))
	for theme, codes := range map[string][]string{"solitude": {fromCode}, "belonging": {fromCode, intoCode}, "distance": {intoCode}} {
		must(s.AddTheme(ana, NewTheme{Name: theme}))
		must(s.AssignCodes(ana, theme, codes))
	}
	if err := s.SetBlinding(ana, false); err != nil {
		t.Fatal(err)
	}
	must(s.SeedConsensus(ana, "fg01", []string{"ana", "ben"}, 0))
	must(s.ClearQuotes(ana, []string{anaDup, p.benOnly}, true))
	// A correction flags codings; set one directly to see it come back.
	if _, err := s.db.Exec(`UPDATE codings SET flagged = 'words changed' WHERE id = ?`, anaDup); err != nil {
		t.Fatal(err)
	}
	return p
}

func (p restructureProject) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := p.s.db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// checkUndoRestores acts, checks that the act changed the tables, undoes it
// and checks that the tables are as they were.
func checkUndoRestores(t *testing.T, p restructureProject, act func() error, wantKinds string) {
	t.Helper()
	before := tableRows(t, p.s)
	if err := act(); err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(before, tableRows(t, p.s)) {
		t.Fatal("the action changed nothing")
	}
	u, err := p.s.Undo(p.ana)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(u.Kinds, ","); got != wantKinds {
		t.Errorf("undone kinds = %s, want %s", got, wantKinds)
	}
	if diff := rowsDiff(before, tableRows(t, p.s)); diff != "" {
		t.Errorf("after undo the tables differ from before the action (-before +after):\n%s", diff)
	}
	// A replay of the log agrees with the codebook the undo left.
	now, err := p.s.CurrentCodebook(p.ana)
	if err != nil {
		t.Fatal(err)
	}
	at, err := p.s.CodebookAt(p.ana, "9999-12-31T00:00:00.000Z")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(now, at) {
		t.Errorf("replayed codebook differs from the current one:\nnow      %+v\nreplayed %+v", now, at)
	}
}

func TestUndoCodebookRestructuring(t *testing.T) {
	tests := []struct {
		name string
		// setup runs first and stays; act is the action undone.
		setup func(p restructureProject) error
		act   func(p restructureProject) error
		kinds string
	}{
		{
			name: "merge with duplicates, children, themes and consensus",
			act: func(p restructureProject) error {
				_, err := p.s.MergeCode(p.ana, fromCode, intoCode)
				return err
			},
			kinds: "code.merged",
		},
		{
			name: "retire with --into is a merge",
			act: func(p restructureProject) error {
				_, err := p.s.RetireCode(p.ana, fromCode, intoCode, false)
				return err
			},
			kinds: "code.merged",
		},
		{
			name: "split to a sibling",
			act: func(p restructureProject) error {
				_, err := p.s.SplitCode(p.ana, fromCode, "speaking up", []string{p.benOnly})
				return err
			},
			kinds: "code.split,code.created",
		},
		{
			name: "split to a new parent",
			act: func(p restructureProject) error {
				_, err := p.s.SplitCode(p.ana, fromCode, "voice/speaking up", []string{p.benOnly})
				return err
			},
			kinds: "code.split,code.created,code.created",
		},
		{
			name: "retire an unused code in two themes",
			setup: func(p restructureProject) error {
				if _, err := p.s.AddCode(p.ana, NewCode{Path: "mentorship"}); err != nil {
					return err
				}
				for _, theme := range []string{"solitude", "distance"} {
					if _, err := p.s.AssignCodes(p.ana, theme, []string{"mentorship"}); err != nil {
						return err
					}
				}
				return nil
			},
			act: func(p restructureProject) error {
				_, err := p.s.RetireCode(p.ana, "mentorship", "", false)
				return err
			},
			kinds: "code.retired",
		},
		{
			name: "retire with --remove-codings",
			setup: func(p restructureProject) error {
				// isolation then holds both coders' and the consensus's
				// codings, three themes and only retired children.
				if _, err := p.s.MergeCode(p.ana, fromCode, intoCode); err != nil {
					return err
				}
				_, err := p.s.RetireCode(p.ana, intoCode+"/at work", "", false)
				return err
			},
			act: func(p restructureProject) error {
				_, err := p.s.RetireCode(p.ana, intoCode, "", true)
				return err
			},
			kinds: "code.retired,coding.removed-with-code",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := newRestructureProject(t)
			if tc.setup != nil {
				if err := tc.setup(p); err != nil {
					t.Fatal(err)
				}
			}
			checkUndoRestores(t, p, func() error { return tc.act(p) }, tc.kinds)
		})
	}
}

func TestMergeRecordsWhatUndoNeeds(t *testing.T) {
	p := newRestructureProject(t)
	if _, err := p.s.MergeCode(p.ana, fromCode, intoCode); err != nil {
		t.Fatal(err)
	}
	// ana's, ben's and the consensus's duplicates went; two codings moved.
	if n := p.count(t, `SELECT json_array_length(after, '$.merged_duplicates') FROM events WHERE kind = 'code.merged'`); n != 3 {
		t.Errorf("%d duplicates recorded, want 3", n)
	}
	if n := p.count(t, `SELECT json_array_length(after, '$.moved') FROM events WHERE kind = 'code.merged'`); n != 2 {
		t.Errorf("%d moved codings recorded, want 2", n)
	}
	if n := p.count(t, `SELECT json_array_length(after, '$.children_moved') FROM events WHERE kind = 'code.merged'`); n != 2 {
		t.Errorf("%d child codes recorded, want 2", n)
	}
	if n := p.count(t, `SELECT count(*) FROM events, json_each(events.after, '$.themes_moved') j WHERE kind = 'code.merged' AND json_extract(j.value, '$.into_had')`); n != 1 {
		t.Errorf("%d themes recorded as already holding the target, want 1", n)
	}
	if n := p.count(t, `SELECT count(*) FROM events, json_each(events.after, '$.merged_duplicates') j WHERE kind = 'code.merged'
		AND json_extract(j.value, '$.consensus.method') = 'seeded-identical'`); n != 1 {
		t.Errorf("%d duplicates recorded with their consensus provenance, want 1", n)
	}
}

func TestUndoMergeRefusesWhatChangedSince(t *testing.T) {
	tests := []struct {
		name  string
		since func(t *testing.T, p restructureProject) error
		want  string
	}{
		{
			name: "another coder removed a moved coding",
			since: func(t *testing.T, p restructureProject) error {
				_, err := p.s.RemoveCoding(p.ben, p.benOnly)
				return err
			},
			want: "has been removed since",
		},
		{
			name: "the merged code was renamed",
			since: func(t *testing.T, p restructureProject) error {
				from := codeID(t, p, "the only one")
				_, err := p.s.RenameCode(p.ben, from, "alone")
				return err
			},
			want: "renamed, moved or described since",
		},
		{
			name: "a new code took the merged code's name",
			since: func(t *testing.T, p restructureProject) error {
				_, err := p.s.AddCode(p.ben, NewCode{Path: fromCode})
				return err
			},
			want: "another code is now named belonging/the only one",
		},
		{
			name: "a moved child was moved again",
			since: func(t *testing.T, p restructureProject) error {
				_, err := p.s.MoveCode(p.ben, intoCode+"/at work", "")
				return err
			},
			want: "child code at work was moved since",
		},
		{
			name: "the target was taken out of a theme the merge put it in",
			since: func(t *testing.T, p restructureProject) error {
				_, err := p.s.UnassignCodes(p.ben, "solitude", []string{intoCode})
				return err
			},
			want: "was taken out of theme solitude since",
		},
		{
			name: "the target was merged on",
			since: func(t *testing.T, p restructureProject) error {
				if _, err := p.s.AddCode(p.ben, NewCode{Path: "apartness"}); err != nil {
					return err
				}
				_, err := p.s.MergeCode(p.ben, intoCode, "apartness")
				return err
			},
			want: "moved since",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := newRestructureProject(t)
			if _, err := p.s.MergeCode(p.ana, fromCode, intoCode); err != nil {
				t.Fatal(err)
			}
			if err := tc.since(t, p); err != nil {
				t.Fatal(err)
			}
			before := tableRows(t, p.s)
			events := p.count(t, `SELECT count(*) FROM events`)
			_, err := p.s.Undo(p.ana)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "code.merged") {
				t.Fatalf("Undo = %v, want a refusal of the merge saying %q", err, tc.want)
			}
			if diff := rowsDiff(before, tableRows(t, p.s)); diff != "" {
				t.Errorf("a refused undo changed the tables (-before +after):\n%s", diff)
			}
			if n := p.count(t, `SELECT count(*) FROM events`); n != events {
				t.Errorf("a refused undo logged %d events", n-events)
			}
		})
	}
}

func codeID(t *testing.T, p restructureProject, name string) string {
	t.Helper()
	var id string
	if err := p.s.db.QueryRow(`SELECT id FROM codes WHERE name = ?`, name).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestUndoSplitRefusesWhatChangedSince(t *testing.T) {
	tests := []struct {
		name  string
		since func(t *testing.T, p restructureProject) error
		want  string
	}{
		{
			name: "another coder coded with the new code",
			since: func(t *testing.T, p restructureProject) error {
				a, b := spanOf(t, p.s, "Say more.")
				_, err := p.s.AddCoding(p.ben, NewCoding{Source: "fg01", Code: "belonging/speaking up", Start: a, End: b})
				return err
			},
			want: "is in use since (1 coding)",
		},
		{
			name: "the new code was put in a theme",
			since: func(t *testing.T, p restructureProject) error {
				_, err := p.s.AssignCodes(p.ben, "distance", []string{"belonging/speaking up"})
				return err
			},
			want: "is in use since (1 theme)",
		},
		{
			name: "the moved coding was removed",
			since: func(t *testing.T, p restructureProject) error {
				_, err := p.s.RemoveCoding(p.ben, p.benOnly)
				return err
			},
			want: "has been removed since",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := newRestructureProject(t)
			if _, err := p.s.SplitCode(p.ana, fromCode, "speaking up", []string{p.benOnly}); err != nil {
				t.Fatal(err)
			}
			if err := tc.since(t, p); err != nil {
				t.Fatal(err)
			}
			before := tableRows(t, p.s)
			_, err := p.s.Undo(p.ana)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Undo = %v, want a refusal saying %q", err, tc.want)
			}
			if diff := rowsDiff(before, tableRows(t, p.s)); diff != "" {
				t.Errorf("a refused undo changed the tables (-before +after):\n%s", diff)
			}
		})
	}
}

func TestUndoRetireRefusesWhenTheNameIsTaken(t *testing.T) {
	p := newRestructureProject(t)
	if _, err := p.s.RetireCode(p.ana, intoCode, "", true); err != nil {
		t.Fatal(err)
	}
	if _, err := p.s.AddCode(p.ben, NewCode{Path: intoCode}); err != nil {
		t.Fatal(err)
	}
	before := tableRows(t, p.s)
	if _, err := p.s.Undo(p.ana); err == nil || !strings.Contains(err.Error(), "another code is now named belonging/isolation") {
		t.Fatalf("Undo = %v, want a refusal naming the new code", err)
	}
	if diff := rowsDiff(before, tableRows(t, p.s)); diff != "" {
		t.Errorf("a refused undo changed the tables (-before +after):\n%s", diff)
	}
}

// TestUndoRefusesOlderRestructuringEvents checks that events written before
// Focal recorded what undo needs are refused, not guessed at.
func TestUndoRefusesOlderRestructuringEvents(t *testing.T) {
	tests := []struct {
		name   string
		events []Change
		want   string
	}{
		{
			name: "merge",
			events: []Change{{Kind: "code.merged", EntityID: "c1",
				Before: map[string]any{"from": map[string]any{"id": "c1", "name": "a", "path": "a"}, "into": map[string]any{"id": "c2", "name": "b", "path": "b"}},
				After: map[string]any{"from": map[string]any{"id": "c1", "name": "a", "path": "a", "retired": true}, "into": map[string]any{"id": "c2", "name": "b", "path": "b"},
					"moved": []codingRef{{ID: "g1", Coder: "ana", Start: 1, End: 2}}, "merged_duplicates": []codingRef{}}}},
			want: "this merge was made by an older Focal, which did not record enough to reverse it exactly; reverse it with `focal code split b a",
		},
		{
			name: "retire",
			events: []Change{{Kind: "code.retired", EntityID: "c1",
				Before: map[string]any{"id": "c1", "name": "a", "path": "a"}, After: map[string]any{"id": "c1", "name": "a", "path": "a", "retired": true}}},
			want: "this retirement was made by an older Focal",
		},
		{
			name:   "codings removed with their code",
			events: []Change{{Kind: "coding.removed-with-code", EntityID: "c1", Before: []codingRef{{ID: "g1", Coder: "ana", Start: 1, End: 2}}}},
			want:   "this removal of a code's codings was made by an older Focal",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, ana, _ := projectWithCoders(t)
			err := s.InTx(ana, func(tx *Tx) error {
				for _, e := range tc.events {
					if err := tx.Event(e); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Undo(ana); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Undo = %v, want %q", err, tc.want)
			}
		})
	}
}
