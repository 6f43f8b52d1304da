package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/focalqda/focal/coding/study"
)

// appAs is an App over dir acting as the named person, for tests that call
// run functions directly; the study it opens is closed when the test ends.
func appAs(t *testing.T, dir, person string) *App {
	t.Helper()
	app := &App{Dir: dir, Getenv: func(string) string { return "" }, asFlag: person}
	t.Cleanup(func() {
		if app.study != nil {
			app.study.Close()
		}
	})
	return app
}

// A consensus meeting runs through the run functions alone: seed, the one
// open place, a decision, completion and the status table.
func TestConsensusRunFunctionsHoldAMeeting(t *testing.T) {
	t.Parallel()
	r := consensusCase(t)
	ctx := t.Context()
	app := appAs(t, r.dir, "amara")
	var out bytes.Buffer
	coders := []string{"ben", "carl"}
	if err := runConsensusSeed(ctx, app, consensusSeedOptions{source: "fg01", coders: coders}, &out); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), "seeded fg01: 1 identical codings, 0 from overlaps\n"; got != want {
		t.Errorf("seed said %q, want %q", got, want)
	}
	out.Reset()
	if err := runConsensusNext(ctx, app, consensusNextOptions{source: "fg01", coders: coders, all: true, json: true}, &out); err != nil {
		t.Fatal(err)
	}
	places := decode[[]map[string]any](t, out.String())
	if len(places) != 1 {
		t.Fatalf("open places: %v, want one", places)
	}
	place := fmtNum(places[0]["start"]) + "-" + fmtNum(places[0]["end"])
	err := runConsensusResolve(ctx, app, consensusResolveOptions{source: "fg01", code: "c", place: place, coders: coders, decision: []string{"take"}}, &out)
	if _, usage := err.(usageError); !usage || !strings.Contains(err.Error(), "needs a second word") {
		t.Errorf("take without a coder: %v, want a usage error asking for the second word", err)
	}
	out.Reset()
	if err := runConsensusResolve(ctx, app, consensusResolveOptions{source: "fg01", code: "c", place: place, coders: coders, decision: []string{"both"}}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "consensus coding of c at ") {
		t.Errorf("resolve said %q", out.String())
	}
	out.Reset()
	if err := runConsensusComplete(ctx, app, consensusCompleteOptions{source: "fg01", complete: true}, &out); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), "consensus of fg01 is complete\n"; got != want {
		t.Errorf("complete said %q, want %q", got, want)
	}
	out.Reset()
	if err := runConsensusStatus(ctx, app, consensusStatusOptions{json: true}, &out); err != nil {
		t.Fatal(err)
	}
	if states := decode[[]map[string]any](t, out.String()); len(states) != 1 || states[0]["status"] != "complete" {
		t.Errorf("status: %v, want fg01 complete", states)
	}
	out.Reset()
	if err := runConsensusList(ctx, app, consensusListOptions{source: "fg01"}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "First sentence") {
		t.Errorf("list lacks the first sentence:\n%s", out.String())
	}
}

// Speakers and participants are managed through the run functions alone:
// a moderator marked, a speaker linked, attributes set and listed.
func TestPeopleRunFunctionsLinkAndDescribeParticipants(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.write("fg01.txt", "Dana: How did the first month feel?\nZoe: Lonely at first.\nDana: Say more.\n")
	r.ok("init", "study.focal")
	r.ok("import", "fg01.txt")
	ctx := t.Context()
	app := appAs(t, r.dir, "")
	var out bytes.Buffer
	if err := runSpeakerRole(ctx, app, speakerRoleOptions{source: "fg01", speaker: "Dana", role: "moderator"}, &out); err != nil {
		t.Fatal(err)
	}
	if err := runParticipantLink(ctx, app, participantLinkOptions{source: "fg01", speaker: "Zoe", participant: " P01 "}, &out); err != nil {
		t.Fatal(err)
	}
	if err := runParticipantSet(ctx, app, participantSetOptions{participant: "P01", pairs: []string{"pgy=2", "site = West"}}, &out); err != nil {
		t.Fatal(err)
	}
	want := "Dana in fg01 is now a moderator\nZoe in fg01 is participant P01\nset 2 attributes of P01\n"
	if out.String() != want {
		t.Errorf("the commands said\n%s\nwant\n%s", out.String(), want)
	}
	err := runParticipantSet(ctx, app, participantSetOptions{participant: "P01", pairs: []string{"pgy"}}, &out)
	if _, usage := err.(usageError); !usage {
		t.Errorf("a pair without = gave %v, want a usage error", err)
	}
	out.Reset()
	if err := runSpeakerList(ctx, app, speakerListOptions{source: "fg01", json: true}, &out); err != nil {
		t.Fatal(err)
	}
	roles := map[string]string{}
	for _, k := range decode[[]map[string]any](t, out.String()) {
		roles[k["name"].(string)] = k["role"].(string) + "/" + k["participant"].(string)
	}
	if roles["Dana"] != "moderator/" || roles["Zoe"] != "participant/P01" {
		t.Errorf("speakers: %v", roles)
	}
	out.Reset()
	if err := runParticipantList(ctx, app, participantListOptions{}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "pgy=2 site=West") || !strings.Contains(out.String(), "Zoe") {
		t.Errorf("participant list:\n%s", out.String())
	}
}

