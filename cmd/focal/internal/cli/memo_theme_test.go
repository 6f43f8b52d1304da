package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runWithStdin runs one command line like runner.run, with stdin given.
func (r *runner) runWithStdin(stdin string, args ...string) (string, string, int) {
	r.t.Helper()
	var stdout, stderr bytes.Buffer
	app := &App{Stdin: strings.NewReader(stdin), Stdout: &stdout, Stderr: &stderr, Getenv: func(k string) string { return r.env[k] }, Dir: r.dir}
	code := app.Run(args)
	return stdout.String(), stderr.String(), code
}

// script writes an executable shell script, for $EDITOR.
func (r *runner) script(name, body string) string {
	r.t.Helper()
	path := filepath.Join(r.dir, name)
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body+"\n"), 0o700); err != nil {
		r.t.Fatal(err)
	}
	return path
}

// analysisRunner is a project with one source, a PI (amara) and a coder
// (ben), each with a coding, so blinding is on.
func analysisRunner(t *testing.T) (r *runner, amaraCoding, benCoding string) {
	t.Helper()
	r = newRunner(t)
	r.ok("init", "study.focal")
	r.ok("import", r.write("fg01.vtt", zoomVTT))
	r.ok("coder", "add", "amara", "--role", "pi")
	r.ok("coder", "add", "ben")
	r.ok("coding", "add", "--source", "fg01", "--code", "isolation", "--quote", "I was the only one.", "--as", "amara")
	r.ok("coding", "add", "--source", "fg01", "--code", "hierarchy", "--turn", "1", "--as", "ben")
	mine := decode[[]map[string]any](t, r.ok("coding", "list", "--json", "--as", "amara"))
	theirs := decode[[]map[string]any](t, r.ok("coding", "list", "--json", "--as", "ben"))
	return r, mine[0]["id"].(string), theirs[0]["id"].(string)
}

