package store

import (
	"cmp"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/focalqda/focal/corpus"
)

// twoSourcesCoded has fg01 and fg02 coded by ana and ben, blinding on.
func twoSourcesCoded(t *testing.T) (*Store, map[string]string) {
	t.Helper()
	s, ana, ben := projectWithCoders(t)
	second := sampleSource(t, "fg02")
	second.AllowDuplicate = true
	if _, err := s.ImportSource(ana, second); err != nil {
		t.Fatal(err)
	}
	a, b := spanOf(t, s, "I was the only one.")
	for _, nc := range []struct {
		who    string
		source string
		code   string
		start  int
		end    int
	}{
		{"ben", "fg01", "isolation", a, b}, {"ana", "fg01", "isolation", a, b}, {"ana", "fg01", "candour", a, b},
		{"ana", "fg01", "isolation", 0, 5}, {"ben", "fg02", "candour", a - 3, b}, {"ana", "fg02", "isolation", a, b - 1},
	} {
		ctx := ana
		if nc.who == "ben" {
			ctx = ben
		}
		if _, err := s.AddCoding(ctx, NewCoding{Source: nc.source, Code: nc.code, Start: nc.start, End: nc.end}); err != nil {
			t.Fatal(err)
		}
	}
	ids := map[string]string{}
	for _, name := range []string{"fg01", "fg02"} {
		src, err := s.Source(ana, name)
		if err != nil {
			t.Fatal(err)
		}
		ids[name] = src.ID
	}
	return s, ids
}

func TestProjectCodedSpansAreEachSourcesCodedSpans(t *testing.T) {
	s, ids := twoSourcesCoded(t)
	ctx := t.Context()
	for _, coders := range [][]string{{"ana", "ben"}, {"ben"}, {"nobody"}} {
		all, err := s.ProjectCodedSpans(ctx, coders, WithCodingIDs)
		if err != nil {
			t.Fatal(err)
		}
		for name, id := range ids {
			want, err := s.CodedSpans(ctx, id, coders)
			if err != nil {
				t.Fatal(err)
			}
			got := all[id]
			// CodedSpans orders by start only: compare as sets, and check
			// the order ProjectCodedSpans promises.
			if !sameSpans(got, want) {
				t.Errorf("%v in %s: ProjectCodedSpans %+v, CodedSpans %+v", coders, name, got, want)
			}
			for i := 1; i < len(got); i++ {
				if spanOrder(got[i-1], got[i]) > 0 {
					t.Errorf("%s: %+v before %+v", name, got[i-1], got[i])
				}
			}
		}
	}
}

func sameSpans(a, b []CodedSpan) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[CodedSpan]int{}
	for _, c := range a {
		seen[c]++
	}
	for _, c := range b {
		if seen[c] == 0 {
			return false
		}
		seen[c]--
	}
	return true
}

