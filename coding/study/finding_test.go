package study

import (
	"errors"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/store"
)

// findingProject is newProject with Zoe linked to participant P01 (year
// PGY1) and fg01 in group "north".
func findingProject(t *testing.T) project {
	t.Helper()
	p := newProject(t)
	ctx := t.Context()
	if err := p.st.SetParticipantAttributes(ctx, As("amara"), map[string]map[string]string{"P01": {"year": "PGY1"}}); err != nil {
		t.Fatal(err)
	}
	src, err := p.st.Source(ctx, "fg01")
	if err != nil {
		t.Fatal(err)
	}
	if err := p.st.LinkSpeaker(ctx, As("amara"), src.ID, "Zoe", "P01"); err != nil {
		t.Fatal(err)
	}
	if err := p.st.SetSourceGroup(ctx, As("amara"), "fg01", "north"); err != nil {
		t.Fatal(err)
	}
	return p
}

func coders(ps []CodedPassage) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Coder+":"+p.Text)
	}
	return strings.Join(out, " | ")
}

func TestCodePassagesUnderBlindingAreOnlyTheViewersOwn(t *testing.T) {
	p := findingProject(t)
	ctx := t.Context()
	p.code(t, "ben", "belonging", p.span(t, "First sentence here."))
	p.code(t, "carl", "belonging", p.span(t, "Second sentence here."))

	got, err := p.st.CodePassages(ctx, As("ben"), PassageQuery{Code: "belonging"})
	if err != nil {
		t.Fatal(err)
	}
	if s := coders(got); s != "ben:First sentence here." {
		t.Errorf("ben under blinding reads %q, want only his own passage", s)
	}
	if _, err := p.st.CodePassages(ctx, As("ben"), PassageQuery{Code: "belonging", Coder: "carl"}); err == nil {
		t.Error("ben asked for carl's passages under blinding and was not refused")
	}
	if _, err := p.st.CodePassages(ctx, As(""), PassageQuery{Code: "belonging"}); !errors.Is(err, ErrNoCoder) {
		t.Errorf("nobody named under blinding: err = %v, want ErrNoCoder", err)
	}

	p.unblind(t)
	got, err = p.st.CodePassages(ctx, As("ben"), PassageQuery{Code: "belonging"})
	if err != nil {
		t.Fatal(err)
	}
	if s := coders(got); s != "ben:First sentence here. | carl:Second sentence here." {
		t.Errorf("blinding off, ben reads %q, want both coders' passages in text order", s)
	}
}

