package agreement

import (
	"reflect"
	"testing"

	"github.com/focalqda/focal/coding/agree"
	"github.com/focalqda/focal/corpus"
)

// TestSourceBlanksFoundOnceGiveTheSameReport: a source that carries its
// white space (as an export computing agreement in batches of codes
// gives it) is laid out as one that does not, for every unit: the
// hand-worked cells of TestParticipantScopeHandWorked stay as they are.
func TestSourceBlanksFoundOnceGiveTheSameReport(t *testing.T) {
	text := "MOD: Any thoughts?\nP1: ab cd\nP2: ef\n"
	src := sourceFromLines("s", text, "MOD")
	src.Codings["x"] = [][]corpus.Span{
		{{Start: 5, End: 18}, {Start: 23, End: 28}},
		{{Start: 5, End: 18}, {Start: 26, End: 28}, {Start: 33, End: 35}},
	}
	with := src
	blanks := agree.BlankRunes(text)
	with.Blanks = &blanks
	for _, unit := range []Unit{UnitChar, UnitTurn, UnitSource} {
		opts := Options{Unit: unit, Scope: ScopeParticipants}
		want, err := Compute([]Source{src}, []string{"x"}, []string{"A", "B"}, opts)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Compute([]Source{with}, []string{"x"}, []string{"A", "B"}, opts)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: with the source's blanks\n%+v\nwant\n%+v", unit, got, want)
		}
	}
	rep, _ := Compute([]Source{with}, []string{"x"}, []string{"A", "B"}, Options{Unit: UnitChar, Scope: ScopeParticipants})
	if p := rep.PerSource[0].Pairs[0]; p.Both != 2 || p.OnlyA != 2 || p.OnlyB != 2 || p.Neither != 0 {
		t.Errorf("cells = %+v, want both 2, only A 2, only B 2", p)
	}
}
