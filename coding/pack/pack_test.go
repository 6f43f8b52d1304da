package pack

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

const (
	projectID = "0b5c6a57-6c61-4b9e-9d52-0e4c1f3b7a10"
	coderID   = "5d2a8f3e-1c4b-4e6f-8a9d-2b3c4d5e6f70"
	sourceID  = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
	codeID    = "1f2e3d4c-5b6a-4978-8a6b-5c4d3e2f1a0b"
	codingID  = "2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d"
	memoID    = "3b4c5d6e-7f8a-4b9c-8d1e-2f3a4b5c6d7e"
	rejectID  = "4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a"
	sha       = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
)

// samplePack is a small pack with one event of every kind of work and one
// codebook change.
func samplePack() *Pack {
	coding := `{"code":"support/mentor-ship","code_id":"` + codeID + `","coder":"ben","end":42,"id":"` + codingID +
		`","memo":"“only one” <here> & there","source":"fg01","source_id":"` + sourceID + `","start":7}`
	return &Pack{
		Header: Header{Format: Version, Project: Project{ID: projectID, Title: "Belonging"},
			Coder: Coder{ID: coderID, Name: "ben", Role: "coder"}, Base: Base{Since: SinceAll}, Until: 90,
			MadeAt: "2026-03-05T10:00:00.000Z", Sources: []Source{{ID: sourceID, Name: "fg01", SHA256: sha}}},
		Events: []Event{
			{Seq: 10, ID: "4c5d6e7f-8a9b-4c0d-9e1f-2a3b4c5d6e7f", At: "2026-03-02T09:00:01.000Z", Actor: "ben", Kind: KindCodeCreated, EntityID: codeID,
				After: json.RawMessage(`{"id":"` + codeID + `","name":"mentor-ship","path":"mentor-ship"}`)},
			{Seq: 11, ID: "5d6e7f8a-9b0c-4d1e-8f2a-3b4c5d6e7f8a", At: "2026-03-02T09:00:01.000Z", Actor: "ben", Kind: KindCodingAdded, EntityID: codingID,
				After: json.RawMessage(coding)},
			{Seq: 12, ID: "6e7f8a9b-0c1d-4e2f-9a3b-4c5d6e7f8a9b", At: "2026-03-02T09:10:00.000Z", Actor: "ben", Kind: KindMemoAdded, EntityID: memoID,
				After: json.RawMessage(`{"author":"ben","author_id":"` + coderID + `","body":"why","id":"` + memoID + `","target_id":"` + codingID + `","target_kind":"coding"}`)},
			{Seq: 13, ID: "7f8a9b0c-1d2e-4f3a-8b4c-5d6e7f8a9b0c", At: "2026-03-02T09:11:00.000Z", Actor: "ben", Kind: KindMemoEdited, EntityID: memoID,
				Before: json.RawMessage(`{"body":"why","updated_at":"2026-03-02T09:10:00.000Z"}`),
				After:  json.RawMessage(`{"body":"why not","updated_at":"2026-03-02T09:11:00.000Z","target_kind":"coding","target_id":"` + codingID + `"}`)},
			{Seq: 14, ID: "8a9b0c1d-2e3f-4a4b-9c5d-6e7f8a9b0c1d", At: "2026-03-02T09:12:00.000Z", Actor: "ben", Kind: KindSourceDone, EntityID: sourceID,
				After: json.RawMessage(`{"coder":"ben","source":"fg01"}`)},
			{Seq: 15, ID: "9b0c1d2e-3f4a-4b5c-8d6e-7f8a9b0c1d2e", At: "2026-03-02T09:13:00.000Z", Actor: "ben", Kind: KindCodingRemoved, EntityID: codingID,
				Before: json.RawMessage(coding)},
			{Seq: 16, ID: "0c1d2e3f-4a5b-4c6d-9e7f-8a9b0c1d2e3f", At: "2026-03-02T09:14:00.000Z", Actor: "ben", Kind: "code.renamed", EntityID: codeID,
				Before: json.RawMessage(`{"id":"` + codeID + `","name":"mentor-ship","path":"mentor-ship"}`),
				After:  json.RawMessage(`{"id":"` + codeID + `","name":"mentorship","path":"mentorship"}`)},
			{Seq: 17, ID: "1d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a", At: "2026-03-02T09:15:00.000Z", Actor: "ben", Kind: KindSuggestionRejected, EntityID: rejectID,
				After: json.RawMessage(`{"at":"2026-03-02T09:15:00.000Z","code":"mentorship","code_id":"` + codeID + `","coder":"ben","end":20,"id":"` + rejectID +
					`","source":"fg01","source_id":"` + sourceID + `","start":12}`)},
		},
	}
}

