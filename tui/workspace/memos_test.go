package workspace

import (
	"context"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/tui/internal/fixture"
	"github.com/focalqda/focal/tui/transcript"
)

// memosOn lists the memos ben may see on a target.
func memosOn(t *testing.T, p *fixture.Project, kind, ref string) []store.Memo {
	t.Helper()
	memos, err := p.Study.Store().Memos(t.Context(), store.MemoFilter{Viewer: "ben", Target: &store.MemoTarget{Kind: kind, Ref: ref}})
	if err != nil {
		t.Fatal(err)
	}
	return memos
}

func TestASavedMemoIsMarkedAndMReopensItForEditing(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, 80, 24, ben)
	if strings.Contains(screenText(m), transcript.MemoMark) {
		t.Fatalf("a memo mark before any memo:\n%s", screenText(m))
	}
	m = keys(t, m, "m", "1")
	m = typeText(t, m, "Opens warmly.")
	m = keys(t, m, "enter")
	screen := screenText(m)
	if !strings.Contains(screen, transcript.MemoMark) {
		t.Fatalf("the turn's memo is not marked in the margin:\n%s", screen)
	}
	if !strings.Contains(screen, "memo here") {
		t.Errorf("the status line does not say a memo is here:\n%s", screen)
	}
	// m again opens that memo, holding its text: not an empty editor.
	m = keys(t, m, "m")
	if m.prompt != promptMemo || !strings.Contains(screenText(m), "Opens warmly.") {
		t.Fatalf("m on the marked turn did not open its memo:\n%s", screenText(m))
	}
	m = typeText(t, m, " Then asks.")
	m = keys(t, m, "enter")
	memos := memosOn(t, p, store.MemoOnTurn, "fg01:1")
	if len(memos) != 1 || memos[0].Body != "Opens warmly. Then asks." {
		t.Fatalf("after editing, the turn's memos are %+v; want the one memo, edited", memos)
	}
	if !strings.Contains(m.message, "edited the memo") {
		t.Errorf("message %q", m.message)
	}
	// u undoes the edit, as every action.
	m = keys(t, m, "u")
	if memos := memosOn(t, p, store.MemoOnTurn, "fg01:1"); len(memos) != 1 || memos[0].Body != "Opens warmly." {
		t.Errorf("after undo: %+v", memos)
	}
}

func TestAMemoOnACodingIsMarkedByItsName(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, 100, 24, ben)
	// Turn 3 holds ben's isolation coding only.
	m = keys(t, m, "}", "}")
	m = keys(t, m, "m")
	if !strings.Contains(screenText(m), "new memo on my coding belonging/isolation") {
		t.Fatalf("no coding among the targets:\n%s", screenText(m))
	}
	m = keys(t, m, "1")
	m = typeText(t, m, "Not mean, just busy.")
	m = keys(t, m, "enter")
	if !strings.Contains(screenText(m), transcript.MemoMark+"isolation") {
		t.Errorf("the coding's name carries no memo mark:\n%s", screenText(m))
	}
	m = keys(t, m, "m")
	if m.prompt != promptMemo || !strings.Contains(screenText(m), "Not mean, just busy.") {
		t.Errorf("m did not reopen the coding's memo:\n%s", screenText(m))
	}
}

// blindMemos gives carmen a memo on her own coding and a memo on turn 2.
func blindMemos(t *testing.T, p *fixture.Project) {
	t.Helper()
	ctx := store.WithActor(context.Background(), fixture.OtherCoder)
	codings, err := p.Study.Store().Codings(ctx, store.CodingFilter{Viewer: fixture.OtherCoder, Coder: fixture.OtherCoder})
	if err != nil || len(codings) == 0 {
		t.Fatalf("carmen's codings: %v %v", codings, err)
	}
	if _, err := p.Study.Store().AddMemo(ctx, store.MemoTarget{Kind: store.MemoOnCoding, Ref: codings[0].ID}, "", "carmen's private note on mentors"); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Study.Store().AddMemo(ctx, store.MemoTarget{Kind: store.MemoOnTurn, Ref: "fg01:2"}, "", "carmen on turn two"); err != nil {
		t.Fatal(err)
	}
}

