package cli

import (
	"strings"
	"testing"
)

// paperQDE is a REFI-QDA project as a QDA program writes one: a paper
// (lines that look like "Label: text" but name no speakers), a user that is
// the program itself, and two people who coded.
const paperQDE = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="papers" origin="ATLAS.ti 23">
  <Users>
    <User guid="a0000000-0000-4000-8000-000000000001" name="ATLAS.ti"/>
    <User guid="a0000000-0000-4000-8000-000000000002" name="Ana"/>
    <User guid="a0000000-0000-4000-8000-000000000003" name="Ben"/>
  </Users>
  <CodeBook><Codes><Code guid="c0000000-0000-4000-8000-000000000001" name="method" isCodable="true"/></Codes></CodeBook>
  <Sources>
    <TextSource guid="50000000-0000-4000-8000-000000000001" name="paper">
      <PlainTextContent>RQ1: Does belonging predict staying?
Left: the survey flow.
RQ1: answered in part.
Left: the interview flow.</PlainTextContent>
      <PlainTextSelection guid="60000000-0000-4000-8000-000000000001" startPosition="0" endPosition="3" creatingUser="a0000000-0000-4000-8000-000000000001">
        <Coding guid="d0000000-0000-4000-8000-000000000001" creatingUser="a0000000-0000-4000-8000-000000000001"><CodeRef targetGUID="c0000000-0000-4000-8000-000000000001"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="60000000-0000-4000-8000-000000000002" startPosition="5" endPosition="14" creatingUser="a0000000-0000-4000-8000-000000000002">
        <Coding guid="d0000000-0000-4000-8000-000000000002" creatingUser="a0000000-0000-4000-8000-000000000002"><CodeRef targetGUID="c0000000-0000-4000-8000-000000000001"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="60000000-0000-4000-8000-000000000003" startPosition="15" endPosition="24" creatingUser="a0000000-0000-4000-8000-000000000003">
        <Coding guid="d0000000-0000-4000-8000-000000000003" creatingUser="a0000000-0000-4000-8000-000000000003"><CodeRef targetGUID="c0000000-0000-4000-8000-000000000001"/></Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
</Project>`

// A REFI-QDA import: the program's own user is reported, not made a coder;
// the import does not switch blinding on although it brings two coders; a
// paper's "RQ1:" lines are not speakers unless --speakers asks; and
// --dry-run says all of it and writes nothing.
func TestImportREFIPseudoUsersBlindingAndDocumentSources(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.ok("init", "study.focal")
	r.ok("coder", "add", "zoe")
	file := r.write("papers.qde", paperQDE)

	dry := r.ok("import", file, "--dry-run", "--as", "zoe")
	for _, want := range []string{
		"would import ", "would add 1 source, 2 coders",
		`note: the file's user "ATLAS.ti" is the program, not a person: not made a coder; its 1 codings and 0 memos go to zoe`,
		"note: blinding stays off",
		"note: source paper: imported without speakers; 2 labels look like speaker labels (RQ1, Left): give --speakers",
	} {
		if !strings.Contains(dry, want) {
			t.Errorf("dry run: no %q in\n%s", want, dry)
		}
	}
	if list := r.ok("source", "list", "--json"); strings.TrimSpace(list) != "[]" {
		t.Fatalf("the dry run wrote sources: %s", list)
	}
	if coders := r.ok("coder", "list", "--as", "zoe"); strings.Contains(coders, "Ana") {
		t.Fatalf("the dry run wrote coders:\n%s", coders)
	}

	out := r.ok("import", file, "--as", "zoe")
	if !strings.Contains(out, `"ATLAS.ti" is the program`) || !strings.Contains(out, "new coders: Ana, Ben") {
		t.Errorf("import said:\n%s", out)
	}
	coders := r.ok("coder", "list", "--as", "zoe")
	if strings.Contains(coders, "ATLAS.ti") || !strings.Contains(coders, "Ana") || !strings.Contains(coders, "Ben") {
		t.Errorf("coders:\n%s", coders)
	}
	if blind := r.ok("blind"); !strings.HasPrefix(blind, "blind coding is off") {
		t.Errorf("the import switched blinding on: %s", blind)
	}
	if speakers := r.ok("speaker", "list", "--source", "paper", "--as", "zoe"); strings.Contains(speakers, "RQ1") || strings.Contains(speakers, "Left") {
		t.Errorf("a paper's lines became speakers:\n%s", speakers)
	}

	// Asked, the labels are read as speakers.
	r2 := newRunner(t)
	r2.ok("init", "study.focal")
	r2.ok("coder", "add", "zoe")
	r2.ok("import", r2.write("papers.qde", paperQDE), "--speakers", "--as", "zoe")
	if speakers := r2.ok("speaker", "list", "--source", "paper", "--as", "zoe"); !strings.Contains(speakers, "RQ1") || !strings.Contains(speakers, "Left") {
		t.Errorf("--speakers: speakers are\n%s", speakers)
	}

	// --speaker-pattern reads them with the pattern; a pattern whose turns
	// would change the text (RQ1 labelled again after its own turn, as the
	// "Left" lines are not labels then) is not used, with a note.
	r3 := newRunner(t)
	r3.ok("init", "study.focal")
	r3.ok("coder", "add", "zoe")
	out = r3.ok("import", r3.write("papers.qde", paperQDE), "--speaker-pattern", `^(?P<speaker>RQ[0-9]+):\s*`, "--as", "zoe", "--dry-run")
	if !strings.Contains(out, "source paper: --speaker-pattern found no speaker labels that keep the text as it is; imported without speakers") {
		t.Errorf("a pattern that would change the text:\n%s", out)
	}
	r3.ok("import", r3.write("papers.qde", paperQDE), "--speaker-pattern", `^(?P<speaker>RQ1|Left):\s*`, "--as", "zoe")
	if speakers := r3.ok("speaker", "list", "--source", "paper", "--as", "zoe"); !strings.Contains(speakers, "RQ1") || !strings.Contains(speakers, "Left") {
		t.Errorf("--speaker-pattern: speakers are\n%s", speakers)
	}
}
