package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/focalqda/focal/corpus/testenv"
)

// runner runs focal commands in a temporary directory with a fixed
// environment, the way a user would from a shell.
type runner struct {
	t   *testing.T
	dir string
	env map[string]string
}

func newRunner(t *testing.T) *runner {
	t.Helper()
	return &runner{t: t, dir: t.TempDir(), env: map[string]string{}}
}

// run executes one command line and returns stdout, stderr and the status.
func (r *runner) run(args ...string) (string, string, int) {
	r.t.Helper()
	var stdout, stderr bytes.Buffer
	app := &App{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: func(k string) string { return r.env[k] }, Dir: r.dir}
	code := app.Run(args)
	return stdout.String(), stderr.String(), code
}

// ok runs a command that must succeed and returns its output.
func (r *runner) ok(args ...string) string {
	r.t.Helper()
	out, errOut, code := r.run(args...)
	if code != 0 {
		r.t.Fatalf("focal %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

// fail runs a command that must fail with the given status; it returns stderr.
func (r *runner) fail(status int, args ...string) string {
	r.t.Helper()
	out, errOut, code := r.run(args...)
	if code != status {
		r.t.Fatalf("focal %s: exit %d, want %d\n%s%s", strings.Join(args, " "), code, status, out, errOut)
	}
	if strings.Contains(errOut, "goroutine ") || strings.Contains(errOut, "panic") {
		r.t.Fatalf("focal %s printed a stack trace:\n%s", strings.Join(args, " "), errOut)
	}
	return errOut
}

func (r *runner) write(name, content string) string {
	r.t.Helper()
	path := filepath.Join(r.dir, name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		r.t.Fatal(err)
	}
	return path
}

func decode[T any](t *testing.T, s string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, s)
	}
	return v
}

const zoomVTT = `WEBVTT

1
00:00:01.000 --> 00:00:04.000
Dana Reyes: Who felt like they belonged?

2
00:00:04.500 --> 00:00:08.000
Zoë Lindqvist: Honestly, not me. I was the only one.

3
00:00:08.000 --> 00:00:10.000
Zoë Lindqvist: Every single day.
`

func TestInitFindsProjectAndRefusesClobber(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.fail(1, "source", "list") // no project here
	out := r.ok("init", "study.focal", "--title", "Belonging")
	if !strings.Contains(out, "created study.focal") {
		t.Errorf("init said %q", out)
	}
	fi, err := os.Stat(filepath.Join(r.dir, "study.focal"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("project mode: %v %v", fi.Mode(), err)
	}
	if errOut := r.fail(1, "init", "study.focal"); !strings.Contains(errOut, "already exists") {
		t.Errorf("second init: %s", errOut)
	}
	r.ok("source", "list") // the only *.focal here
	r.ok("init", "other.focal")
	if errOut := r.fail(1, "source", "list"); !strings.Contains(errOut, "several projects") {
		t.Errorf("two projects: %s", errOut)
	}
	r.ok("-p", "other.focal", "source", "list")
	r.env["FOCAL_PROJECT"] = "study.focal"
	r.ok("source", "list")
	r.fail(2, "source", "list", "--bogus")
	r.fail(2, "nonsense")
}

func TestImportShowAndJSON(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.ok("init", "study.focal")
	vtt := r.write("fg01.vtt", zoomVTT)
	dry := r.ok("import", vtt, "--dry-run")
	if !strings.Contains(dry, "would import") || !strings.Contains(dry, "Zoë Lindqvist") {
		t.Errorf("dry run said:\n%s", dry)
	}
	if list := r.ok("source", "list", "--json"); strings.TrimSpace(list) != "[]" {
		t.Errorf("dry run wrote something: %s", list)
	}
	r.ok("import", vtt, "--group", "North")
	sources := decode[[]map[string]any](t, r.ok("source", "list", "--json"))
	if len(sources) != 1 {
		t.Fatalf("sources = %v", sources)
	}
	for _, field := range []string{"name", "group", "format", "turns", "speakers", "chars"} {
		if _, ok := sources[0][field]; !ok {
			t.Errorf("source list --json lacks %q", field)
		}
	}
	if sources[0]["name"] != "fg01" || sources[0]["turns"] != float64(2) || sources[0]["group"] != "North" || sources[0]["format"] != "vtt" {
		t.Errorf("source = %v", sources[0])
	}
	shown := decode[struct {
		Turns []map[string]any `json:"turns"`
	}](t, r.ok("source", "show", "fg01", "--json"))
	if len(shown.Turns) != 2 {
		t.Fatalf("turns = %v", shown.Turns)
	}
	second := shown.Turns[1]
	for _, field := range []string{"seq", "speaker", "participant", "start", "end", "start_ms", "end_ms", "text"} {
		if _, ok := second[field]; !ok {
			t.Errorf("source show --json lacks %q", field)
		}
	}
	if second["text"] != "Honestly, not me. I was the only one. Every single day." || second["start_ms"] != float64(4500) || second["end_ms"] != float64(10000) {
		t.Errorf("merged turn = %v", second)
	}
	// start/end are code points: the text between them is the utterance.
	text := "Dana Reyes: Who felt like they belonged?\nZoë Lindqvist: "
	if second["start"] != float64(len([]rune(text))) {
		t.Errorf("start = %v, want %d", second["start"], len([]rune(text)))
	}
	if errOut := r.fail(1, "import", vtt); !strings.Contains(errOut, "already") {
		t.Errorf("re-import: %s", errOut)
	}
	r.ok("import", vtt, "--name", "fg01-again", "--allow-duplicate")
}

func TestImportErrorsNameFileAndLineAndChangeNothing(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.ok("init", "study.focal")
	good := r.write("good.vtt", zoomVTT)
	bad := r.write("fg03.vtt", "WEBVTT\n\n1\n00:00:1d.890 --> 00:00:04.000\nAna: hi\n")
	empty := r.write("empty.txt", "")
	binary := r.write("blob.txt", "\x00\x01\x02\x03binary\x00")
	latin1 := r.write("latin1.txt", "Ana: caf\xe9\n")
	errOut := r.fail(1, "import", good, bad, empty, binary, latin1, filepath.Join(r.dir, "missing.vtt"))
	for _, want := range []string{"import " + bad + ": line 4:", "00:00:1d.890", "import " + empty, "import " + binary, "import " + latin1 + ": line 1", "missing.vtt: no such file", "5 of 6 files failed and were not imported"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(errOut), "\n") {
		if !strings.HasPrefix(line, "focal: ") {
			t.Errorf("error line not in focal: form: %q", line)
		}
	}
	sources := decode[[]map[string]any](t, r.ok("source", "list", "--json"))
	if len(sources) != 1 || sources[0]["name"] != "good" {
		t.Errorf("after a partly failed batch: %v", sources)
	}
}

func TestRenameSpeakersAtImport(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.ok("init", "study.focal")
	vtt := r.write("fg01.vtt", strings.Replace(zoomVTT, "Every single day.", "Ask Dana Reyes, she saw it.", 1))
	m := r.write("map.csv", "label,pseudonym\nZoë Lindqvist,P01\nDana Reyes,Moderator\n")
	r.ok("import", vtt, "--rename-speakers", m)
	out := r.ok("source", "show", "fg01")
	if strings.Contains(out, "Zoë") || strings.Contains(out, "Dana") {
		t.Errorf("real names left in the project:\n%s", out)
	}
	if !strings.Contains(out, "P01") || !strings.Contains(out, "Ask Moderator, she saw it.") {
		t.Errorf("pseudonyms missing:\n%s", out)
	}
}

func TestParticipantsAndSpeakersCLI(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.ok("init", "study.focal")
	r.ok("import", r.write("fg01.vtt", zoomVTT))
	r.ok("speaker", "role", "Dana Reyes", "moderator", "--source", "fg01")
	r.ok("participant", "link", "Zoë Lindqvist", "--source", "fg01", "P07")
	r.ok("participant", "set", "P07", "pgy=2", "site=West")
	attrs := r.write("attrs.csv", "participant,pgy,site\nP07,3,West\nP08,1,North\n")
	r.ok("participant", "import", attrs)
	ps := decode[[]map[string]any](t, r.ok("participant", "list", "--json"))
	if len(ps) != 2 || ps[0]["participant"] != "P07" || ps[0]["attributes"].(map[string]any)["pgy"] != "3" {
		t.Errorf("participants = %v", ps)
	}
	bad := r.write("bad.csv", "participant,pgy\nP09,1\n,2\n")
	if errOut := r.fail(1, "participant", "import", bad); !strings.Contains(errOut, "line 3") {
		t.Errorf("bad attrs: %s", errOut)
	}
	if ps := decode[[]map[string]any](t, r.ok("participant", "list", "--json")); len(ps) != 2 {
		t.Errorf("a failed import added participants: %v", ps)
	}
	speakers := decode[[]map[string]any](t, r.ok("speaker", "list", "--json"))
	if speakers[0]["role"] != "moderator" || speakers[1]["participant"] != "P07" {
		t.Errorf("speakers = %v", speakers)
	}
	shown := decode[struct {
		Turns []map[string]any `json:"turns"`
	}](t, r.ok("source", "show", "fg01", "--json"))
	if shown.Turns[1]["participant"] != "P07" {
		t.Errorf("turn participant = %v", shown.Turns[1])
	}
	r.fail(1, "source", "rm", "nope")
	r.ok("source", "rm", "fg01")
}

func TestCodingWorkflowCLI(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.ok("init", "study.focal")
	r.ok("import", r.write("fg01.vtt", zoomVTT))
	r.ok("coder", "add", "amara", "--role", "pi")
	r.ok("coder", "add", "ben")
	if errOut := r.fail(1, "coding", "add", "--source", "fg01", "--code", "isolation", "--quote", "the only one"); !strings.Contains(errOut, "--as") {
		t.Errorf("coding without identity: %s", errOut)
	}
	r.env["FOCAL_CODER"] = "ben"
	out := r.ok("coding", "add", "--source", "fg01", "--code", "belonging/isolation", "--quote", "I was the only one.")
	if !strings.Contains(out, "created code belonging/isolation") {
		t.Errorf("inductive code: %s", out)
	}
	if out := r.ok("coding", "add", "--source", "fg01", "--code", "isolation", "--quote", "I was the only one."); !strings.Contains(out, "nothing changed") {
		t.Errorf("identical coding: %s", out)
	}
	r.fail(1, "coding", "add", "--source", "fg01", "--code", "x", "--quote", "not in the text")
	r.fail(1, "coding", "add", "--source", "fg01", "--code", "x", "--start", "5", "--end", "5000")
	r.fail(2, "coding", "add", "--source", "fg01", "--code", "x")
	r.ok("coding", "add", "--source", "fg01", "--code", "hierarchy", "--turn", "1", "--as", "amara")
	codings := decode[[]map[string]any](t, r.ok("coding", "list", "--json"))
	if len(codings) != 1 || codings[0]["coder"] != "ben" || codings[0]["text"] != "I was the only one." || codings[0]["speaker"] != "Zoë Lindqvist" || codings[0]["turn"] != float64(2) {
		t.Errorf("ben's blind listing = %v", codings)
	}
	for _, field := range []string{"source", "coder", "code", "start", "end", "text", "turn", "speaker", "participant"} {
		if _, ok := codings[0][field]; !ok {
			t.Errorf("coding list --json lacks %q", field)
		}
	}
	exported := r.ok("coding", "export")
	if !strings.HasPrefix(exported, "source,coder,code,start,end,memo\r\n") || strings.Count(exported, "\r\n") != 2 {
		t.Errorf("export:\n%s", exported)
	}
	// Import is atomic and names the bad row.
	bad := r.write("in.csv", "source,coder,code,start,end,memo\nfg01,ben,mentorship,0,4,\nfg01,nobody,x,0,4,\n")
	if errOut := r.fail(1, "coding", "import", bad); !strings.Contains(errOut, "line 3") {
		t.Errorf("bad import: %s", errOut)
	}
	if codings := decode[[]map[string]any](t, r.ok("coding", "list", "--json")); len(codings) != 1 {
		t.Errorf("a failed import left codings: %v", codings)
	}
	r.ok("undo")
	if codings := decode[[]map[string]any](t, r.ok("coding", "list", "--json")); len(codings) != 0 {
		t.Errorf("after undo: %v", codings)
	}
	r.fail(1, "blind", "off")
	r.ok("blind", "off", "--as", "amara")
	if codings := decode[[]map[string]any](t, r.ok("coding", "list", "--json")); len(codings) != 1 || codings[0]["coder"] != "amara" {
		t.Errorf("unblinded: %v", codings)
	}
}

func TestDemoBuildsWithoutTerminal(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	out := r.ok("demo", "demo")
	if !strings.Contains(out, "demo project ready") {
		t.Fatalf("demo said:\n%s", out)
	}
	r.env["FOCAL_PROJECT"] = filepath.Join(r.dir, "demo", "study.focal")
	sources := decode[[]map[string]any](t, r.ok("source", "list", "--json"))
	if len(sources) < 3 {
		t.Fatalf("demo sources = %v", sources)
	}
	langs := map[any]bool{}
	for _, s := range sources {
		langs[s["language"]] = true
		if s["speakers"].(float64) < 5 {
			t.Errorf("%s has %v speakers", s["name"], s["speakers"])
		}
	}
	if !langs["en"] || !langs["es"] {
		t.Errorf("demo languages = %v", langs)
	}
	versions := decode[[]map[string]any](t, r.ok("codebook", "versions", "--json"))
	if len(versions) != 1 || versions[0]["name"] != "v1" {
		t.Errorf("versions = %v", versions)
	}
	for _, coder := range []string{"amara", "ben", "carmen"} {
		codings := decode[[]map[string]any](t, r.ok("coding", "list", "--json", "--as", coder))
		if len(codings) < 150 {
			t.Errorf("%s has %d codings in the demo", coder, len(codings))
		}
	}
	if again := r.ok("demo", "demo"); !strings.Contains(again, "already exists") {
		t.Errorf("second demo: %s", again)
	}
}

// sharedSamples returns the real-world sample folder; when ../shared is
// not there (a fresh clone elsewhere) the test skips, or under CI fails.
func sharedSamples(t *testing.T, sub string) string {
	t.Helper()
	return testenv.Shared(t, "samples/"+sub)
}

func TestImportEveryRealSample(t *testing.T) {
	t.Parallel()
	dir := sharedSamples(t, "transcripts")
	entries, _ := os.ReadDir(dir)
	r := newRunner(t)
	r.ok("init", "study.focal")
	for i, e := range entries {
		// Two samples share a base name (sample.srt, sample.sbv): name each.
		r.ok("import", filepath.Join(dir, e.Name()), "--name", fmt.Sprintf("s%02d", i))
	}
	sources := decode[[]map[string]any](t, r.ok("source", "list", "--json"))
	if len(sources) != len(entries) {
		t.Fatalf("imported %d of %d samples", len(sources), len(entries))
	}
	for _, s := range sources {
		if s["turns"].(float64) < 1 || s["chars"].(float64) < 1 {
			t.Errorf("empty source %v", s)
		}
	}
}

func TestMalformedSamplesFailCleanlyOrRecover(t *testing.T) {
	t.Parallel()
	dir := sharedSamples(t, "malformed")
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		t.Run(e.Name(), func(t *testing.T) {
			r := newRunner(t)
			r.ok("init", "study.focal")
			out, errOut, code := r.run("import", filepath.Join(dir, e.Name()))
			sources := decode[[]map[string]any](t, r.ok("source", "list", "--json"))
			switch code {
			case 0:
				if len(sources) != 1 || !strings.Contains(out, "note:") {
					t.Errorf("a recovered import must say what it recovered:\n%s", out)
				}
			case 1:
				if len(sources) != 0 {
					t.Errorf("a failed import left %d sources", len(sources))
				}
				if strings.Count(strings.TrimSpace(errOut), "\n") != 0 || !strings.HasPrefix(errOut, "focal: import ") {
					t.Errorf("want one error line, got:\n%s", errOut)
				}
			default:
				t.Errorf("exit %d:\n%s%s", code, out, errOut)
			}
		})
	}
}

func TestCorrectionsCLI(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.ok("init", "study.focal")
	r.ok("import", r.write("fg01.vtt", zoomVTT))
	r.ok("coder", "add", "ben")
	r.env["FOCAL_CODER"] = "ben"
	r.ok("coding", "add", "--source", "fg01", "--code", "isolation", "--quote", "I was the only one.")
	r.ok("coding", "add", "--source", "fg01", "--code", "candour", "--quote", "Honestly")
	text := "Dana Reyes: Who here felt like they belonged?\nZoë Lindqvist: Honestely, not me. I was the only one. Every single day.\n"
	out := r.ok("source", "edit", "fg01", "--file", r.write("fixed.txt", text), "--reason", "typos")
	if !strings.Contains(out, "1 flagged for review") {
		t.Errorf("edit said:\n%s", out)
	}
	flagged := decode[[]map[string]any](t, r.ok("coding", "list", "--flagged", "--json"))
	if len(flagged) != 1 || flagged[0]["code"] != "candour" {
		t.Errorf("flagged = %v", flagged)
	}
	all := decode[[]map[string]any](t, r.ok("coding", "list", "--json"))
	for _, c := range all {
		if c["code"] == "isolation" && c["text"] != "I was the only one." {
			t.Errorf("re-anchored coding reads %q", c["text"])
		}
	}
	// A correction that breaks the one-line-per-turn layout is refused.
	bad := strings.Replace(text, "\nZoë Lindqvist: ", " ", 1)
	if errOut := r.fail(1, "source", "edit", "fg01", "--file", r.write("bad.txt", bad)); !strings.Contains(errOut, "nothing was saved") {
		t.Errorf("bad edit: %s", errOut)
	}
	r.ok("turn", "set-speaker", "fg01", "2", "Priya Raman")
	speakers := decode[[]map[string]any](t, r.ok("speaker", "list", "--json"))
	if len(speakers) != 2 || speakers[1]["name"] != "Priya Raman" {
		t.Errorf("speakers = %v", speakers)
	}
	if log := r.ok("log", "--kind", "source.corrected"); strings.Count(log, "source.corrected") != 2 {
		t.Errorf("log:\n%s", log)
	}
}