func TestTheMemoBrowserListsWhatBlindingAllowsAndGoesThere(t *testing.T) {
	p := fixture.Small(t)
	blindMemos(t, p)
	m := open(t, p, 100, 30, ben)
	m = keys(t, m, "M")
	screen := screenText(m)
	if !strings.Contains(screen, "turn fg01:2 · carmen") || !strings.Contains(screen, "carmen on turn two") {
		t.Fatalf("the browser does not list the turn memo with its target:\n%s", screen)
	}
	if strings.Contains(screen, "private note") || strings.Contains(screen, "coding support") {
		t.Fatalf("under blinding ben sees carmen's memo on her coding:\n%s", screen)
	}
	// enter goes to turn 2 and shows the memo; carmen's memo is read, not edited.
	m = keys(t, m, "enter")
	if m.transcript.Position().Turn.Seq != 2 {
		t.Errorf("the browser went to turn %d, want 2", m.transcript.Position().Turn.Seq)
	}
	if m.prompt != promptPager || !strings.Contains(screenText(m), "carmen on turn two") {
		t.Errorf("the memo is not shown to read:\n%s", screenText(m))
	}
	m = keys(t, m, "esc")
	if m.prompt != promptNone {
		t.Errorf("esc left prompt %d open", m.prompt)
	}
}

func TestTheMemoBrowserOpensTheSourceOfAMemo(t *testing.T) {
	p := fixture.Small(t)
	ctx := store.WithActor(context.Background(), fixture.Coder)
	if _, err := p.Study.Store().AddMemo(ctx, store.MemoTarget{Kind: store.MemoOnTurn, Ref: "fg02:2"}, "", "short answer"); err != nil {
		t.Fatal(err)
	}
	m := open(t, p, 100, 30, ben)
	m = keys(t, m, "M", "enter")
	if m.source.Name != "fg02" || m.transcript.Position().Turn.Seq != 2 {
		t.Fatalf("the browser opened %s turn %d, want fg02 turn 2", m.source.Name, m.transcript.Position().Turn.Seq)
	}
	// ben's own memo opens in the editor.
	if m.prompt != promptMemo || !strings.Contains(screenText(m), "short answer") {
		t.Errorf("ben's memo is not open to edit:\n%s", screenText(m))
	}
}

func TestWithBlindingOffAColleaguesCodingMemoIsReadNotEdited(t *testing.T) {
	p := fixture.Small(t)
	blindMemos(t, p)
	if _, err := p.Study.Store().AddCoder(store.WithActor(context.Background(), fixture.Coder), "amara", "pi"); err != nil {
		t.Fatal(err)
	}
	if err := p.Study.Store().SetBlinding(store.WithActor(context.Background(), "amara"), false); err != nil {
		t.Fatal(err)
	}
	m := open(t, p, 100, 30, ben)
	m = keys(t, m, "M")
	if !strings.Contains(screenText(m), "carmen's coding support/mentorship") {
		t.Fatalf("with blinding off the coding memo is not listed with its coding:\n%s", screenText(m))
	}
	// On carmen's coding (the last turn), m shows her memo to read: only
	// its author edits it.
	m = keys(t, m, "esc", "G", "m")
	if !strings.Contains(screenText(m), "1 read carmen's memo on carmen's coding") {
		t.Fatalf("m on carmen's coding does not offer her memo first:\n%s", screenText(m))
	}
	m = keys(t, m, "enter")
	if m.prompt != promptPager || !strings.Contains(screenText(m), "carmen's private note") || !strings.Contains(screenText(m), "only its author edits it") {
		t.Fatalf("m on carmen's coding:\n%s", screenText(m))
	}
	m = keys(t, m, "esc")
	if m.prompt != promptNone {
		t.Errorf("esc left prompt %d open", m.prompt)
	}
}

