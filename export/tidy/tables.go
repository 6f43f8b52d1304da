package tidy

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/focalqda/focal/export/dataset"
)

// Table names a CSV table.
type Table string

// The tables.
const (
	Segments     Table = "segments"
	Matrix       Table = "matrix"
	Presence     Table = "presence"
	Sources      Table = "sources"
	Participants Table = "participants"
	// Passages is one row per distinct passage of each code: the words
	// once, however many coders marked them, with how many did.
	Passages Table = "passages"
)

// Unit is the unit of a code-presence matrix.
type Unit string

// The units of a code-presence matrix.
const (
	ByTurn        Unit = "turn"
	ByParticipant Unit = "participant"
)

// ParseTable reads a --what value.
func ParseTable(s string) (Table, error) {
	switch t := Table(s); t {
	case Segments, Passages, Matrix, Presence, Sources, Participants:
		return t, nil
	}
	return "", fmt.Errorf("unknown table %q: use segments, passages, matrix, presence, sources or participants", s)
}

// ParseUnit reads a --unit value.
func ParseUnit(s string) (Unit, error) {
	switch u := Unit(s); u {
	case ByTurn, ByParticipant:
		return u, nil
	}
	return "", fmt.Errorf("unknown unit %q: use turn or participant", s)
}

// FileName is the file a table is written to in a folder.
func FileName(t Table, u Unit) string {
	switch t {
	case Matrix:
		return "theme-matrix.csv"
	case Presence:
		return "presence-by-" + string(u) + ".csv"
	}
	return string(t) + ".csv"
}

// Write writes one table of the dataset as CSV.
func Write(w io.Writer, d *dataset.Dataset, t Table, u Unit, opts Options) error {
	cw := NewWriter(w, opts)
	var err error
	switch t {
	case Segments:
		err = writeSegments(cw, d)
	case Passages:
		err = writePassages(cw, d)
	case Matrix:
		err = writeMatrix(cw, d)
	case Presence:
		err = writePresence(cw, d, u)
	case Sources:
		err = writeSources(cw, d)
	case Participants:
		err = writeParticipants(cw, d)
	default:
		err = fmt.Errorf("unknown table %q", t)
	}
	if err != nil {
		return err
	}
	return cw.Flush()
}

// SegmentColumns are the columns of segments.csv.
func SegmentColumns() []string {
	return []string{"coding_id", "source", "group", "turn", "time", "speaker", "participant", "code", "themes", "coder", "layer", "start", "end", "text"}
}

func writeSegments(cw *Writer, d *dataset.Dataset) error {
	if err := cw.Write(SegmentColumns()...); err != nil {
		return err
	}
	for i := range d.Codings {
		c := &d.Codings[i]
		src := &d.Sources[c.Source]
		t := d.First(c)
		if err := cw.Write(c.ID, src.Name, src.Group, strconv.Itoa(t.Seq), dataset.FormatMS(t.StartMS), t.Speaker, t.Participant,
			d.Codes[c.Code].Path, strings.Join(d.ThemePaths(c.Code), "; "), c.Coder, c.Layer,
			strconv.Itoa(c.Span.Start), strconv.Itoa(c.Span.End), d.Text(c)); err != nil {
			return err
		}
	}
	return nil
}

// PassageColumns are the columns of passages.csv.
func PassageColumns() []string {
	return []string{"source", "group", "turn", "time", "speaker", "participant", "code", "themes", "layer",
		"codings", "coders", "coders_marked", "coders_of_source", "start", "end", "text"}
}

