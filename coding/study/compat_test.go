package study

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/focalqda/focal/coding/event"
	"github.com/focalqda/focal/coding/store"
)

// The project file in testdata/compat was written by the release before
// the application core (commit dcb692b), with
// testdata/compat/make-release-project.sh; the JSON files beside it are
// what that release printed of it (`coding list`, `log`, `consensus list`).
// A project written by a released Focal must open in this one and lose
// nothing: every event, coding and consensus coding reads back as that
// release printed it.
const compatDir = "../../testdata/compat"

func openRelease(t *testing.T) *Study {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(compatDir, "release-1.focal"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "study.focal")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	st, err := Open(t.Context(), path)
	if err != nil {
		t.Fatalf("a project of the previous release does not open: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// releaseJSON reads what the release printed, as generic JSON.
func releaseJSON(t *testing.T, name string) []map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(compatDir, name))
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return out
}

// asJSON turns this release's values into the same generic JSON.
func asJSON(t *testing.T, v any) []map[string]any {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// sameRecords checks that every field the release printed reads back the
// same (this release may add fields).
func sameRecords(t *testing.T, what string, old, now []map[string]any) {
	t.Helper()
	if len(old) != len(now) {
		t.Fatalf("%s: the release had %d, this one reads %d", what, len(old), len(now))
	}
	for i := range old {
		for k, v := range old[i] {
			if !reflect.DeepEqual(now[i][k], v) {
				t.Errorf("%s %d: %s was %v, reads %v", what, i, k, v, now[i][k])
			}
		}
	}
}

func TestReleaseProjectOpensAndLosesNothing(t *testing.T) {
	t.Parallel()
	st := openRelease(t)
	ctx := t.Context()
	events, err := st.Store().Events(ctx, "", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	old := releaseJSON(t, "release-1.log.json")
	now := asJSON(t, events)
	// Opening may add events of its own after the release's (none today);
	// the release's events come first and unchanged.
	if len(now) < len(old) {
		t.Fatalf("the log had %d events, reads %d", len(old), len(now))
	}
	sameRecords(t, "event", old, now[:len(old)])
	// Every kind is one this release knows, and every record it reads back
	// through package event decodes.
	for _, e := range events {
		if !event.Known(e.Kind) {
			t.Errorf("event %d: kind %q is unknown to this release", e.Seq, e.Kind)
		}
		var err error
		switch e.Kind {
		case event.CodingAdded, event.CodingRemoved:
			_, err = e.Coding()
		case event.CodeCreated:
			_, err = e.Code()
		case event.CodeRenamed, event.CodeDescribed, event.CodeMoved:
			_, _, err = e.CodeChange()
		case event.MemoAdded:
			_, err = e.Memo()
		case event.SourceDone, event.SourceUndone:
			_, err = e.Done()
		}
		if err != nil {
			t.Errorf("event %d (%s): %v", e.Seq, e.Kind, err)
		}
	}

	codings, err := st.Store().Codings(ctx, store.CodingFilter{Viewer: "amara"})
	if err != nil {
		t.Fatal(err)
	}
	sameRecords(t, "coding", releaseJSON(t, "release-1.codings.json"), asJSON(t, codings))

	consensus, err := st.Store().ConsensusCodings(ctx, "fg01-north")
	if err != nil {
		t.Fatal(err)
	}
	sameRecords(t, "consensus coding", releaseJSON(t, "release-1.consensus.json"), asJSON(t, consensus))
}

func TestReleaseProjectWorksWithTheCore(t *testing.T) {
	t.Parallel()
	st := openRelease(t)
	ctx := t.Context()
	amara := As("amara")
	// The release completed the consensus with --force; the core lists
	// what is still open without refusing the older decisions.
	if _, err := st.OpenPlaces(ctx, amara, "fg01-north", []string{"ben", "carl"}, ""); err != nil {
		t.Errorf("open places: %v", err)
	}
	in, err := st.AgreementInput(ctx, amara, AgreementQuery{Unit: "char", Scope: "participants", Coders: []string{"ben", "carl"}})
	if err != nil || len(in.Sources) != 1 || len(in.Codes) == 0 {
		t.Errorf("agreement input = %+v, %v", in, err)
	}
	// Work goes on: a reopened consensus, a new coding, its undo.
	if err := st.ReopenConsensus(ctx, amara, "fg01-north"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddCoding(ctx, As("ben"), store.NewCoding{Source: "fg01-north", Code: "belonging/not-seen", Start: 0, End: 10}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Store().Undo(store.WithActor(ctx, "ben")); err != nil {
		t.Errorf("undo in a release's project: %v", err)
	}
}
