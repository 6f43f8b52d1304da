package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/study"
)

// The theme commands are plain functions of an App and their options.
func TestThemeRunFunctionsWorkWithoutTheCommandLine(t *testing.T) {
	t.Parallel()
	r, app := newRunApp(t)
	r.ok("code", "add", "support/mentorship")
	ctx := t.Context()
	var out bytes.Buffer
	say := func(what string, err error, want string) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if out.String() != want {
			t.Errorf("%s said %q, want %q", what, out.String(), want)
		}
		out.Reset()
	}
	say("theme add", runThemeAdd(ctx, app, study.NewTheme{Name: "belonging/voice", Definition: "Being heard"}, &out), "added theme belonging/voice\n")
	say("theme assign", runThemeAssign(ctx, app, themeAssignOptions{theme: "belonging/voice", codes: []string{"support/mentorship"}, assign: true}, &out),
		"assigned support/mentorship to belonging/voice\n")
	say("theme assign again", runThemeAssign(ctx, app, themeAssignOptions{theme: "belonging/voice", codes: []string{"support/mentorship"}, assign: true}, &out),
		"already in belonging/voice: support/mentorship\n")
	say("theme describe", runThemeDescribe(ctx, app, themeDescribeOptions{theme: "belonging/voice", summaries: []string{"es=Ser escuchado"}}, &out), "updated belonging/voice\n")
	if err := runThemeDescribe(ctx, app, themeDescribeOptions{theme: "belonging/voice", summaries: []string{"en=a", "en=b"}}, &out); err == nil || !strings.Contains(err.Error(), "given twice") {
		t.Errorf("theme describe with a language twice: %v", err)
	}
	if err := runThemeShow(ctx, app, themeShowOptions{theme: "belonging/voice"}, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"belonging/voice\n", "  definition:  Being heard\n", "    es     Ser escuchado\n", "    support/mentorship"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("theme show lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	say("theme rename", runThemeRename(ctx, app, themeRenameOptions{theme: "belonging", newName: "fitting-in"}, &out), "renamed belonging to fitting-in\n")
	if err := runThemeRm(ctx, app, themeRmOptions{theme: "fitting-in"}, &out); err == nil {
		t.Error("a theme with a subtheme was removed without --force")
	}
	say("theme rm --force", runThemeRm(ctx, app, themeRmOptions{theme: "fitting-in", force: true}, &out), "removed theme fitting-in with 1 subtheme\n")
	say("theme list", runThemeList(ctx, app, themeListOptions{}, &out), "no themes yet: add one with `focal theme add NAME`\n")
}
