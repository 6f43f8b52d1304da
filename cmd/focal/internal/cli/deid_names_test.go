package cli

import (
	"strings"
	"testing"
)

const nicknameVTT = `WEBVTT

1
00:00:01.000 --> 00:00:04.000
Dana Reyes: Who covered your nights?

2
00:00:04.500 --> 00:00:08.000
Zoë Lindqvist: emeka covered for me at Springfield General, every week.
`

// A nickname that no detector finds ("emeka", lower case) is found once
// it is on the name list, replaced by its participant's pseudonym on
// export, and refused by the gate in any case; an institution is found
// by its form.
func TestDeidNamesEndToEnd(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.ok("init", "study.focal")
	r.ok("import", r.write("fg01.vtt", nicknameVTT))
	r.ok("speaker", "role", "Dana Reyes", "moderator", "--source", "fg01")
	r.ok("participant", "link", "Zoë Lindqvist", "--source", "fg01", "P07")
	r.ok("participant", "set-pseudonym", "P07", "Rosa")
	themed(r, "emeka covered for me at Springfield General, every week.")

	type finding struct {
		Text, Detector, Kind, Replacement, Participant string
	}
	scan := func() map[string]finding {
		t.Helper()
		r.ok("deid", "scan", "--no-ner")
		out := map[string]finding{}
		for _, f := range decode[[]finding](t, r.ok("deid", "list", "--json")) {
			out[f.Text] = f
		}
		return out
	}
	found := scan()
	if f := found["Springfield General"]; f.Detector != "institution" || f.Kind != "organisation" || f.Replacement != "[institution]" {
		t.Errorf("Springfield General: %+v", f)
	}
	if _, ok := found["emeka"]; ok {
		t.Fatal("emeka was found before it was listed")
	}

	// Refused, one line each, and the list stays empty.
	for _, args := range [][]string{
		{"Emeka", "--kind", "planet"},
		{"P07"},
		{"Rosa"},
		{"Emeka", "--participant", "P99"},
	} {
		errOut := r.fail(1, append([]string{"deid", "names", "add"}, args...)...)
		if !strings.HasPrefix(errOut, "focal: deid names add: ") || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
			t.Errorf("names add %v: %q", args, errOut)
		}
	}
	if got := r.ok("deid", "names", "list", "--json"); strings.TrimSpace(got) != "[]" {
		t.Errorf("after refusals the list is %s", got)
	}

	out := r.ok("deid", "names", "add", "Emeka", "--participant", "P07")
	if !strings.Contains(out, `listed "Emeka" (a name of participant P07), replaced by the pseudonym "Rosa"`) || !strings.Contains(out, "focal deid scan") {
		t.Errorf("names add said:\n%s", out)
	}
	if out := r.ok("deid", "names", "add", "EMEKA", "--participant", "P07", "--json"); !strings.Contains(out, `"changed": true`) {
		t.Errorf("the same name in capitals: %s", out)
	}
	r.ok("deid", "names", "add", "Ikeja", "--kind", "place")
	type listed struct {
		Name, Kind, Participant, Pseudonym string
	}
	names := decode[[]listed](t, r.ok("deid", "names", "list", "--json"))
	if len(names) != 2 || names[0].Name != "EMEKA" || names[0].Kind != "name" || names[0].Pseudonym != "Rosa" || names[1].Name != "Ikeja" || names[1].Kind != "place" {
		t.Errorf("names list: %+v", names)
	}
	if table := r.ok("deid", "names", "list"); !strings.Contains(table, "EMEKA") || !strings.Contains(table, `the pseudonym "Rosa"`) || !strings.Contains(table, "[place]") {
		t.Errorf("names list:\n%s", table)
	}

	if errOut := r.fail(1, "participant", "set-pseudonym", "P07", "ikeja"); !strings.Contains(errOut, "is a real name in this project (listed name (place))") {
		t.Errorf("a listed name as pseudonym: %s", errOut)
	}

	found = scan()
	if f := found["emeka"]; f.Detector != "name-list" || f.Participant != "P07" || f.Replacement != "Rosa" {
		t.Errorf("emeka after listing: %+v", f)
	}
	// The review is not current while the finding is pending.
	if errOut := r.fail(1, "export", "csv", "--what", "segments", "--deidentified"); !strings.Contains(errOut, `"emeka"`) {
		t.Errorf("export with a pending finding: %s", errOut)
	}
	r.ok("deid", "accept", "--all")
	segments := r.ok("export", "csv", "--what", "segments", "--deidentified")
	if !strings.Contains(segments, "Rosa covered for me at [institution], every week.") || strings.Contains(strings.ToLower(segments), "emeka") {
		t.Errorf("de-identified segments:\n%s", segments)
	}
	// The gate refuses the nickname wherever else it appears, in any case.
	r.ok("code", "describe", "isolation", "--definition", "Like what ÉMEKA said: nobody covers for you.")
	stdout, stderr, status := r.run("deid", "check")
	if status != 1 || !strings.Contains(stdout+stderr, `"ÉMEKA" (listed name of participant P07)`) {
		t.Errorf("deid check: exit %d\n%s%s", status, stdout, stderr)
	}
	r.fail(1, "export", "csv", "--what", "segments", "--deidentified")

	out = r.ok("deid", "names", "rm", "emeka")
	if !strings.Contains(out, `removed "EMEKA"`) {
		t.Errorf("names rm: %s", out)
	}
	if errOut := r.fail(1, "deid", "names", "remove", "emeka"); !strings.Contains(errOut, "not on the name list") {
		t.Errorf("removing twice: %s", errOut)
	}
}
