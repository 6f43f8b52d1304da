package study

import (
	"database/sql"
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/focalqda/focal/coding/event"
	"github.com/focalqda/focal/coding/pack"
	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/corpus"
)

// rejectRound is a master (blinding on) and a copy that ben made for
// himself, in which he rejected a passage that suggest offered him for
// isolation.
type rejectRound struct {
	copyProject
	copy     *Study
	rejected corpus.Span
}

func newRejectRound(t *testing.T) rejectRound {
	t.Helper()
	r := rejectRound{copyProject: newCopyProject(t)}
	ctx := t.Context()
	out := filepath.Join(t.TempDir(), "ben.focal")
	if _, err := r.st.Copy(ctx, As("ben"), CopyRequest{Out: out}); err != nil {
		t.Fatal(err)
	}
	var err error
	if r.copy, err = Open(ctx, out); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.copy.Close() })
	offered := suggested(t, r.copy, "ben")
	if len(offered) == 0 {
		t.Fatal("suggest offers ben nothing for isolation in his copy")
	}
	r.rejected = offered[0]
	if _, _, err := r.copy.RejectSuggestion(ctx, As("ben"), "isolation", "fg01", r.rejected); err != nil {
		t.Fatal(err)
	}
	if slicesHasSpan(suggested(t, r.copy, "ben"), r.rejected) {
		t.Fatal("the copy still offers ben the passage he rejected")
	}
	return r
}

// suggested lists the passages of fg01 suggested to who for isolation.
func suggested(t *testing.T, st *Study, who string) []corpus.Span {
	t.Helper()
	s, err := st.Suggest(t.Context(), As(who), SuggestRequest{Code: "isolation"})
	if err != nil {
		t.Fatalf("suggest for %s: %v", who, err)
	}
	var out []corpus.Span
	for _, g := range s.Suggestions {
		out = append(out, corpus.Span{Start: g.Start, End: g.End})
	}
	return out
}

func slicesHasSpan(spans []corpus.Span, sp corpus.Span) bool {
	for _, s := range spans {
		if s == sp {
			return true
		}
	}
	return false
}

func (r rejectRound) pack(t *testing.T) *pack.Pack {
	t.Helper()
	pk, err := r.copy.MakePack(t.Context(), As("ben"), store.PackRequest{Coder: "ben"})
	if err != nil {
		t.Fatal(err)
	}
	return roundTrip(t, pk)
}

// rejectsIn lists the rejections of a project file, read with SQL.
func rejectsIn(t *testing.T, st *Study) []string {
	t.Helper()
	db, err := sql.Open("sqlite", st.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT c.name || ' ' || r.start || '-' || r.end || ' ' || r.id FROM suggestion_rejects r JOIN coders c ON c.id = r.coder_id ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// A coder's rejections of suggestions travel in their pack: after the
// merge the master no longer offers them the passage, merging again adds
// nothing, and others are not affected.
func TestPackCarriesRejectedSuggestions(t *testing.T) {
	t.Parallel()
	r := newRejectRound(t)
	ctx := t.Context()
	if !slicesHasSpan(suggested(t, r.st, "ben"), r.rejected) {
		t.Fatal("the master does not offer ben the passage before the merge: the test shows nothing")
	}
	pk := r.pack(t)
	if n := pk.Counts()[event.SuggestionRejected]; n != 1 {
		t.Fatalf("ben's pack carries %d rejections, want 1", n)
	}
	rep, err := r.st.MergePack(ctx, As("amara"), pk, store.MergeOptions{File: "ben.focalpack"})
	if err != nil {
		t.Fatalf("merge: %v", err)
	}
	if rep.SuggestionsRejected != 1 {
		t.Errorf("the merge took %d rejections, want 1", rep.SuggestionsRejected)
	}
	if slicesHasSpan(suggested(t, r.st, "ben"), r.rejected) {
		t.Error("after the merge the master still offers ben the passage he rejected in his copy")
	}
	got := rejectsIn(t, r.st)
	if len(got) != 1 || !strings.HasPrefix(got[0], "ben ") {
		t.Errorf("the master's rejections are %q, want ben's one", got)
	}
	// The rejection keeps its id, so that the next copy and pack agree.
	if want := rejectsIn(t, r.copy); !slices.Equal(got, want) {
		t.Errorf("the master's rejection %q differs from the copy's %q", got, want)
	}

	before := state(t, r.st)
	again, err := r.st.MergePack(ctx, As("amara"), r.pack(t), store.MergeOptions{File: "ben.focalpack"})
	if err != nil {
		t.Fatalf("second merge: %v", err)
	}
	if again.Applied != 0 || again.SuggestionsRejected != 0 {
		t.Errorf("the second merge applied %d events, %d rejections; want none", again.Applied, again.SuggestionsRejected)
	}
	if after := state(t, r.st); after != before {
		t.Errorf("merging again changed the master:\n%s\n%s", before, after)
	}
	if n := len(rejectsIn(t, r.st)); n != 1 {
		t.Errorf("after two merges the master has %d rejections, want 1", n)
	}

	// Under blinding, the merged rejection is ben's work: he sees it in the
	// log, carl and the PI do not.
	for who, want := range map[string]int{"ben": 1, "carl": 0, "amara": 0} {
		log, err := r.st.Log(ctx, As(who), LogFilter{Kind: string(event.SuggestionRejected)})
		if err != nil {
			t.Fatal(err)
		}
		if len(log) != want {
			t.Errorf("%s sees %d of ben's rejections in the log under blinding, want %d", who, len(log), want)
		}
	}
}

// A rejection is its coder's own: the master refuses a pack whose
// rejection was changed after signing, names another coder, or takes the
// id of another coder's rejection; nothing changes.
func TestMergeRefusesForgedRejections(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		// forge changes the pack; an error is a refusal already (a pack
		// that breaks the format's rules cannot even be signed or read).
		forge  func(t *testing.T, r rejectRound, pk *pack.Pack) error
		refuse string
	}{
		{name: "span changed after signing", refuse: "does not match its signature",
			forge: func(t *testing.T, r rejectRound, pk *pack.Pack) error {
				edit(pk, event.SuggestionRejected, func(m map[string]any) { m["end"] = m["end"].(float64) - 1 })
				return nil
			}},
		{name: "carl's rejection, signed by ben", refuse: "carries one coder's rejections",
			forge: func(t *testing.T, r rejectRound, pk *pack.Pack) error {
				edit(pk, event.SuggestionRejected, func(m map[string]any) { m["coder"] = "carl" })
				k, _, _ := r.copy.store.OwnCopyKey(t.Context())
				return pk.Sign(k.ID, k.Secret)
			}},
		{name: "under the id of carl's rejection, signed by ben", refuse: "writes only its own coder's",
			forge: func(t *testing.T, r rejectRound, pk *pack.Pack) error {
				carls, _, err := r.st.RejectSuggestion(t.Context(), As("carl"), "isolation", "fg01", r.span(t, "Say more."))
				if err != nil {
					t.Fatal(err)
				}
				edit(pk, event.SuggestionRejected, func(m map[string]any) { m["id"] = carls.ID })
				k, _, _ := r.copy.store.OwnCopyKey(t.Context())
				return pk.Sign(k.ID, k.Secret)
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := newRejectRound(t)
			pk := r.pack(t)
			err := tc.forge(t, r, pk)
			before, rejects := state(t, r.st), rejectsIn(t, r.st)
			merged := false
			if err == nil {
				merged = true
				_, err = r.st.MergePack(t.Context(), As("amara"), roundTrip(t, pk), store.MergeOptions{File: "ben.focalpack"})
			}
			if err == nil || !strings.Contains(err.Error(), tc.refuse) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("merge: %v; want a one-line refusal saying %q", err, tc.refuse)
			}
			if merged && !errors.Is(err, ErrPackRefused) {
				t.Errorf("merge: %v; want ErrPackRefused", err)
			}
			if after := state(t, r.st); after != before || !slices.Equal(rejectsIn(t, r.st), rejects) {
				t.Errorf("a refused merge changed the master")
			}
		})
	}
}

