package cli

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Writing, listing, showing and editing memos are plain functions of an App
// and their options.
func TestMemoRunFunctionsWorkWithoutTheCommandLine(t *testing.T) {
	t.Parallel()
	r, app := newRunApp(t)
	r.ok("coder", "add", "dana")
	app.Now = func() time.Time { return time.Date(2026, 3, 1, 14, 0, 0, 0, time.UTC) }
	ctx := t.Context()
	var out bytes.Buffer
	if err := runMemoAdd(ctx, app, memoAddOptions{title: "Sites", text: "Sites differ."}, &out); err == nil || !strings.Contains(err.Error(), "give the text") {
		t.Errorf("memo add without text: %v", err)
	}
	if err := runMemoAdd(ctx, app, memoAddOptions{title: "Sites", text: "Sites differ.", textGiven: true}, &out); err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`^added memo ([0-9a-f]{8}) on project\n$`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("memo add said %q", out.String())
	}
	id := m[1]
	out.Reset()
	if err := runMemoShow(ctx, app, memoShowOptions{id: id}, &out); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^memo ` + id + `\S* on project\nby ben, 2026-03-01T14:00:00[^\n]*\n\n# Sites\n\nSites differ.\n$`).MatchString(out.String()) {
		t.Errorf("memo show:\n%s", out.String())
	}
	out.Reset()
	var errOut bytes.Buffer
	if err := runMemoList(ctx, app, memoListOptions{}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), id) || !strings.Contains(out.String(), "Sites") || errOut.Len() != 0 {
		t.Errorf("memo list:\n%s\nerrors: %s", out.String(), errOut.String())
	}
	out.Reset()
	if err := runMemoEdit(ctx, app, memoEditOptions{id: id, text: "Sites differ.", textGiven: true}, &out); err != nil {
		t.Fatal(err)
	}
	if out.String() != "memo "+id+": the text is unchanged, so nothing changed\n" {
		t.Errorf("memo edit with the same text said %q", out.String())
	}
	dana := &App{Dir: r.dir, Getenv: func(string) string { return "" }, asFlag: "dana"}
	defer func() {
		if dana.study != nil {
			dana.study.Close()
		}
	}()
	if err := runMemoEdit(ctx, dana, memoEditOptions{id: id, text: "Mine now.", textGiven: true}, &out); err == nil || !strings.Contains(err.Error(), "only its author can edit it") {
		t.Errorf("dana edited ben's memo: %v", err)
	}
	if got := r.ok("memo", "show", id); !strings.HasSuffix(got, "\nSites differ.\n") {
		t.Errorf("the memo after the refused edit:\n%s", got)
	}
}