func TestMemoCLI(t *testing.T) {
	t.Parallel()
	r, amaraCoding, benCoding := analysisRunner(t)
	r.ok("theme", "add", "belonging", "--as", "amara")

	if errOut := r.fail(1, "memo", "add", "--text", "who am I?"); !strings.Contains(errOut, "--as NAME") {
		t.Errorf("memo without identity: %s", errOut)
	}
	r.env["FOCAL_CODER"] = "amara"
	adds := []struct {
		name string
		args []string
		want string
	}{
		{"project", []string{"--text", "Sites differ."}, "on project"},
		{"source", []string{"--source", "fg01", "--title", "First look", "--text", "Quiet group."}, "on source fg01"},
		{"turn", []string{"--turn", "fg01:2", "--text", "The room goes quiet."}, "on turn fg01:2"},
		{"code", []string{"--code", "isolation", "--text", "Close to loneliness?"}, "on code isolation"},
		{"coding", []string{"--coding", amaraCoding[:6], "--text", "Said with a laugh."}, "on coding " + amaraCoding[:8]},
		{"theme", []string{"--theme", "belonging", "--file", r.write("belonging.md", "# Belonging\n\nFrom the file.\n")}, "on theme belonging"},
	}
	for _, tc := range adds {
		t.Run(tc.name, func(t *testing.T) {
			out := r.ok(append([]string{"memo", "add"}, tc.args...)...)
			if !strings.HasPrefix(out, "added memo ") || !strings.Contains(out, tc.want) {
				t.Errorf("memo add said %q, want %q", out, tc.want)
			}
		})
	}
	out, errOut, code := r.runWithStdin("From standard input.\n", "memo", "add", "--source", "fg01", "-")
	if code != 0 || !strings.Contains(out, "on source fg01") {
		t.Fatalf("memo add - : %d %s%s", code, out, errOut)
	}

	usage := [][]string{
		{"memo", "add"},
		{"memo", "add", "--source", "fg01", "--code", "isolation", "--text", "x"},
		{"memo", "add", "--text", "x", "--file", "y.md"},
		{"memo", "add", "stray"},
		{"memo", "list", "--source", "fg01", "--kind", "turn"},
	}
	for _, args := range usage {
		r.fail(2, args...)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"memo", "add", "--turn", "fg01", "--text", "x"}, "SOURCE:SEQ"},
		{[]string{"memo", "add", "--source", "fg09", "--text", "x"}, "no source"},
		{[]string{"memo", "add", "--coding", benCoding, "--text", "x"}, "blind coding is on"},
		{[]string{"memo", "add", "--text", " "}, "needs some text"},
	} {
		if errOut := r.fail(1, tc.args...); !strings.HasPrefix(errOut, "focal: memo add: ") || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: %s", tc.args, errOut)
		}
	}

	memos := decode[[]map[string]any](t, r.ok("memo", "list", "--json"))
	if len(memos) != 7 {
		t.Fatalf("amara's memos = %d, want 7", len(memos))
	}
	for _, field := range []string{"id", "target_kind", "target_id", "target", "author", "title", "body", "created_at", "updated_at"} {
		if _, ok := memos[0][field]; !ok {
			t.Errorf("memo list --json lacks %q", field)
		}
	}
	if memos[5]["body"] != "# Belonging\n\nFrom the file." || memos[6]["body"] != "From standard input." {
		t.Errorf("bodies = %q, %q", memos[5]["body"], memos[6]["body"])
	}
	if got := decode[[]map[string]any](t, r.ok("memo", "list", "--source", "fg01", "--json")); len(got) != 2 {
		t.Errorf("memos on fg01 = %d, want 2", len(got))
	}
	if got := decode[[]map[string]any](t, r.ok("memo", "list", "--kind", "turn", "--json")); len(got) != 1 || got[0]["target"] != "fg01:2" {
		t.Errorf("turn memos = %v", got)
	}
	// Ben sees the shared memos but not amara's memo on her coding.
	if got := decode[[]map[string]any](t, r.ok("memo", "list", "--json", "--as", "ben")); len(got) != 6 {
		t.Errorf("ben sees %d memos, want 6", len(got))
	}
	codingMemo := ""
	for _, m := range memos {
		if m["target_kind"] == "coding" {
			codingMemo = m["id"].(string)
		}
	}
	r.fail(1, "memo", "show", codingMemo, "--as", "ben")
	table := r.ok("memo", "list")
	if !strings.Contains(table, "First look") || !strings.Contains(table, "turn fg01:2") || !strings.Contains(table, "Belonging") {
		t.Errorf("memo list:\n%s", table)
	}

	projectMemo := memos[0]["id"].(string)
	show := r.ok("memo", "show", projectMemo[:6])
	if !strings.Contains(show, "on project") || !strings.Contains(show, "by amara") || !strings.Contains(show, "Sites differ.") {
		t.Errorf("memo show:\n%s", show)
	}
	if got := decode[map[string]any](t, r.ok("memo", "show", projectMemo, "--json")); got["body"] != "Sites differ." {
		t.Errorf("memo show --json = %v", got)
	}
}