func write(t *testing.T, p *Pack) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, p); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWriteReadRoundTrip(t *testing.T) {
	p := samplePack()
	data := write(t, p)
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) != 1+len(p.Events) {
		t.Fatalf("%d lines, want a header and %d events:\n%s", len(lines), len(p.Events), data)
	}
	if !strings.HasPrefix(lines[0], `{"focalpack":1,"project":{"id":"`+projectID) {
		t.Errorf("header line: %s", lines[0])
	}
	if !strings.Contains(string(data), `<here> & there`) {
		t.Errorf("HTML characters are escaped; a diff should show them as written:\n%s", data)
	}
	got, err := Read(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	want := *p
	want.Header.Events = len(p.Events)
	if !reflect.DeepEqual(got.Header, want.Header) {
		t.Errorf("header:\n got %+v\nwant %+v", got.Header, want.Header)
	}
	if !reflect.DeepEqual(got.Events, want.Events) {
		t.Errorf("events differ after a round trip")
	}
	if again := write(t, got); !bytes.Equal(again, data) {
		t.Errorf("writing what was read changes the bytes:\n%s\n%s", data, again)
	}
	if n := len(got.MasterChanges()); n != 1 {
		t.Errorf("%d master changes, want the rename", n)
	}
	if d := Describe(got.Events[6]); d != "code.renamed mentor-ship → mentorship" {
		t.Errorf("Describe = %q", d)
	}
}

func TestReadTolerates(t *testing.T) {
	data := write(t, samplePack())
	for _, tc := range []struct {
		name string
		edit func(string) string
	}{
		{"windows line ends", func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }},
		{"a byte order mark", func(s string) string { return "\uFEFF" + s }},
		{"blank lines", func(s string) string { return strings.Replace(s, "\n", "\n\n  \n", 2) }},
		{"no final line end", func(s string) string { return strings.TrimSuffix(s, "\n") }},
		{"spaced JSON", func(s string) string { return strings.ReplaceAll(s, `":`, `" : `) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Read(strings.NewReader(tc.edit(string(data))))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(write(t, p), data) {
				t.Error("reads as a different pack")
			}
		})
	}
}