// writePassages writes every code's distinct passages in transcript order
// (source, position, code). coders_marked and coders_of_source say how
// many of the source's coders marked the passage; both are empty where the
// source is read from the consensus or from one coder.
func writePassages(cw *Writer, d *dataset.Dataset) error {
	if err := cw.Write(PassageColumns()...); err != nil {
		return err
	}
	for _, q := range d.AllCodePassages() {
		src := &d.Sources[q.Source]
		t := &src.Turns[q.Turn]
		marked, of := "", ""
		if q.Of > 0 {
			marked, of = strconv.Itoa(len(q.Coders)), strconv.Itoa(q.Of)
		}
		if err := cw.Write(src.Name, src.Group, strconv.Itoa(t.Seq), dataset.FormatMS(t.StartMS), t.Speaker, t.Participant,
			d.Codes[q.Code].Path, strings.Join(d.ThemePaths(q.Code), "; "), src.Layer,
			strconv.Itoa(q.Codings), strings.Join(q.Coders, "; "), marked, of,
			strconv.Itoa(q.Span.Start), strconv.Itoa(q.Span.End), q.Text); err != nil {
			return err
		}
	}
	return nil
}

func writeMatrix(cw *Writer, d *dataset.Dataset) error {
	header := []string{"participant", "pseudonym", "groups"}
	for _, th := range d.Themes {
		header = append(header, th.Path)
	}
	if err := cw.Write(append(header, "all_themes")...); err != nil {
		return err
	}
	x := d.ThemeByVoice()
	row := make([]string, 0, len(header)+1)
	for v, voice := range d.Voices {
		row = append(row[:0], voice.Label, voice.Pseudonym, strings.Join(voice.Groups, "; "))
		total := 0
		for t := range d.Themes {
			row = append(row, strconv.Itoa(x.Passages[v][t]))
			total += x.Passages[v][t]
		}
		if err := cw.Write(append(row, strconv.Itoa(total))...); err != nil {
			return err
		}
	}
	return nil
}

func writePresence(cw *Writer, d *dataset.Dataset, u Unit) error {
	var header []string
	if u == ByParticipant {
		header = []string{"participant", "pseudonym", "groups", "sources"}
	} else {
		header = []string{"source", "group", "turn", "time", "speaker", "participant"}
	}
	for _, c := range d.Codes {
		header = append(header, c.Path)
	}
	if err := cw.Write(header...); err != nil {
		return err
	}
	row := make([]string, 0, len(header))
	emit := func(r dataset.PresenceRow) error {
		row = row[:0]
		if u == ByParticipant {
			v := d.Voices[r.Voice]
			row = append(row, v.Label, v.Pseudonym, strings.Join(v.Groups, "; "), strings.Join(v.Sources, "; "))
		} else {
			src := &d.Sources[r.Source]
			t := &src.Turns[r.Turn]
			row = append(row, src.Name, src.Group, strconv.Itoa(t.Seq), dataset.FormatMS(t.StartMS), t.Speaker, t.Participant)
		}
		for _, applied := range r.Codes {
			if applied {
				row = append(row, "1")
			} else {
				row = append(row, "0")
			}
		}
		return cw.Write(row...)
	}
	if u == ByParticipant {
		return d.PresenceByVoice(emit)
	}
	return d.PresenceByTurn(emit)
}

func writeSources(cw *Writer, d *dataset.Dataset) error {
	if err := cw.Write("source", "group", "language", "turns", "chars", "consensus_status", "layer", "codings"); err != nil {
		return err
	}
	for _, s := range d.Sources {
		if err := cw.Write(s.Name, s.Group, s.Language, strconv.Itoa(len(s.Turns)), strconv.Itoa(s.Chars), s.Consensus, s.Layer, strconv.Itoa(s.Codings)); err != nil {
			return err
		}
	}
	return nil
}

func writeParticipants(cw *Writer, d *dataset.Dataset) error {
	header := append([]string{"participant", "pseudonym", "speaker", "groups", "sources"}, d.AttributeKeys...)
	if err := cw.Write(header...); err != nil {
		return err
	}
	for _, v := range d.Voices {
		row := []string{v.Label, v.Pseudonym, v.Speaker, strings.Join(v.Groups, "; "), strings.Join(v.Sources, "; ")}
		for _, k := range d.AttributeKeys {
			row = append(row, v.Attributes[k])
		}
		if err := cw.Write(row...); err != nil {
			return err
		}
	}
	return nil
}