func TestLayerSpansFollowTheRulesOfCodings(t *testing.T) {
	s, ids := twoSourcesCoded(t)
	ana, ben := WithActor(t.Context(), "ana"), WithActor(t.Context(), "ben")
	count := func(m map[string][]CodedSpan) (n int, coders map[string]bool) {
		coders = map[string]bool{}
		for _, list := range m {
			for _, c := range list {
				n++
				coders[c.Coder] = true
			}
		}
		return n, coders
	}
	// Blinding is on: ben has only his own.
	mine, err := s.LayerSpans(ben, CodingFilter{Viewer: "ben"})
	if err != nil {
		t.Fatal(err)
	}
	if n, coders := count(mine); n != 2 || !reflect.DeepEqual(coders, map[string]bool{"ben": true}) {
		t.Errorf("ben under blinding has %d codings of %v, want his 2", n, coders)
	}
	if _, err := s.LayerSpans(ben, CodingFilter{Viewer: "ben", Coder: "ana"}); err == nil {
		t.Error("ben had ana's codings under blinding")
	}
	if _, err := s.LayerSpans(ben, CodingFilter{}); !errors.Is(err, ErrNoCoder) {
		t.Errorf("nobody under blinding: %v, want ErrNoCoder", err)
	}
	if err := s.SetBlinding(ana, false); err != nil {
		t.Fatal(err)
	}
	all, err := s.LayerSpans(ana, CodingFilter{Viewer: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	// The same codings as Codings lists, source by source.
	for name, id := range ids {
		listed, err := s.Codings(ana, CodingFilter{Viewer: "ana", Source: name})
		if err != nil {
			t.Fatal(err)
		}
		var want []CodedSpan
		for _, c := range listed {
			want = append(want, CodedSpan{ID: c.ID, CodeID: c.CodeID, Coder: c.Coder, Span: corpus.Span{Start: c.Start, End: c.End}})
		}
		if !sameSpans(all[id], want) {
			t.Errorf("%s: LayerSpans %+v, Codings %+v", name, all[id], want)
		}
	}
	one, err := s.LayerSpans(ana, CodingFilter{Viewer: "ana", Coder: "ben", Source: "fg02"})
	if err != nil {
		t.Fatal(err)
	}
	if n, coders := count(one); n != 1 || !coders["ben"] || len(one[ids["fg02"]]) != 1 {
		t.Errorf("ben's codings of fg02: %+v", one)
	}
}

func TestTurnsInsideASnapshotAfterReadingThemAll(t *testing.T) {
	s, ids := twoSourcesCoded(t)
	ctx := t.Context()
	want := map[string][]Turn{}
	for _, id := range ids {
		turns, err := s.Turns(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		want[id] = turns
	}
	err := s.Snapshot(ctx, func(snap *Store) error {
		if err := snap.ReadProjectTurns(ctx); err != nil {
			return err
		}
		for name, id := range ids {
			got, err := snap.Turns(ctx, id)
			if err != nil {
				return err
			}
			if !reflect.DeepEqual(got, want[id]) {
				t.Errorf("%s: turns read all at once %+v, one source %+v", name, got, want[id])
			}
			if len(got) > 0 {
				got[0].Speaker = "changed"
			}
			again, _ := snap.Turns(ctx, id)
			if len(again) > 0 && again[0].Speaker == "changed" {
				t.Errorf("%s: a caller's change reached the next reader", name)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestThemeCountsInsideASnapshotThatReadTheCodings(t *testing.T) {
	s, _ := twoSourcesCoded(t)
	ana := WithActor(t.Context(), "ana")
	if _, err := s.AddTheme(ana, NewTheme{Name: "belonging"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AssignCodes(ana, "belonging", []string{"isolation", "candour"}); err != nil {
		t.Fatal(err)
	}
	check := func(viewer string, want map[string]int) {
		t.Helper()
		outside, err := s.Themes(ana, ThemeFilter{Viewer: viewer})
		if err != nil {
			t.Fatal(err)
		}
		err = s.Snapshot(ana, func(snap *Store) error {
			if _, err := snap.ProjectCodedSpans(ana, nil, WithCodingIDs); err != nil {
				return err
			}
			inside, err := snap.Themes(ana, ThemeFilter{Viewer: viewer})
			if err != nil {
				return err
			}
			if !reflect.DeepEqual(inside, outside) {
				t.Errorf("%s: themes counted from the snapshot's codings %+v, from the table %+v", viewer, inside, outside)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, c := range outside[0].Codes {
			got[c.Path] = c.Codings
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s counts %v, want %v", viewer, got, want)
		}
	}
	// Blinding on: each counts their own.
	check("ben", map[string]int{"isolation": 1, "candour": 1})
	check("ana", map[string]int{"isolation": 3, "candour": 1})
	if err := s.SetBlinding(ana, false); err != nil {
		t.Fatal(err)
	}
	check("ana", map[string]int{"isolation": 4, "candour": 2})
}

func TestCodersAndTextsInsideASnapshotThatReadTheCodings(t *testing.T) {
	s, ids := twoSourcesCoded(t)
	ctx := t.Context()
	outside, err := s.Coders(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(outside) != 2 || outside[0].Codings+outside[1].Codings != 6 {
		t.Fatalf("team %+v, want ana and ben with 6 codings", outside)
	}
	err = s.Snapshot(ctx, func(snap *Store) error {
		if err := snap.ReadProjectCodings(ctx); err != nil {
			return err
		}
		inside, err := snap.Coders(ctx)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(inside, outside) {
			t.Errorf("team counted from the snapshot's codings %+v, from the table %+v", inside, outside)
		}
		for _, id := range ids {
			want, _ := s.SourceText(ctx, id)
			for range 2 {
				if got, err := snap.SourceText(ctx, id); err != nil || got != want {
					t.Errorf("text inside the snapshot %q, %v; want %q", got, err, want)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// projectReads reads every source's codings (of ana and ben) and turns
// inside one snapshot, from the reads of the whole project.
func projectReads(t *testing.T, s *Store, ids map[string]string) (map[string][]CodedSpan, map[string][]Turn) {
	t.Helper()
	ctx := t.Context()
	spans, turns := map[string][]CodedSpan{}, map[string][]Turn{}
	err := s.Snapshot(ctx, func(snap *Store) error {
		all, err := snap.ProjectCodedSpans(ctx, []string{"ana", "ben"}, WithCodingIDs)
		if err != nil {
			return err
		}
		if err := snap.ReadProjectTurns(ctx); err != nil {
			return err
		}
		for _, id := range ids {
			spans[id] = all[id]
			if turns[id], err = snap.Turns(ctx, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return spans, turns
}

// TestProjectReadsKeepIDsAndLabelsHoldingSeparators: the whole-project
// reads of codings and turns pack the rows into one value split on ASCII
// separators; a coding id or a speaker label holding those characters
// (ids and labels may come from elsewhere, e.g. an imported file) is read
// whole all the same, as the per-source reads read it.
func TestProjectReadsKeepIDsAndLabelsHoldingSeparators(t *testing.T) {
	s, ids := twoSourcesCoded(t)
	ctx := t.Context()
	if _, ok, err := s.codedSpansPacked(ctx, map[string]string{}, packRows, WithCodingIDs); err == nil || ok {
		// No coder is known: the packed read must get as far as the rows.
		t.Fatalf("packed read of codings with no known coder: ok %v, error %v", ok, err)
	}
	odd := "odd\x1fid\x1erow"
	for _, q := range []string{
		`UPDATE codings SET id = '` + odd + `' WHERE id = (SELECT min(id) FROM codings)`,
		`UPDATE turns SET label = 'Zo` + "\x1e\x1f" + `ë' WHERE seq = 2`,
	} {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	wantSpans, wantTurns := map[string][]CodedSpan{}, map[string][]Turn{}
	for _, id := range ids {
		var err error
		if wantSpans[id], err = s.CodedSpans(ctx, id, []string{"ana", "ben"}); err != nil {
			t.Fatal(err)
		}
		if wantTurns[id], err = s.Turns(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	spans, turns := projectReads(t, s, ids)
	found := false
	for name, id := range ids {
		if !sameSpans(spans[id], wantSpans[id]) {
			t.Errorf("%s: codings read with the project %+v, read alone %+v", name, spans[id], wantSpans[id])
		}
		if !reflect.DeepEqual(turns[id], wantTurns[id]) {
			t.Errorf("%s: turns read with the project %+v, read alone %+v", name, turns[id], wantTurns[id])
		}
		for _, c := range spans[id] {
			found = found || c.ID == odd
		}
	}
	if !found {
		t.Errorf("no coding has the id %q", odd)
	}
}

// TestPackedReadsAreTheRowReads: read in packs (here of two rows, so in
// several packs), the codings and turns are those read row by row, in the
// same order.
func TestPackedReadsAreTheRowReads(t *testing.T) {
	s, _ := twoSourcesCoded(t)
	ctx := t.Context()
	names := map[string]string{}
	for _, name := range []string{"ana", "ben"} {
		c, err := s.Coder(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		names[c.ID] = name
	}
	speakers := map[string]speaker{}
	for _, size := range []int{1, 2, 5, packRows} {
		for _, ids := range []CodingIDs{WithCodingIDs, WithoutCodingIDs} {
			spans, ok, err := s.codedSpansPacked(ctx, names, size, ids)
			if err != nil || !ok {
				t.Fatalf("packs of %d codings: ok %v, error %v", size, ok, err)
			}
			want, err := s.codedSpansRows(ctx, names, ids)
			if err != nil {
				t.Fatal(err)
			}
			if n := len(want); n < 2 {
				t.Fatalf("codings of only %d sources", n)
			}
			if !reflect.DeepEqual(spans, want) {
				t.Errorf("packs of %d, ids %v: codings %+v, row by row %+v", size, ids, spans, want)
			}
		}
		turns, ok, err := s.turnsPacked(ctx, speakers, size)
		if err != nil || !ok {
			t.Fatalf("packs of %d turns: ok %v, error %v", size, ok, err)
		}
		wantTurns, err := s.turnsRows(ctx, speakers)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(turns, wantTurns) {
			t.Errorf("packs of %d: turns %+v, row by row %+v", size, turns, wantTurns)
		}
	}
}

// TestSortEachSourceIsAStableSort: each source's codings come out ordered
// by start, end and coder, codings equal in those keeping their stored
// order (here told apart by their ids), as a stable sort leaves them.
func TestSortEachSourceIsAStableSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	coders := []string{"zoe", "ana", "ben"}
	bySource, want := map[string][]CodedSpan{}, map[string][]CodedSpan{}
	for _, src := range []string{"fg01", "fg02", "fg03"} {
		var spans []CodedSpan
		for i := range 200 {
			start := rng.IntN(20)
			spans = append(spans, CodedSpan{ID: fmt.Sprint(src, "-", i), CodeID: fmt.Sprint("code", rng.IntN(3)), Coder: coders[rng.IntN(3)],
				Span: corpus.Span{Start: start, End: start + 1 + rng.IntN(3)}})
		}
		bySource[src] = spans
		want[src] = slices.Clone(spans)
		slices.SortStableFunc(want[src], func(a, b CodedSpan) int {
			return cmp.Or(cmp.Compare(a.Span.Start, b.Span.Start), cmp.Compare(a.Span.End, b.Span.End), strings.Compare(a.Coder, b.Coder))
		})
	}
	sortEachSource(bySource, slices.Clone(coders))
	if !reflect.DeepEqual(bySource, want) {
		t.Errorf("sorted %+v\nwant %+v", bySource, want)
	}
}

// TestCodingsReadWithoutIDsOnlyWhereAsked: a snapshot that reads every
// coding without the ids (as agreement alone reads them) has the same
// codings, in the same order, with empty ids; a read in the same snapshot
// that needs the ids (an export's LayerSpans, ProjectCodedSpans asking
// for them) still gets every coding's id, and the usual read keeps them.
func TestCodingsReadWithoutIDsOnlyWhereAsked(t *testing.T) {
	s, ids := twoSourcesCoded(t)
	ctx := WithActor(t.Context(), "ana")
	if err := s.SetBlinding(ctx, false); err != nil {
		t.Fatal(err)
	}
	coders := []string{"ana", "ben"}
	withIDs := map[string][]CodedSpan{}
	for _, id := range ids {
		spans, err := s.CodedSpans(ctx, id, coders)
		if err != nil {
			t.Fatal(err)
		}
		withIDs[id] = spans
	}
	// allIDs fails unless every coding of spans has its stored id, and
	// each source's are the codings CodedSpans reads.
	allIDs := func(what string, all map[string][]CodedSpan) {
		t.Helper()
		for name, id := range ids {
			if !sameSpans(all[id], withIDs[id]) {
				t.Errorf("%s, %s: %+v, want %+v", what, name, all[id], withIDs[id])
			}
		}
	}
	err := s.Snapshot(ctx, func(snap *Store) error {
		if err := snap.ReadProjectCodingsWithoutIDs(ctx); err != nil {
			return err
		}
		bare, err := snap.ProjectCodedSpans(ctx, coders, WithoutCodingIDs)
		if err != nil {
			return err
		}
		for name, id := range ids {
			if len(bare[id]) == 0 {
				t.Fatalf("%s: no codings read", name)
			}
			want := make([]CodedSpan, 0, len(bare[id]))
			for _, c := range withIDs[id] {
				c.ID = ""
				want = append(want, c)
			}
			for _, c := range bare[id] {
				if c.ID != "" {
					t.Errorf("%s: coding read with id %q when asked without", name, c.ID)
				}
			}
			if !sameSpans(bare[id], want) {
				t.Errorf("%s: without ids %+v, want %+v", name, bare[id], want)
			}
		}
		layer, err := snap.LayerSpans(ctx, CodingFilter{Viewer: "ana"})
		if err != nil {
			return err
		}
		allIDs("LayerSpans after a read without ids", layer)
		again, err := snap.ProjectCodedSpans(ctx, coders, WithCodingIDs)
		if err != nil {
			return err
		}
		allIDs("ProjectCodedSpans asking for ids", again)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = s.Snapshot(ctx, func(snap *Store) error {
		if err := snap.ReadProjectCodings(ctx); err != nil {
			return err
		}
		all, err := snap.ProjectCodedSpans(ctx, coders, WithoutCodingIDs)
		if err != nil {
			return err
		}
		allIDs("ReadProjectCodings", all)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