func TestMemoEditCLI(t *testing.T) {
	t.Parallel()
	r, _, _ := analysisRunner(t)
	r.env["FOCAL_CODER"] = "amara"
	r.ok("memo", "add", "--source", "fg01", "--text", "Quiet group.")
	id := decode[[]map[string]any](t, r.ok("memo", "list", "--json"))[0]["id"].(string)

	if errOut := r.fail(1, "memo", "edit", id, "--text", "Loud.", "--as", "ben"); !strings.Contains(errOut, "only its author") {
		t.Errorf("ben editing amara's memo: %s", errOut)
	}
	if out := r.ok("memo", "edit", id[:8], "--text", "Quiet group, until turn 30."); !strings.Contains(out, "edited memo") {
		t.Errorf("edit --text: %s", out)
	}
	editors := []struct {
		name, script, want, body string
	}{
		{"editor changes the text", `printf 'Edited in the editor.\n' > "$1"`, "edited memo", "Edited in the editor."},
		{"editor leaves it as it was", `exit 0`, "unchanged", "Edited in the editor."},
		{"editor empties it", `: > "$1"`, "empty", "Edited in the editor."},
	}
	for _, tc := range editors {
		t.Run(tc.name, func(t *testing.T) {
			r.env["EDITOR"] = r.script("editor.sh", tc.script)
			if out := r.ok("memo", "edit", id); !strings.Contains(out, tc.want) {
				t.Errorf("memo edit said %q, want %q", out, tc.want)
			}
			if got := decode[map[string]any](t, r.ok("memo", "show", id, "--json")); got["body"] != tc.body {
				t.Errorf("body = %q, want %q", got["body"], tc.body)
			}
		})
	}
	r.env["EDITOR"] = r.script("broken.sh", "exit 3")
	if errOut := r.fail(1, "memo", "edit", id); !strings.Contains(errOut, "editor") {
		t.Errorf("a failing editor: %s", errOut)
	}
	r.fail(2, "memo", "edit", id, "stray")

	events := decode[[]map[string]any](t, r.ok("log", "--kind", "memo.", "--json"))
	if len(events) != 3 || events[0]["kind"] != "memo.added" || events[2]["kind"] != "memo.edited" {
		t.Errorf("memo events = %v", events)
	}
}

