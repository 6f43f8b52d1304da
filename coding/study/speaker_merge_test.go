package study

import (
	"strings"
	"testing"
)

// speakerTurns maps each speaker of fg01 to its turns, with role and
// participant: "Dana=2 participant P01".
func speakerTurns(t *testing.T, st *Study) []string {
	t.Helper()
	src, err := st.Source(t.Context(), "fg01")
	if err != nil {
		t.Fatal(err)
	}
	ks, err := st.Speakers(t.Context(), src.ID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, k := range ks {
		out = append(out, strings.TrimSpace(k.Name+"="+string(rune('0'+k.Turns))+" "+k.Role+" "+k.Participant))
	}
	return out
}

// Two spellings of one person become one speaker, with the participant
// link, and undo brings the other back as it was; the stored text does not
// change. Speakers with different roles or participants are refused.
func TestMergeSpeakersAndUndo(t *testing.T) {
	st := newStudy(t)
	ctx := t.Context()
	src, err := st.Source(ctx, "fg01")
	if err != nil {
		t.Fatal(err)
	}
	textBefore := src.SHA256
	if err := st.LinkSpeaker(ctx, ana, src.ID, "Zoë", "P07"); err != nil {
		t.Fatal(err)
	}
	before := strings.Join(speakerTurns(t, st), ";")
	if before != "Dana=2 participant;Zoë=1 participant P07" {
		t.Fatalf("speakers before: %s", before)
	}
	res, err := st.MergeSpeakers(ctx, ben, src.ID, "Zoë", "Dana")
	if err != nil {
		t.Fatal(err)
	}
	if res.Turns != 1 || res.From != "Zoë" || res.Into != "Dana" {
		t.Errorf("merge said %+v", res)
	}
	if got := strings.Join(speakerTurns(t, st), ";"); got != "Dana=3 participant P07" {
		t.Errorf("after the merge: %s", got)
	}
	if after, _ := st.Source(ctx, "fg01"); after.SHA256 != textBefore {
		t.Error("the merge changed the text")
	}
	if _, err := st.Undo(ctx, ben); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(speakerTurns(t, st), ";"); got != before {
		t.Errorf("after undo: %s, want %s", got, before)
	}
	if _, err := st.Redo(ctx, ben); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(speakerTurns(t, st), ";"); got != "Dana=3 participant P07" {
		t.Errorf("after redo: %s", got)
	}
	if _, err := st.Undo(ctx, ben); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(speakerTurns(t, st), ";"); got != before {
		t.Errorf("after the second undo: %s, want %s", got, before)
	}

	if err := st.SetSpeakerRole(ctx, ana, src.ID, "Dana", "moderator"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.MergeSpeakers(ctx, ana, src.ID, "Zoë", "Dana"); err == nil || !strings.Contains(err.Error(), "same role") {
		t.Errorf("different roles: %v", err)
	}
	if err := st.SetSpeakerRole(ctx, ana, src.ID, "Dana", "participant"); err != nil {
		t.Fatal(err)
	}
	if err := st.LinkSpeaker(ctx, ana, src.ID, "Dana", "P08"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.MergeSpeakers(ctx, ana, src.ID, "Zoë", "Dana"); err == nil || !strings.Contains(err.Error(), "different participants") {
		t.Errorf("different participants: %v", err)
	}
	if _, err := st.MergeSpeakers(ctx, ana, src.ID, "Nobody", "Dana"); err == nil || !strings.Contains(err.Error(), `no speaker "Nobody"`) {
		t.Errorf("unknown speaker: %v", err)
	}
	if _, err := st.MergeSpeakers(ctx, As("consensus"), src.ID, "Zoë", "Dana"); err == nil {
		t.Error("the consensus layer merged speakers")
	}
}