func TestReadRefuses(t *testing.T) {
	data := string(write(t, samplePack()))
	lines := strings.SplitAfter(data, "\n")
	for _, tc := range []struct {
		name, input, want string
	}{
		{"empty", "", "empty"},
		{"not a pack", "SQLite format 3\x00\xff", "not UTF-8"},
		{"not JSON", "hello\n", "not a Focal pack header"},
		{"no version", `{"project":{"id":"` + projectID + `"}}`, `no "focalpack"`},
		{"newer format", strings.Replace(data, `"focalpack":1`, `"focalpack":2`, 1), "newer Focal"},
		{"bad project id", strings.Replace(data, projectID, "P1", 1), "project id"},
		{"upper-case id", strings.Replace(data, projectID, strings.ToUpper(projectID), 1), "project id"},
		{"consensus", strings.Replace(data, `"name":"ben","role":"coder"`, `"name":"consensus","role":"coder"`, 1), "consensus"},
		{"bad role", strings.Replace(data, `"role":"coder"`, `"role":"boss"`, 1), "role"},
		{"bad hash", strings.Replace(data, sha, "abc", 1), "sha256"},
		{"cut short", strings.Join(lines[:4], ""), "cut short"},
		{"too many", data + lines[len(lines)-2], "more"},
		{"out of order", lines[0] + lines[2] + lines[1] + strings.Join(lines[3:], ""), "order"},
		{"same id twice", strings.Replace(data, "5d6e7f8a-9b0c-4d1e-8f2a-3b4c5d6e7f8a", "4c5d6e7f-8a9b-4c0d-9e1f-2a3b4c5d6e7f", 1), "twice"},
		{"bad kind", strings.Replace(data, `"kind":"code.renamed"`, `"kind":"Code Renamed"`, 1), "kind"},
		{"bad time", strings.Replace(data, `"at":"2026-03-02T09:12:00.000Z"`, `"at":"yesterday"`, 1), "time"},
		{"another coder's coding", strings.Replace(data, `"coder":"ben","end":42`, `"coder":"amara","end":42`, 1), "one coder"},
		{"empty coding", strings.Replace(data, `"end":42`, `"end":7`, 1), "empty"},
		{"unlisted source", strings.Replace(data, `"source_id":"`+sourceID, `"source_id":"`+memoID, 1), "header does not list"},
		{"code name with slash", strings.Replace(data, `"name":"mentor-ship","path"`, `"name":"a/b","path"`, 1), "'/'"},
		{"someone else's memo", strings.Replace(data, `"author_id":"`+coderID, `"author_id":"`+sourceID, 1), "not by the pack's coder"},
		{"memo on a thing", strings.Replace(data, `"target_kind":"coding"}`, `"target_kind":"sofa"}`, 1), "sofa"},
		{"coding without data", strings.Replace(data, `"kind":"coding.added","entity_id":"`+codingID+`","after"`, `"kind":"coding.added","entity_id":"`+codingID+`","x"`, 1), "missing"},
		{"coding data of the wrong type", strings.Replace(data, `"end":42`, `"end":"42"`, 1), "cannot be read"},
		{"another coder's rejection", strings.Replace(data, `"coder":"ben","end":20`, `"coder":"amara","end":20`, 1), "one coder's rejections"},
		{"empty rejection", strings.Replace(data, `"end":20`, `"end":12`, 1), "empty"},
		{"rejection on an unlisted source", strings.Replace(data, `"source_id":"`+sourceID+`","start":12`, `"source_id":"`+memoID+`","start":12`, 1), "header does not list"},
		{"rejection not its event's", strings.Replace(data, `"entity_id":"`+rejectID, `"entity_id":"`+memoID, 1), "not the event's entity"},
		{"rejection of no code", strings.Replace(data, `"code_id":"`+codeID+`","coder":"ben","end":20`, `"code_id":"x","coder":"ben","end":20`, 1), "code id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tc.input))
			if err == nil {
				t.Fatalf("read without error")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not say %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
		})
	}
}

func TestWriteRefusesInvalid(t *testing.T) {
	p := samplePack()
	p.Events[1].Seq = 1
	var buf bytes.Buffer
	if err := Write(&buf, p); err == nil || !strings.Contains(err.Error(), "order") {
		t.Errorf("Write = %v, want an error about order", err)
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %d bytes of an invalid pack", buf.Len())
	}
}

func TestParseBase(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Base
		err  bool
	}{
		{"", Base{Since: SinceAll}, false},
		{"all", Base{Since: SinceAll}, false},
		{"808", Base{Since: SinceSeq, Seq: 808}, false},
		{"-1", Base{}, true},
		{projectID, Base{Since: SinceEvent, Event: projectID}, false},
		{strings.ToUpper(projectID), Base{Since: SinceEvent, Event: projectID}, false},
		{"2026-03-05", Base{Since: SinceTime, Time: "2026-03-05T00:00:00.000Z"}, false},
		{"2026-03-05T14:00:00+01:00", Base{Since: SinceTime, Time: "2026-03-05T13:00:00.000Z"}, false},
		{"last week", Base{}, true},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseBase(tc.in)
			if (err != nil) != tc.err {
				t.Fatalf("err = %v", err)
			}
			if !tc.err && got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
			if !tc.err && got.validate() != nil {
				t.Errorf("%+v does not validate", got)
			}
		})
	}
}