func TestReadOnlyMOpensAMemoToRead(t *testing.T) {
	p := fixture.Small(t)
	ctx := store.WithActor(context.Background(), fixture.Coder)
	if _, err := p.Study.Store().AddMemo(ctx, store.MemoTarget{Kind: store.MemoOnTurn, Ref: "fg01:1"}, "", "Opens warmly."); err != nil {
		t.Fatal(err)
	}
	m := open(t, p, 100, 30, Options{Coder: fixture.Coder, ReadOnly: true})
	m = keys(t, m, "m")
	if m.prompt != promptPager || !strings.Contains(screenText(m), "Opens warmly.") {
		t.Fatalf("read-only m did not show the memo:\n%s", screenText(m))
	}
	m = keys(t, m, "esc", "}", "m")
	if !strings.Contains(m.message, "read-only") {
		t.Errorf("m where no memo is, read-only: message %q", m.message)
	}
}

func TestAMemoOnACodeIsMarkedInTheCodebookAndOnItsCodings(t *testing.T) {
	p := fixture.Small(t)
	ctx := store.WithActor(context.Background(), fixture.OtherCoder)
	if _, err := p.Study.Store().AddMemo(ctx, store.MemoTarget{Kind: store.MemoOnCode, Ref: "belonging/isolation"}, "", "Isolation is about being unseen, not alone."); err != nil {
		t.Fatal(err)
	}
	m := open(t, p, 110, 30, ben)
	m = keys(t, m, "b")
	if !strings.Contains(screenText(m), transcript.MemoMark+"isolation") {
		t.Errorf("the codebook pane does not mark the code's memo:\n%s", screenText(m))
	}
	// On turn 3 (ben's isolation coding only), m reads carmen's memo on the code.
	m = keys(t, m, "esc", "}", "}", "m", "enter")
	if m.prompt != promptPager || !strings.Contains(screenText(m), "being unseen") {
		t.Errorf("m on a coding of the code did not show the code's memo:\n%s", screenText(m))
	}
}

func TestTheMemoBrowserGoesToACodeInTheCodebookPane(t *testing.T) {
	p := fixture.Small(t)
	ctx := store.WithActor(context.Background(), fixture.OtherCoder)
	if _, err := p.Study.Store().AddMemo(ctx, store.MemoTarget{Kind: store.MemoOnCode, Ref: "support/mentorship"}, "", "Mentors chosen, not assigned."); err != nil {
		t.Fatal(err)
	}
	m := open(t, p, 110, 30, ben)
	m = keys(t, m, "M")
	if !strings.Contains(screenText(m), "code support/mentorship · carmen") {
		t.Fatalf("the browser does not list the code memo:\n%s", screenText(m))
	}
	m = keys(t, m, "enter")
	if !m.showCodebook || m.codebook.Current().Path != "support/mentorship" {
		t.Errorf("the browser did not go to the code in the codebook pane (open %v, on %q)", m.showCodebook, m.codebook.Current().Path)
	}
	if m.prompt != promptPager || !strings.Contains(screenText(m), "Mentors chosen") {
		t.Errorf("the code's memo is not shown:\n%s", screenText(m))
	}
}

func TestAMemoOnTheSourceIsMarkedInItsTitle(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, 100, 30, ben)
	if strings.Contains(screenText(m), "memo (M)") {
		t.Fatalf("a source memo mark with no memo:\n%s", screenText(m))
	}
	m = keys(t, m, "m", "2") // on turn 1 (no coding): the turn, the source
	m = typeText(t, m, "Warm group.")
	m = keys(t, m, "enter")
	if !strings.Contains(screenText(m), "fg01 · Group 1 · 5 min · 7 turns · "+transcript.MemoMark+" memo (M)") {
		t.Errorf("the source's memo is not marked in its title:\n%s", screenText(m))
	}
}