// A source is renamed, grouped and removed through the run functions alone;
// one with codings stays until the removal is forced.
func TestSourceRunFunctionsRenameGroupAndRemove(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.write("zoom_0312.txt", "Dana: How did the first month feel?\nZoe: Lonely at first.\n")
	r.ok("init", "study.focal")
	r.ok("import", "zoom_0312.txt")
	r.ok("coder", "add", "ben")
	ctx := t.Context()
	app := appAs(t, r.dir, "ben")
	var out bytes.Buffer
	if err := runSourceRename(ctx, app, sourceRenameOptions{source: "zoom_0312", newName: " fg01 "}, &out); err != nil {
		t.Fatal(err)
	}
	if err := runSourceGroup(ctx, app, sourceGroupOptions{source: "fg01", group: " site North "}, &out); err != nil {
		t.Fatal(err)
	}
	if want := "renamed zoom_0312 to fg01\nfg01 is now in group \"site North\"\n"; out.String() != want {
		t.Errorf("rename and group said %q, want %q", out.String(), want)
	}
	err := runSourceRename(ctx, app, sourceRenameOptions{source: "fg01", newName: "  "}, &out)
	if _, usage := err.(usageError); !usage {
		t.Errorf("an empty new name gave %v, want a usage error", err)
	}
	r.ok("coding", "add", "--as", "ben", "--source", "fg01", "--code", "isolation", "--quote", "Lonely at first.")
	out.Reset()
	if err := runSourceRm(ctx, app, sourceRmOptions{source: "fg01"}, &out); err == nil || out.Len() != 0 {
		t.Errorf("removing a coded source without --force: err %v, said %q; want it refused", err, out.String())
	}
	if err := runSourceList(ctx, app, sourceListOptions{}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "fg01") || !strings.Contains(out.String(), "site North") {
		t.Errorf("after a refused removal the list is\n%s", out.String())
	}
	out.Reset()
	if err := runSourceRm(ctx, app, sourceRmOptions{source: "fg01", force: true}, &out); err != nil {
		t.Fatal(err)
	}
	if err := runSourceList(ctx, app, sourceListOptions{}, &out); err != nil {
		t.Fatal(err)
	}
	if want := "removed fg01\nno sources yet; add some with `focal import FILE…`\n"; out.String() != want {
		t.Errorf("forced removal said %q, want %q", out.String(), want)
	}
}