func TestCodePassagesSayWhereAndFilterByGroupAndAttribute(t *testing.T) {
	p := findingProject(t)
	ctx := t.Context()
	p.code(t, "ben", "belonging/isolation", p.span(t, "Second sentence"))
	p.code(t, "ben", "belonging", p.span(t, "Say more."))

	got, err := p.st.CodePassages(ctx, As("ben"), PassageQuery{Code: "belonging", Subtree: true, Context: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("with sub-codes: %d passages (%s), want 2", len(got), coders(got))
	}
	first := got[0]
	if first.Code != "belonging/isolation" || first.Group != "north" || first.Participant != "P01" || first.Speaker != "Zoe" ||
		first.Turn != 2 || first.Attributes["year"] != "PGY1" {
		t.Errorf("passage = %+v, want belonging/isolation in north, turn 2, Zoe = P01 (PGY1)", first)
	}
	if len(first.Before) != 1 || first.Before[0].Text != "How did the first month feel?" || len(first.After) != 1 || first.After[0].Text != "Say more." {
		t.Errorf("context = %+v / %+v, want the turns either side", first.Before, first.After)
	}

	only, err := p.st.CodePassages(ctx, As("ben"), PassageQuery{Code: "belonging", Subtree: true, Attrs: map[string]string{"year": "pgy1"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(only) != 1 || only[0].Participant != "P01" {
		t.Errorf("year=pgy1 kept %s, want P01's passage only (Dana is no participant)", coders(only))
	}
	if none, err := p.st.CodePassages(ctx, As("ben"), PassageQuery{Code: "belonging", Subtree: true, Attrs: map[string]string{"year": "PGY2"}}); err != nil || len(none) != 0 {
		t.Errorf("year=PGY2: %d passages, err %v; want none", len(none), err)
	}
	if _, err := p.st.CodePassages(ctx, As("ben"), PassageQuery{Code: "belonging", Group: "south"}); err == nil || !strings.Contains(err.Error(), "north") {
		t.Errorf("unknown group: err = %v, want a refusal naming the groups", err)
	}
	if _, err := p.st.CodePassages(ctx, As("ben"), PassageQuery{Code: "belonging", Attrs: map[string]string{"site": "x"}}); err == nil {
		t.Error("an attribute no participant has was not refused")
	}
}

func hitTexts(r SearchResult) string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.Match)
	}
	return strings.Join(out, ",")
}

func TestSearchWordsPhrasesStemsAndPatterns(t *testing.T) {
	p := findingProject(t)
	ctx := t.Context()
	cases := []struct {
		q    SearchQuery
		want string
	}{
		{SearchQuery{Pattern: "SENTENCE"}, "sentence,sentence"},
		{SearchQuery{Pattern: "sentences"}, ""},
		{SearchQuery{Pattern: "sentences", Stem: true}, "sentence,sentence"},
		{SearchQuery{Pattern: "second sentence"}, "Second sentence"},
		{SearchQuery{Pattern: "sent*"}, "sentence,sentence"},
		{SearchQuery{Pattern: "sent"}, ""},
		{SearchQuery{Pattern: `s\w+ here`, Regexp: true}, "sentence here,sentence here"},
		{SearchQuery{Pattern: "sentence", Speaker: "Dana"}, ""},
		{SearchQuery{Pattern: "more", Speaker: "dana"}, "more"},
		{SearchQuery{Pattern: "more", Attrs: map[string]string{"year": "PGY1"}}, ""},
		{SearchQuery{Pattern: "first", Attrs: map[string]string{"year": "PGY1"}}, "First"},
		{SearchQuery{Pattern: "first", Group: "north"}, "first,First"},
	}
	for _, c := range cases {
		got, err := p.st.Search(ctx, c.q)
		if err != nil {
			t.Errorf("%+v: %v", c.q, err)
			continue
		}
		if s := hitTexts(got); s != c.want {
			t.Errorf("%+v: hits %q, want %q", c.q, s, c.want)
		}
	}
	r, err := p.st.Search(ctx, SearchQuery{Pattern: "second sentence"})
	if err != nil {
		t.Fatal(err)
	}
	h := r.Hits[0]
	if sp := p.span(t, "Second sentence"); h.Start != sp.Start || h.End != sp.End || h.Turn != 2 || h.Participant != "P01" || h.Group != "north" {
		t.Errorf("hit = %+v, want %v in turn 2 by P01 in north", h, sp)
	}
	if h.Before != "First sentence here. " || h.After != " here." {
		t.Errorf("context %q [%s] %q", h.Before, h.Match, h.After)
	}
	for _, bad := range []SearchQuery{{Pattern: " "}, {Pattern: "(", Regexp: true}, {Pattern: "x*", Regexp: true}, {Pattern: "a", Speaker: "Nobody"}, {Pattern: "a", Source: "fg09"}} {
		if _, err := p.st.Search(ctx, bad); err == nil {
			t.Errorf("%+v was not refused", bad)
		}
	}
}

func TestCodingSearchHitsIsOneActionOneUndoTakesBack(t *testing.T) {
	p := findingProject(t)
	ctx := t.Context()
	carls := p.code(t, "carl", "belonging", p.span(t, "Say more."))
	r, err := p.st.Search(ctx, SearchQuery{Pattern: "here"})
	if err != nil || len(r.Hits) != 2 {
		t.Fatalf("search: %v, %d hits", err, len(r.Hits))
	}
	var spans []HitSpan
	for _, h := range r.Hits {
		spans = append(spans, HitSpan{Source: h.Source, Start: h.Start, End: h.End})
	}
	// Both hits in one turn: extended to the turn they are one coding.
	res, err := p.st.CodeHits(ctx, As("ben"), CodeHitsRequest{Code: "place", NewCode: true, Extend: ExtendTurn, Hits: spans})
	if err != nil {
		t.Fatal(err)
	}
	if res.Spans != 1 || res.Added != 1 || !res.CreatedCode {
		t.Errorf("turn: %+v, want one new coding and a new code", res)
	}
	res, err = p.st.CodeHits(ctx, As("ben"), CodeHitsRequest{Code: "belonging", Extend: ExtendSentence, Hits: spans})
	if err != nil {
		t.Fatal(err)
	}
	if res.Spans != 2 || res.Added != 2 {
		t.Errorf("sentence: %+v, want two new codings", res)
	}
	bens, err := p.st.Codings(ctx, As("ben"), CodingFilter{Code: "belonging"})
	if err != nil {
		t.Fatal(err)
	}
	if got := coders(passagesOf(bens)); got != "ben:First sentence here. | ben:Second sentence here." {
		t.Errorf("ben's belonging codings: %s", got)
	}

	if _, err := p.st.Undo(ctx, As("ben")); err != nil {
		t.Fatal(err)
	}
	bens, _ = p.st.Codings(ctx, As("ben"), CodingFilter{Code: "belonging"})
	if len(bens) != 0 {
		t.Errorf("after one undo ben still has %d belonging codings, want none", len(bens))
	}
	if _, err := p.st.Undo(ctx, As("ben")); err != nil {
		t.Fatal(err)
	}
	if _, err := p.st.Code(ctx, "place"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the second undo left the code made in passing: %v", err)
	}
	p.unblind(t)
	all, _ := p.st.Codings(ctx, As("amara"), CodingFilter{})
	if len(all) != 1 || all[0].ID != carls.ID {
		t.Errorf("after the undos the project holds %d codings, want carl's alone", len(all))
	}
}

func TestCodingSearchHitsIsAllOrNothing(t *testing.T) {
	p := findingProject(t)
	ctx := t.Context()
	_, err := p.st.CodeHits(ctx, As("ben"), CodeHitsRequest{Code: "belonging", NewCode: true, Hits: []HitSpan{
		{Source: "fg01", Start: 0, End: 5}, {Source: "fg01", Start: 5, End: 99999}}})
	if err == nil {
		t.Fatal("a hit outside the text was not refused")
	}
	got, _ := p.st.Codings(ctx, As("ben"), CodingFilter{})
	if len(got) != 0 {
		t.Errorf("a refused batch left %d codings", len(got))
	}
	if _, err := p.st.CodeHits(ctx, As(""), CodeHitsRequest{Code: "x", Hits: []HitSpan{{Source: "fg01", Start: 0, End: 5}}}); err == nil {
		t.Error("coding hits without a person was not refused")
	}
}

func passagesOf(cs []coding.Coding) []CodedPassage {
	out := make([]CodedPassage, len(cs))
	for i, c := range cs {
		out[i] = CodedPassage{Coding: c}
	}
	return out
}

func TestQueriesCountTheLayerAndRespectBlinding(t *testing.T) {
	p := findingProject(t)
	ctx := t.Context()
	p.code(t, "ben", "apart", p.span(t, "First sentence here."))
	p.code(t, "ben", "night", p.span(t, "First sentence"))
	p.code(t, "carl", "apart", p.span(t, "Second sentence here."))
	p.code(t, "carl", "night", p.span(t, "Second sentence"))
	p.code(t, "carl", "night", p.span(t, "Say more."))

	cell := func(m CoOccurrence, a, b string) int {
		for i, x := range m.Codes {
			for j, y := range m.Codes {
				if x == a && y == b {
					return m.Counts[i][j]
				}
			}
		}
		return -1
	}
	bens, err := p.st.CodeCoOccurrence(ctx, As("ben"), QueryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if bens.Layer != "ben" || cell(bens, "apart", "night") != 1 || cell(bens, "night", "night") != 1 {
		t.Errorf("ben under blinding: %+v, want his own pair only (apart×night = 1, night = 1)", bens)
	}
	if _, err := p.st.CodeCoOccurrence(ctx, As("ben"), QueryOptions{Layer: "all"}); err == nil {
		t.Error("ben asked for every coder's co-occurrence under blinding and was not refused")
	}
	p.unblind(t)
	all, err := p.st.CodeCoOccurrence(ctx, As("amara"), QueryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// carl's night on "Say more." overlaps nothing; ben's apart does not
	// pair with carl's night (one coder's pairs only).
	if all.Layer != "all" || cell(all, "apart", "night") != 2 || cell(all, "night", "apart") != 2 || cell(all, "night", "night") != 3 {
		t.Errorf("every coder: %+v, want apart×night = 2, night = 3", all)
	}
	carls, _ := p.st.CodeCoOccurrence(ctx, As("amara"), QueryOptions{Layer: "carl"})
	if cell(carls, "apart", "night") != 1 {
		t.Errorf("carl's layer: %+v", carls)
	}

	behind, err := p.st.CodePassages(ctx, As("amara"), PassageQuery{Code: "apart", With: "night", Layer: "all"})
	if err != nil {
		t.Fatal(err)
	}
	if coders(behind) != "ben:First sentence here. | carl:Second sentence here." {
		t.Errorf("passages behind apart×night: %s", coders(behind))
	}

	byYear, err := p.st.CodesByAttribute(ctx, As("amara"), "year", QueryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(byYear.Values, ",") != "PGY1,(none)" {
		t.Fatalf("values %v, want PGY1 then (none) for Dana", byYear.Values)
	}
	for i, c := range byYear.Codes {
		want := map[string][]int{"apart": {2, 0}, "night": {2, 1}}[c]
		if byYear.Codings[i][0] != want[0] || byYear.Codings[i][1] != want[1] || byYear.Participants[i][0] != 1 {
			t.Errorf("%s by year: %v codings, %v participants; want %v and one participant", c, byYear.Codings[i], byYear.Participants[i], want)
		}
	}
	if _, err := p.st.CodesByAttribute(ctx, As("amara"), "site", QueryOptions{}); err == nil {
		t.Error("an attribute nobody has was not refused")
	}
}

func TestWordFrequenciesLeaveOutStopWordsAndModerators(t *testing.T) {
	p := findingProject(t)
	ctx := t.Context()
	if err := p.st.SetSpeakerRole(ctx, As("amara"), mustSourceID(t, p), "Dana", "moderator"); err != nil {
		t.Fatal(err)
	}
	got, err := p.st.WordFrequencies(ctx, WordQuery{By: "year"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got.Columns, ",") != "PGY1" || len(got.Words) == 0 || got.Words[0].Word != "here" && got.Words[0].Word != "sentence" {
		t.Fatalf("words by year: %+v", got)
	}
	counts := map[string]int{}
	for _, w := range got.Words {
		counts[w.Word] = w.Total
	}
	if counts["sentence"] != 2 || counts["first"] != 1 || counts["month"] != 0 || counts["how"] != 0 {
		t.Errorf("counts %v: want sentence 2, first 1, nothing of the moderator's", counts)
	}
	with, _ := p.st.WordFrequencies(ctx, WordQuery{Moderators: true})
	for _, w := range with.Words {
		if w.Word == "did" || w.Word == "the" {
			t.Errorf("stop word %q counted", w.Word)
		}
		counts[w.Word] = w.Total
	}
	if counts["month"] != 1 || counts["first"] != 2 {
		t.Errorf("with the moderator: %v", counts)
	}
}

func mustSourceID(t *testing.T, p project) string {
	t.Helper()
	src, err := p.st.Source(t.Context(), "fg01")
	if err != nil {
		t.Fatal(err)
	}
	return src.ID
}
