package study

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/corpus/transcript"
)

// Issue 22: the answers of a participant who withdrew are refused, all of
// them, with a message naming the participant; nothing is stored, and a
// batch holding one of their answers stores none.
func TestWithdrawnParticipantsAnswersAreRefused(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	st, src := deidStudy(t,
		transcript.Turn{Speaker: "Dana Reyes", Label: "Dana Reyes", Text: "How are the nights?", StartMS: -1, EndMS: -1},
		transcript.Turn{Speaker: "Luz Moreno", Label: "Luz Moreno", Text: "The nights are lonely.", StartMS: -1, EndMS: -1},
		transcript.Turn{Speaker: "Ana Ruiz", Label: "Ana Ruiz", Text: "Mine are busy.", StartMS: -1, EndMS: -1})
	s := st.Store()
	for speaker, p := range map[string]string{"Luz Moreno": "P25", "Ana Ruiz": "P26"} {
		if err := s.LinkSpeaker(ctx, src.ID, speaker, p); err != nil {
			t.Fatal(err)
		}
	}
	amara := As("amara")
	answer := func(participant, theme, comment string) store.MemberCheckAnswer {
		return store.MemberCheckAnswer{Participant: participant, Item: "theme", ThemeID: theme, Answer: "partly", Comment: comment, Via: "workbook"}
	}
	if _, err := st.RecordMemberCheckAnswers(ctx, amara, []store.MemberCheckAnswer{answer("P25", "t1", "before")}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.WithdrawParticipant(ctx, amara, "P25", "asked by e-mail"); err != nil {
		t.Fatal(err)
	}
	for _, batch := range [][]store.MemberCheckAnswer{
		{answer("P25", "t1", "after"), answer("P25", "t2", "new")},
		{answer("P26", "t1", "P26 is still in"), answer("P25", "t2", "new")},
	} {
		_, err := st.RecordMemberCheckAnswers(ctx, amara, batch)
		if !errors.Is(err, ErrParticipantWithdrawn) || !strings.Contains(err.Error(), "P25 withdrew from the study on ") ||
			!strings.Contains(err.Error(), "nothing was stored") {
			t.Fatalf("got %v, want P25's answers refused", err)
		}
	}
	got, err := st.MemberCheckAnswers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Participant != "P25" || got[0].Comment != "before" {
		t.Fatalf("answers stored: %+v, want only the one given before P25 withdrew", got)
	}
	if err := st.AcceptsAnswersOf(ctx, "P25"); !errors.Is(err, ErrParticipantWithdrawn) {
		t.Errorf("AcceptsAnswersOf(P25) = %v, want the withdrawal", err)
	}
	if err := st.AcceptsAnswersOf(ctx, "P26"); err != nil {
		t.Errorf("AcceptsAnswersOf(P26) = %v", err)
	}
	// A participant who did not withdraw still answers.
	if rec, err := st.RecordMemberCheckAnswers(ctx, amara, []store.MemberCheckAnswer{answer("P26", "t1", "P26 is still in")}); err != nil || rec.Changed != 1 {
		t.Fatalf("P26: %+v, %v", rec, err)
	}
}

// Issue 22: returned packets are checked with the secret of the project
// that wrote them; a project without it, such as a copy made with Copy,
// refuses them (saying to import on the master) and creates no secret.
func TestReturnedPacketsAreImportedOnTheMaster(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	p := newProject(t)
	amara := As("amara")
	_, _, err := p.st.MemberCheckReturns(ctx, amara)
	if !errors.Is(err, ErrNotMaster) || !strings.Contains(err.Error(), "import the answers on the master project") {
		t.Fatalf("a project that wrote no packet: %v", err)
	}
	if _, ok, err := p.st.Store().StoredMemberCheckSecret(ctx); ok || err != nil {
		t.Fatalf("checking for returned packets created a secret (%v)", err)
	}
	secret, err := p.st.MemberCheckSecret(ctx, amara) // as writing packets does
	if err != nil {
		t.Fatal(err)
	}
	project, err := p.st.Project(ctx)
	if err != nil {
		t.Fatal(err)
	}
	id, got, err := p.st.MemberCheckReturns(ctx, amara)
	if err != nil || id != project.ID || string(got) != string(secret) {
		t.Fatalf("the master: %q, %v; want its id and secret", id, err)
	}
	// A copy for ben, made under blinding (on in a new project).
	out := filepath.Join(t.TempDir(), "ben.focal")
	if _, err := p.st.Copy(ctx, As("ben"), CopyRequest{Out: out, Coder: "ben"}); err != nil {
		t.Fatal(err)
	}
	cp, err := Open(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	if _, _, err := cp.MemberCheckReturns(ctx, As("ben")); !errors.Is(err, ErrNotMaster) {
		t.Fatalf("the copy: %v, want the master named", err)
	}
}