// De-identification is reviewed through the run functions alone: a listed
// word, a scan, the decisions, an exception and the key file.
func TestDeidRunFunctionsReviewAndWriteTheKey(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.write("fg01.txt", "Dana: How did the first month feel?\nZoe: At Mercy General I was alone. Will you ask more?\n")
	r.ok("init", "study.focal")
	r.ok("import", "fg01.txt")
	r.ok("participant", "link", "Zoe", "--source", "fg01", "P01")
	ctx := t.Context()
	app := appAs(t, r.dir, "")
	var out bytes.Buffer
	if err := runDeidWordAdd(ctx, app, deidWordAddOptions{text: "Mercy General"}, &out); err == nil {
		t.Error("a listed word without a replacement was accepted")
	}
	if err := runDeidWordAdd(ctx, app, deidWordAddOptions{text: "Mercy General", replacement: "[hospital]", kind: "organisation"}, &out); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := runDeidWordsList(ctx, app, deidWordsListOptions{json: true}, &out); err != nil {
		t.Fatal(err)
	}
	if ws := decode[[]map[string]any](t, out.String()); len(ws) != 1 || ws[0]["replacement"] != "[hospital]" {
		t.Errorf("word list: %v", ws)
	}
	out.Reset()
	if err := runDeidScan(ctx, app, deidScanOptions{noNER: true}, &out); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := runDeidDecide(ctx, app, deidDecideOptions{status: study.DeidAccepted, ids: []string{"x"}, decision: study.DeidDecision{All: true}}, &out); err == nil {
		t.Error("ids and --all together were accepted")
	}
	if err := runDeidDecide(ctx, app, deidDecideOptions{status: study.DeidAccepted, decision: study.DeidDecision{Filter: study.DeidFilter{Text: "Mercy General"}}, json: true}, &out); err != nil {
		t.Fatal(err)
	}
	if fs := decode[[]map[string]any](t, out.String()); len(fs) != 1 || fs[0]["status"] != "accepted" || fs[0]["text"] != "Mercy General" {
		t.Errorf("accepted: %v", fs)
	}
	out.Reset()
	if err := runDeidAllow(ctx, app, deidAllowOptions{word: "Will", reason: "the verb"}, &out); err != nil {
		t.Fatal(err)
	}
	if err := runDeidAllowed(ctx, app, deidAllowedOptions{}, &out); err != nil {
		t.Fatal(err)
	}
	if err := runDeidDisallow(ctx, app, deidDisallowOptions{word: "Will"}, &out); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); !strings.HasPrefix(got, "the gate now lets \"Will\" through everywhere\n") || !strings.Contains(got, "the verb") ||
		!strings.HasSuffix(got, "the gate no longer lets \"Will\" through\n") {
		t.Errorf("allow, allowed, disallow said\n%s", got)
	}
	out.Reset()
	if err := runDeidKey(ctx, app, deidKeyOptions{out: "key.csv"}, &out); err != nil {
		t.Fatal(err)
	}
	key, err := os.ReadFile(filepath.Join(r.dir, "key.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(key), "participant,pseudonym,real_name\r\n") || !strings.Contains(string(key), "P01,") || !strings.Contains(string(key), ",Zoe\r\n") {
		t.Errorf("key file:\n%s", key)
	}
	if info, _ := os.Stat(filepath.Join(r.dir, "key.csv")); info.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", info.Mode().Perm())
	}
	if err := runDeidKey(ctx, app, deidKeyOptions{out: "key.csv"}, &out); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("an existing key file without --force: %v", err)
	}
}

// The packets' introduction is changed and shown through the run functions
// alone; the built-in one says so on standard error only.
func TestMembercheckTemplateRunFunctions(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.ok("init", "study.focal")
	r.write("intro.txt", "Dear {pseudonym},\r\n\r\nthank you.\r\n\r\n")
	ctx := t.Context()
	app := appAs(t, r.dir, "")
	var out, errOut bytes.Buffer
	app.Stderr = &errOut
	for range 2 {
		if err := runMembercheckTemplateEdit(ctx, app, templateEditOptions{lang: "en", file: "intro.txt"}, &out); err != nil {
			t.Fatal(err)
		}
	}
	if want := "the en introduction of packets was changed\nthe introduction did not change\n"; out.String() != want {
		t.Errorf("edit twice said %q, want %q", out.String(), want)
	}
	out.Reset()
	if err := runMembercheckTemplateShow(ctx, app, templateShowOptions{lang: "en"}, &out); err != nil {
		t.Fatal(err)
	}
	if want := "Dear {pseudonym},\n\nthank you.\n"; out.String() != want || errOut.Len() != 0 {
		t.Errorf("show en printed %q (stderr %q), want %q", out.String(), errOut.String(), want)
	}
	out.Reset()
	if err := runMembercheckTemplateShow(ctx, app, templateShowOptions{lang: "es"}, &out); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "thank you") || out.Len() == 0 || !strings.Contains(errOut.String(), "built-in") {
		t.Errorf("show es printed %q (stderr %q), want the built-in introduction and a note", out.String(), errOut.String())
	}
	r.write("empty.txt", " \n")
	if err := runMembercheckTemplateEdit(ctx, app, templateEditOptions{lang: "en", file: "empty.txt"}, &out); err == nil || !strings.Contains(err.Error(), "--reset") {
		t.Errorf("an empty introduction: %v", err)
	}
	out.Reset()
	if err := runMembercheckStatus(ctx, app, membercheckStatusOptions{json: true}, &out); err != nil {
		t.Fatal(err)
	}
	if ms := decode[map[string]any](t, out.String()); len(ms) == 0 {
		t.Errorf("status of a project without packets: %q", out.String())
	}
}

