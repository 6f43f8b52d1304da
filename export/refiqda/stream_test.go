package refiqda

import (
	"bytes"
	"testing"
)

// TestProjectStreamsAsOneTree: project.qde written source by source is
// byte for byte what encoding the whole XML tree at once gives (the way
// earlier releases wrote it), for both position units, with a project
// whose sources contain "<Sources></Sources>" as text.
func TestProjectStreamsAsOneTree(t *testing.T) {
	p := fixtureProject(t)
	p.Sources[1].Text = "<Sources></Sources> is not markup here.\n" + p.Sources[1].Text
	p.Codings[3].Start += len([]rune("<Sources></Sources> is not markup here.\n"))
	p.Codings[3].End += len([]rune("<Sources></Sources> is not markup here.\n"))
	for _, unit := range []Unit{CodePoints, UTF16} {
		opts := WriteOptions{Positions: unit}
		streamed, err := MarshalProject(p, opts)
		if err != nil {
			t.Fatal(err)
		}
		w := projectWriter{p: p, opts: opts, notesOf: map[string][]xRef{}}
		x, bySource, user, err := w.project()
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range p.Sources {
			x.Sources.Text = append(x.Sources.Text, w.textSource(s, bySource[s.ID], user))
		}
		whole, err := encodeXML(x)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(streamed, whole) {
			t.Errorf("positions %v: streamed XML differs from the whole tree's:\n%s\n---\n%s", unit, streamed, whole)
		}
		if !bytes.Contains(streamed, []byte("<TextSource ")) {
			t.Errorf("no source written:\n%s", streamed)
		}
	}
	// A project without sources has no Sources element to fill.
	empty, err := MarshalProject(&Project{ID: fxProject, Title: "t"}, WriteOptions{})
	if err != nil || bytes.Contains(empty, []byte("Sources")) {
		t.Errorf("empty project: %v\n%s", err, empty)
	}
}
