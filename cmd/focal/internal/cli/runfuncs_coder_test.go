package cli

import (
	"bytes"
	"strings"
	"testing"
)

// Adding coders, blinding, progress and done marks are plain functions of
// an App and their options.
func TestCoderRunFunctionsWorkWithoutTheCommandLine(t *testing.T) {
	t.Parallel()
	r, app := newRunApp(t)
	r.write("fg01.vtt", zoomVTT)
	r.ok("import", "fg01.vtt")
	ctx := t.Context()
	var out bytes.Buffer
	if err := runCoderAdd(ctx, app, coderAddOptions{name: "dana", role: "pi"}, &out); err != nil {
		t.Fatal(err)
	}
	want := "added dana (pi)\nthe project now has two coders: blind coding is on (each sees only their own codings)\n"
	if out.String() != want {
		t.Errorf("coder add said %q, want %q", out.String(), want)
	}
	out.Reset()
	if err := runBlind(ctx, app, blindOptions{}, &out); err != nil {
		t.Fatal(err)
	}
	if out.String() != "blind coding is on (automatic: on from two coders; the project has 2)\n" {
		t.Errorf("blind said %q", out.String())
	}
	out.Reset()
	if err := runCoderList(ctx, app, coderListOptions{}, &out); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n")[1:] {
		if strings.HasPrefix(line, "dana") != strings.HasSuffix(line, "(blind)") {
			t.Errorf("ben should see his own count and not dana's:\n%s", out.String())
		}
	}
	out.Reset()
	if err := runSourceDone(ctx, app, sourceDoneOptions{source: "fg01", done: true}, &out); err != nil {
		t.Fatal(err)
	}
	if out.String() != "fg01 is done for ben\n" {
		t.Errorf("source done said %q", out.String())
	}
	out.Reset()
	if err := runBlind(ctx, app, blindOptions{to: "maybe", switching: true}, &out); err == nil || !strings.Contains(err.Error(), "say on or off") {
		t.Errorf("blind maybe: %v", err)
	}
	// A coder may not switch blinding off; the PI may.
	if err := runBlind(ctx, app, blindOptions{to: "off", switching: true}, &out); err == nil {
		t.Error("ben, a coder, switched blinding off")
	}
	pi := &App{Dir: r.dir, Getenv: func(string) string { return "" }, asFlag: "dana"}
	defer func() {
		if pi.study != nil {
			pi.study.Close()
		}
	}()
	out.Reset()
	if err := runBlind(ctx, pi, blindOptions{to: "off", switching: true}, &out); err != nil {
		t.Fatal(err)
	}
	if out.String() != "blind coding is off (set by a PI)\n" {
		t.Errorf("blind off said %q", out.String())
	}
	if got := r.ok("progress"); !strings.Contains(got, "done ") {
		t.Errorf("progress after source done:\n%s", got)
	}
}