// A participant gets a chosen pseudonym, never a real name, and withdraws,
// through the run functions alone.
func TestParticipantPrivacyRunFunctions(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.write("fg01.txt", "Dana: How did the first month feel?\nZoe: Lonely at first.\n")
	r.ok("init", "study.focal")
	r.ok("import", "fg01.txt")
	r.ok("participant", "link", "Zoe", "--source", "fg01", "P01")
	ctx := t.Context()
	app := appAs(t, r.dir, "")
	var out bytes.Buffer
	if err := runParticipantPseudonym(ctx, app, participantPseudonymOptions{participant: "P01", pseudonym: "Zoe"}, &out); err == nil || !strings.Contains(err.Error(), "real name") {
		t.Errorf("a real name as pseudonym: %v", err)
	}
	if err := runParticipantPseudonym(ctx, app, participantPseudonymOptions{participant: "P01", pseudonym: " Rosa "}, &out); err != nil {
		t.Fatal(err)
	}
	if err := runParticipantPseudonym(ctx, app, participantPseudonymOptions{participant: "P01", pseudonym: "Rosa"}, &out); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := runParticipantWithdraw(ctx, app, participantWithdrawOptions{participant: "P01", reason: "asked"}, &out); err != nil {
			t.Fatal(err)
		}
	}
	want := "P01 is now \"Rosa\" (was \"P01\")\nP01 is already \"Rosa\"\n" +
		"P01 withdrew: their words are left out of every later export\nP01 had already withdrawn; nothing changed\n"
	if out.String() != want {
		t.Errorf("the commands said\n%s\nwant\n%s", out.String(), want)
	}
}

// A transcription error is corrected from a file and a turn given to
// another speaker through the run functions alone; codings follow the text.
func TestCorrectionRunFunctionsMoveCodingsWithTheText(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.write("fg01.txt", "Dana: How did the first month feel?\nZoe: Lonely at first.\nDana: Say more.\n")
	r.ok("init", "study.focal")
	r.ok("import", "fg01.txt")
	r.ok("coder", "add", "ben")
	r.ok("coding", "add", "--as", "ben", "--source", "fg01", "--code", "isolation", "--quote", "Lonely at first.")
	ctx := t.Context()
	app := appAs(t, r.dir, "ben")
	var out bytes.Buffer
	r.write("same.txt", "Dana: How did the first month feel?\r\nZoe: Lonely at first.\r\n\r\nDana: Say more.\r\n")
	if err := runSourceEdit(ctx, app, sourceEditOptions{source: "fg01", file: "same.txt"}, &out); err != nil {
		t.Fatal(err)
	}
	if out.String() != "no change; nothing saved\n" {
		t.Errorf("the same text said %q", out.String())
	}
	out.Reset()
	r.write("fixed.txt", "Dana: How did the very first month feel?\nZoe: Lonely at first.\nDana: Say more.\n")
	if err := runSourceEdit(ctx, app, sourceEditOptions{source: "fg01", file: "fixed.txt", reason: "misheard"}, &out); err != nil {
		t.Fatal(err)
	}
	if want := "corrected fg01: 1 codings re-anchored, 0 flagged for review\n"; out.String() != want {
		t.Errorf("the correction said %q, want %q", out.String(), want)
	}
	if err := runTurnSetSpeaker(ctx, app, turnSetSpeakerOptions{source: "fg01", seq: 0, speaker: "Ana"}, &out); err == nil {
		t.Error("turn 0 was accepted")
	}
	out.Reset()
	if err := runTurnSetSpeaker(ctx, app, turnSetSpeakerOptions{source: "fg01", seq: 3, speaker: "Ana"}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "corrected fg01: ") {
		t.Errorf("set-speaker said %q", out.String())
	}
	out.Reset()
	if err := runCodingList(ctx, app, codingListOptions{json: true}, &out); err != nil {
		t.Fatal(err)
	}
	if cs := decode[[]map[string]any](t, out.String()); len(cs) != 1 || cs[0]["text"] != "Lonely at first." || cs[0]["speaker"] != "Zoe" {
		t.Errorf("after the corrections the coding is %v", cs)
	}
	out.Reset()
	if err := runSourceShow(ctx, app, sourceShowOptions{source: "fg01"}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "very first month") || !strings.Contains(out.String(), "Ana") {
		t.Errorf("the source after the corrections:\n%s", out.String())
	}
}

