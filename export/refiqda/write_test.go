package refiqda

import (
	"bytes"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

func TestWrittenProjectValidates(t *testing.T) {
	for _, unit := range []Unit{CodePoints, UTF16} {
		t.Run(string(unit), func(t *testing.T) {
			qde, err := MarshalProject(fixtureProject(t), WriteOptions{Positions: unit})
			if err != nil {
				t.Fatal(err)
			}
			validate(t, qde, "Project-mrt2019.xsd")
		})
	}
	t.Run("empty project", func(t *testing.T) {
		qde, err := MarshalProject(&Project{ID: fxProject}, WriteOptions{})
		if err != nil {
			t.Fatal(err)
		}
		validate(t, qde, "Project-mrt2019.xsd")
	})
}

func TestWrittenCodebookValidates(t *testing.T) {
	qdc, err := MarshalCodebook(fixtureProject(t))
	if err != nil {
		t.Fatal(err)
	}
	validate(t, qdc, "openqda_Codebook-v1.0.xsd")
	if _, err := MarshalCodebook(&Project{}); err != ErrEmptyCodebook {
		t.Errorf("empty codebook: %v, want ErrEmptyCodebook", err)
	}
}

func TestWriteQDPXIsRepeatable(t *testing.T) {
	modified := time.Date(2026, 3, 20, 16, 30, 0, 0, time.UTC)
	first := qdpxBytes(t, fixtureProject(t), WriteOptions{Modified: modified})
	p := fixtureProject(t)
	// The order of the input does not matter.
	p.Memos[0], p.Memos[5] = p.Memos[5], p.Memos[0]
	p.Codings[0], p.Codings[1] = p.Codings[1], p.Codings[0]
	second := qdpxBytes(t, p, WriteOptions{Modified: modified})
	if !bytes.Equal(first, second) {
		t.Fatal("two exports of the same project differ")
	}
	files, contents := zipEntries(t, first)
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
		if !f.Modified.Equal(modified) {
			t.Errorf("%s modified %v, want %v", f.Name, f.Modified, modified)
		}
	}
	want := []string{"project.qde", "sources/" + fxFG01 + ".txt", "sources/" + fxFG02 + ".txt"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("entries = %v, want %v", names, want)
	}
	if got := string(contents["sources/"+fxFG01+".txt"]); got != fixtureProject(t).Sources[0].Text {
		t.Errorf("source text = %q", got)
	}
}

func TestWriteRefusesDanglingReferences(t *testing.T) {
	tests := []struct {
		name   string
		change func(p *Project)
	}{
		{"coding on a missing code", func(p *Project) { p.Codings[0].CodeID = "missing" }},
		{"coding on a missing source", func(p *Project) { p.Codings[0].SourceID = "missing" }},
		{"memo on a missing coding", func(p *Project) { p.Memos[4].TargetID = "missing" }},
		{"code with a missing parent", func(p *Project) { p.Codes[1].ParentID = "missing" }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := fixtureProject(t)
			tc.change(p)
			if _, err := MarshalProject(p, WriteOptions{}); err == nil {
				t.Error("no error")
			}
		})
	}
}

// sortedCodings orders codings for comparison, without their ids.
func sortedCodings(cs []Coding) []Coding {
	out := make([]Coding, len(cs))
	for i, c := range cs {
		c.ID = ""
		out[i] = c
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.SourceID != b.SourceID {
			return a.SourceID < b.SourceID
		}
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		if a.UserID != b.UserID {
			return a.UserID < b.UserID
		}
		return a.CodeID < b.CodeID
	})
	return out
}

func TestWriteThenReadGivesTheProjectBack(t *testing.T) {
	for _, unit := range []Unit{CodePoints, UTF16} {
		t.Run(string(unit), func(t *testing.T) {
			p := fixtureProject(t)
			data := qdpxBytes(t, p, WriteOptions{Positions: unit})
			im, err := ReadQDPX(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			if im.Kind != KindProject || im.Title != p.Title || im.Origin != Origin {
				t.Errorf("kind %q title %q origin %q", im.Kind, im.Title, im.Origin)
			}
			if !reflect.DeepEqual(im.Users, p.Users) {
				t.Errorf("users = %+v", im.Users)
			}
			if !reflect.DeepEqual(im.Codes, p.Codes) {
				t.Errorf("codes =\n%+v\nwant\n%+v", im.Codes, p.Codes)
			}
			for i := range im.Sources {
				got, want := im.Sources[i], p.Sources[i]
				if got.ID != want.ID || got.Name != want.Name || got.Group != want.Group || got.Language != want.Language ||
					got.Text != want.Text || !reflect.DeepEqual(got.Moderators, want.Moderators) || got.CreatedAt != want.CreatedAt {
					t.Errorf("source %d = %+v\nwant %+v", i, got, want)
				}
			}
			if len(im.Sources[0].Draft.Speakers) != 3 || len(im.Sources[1].Draft.Speakers) != 0 {
				t.Errorf("speakers = %v and %v", im.Sources[0].Draft.Speakers, im.Sources[1].Draft.Speakers)
			}
			for _, s := range im.Report.Sources {
				if s.Reading.Unit != unit && !(unit == UTF16 && s.Reading.Unit == CodePoints && len(s.Scores) == 1) {
					t.Errorf("source %s read as %v, written as %v", s.Name, s.Reading, unit)
				}
			}
			if got, want := sortedCodings(im.Codings), sortedCodings(p.Codings); !reflect.DeepEqual(got, want) {
				t.Errorf("codings =\n%+v\nwant\n%+v", got, want)
			}
			for _, c := range p.Codings {
				found := false
				for _, g := range im.Codings {
					found = found || g.ID == c.ID
				}
				if !found {
					t.Errorf("coding id %s not kept", c.ID)
				}
			}
			if !reflect.DeepEqual(im.Themes, p.Themes) {
				t.Errorf("themes =\n%+v\nwant\n%+v", im.Themes, p.Themes)
			}
			sort.Slice(im.Memos, func(i, j int) bool { return im.Memos[i].ID < im.Memos[j].ID })
			if !reflect.DeepEqual(im.Memos, p.Memos) {
				t.Errorf("memos =\n%+v\nwant\n%+v", im.Memos, p.Memos)
			}
			if !reflect.DeepEqual(im.Participants, p.Participants) {
				t.Errorf("participants =\n%+v\nwant\n%+v", im.Participants, p.Participants)
			}
			if len(im.Report.NotImported) != 0 || len(im.Report.Notes) != 0 {
				t.Errorf("report: %+v", im.Report)
			}
		})
	}
}

func TestCodebookRoundTrip(t *testing.T) {
	p := fixtureProject(t)
	var buf bytes.Buffer
	if err := WriteQDC(&buf, p); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `xmlns="urn:QDA-XML:codebook:1.0"`) {
		t.Error("the codebook namespace is missing")
	}
	im, err := ReadXML(buf.Bytes(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if im.Kind != KindCodebook || !reflect.DeepEqual(im.Codes, p.Codes) || !reflect.DeepEqual(im.Themes, p.Themes) {
		t.Errorf("kind %q\ncodes %+v\nthemes %+v", im.Kind, im.Codes, im.Themes)
	}
}
