package event

import (
	"encoding/json"
	"regexp"
	"testing"
)

func TestKindsAreWellFormedAndUnique(t *testing.T) {
	form := regexp.MustCompile(`^[a-z]+(\.[a-z]+(-[a-z]+)*)?$`)
	seen := map[Kind]bool{}
	for _, k := range Kinds() {
		if !form.MatchString(k) {
			t.Errorf("kind %q is not subject.change", k)
		}
		if seen[k] {
			t.Errorf("kind %q listed twice", k)
		}
		seen[k] = true
		if !Known(k) {
			t.Errorf("Known(%q) = false", k)
		}
	}
	if Known("coding.recoded") {
		t.Error("an unwritten kind is known")
	}
}

func TestRecordsDecodeOnlyFromTheirKinds(t *testing.T) {
	coding := json.RawMessage(`{"code":"a/b","code_id":"c","coder":"ana","end":5,"id":"i","memo":"m","source":"fg01","source_id":"s","start":1}`)
	added := Event{Kind: CodingAdded, After: coding}
	c, err := added.Coding()
	if err != nil || c.Coder != "ana" || c.Start != 1 || c.End != 5 || c.Code != "a/b" {
		t.Errorf("coding.added = %+v, %v", c, err)
	}
	if _, err := (Event{Kind: CodingRemoved, Before: coding}).Coding(); err != nil {
		t.Errorf("coding.removed: %v", err)
	}
	for _, e := range []Event{{Kind: CodingRemoved, After: coding}, {Kind: ThemeCreated, After: coding}} {
		if _, err := e.Coding(); err == nil {
			t.Errorf("%s with the coding in the wrong place decoded", e.Kind)
		}
	}
	if _, err := (Event{Kind: SourceDone}).Done(); err == nil {
		t.Error("a source.done without data decoded")
	}
	if _, _, err := (Event{Kind: CodeCreated, After: coding}).CodeChange(); err == nil {
		t.Error("code.created read as a change in place")
	}
}