func TestThemeCLI(t *testing.T) {
	t.Parallel()
	r, _, _ := analysisRunner(t)
	r.env["FOCAL_CODER"] = "amara"
	r.ok("theme", "add", "belonging", "--definition", "Feeling part of the team")
	if out := r.ok("theme", "add", "voice", "--parent", "belonging"); !strings.Contains(out, "added theme belonging/voice") {
		t.Errorf("theme add --parent: %s", out)
	}
	r.ok("theme", "add", "power/voice")
	if errOut := r.fail(1, "theme", "add", "voice", "--parent", "belonging"); !strings.Contains(errOut, "already exists") {
		t.Errorf("duplicate sibling: %s", errOut)
	}
	if errOut := r.fail(1, "theme", "show", "voice"); !strings.Contains(errOut, "belonging/voice, power/voice") {
		t.Errorf("ambiguous name: %s", errOut)
	}

	if out := r.ok("theme", "assign", "belonging", "isolation", "hierarchy"); !strings.Contains(out, "assigned isolation, hierarchy to belonging") {
		t.Errorf("assign: %s", out)
	}
	r.ok("theme", "assign", "power", "hierarchy")
	if out := r.ok("theme", "assign", "belonging", "isolation"); !strings.Contains(out, "already in belonging: isolation") {
		t.Errorf("assign again: %s", out)
	}
	r.fail(1, "theme", "assign", "belonging", "nope")
	r.fail(2, "theme", "assign", "belonging")

	r.ok("theme", "describe", "belonging", "--summary", "en=Whether you felt you belonged, or not", "--summary", "es=Si sentiste que pertenecías")
	r.ok("theme", "describe", "belonging", "--summary", "es=")
	if out := r.ok("theme", "describe", "belonging", "--summary", "en=Whether you felt you belonged, or not"); !strings.Contains(out, "nothing changed") {
		t.Errorf("describe with the same text: %s", out)
	}
	r.fail(2, "theme", "describe", "belonging")
	r.fail(2, "theme", "describe", "belonging", "--summary", "no-equals-sign")
	r.fail(1, "theme", "describe", "belonging", "--summary", "english=x")

	shown := decode[map[string]any](t, r.ok("theme", "show", "belonging", "--json"))
	summaries := shown["summaries"].(map[string]any)
	codes := shown["codes"].([]any)
	if shown["definition"] != "Feeling part of the team" || len(summaries) != 1 || summaries["en"] != "Whether you felt you belonged, or not" || len(codes) != 2 {
		t.Errorf("theme show --json = %v", shown)
	}
	// Counts are the viewer's own codings while blinding is on.
	if shown["codings"] != float64(1) {
		t.Errorf("amara's codings in belonging = %v, want 1", shown["codings"])
	}
	text := r.ok("theme", "show", "belonging")
	for _, want := range []string{"Feeling part of the team", "en", "Whether you felt you belonged", "isolation", "hierarchy"} {
		if !strings.Contains(text, want) {
			t.Errorf("theme show lacks %q:\n%s", want, text)
		}
	}
	list := r.ok("theme", "list")
	if !strings.Contains(list, "belonging") || !strings.Contains(list, "  voice") || !strings.Contains(list, "isolation (1)") {
		t.Errorf("theme list:\n%s", list)
	}
	themes := decode[[]map[string]any](t, r.ok("theme", "list", "--json"))
	if len(themes) != 4 || themes[0]["path"] != "belonging" || themes[1]["path"] != "belonging/voice" {
		t.Errorf("theme list --json = %v", themes)
	}

	if out := r.ok("theme", "unassign", "belonging", "hierarchy"); !strings.Contains(out, "unassigned hierarchy from belonging") {
		t.Errorf("unassign: %s", out)
	}
	r.ok("theme", "rename", "belonging", "fitting in")
	r.fail(1, "theme", "show", "belonging")
	r.ok("undo")
	r.ok("theme", "show", "belonging")

	r.ok("memo", "add", "--theme", "belonging/voice", "--text", "Distinct from power/voice?")
	if errOut := r.fail(1, "theme", "rm", "belonging"); !strings.Contains(errOut, "--force") {
		t.Errorf("rm with a subtheme: %s", errOut)
	}
	if out := r.ok("theme", "rm", "belonging", "--force"); !strings.Contains(out, "removed theme belonging with 1 subtheme and 1 memo") {
		t.Errorf("rm --force: %s", out)
	}
	if got := decode[[]map[string]any](t, r.ok("theme", "list", "--json")); len(got) != 2 {
		t.Errorf("after rm: %v", got)
	}
	r.ok("code", "show", "isolation") // codes stay

	events := decode[[]map[string]any](t, r.ok("log", "--kind", "theme.", "--json"))
	var kinds []string
	for _, e := range events {
		kinds = append(kinds, e["kind"].(string))
	}
	for _, want := range []string{"theme.created", "theme.assigned", "theme.described", "theme.unassigned", "theme.renamed", "theme.removed"} {
		if !strings.Contains(strings.Join(kinds, " "), want) {
			t.Errorf("no %s event in %v", want, kinds)
		}
	}
}

func TestCodeHistoryListsOnlyCodebookChangesAboutTheCode(t *testing.T) {
	t.Parallel()
	r, _, _ := analysisRunner(t)
	r.ok("--as", "amara", "code", "add", "being the only one")
	r.ok("--as", "amara", "code", "rename", "being the only one", "the only one")
	r.ok("--as", "amara", "code", "merge", "the only one", "isolation")
	type event struct{ Kind string }
	all := decode[[]event](t, r.ok("--as", "amara", "code", "history", "--json"))
	for _, e := range all {
		if !strings.HasPrefix(e.Kind, "code.") && !strings.HasPrefix(e.Kind, "codebook.") {
			t.Errorf("code history lists %s, which is not a codebook change", e.Kind)
		}
	}
	var kinds []string
	for _, e := range decode[[]event](t, r.ok("--as", "amara", "code", "history", "isolation", "--json")) {
		kinds = append(kinds, e.Kind)
	}
	if got := strings.Join(kinds, " "); got != "code.created code.merged" {
		t.Errorf("history of isolation = %q, want its creation and the merge into it", got)
	}
	table := r.ok("--as", "amara", "code", "history", "isolation")
	if !strings.Contains(table, "merged into isolation") {
		t.Errorf("history table does not say what was merged:\n%s", table)
	}
}