// A key is let into the team and taken out through the run functions alone;
// the note that anyone may change a team without a PI goes to standard error.
func TestTeamRunFunctionsAddListRemove(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.ok("init", "study.focal")
	signer := newClientKey(t, r, "amara")
	fingerprint := ssh.FingerprintSHA256(signer.PublicKey())
	ctx := t.Context()
	app := appAs(t, r.dir, "amara")
	var out, errOut bytes.Buffer
	app.Stderr = &errOut
	if err := runTeamAdd(ctx, app, teamAddOptions{coder: "amara", key: "amara.pub", role: "boss"}, &out); err == nil {
		t.Error("role boss was accepted")
	}
	if err := runTeamAdd(ctx, app, teamAddOptions{coder: "amara", key: "amara.pub", role: "pi"}, &out); err != nil {
		t.Fatal(err)
	}
	if want := "added coder amara (pi)\nkey " + fingerprint + " (ssh-ed25519) now lets amara in as a pi\n"; out.String() != want {
		t.Errorf("team add said %q, want %q", out.String(), want)
	}
	if errOut.String() != teamOpenNote+"\n" {
		t.Errorf("team add on stderr: %q", errOut.String())
	}
	out.Reset()
	if err := runTeamList(ctx, app, teamListOptions{json: true}, &out); err != nil {
		t.Fatal(err)
	}
	if keys := decode[[]map[string]any](t, out.String()); len(keys) != 1 || keys[0]["coder"] != "amara" || keys[0]["fingerprint"] != fingerprint ||
		!strings.HasSuffix(keys[0]["public_key"].(string), " amara@laptop") {
		t.Errorf("team list: %v", keys)
	}
	out.Reset()
	if err := runTeamRm(ctx, app, teamRmOptions{coder: "amara", key: "amara.pub"}, &out); err != nil {
		t.Fatal(err)
	}
	if want := "removed key " + fingerprint + " of amara\n"; out.String() != want {
		t.Errorf("team rm said %q, want %q", out.String(), want)
	}
	out.Reset()
	if err := runTeamList(ctx, app, teamListOptions{}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "no keys yet") {
		t.Errorf("team list after rm: %q", out.String())
	}
}

// Agreement on a ratings table, worked by hand: the coders agree on 3 of 4
// units (0.75); chance agreement is 2/4·1/4 + 2/4·3/4 = 0.5, so Cohen's
// kappa is (0.75-0.5)/(1-0.5) = 0.5. It needs no project.
func TestAgreeTableRunFunctionWithoutAProject(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "ratings.csv"), []byte("unit,amara,ben\n1,yes,yes\n2,yes,no\n3,no,no\n4,no,no\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	app := appAs(t, dir, "")
	var out bytes.Buffer
	if err := runAgreeTable(t.Context(), app, agreeTableOptions{file: "ratings.csv", level: "nominal", json: true}, &out); err != nil {
		t.Fatal(err)
	}
	res := decode[map[string]any](t, out.String())
	if res["percent_agreement"] != 0.75 || res["cohen_kappa"] != 0.5 || res["units"] != 4.0 {
		t.Errorf("agree table: %v", res)
	}
	err := runAgreeTable(t.Context(), app, agreeTableOptions{file: "ratings.csv", level: "loud"}, &out)
	if _, usage := err.(usageError); !usage {
		t.Errorf("--level loud gave %v, want a usage error", err)
	}
}

