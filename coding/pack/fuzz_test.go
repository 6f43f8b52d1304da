package pack

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzReadPack reads arbitrary bytes as a pack. Invariants: Read never
// panics and fails with one line; whatever it accepts is valid, writes
// without error, and reads back as the same pack and the same bytes.
func FuzzReadPack(f *testing.F) {
	var buf bytes.Buffer
	if err := Write(&buf, samplePack()); err != nil {
		f.Fatal(err)
	}
	sample := buf.String()
	f.Add([]byte(sample))
	f.Add([]byte(strings.SplitAfter(sample, "\n")[0]))
	f.Add([]byte(strings.ReplaceAll(sample, "\n", "\r\n")))
	signed := samplePack()
	if err := signed.Sign(keyID, []byte("a copy's key")); err != nil {
		f.Fatal(err)
	}
	buf.Reset()
	if err := Write(&buf, signed); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(`{"focalpack":1}`))
	f.Add([]byte("{\"focalpack\":1,\"project\":{\"id\":\"" + projectID + "\"},\"coder\":{\"id\":\"" + coderID +
		"\",\"name\":\"ben\",\"role\":\"pi\"},\"base\":{\"since\":\"time\",\"time\":\"2026-03-05T00:00:00Z\"},\"made_at\":\"2026-03-05T00:00:00Z\",\"events\":0}\n"))
	f.Add([]byte("\n\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Read(bytes.NewReader(data))
		if err != nil {
			if msg := err.Error(); msg == "" || strings.Contains(msg, "\n") {
				t.Fatalf("error is not one line: %q", msg)
			}
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("Read accepted a pack that does not validate: %v", err)
		}
		var w1 bytes.Buffer
		if err := Write(&w1, p); err != nil {
			t.Fatalf("Write refused what Read accepted: %v", err)
		}
		q, err := Read(bytes.NewReader(w1.Bytes()))
		if err != nil {
			t.Fatalf("cannot read back what was written: %v\n%s", err, w1.Bytes())
		}
		var w2 bytes.Buffer
		if err := Write(&w2, q); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(w1.Bytes(), w2.Bytes()) {
			t.Fatalf("writing is not stable:\n%s\n%s", w1.Bytes(), w2.Bytes())
		}
		if len(q.Events) != len(p.Events) || q.Header.Events != len(q.Events) {
			t.Fatalf("%d events became %d (header %d)", len(p.Events), len(q.Events), q.Header.Events)
		}
		for _, e := range q.Events {
			_ = Describe(e)
		}
	})
}