// A pack without rejections, as made before they travelled, still merges;
// a pack event that rejects nothing it can read is refused by the reader.
func TestPackWithoutRejectionsStillMerges(t *testing.T) {
	t.Parallel()
	r := newRejectRound(t)
	pk := r.pack(t)
	var kept []pack.Event
	for _, e := range pk.Events {
		if e.Kind != event.SuggestionRejected {
			kept = append(kept, e)
		}
	}
	if len(kept) == len(pk.Events) {
		t.Fatal("the pack had no rejection to take out")
	}
	pk.Events = kept
	pk.Header.Events = len(kept)
	k, _, _ := r.copy.store.OwnCopyKey(t.Context())
	if err := pk.Sign(k.ID, k.Secret); err != nil {
		t.Fatal(err)
	}
	rep, err := r.st.MergePack(t.Context(), As("amara"), roundTrip(t, pk), store.MergeOptions{File: "ben.focalpack"})
	if err != nil {
		t.Fatalf("merge: %v", err)
	}
	if rep.SuggestionsRejected != 0 || len(rejectsIn(t, r.st)) != 0 {
		t.Errorf("a pack without rejections added %d", rep.SuggestionsRejected)
	}
	bad := pack.Event{Seq: 99, ID: uuid.NewString(), At: "2026-03-09T15:02:11.000Z", Actor: "ben", Kind: event.SuggestionRejected,
		EntityID: uuid.NewString(), After: json.RawMessage(`{"nothing":true}`)}
	pk.Events = append(pk.Events, bad)
	if err := pk.Validate(); err == nil {
		t.Error("a rejection without a passage passes validation")
	}
}

// An undo in the copy resolves against the rejection it took back: both
// after the base, neither travels; the rejection before the base, the pack
// cannot say "un-reject" and stops, naming the --since to use.
func TestPackResolvesUndoneRejections(t *testing.T) {
	t.Parallel()
	r := newRejectRound(t)
	ctx := t.Context()
	log, err := r.copy.Log(ctx, As("ben"), LogFilter{Kind: string(event.SuggestionRejected)})
	if err != nil || len(log) != 1 {
		t.Fatalf("ben's rejection in the log: %v %v", log, err)
	}
	if _, err := r.copy.Undo(ctx, As("ben")); err != nil {
		t.Fatal(err)
	}
	pk := r.pack(t)
	if n := pk.Counts()[event.SuggestionRejected]; n != 0 {
		t.Errorf("a rejection undone in the copy travels: %d in the pack", n)
	}
	since := strconv.FormatInt(log[0].Seq, 10)
	_, err = r.copy.MakePack(ctx, As("ben"), store.PackRequest{Coder: "ben", Since: since})
	if err == nil || !strings.Contains(err.Error(), "--since "+strconv.FormatInt(log[0].Seq-1, 10)) {
		t.Errorf("packing after the rejection it undid: %v; want a refusal naming --since %d", err, log[0].Seq-1)
	}
}