// Disagreements are refused under blinding and listed once it is off,
// through the run function alone.
func TestDisagreementsRunFunctionRespectsBlinding(t *testing.T) {
	t.Parallel()
	r := consensusCase(t)
	ctx := t.Context()
	app := appAs(t, r.dir, "amara")
	var out bytes.Buffer
	if err := runDisagreements(ctx, app, agreeOptions{unit: "char", scope: "participants", json: true}, &out); err != nil {
		t.Fatal(err)
	}
	ds := decode[[]map[string]any](t, out.String())
	if len(ds) == 0 || ds[0]["code"] != "c" || ds[0]["source"] != "fg01" {
		t.Errorf("disagreements: %v", ds)
	}
	r.ok("blind", "on", "--as", "amara")
	blindApp := appAs(t, r.dir, "ben")
	out.Reset()
	if err := runDisagreements(ctx, blindApp, agreeOptions{unit: "char", scope: "participants", json: true}, &out); err == nil || !strings.Contains(err.Error(), "blind") || out.Len() != 0 {
		t.Errorf("under blinding: %v, printed %q", err, out.String())
	}
}

// The REFI-QDA exports run through the run function alone: the codebook to
// standard output with its summary on standard error, the project to the
// file named after it.
func TestExportRunFunctionWritesREFIQDA(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.write("fg01.txt", "Dana: How did the first month feel?\nZoe: Lonely at first.\n")
	r.ok("init", "study.focal")
	r.ok("import", "fg01.txt")
	r.ok("coder", "add", "ben")
	r.ok("coding", "add", "--as", "ben", "--source", "fg01", "--code", "isolation", "--quote", "Lonely at first.")
	ctx := t.Context()
	app := appAs(t, r.dir, "ben")
	var out, errOut bytes.Buffer
	app.Stderr = &errOut
	if err := runExport(ctx, app, exportOptions{format: "qdpx", positions: "bytes"}, &out); err == nil || !strings.Contains(err.Error(), "export qdpx: --positions") {
		t.Errorf("--positions bytes: %v", err)
	}
	if err := runExport(ctx, app, exportOptions{format: "qdc", out: "-", json: true}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "<?xml") || !strings.Contains(out.String(), "isolation") {
		t.Errorf("the codebook on standard output:\n%s", out.String())
	}
	if sum := decode[map[string]any](t, errOut.String()); sum["format"] != "qdc" || sum["file"] != "-" || sum["codes"] != 1.0 {
		t.Errorf("the qdc summary on standard error: %v", sum)
	}
	out.Reset()
	if err := runExport(ctx, app, exportOptions{format: "qdpx", coder: "all", json: true}, &out); err != nil {
		t.Fatal(err)
	}
	if sum := decode[map[string]any](t, out.String()); sum["file"] != "study.qdpx" || sum["codings"] != 1.0 || sum["sources"] != 1.0 {
		t.Errorf("the qdpx summary: %v", sum)
	}
	if info, err := os.Stat(filepath.Join(r.dir, "study.qdpx")); err != nil || info.Size() == 0 {
		t.Errorf("study.qdpx: %v", err)
	}
}

// `focal version` runs without a project through its run function, and says
// what a build recorded: a commit with its time and local changes, cgo.
func TestVersionRunFunctionSaysWhatTheBuildRecorded(t *testing.T) {
	t.Parallel()
	app := appAs(t, t.TempDir(), "")
	var out bytes.Buffer
	if err := runVersion(t.Context(), app, versionOptions{json: true}, &out); err != nil {
		t.Fatal(err)
	}
	if f := decode[map[string]any](t, out.String()); f["go"] != runtime.Version() || f["platform"] != runtime.GOOS+"/"+runtime.GOARCH {
		t.Errorf("version --json: %v", f)
	}
	out.Reset()
	f := buildFacts{Module: "github.com/focalqda/focal", Version: "v1.2.0", Commit: "e6b56c6", CommitTime: "2026-12-07T07:00:00Z", Modified: true, Go: "go1.26.0", Platform: "linux/amd64", CGO: true}
	if err := printVersion(&out, f, false); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"v1.2.0", "e6b56c6 (2026-12-07T07:00:00Z), with changes not in this commit", "go1.26.0 linux/amd64", "cgo on: linked to the system's C library"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("version does not say %q:\n%s", want, out.String())
		}
	}
}
