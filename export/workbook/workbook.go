// Package workbook writes a Focal dataset as an Excel workbook (.xlsx) for
// investigators: themes, a theme matrix and a framework of quotes, groups
// and participant attributes by theme, the codebook and its history, the
// coded segments, agreement and code co-occurrence.
//
// Every sheet is streamed, has a styled, frozen header row and an
// autofilter; participants' words are always text cells (a quote that
// starts with "=" stays text), and text longer than a cell holds is split
// across continuation rows rather than cut.
package workbook

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/focalqda/focal/export/dataset"
)

// Workbook is a workbook being written.
type Workbook struct {
	f      *excelize.File
	st     *styles
	used   map[string]bool
	sheets int
	// ready carries the sheets whose rows are made, in order, from the
	// goroutine that makes them to the one that writes them; stop says
	// the writing has failed.
	ready chan sheetRows
	stop  chan struct{}
	// Sheets are the names of the sheets written, in order.
	Sheets []string
	// SplitCells counts the cells whose text was split across rows.
	SplitCells int
}

// Write writes the dataset as an xlsx workbook to w and returns what it
// wrote. On an error part of a workbook may have been written to w.
func Write(w io.Writer, d *dataset.Dataset) (*Workbook, error) {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	wb := newWorkbook(f, st)
	steps := []func(*dataset.Dataset) error{
		wb.about, wb.sources, wb.themes, wb.themeMatrix, wb.framework, wb.groupsByTheme, wb.attributesByTheme,
		wb.codebook, wb.codebookVersions, wb.codebookHistory, wb.segments, wb.agreement, wb.coOccurrence, wb.memberChecking,
		wb.analysisSheets,
	}
	if err := wb.writeSheets(d, steps); err != nil {
		return nil, err
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: d.Title, Creator: "Focal", Description: "Focal export for investigators"}); err != nil {
		return nil, err
	}
	// The workbook is mostly text; the fastest deflate level compresses it
	// about as well as the default at a fraction of the time, and every
	// core deflates a piece of the large sheets. The zip goes straight to
	// w: excelize would gather it in a buffer of its own (20 MB for the
	// benchmark project, grown by doubling) and copy it to w at the end;
	// that buffer stays empty. (excelize reads it only to mark parts of
	// 4 GiB or more in their local headers, as archive/zip itself does
	// not: no sheet comes near.)
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return newParallelZip(w) })
	if _, err := f.WriteTo(w); err != nil {
		return nil, err
	}
	return wb, nil
}

// readyAhead is how many made sheets may wait to be written: enough for
// the rows of every sheet after the coded segments to be made while
// excelize writes the segments (those sheets are small).
const readyAhead = 32

// newWorkbook is a workbook to be written into f with the styles st.
func newWorkbook(f *excelize.File, st *styles) *Workbook {
	return &Workbook{f: f, st: st, used: map[string]bool{}, ready: make(chan sheetRows, readyAhead), stop: make(chan struct{})}
}

// writeSheets runs the steps that make the sheets' rows in order on
// another goroutine, so that the rows of the next sheet are made on
// another core while excelize writes the sheet before; only this
// goroutine uses the excelize File. It returns the first error, of the
// writing or of a step; a step after a failed write is not run.
func (wb *Workbook) writeSheets(d *dataset.Dataset, steps []func(*dataset.Dataset) error) error {
	made := make(chan error, 1)
	go func() {
		defer close(wb.ready)
		for _, step := range steps {
			if wb.stopped() {
				made <- errStopped
				return
			}
			if err := step(d); err != nil {
				made <- err
				return
			}
		}
		made <- nil
	}()
	var werr error
	for r := range wb.ready {
		if werr == nil {
			if werr = wb.write(r); werr != nil {
				close(wb.stop)
			}
		}
	}
	if err := <-made; werr == nil && err != nil && !errors.Is(err, errStopped) {
		werr = err
	}
	return werr
}

// sheet makes one sheet and hands it to the goroutine that writes the
// workbook (streamSheet): rows calls add once per row.
//
// The rows are kept until rows returns, so that the sheet declares its
// true extent (readers such as openpyxl in read-only mode trust the
// declared dimension and would otherwise see one cell) without making
// them twice. Sheets too long to keep, such as the coded segments, count
// their rows themselves and stream them (streamSheet).
func (wb *Workbook) sheet(spec sheetSpec, rows func(add func(values ...any) error) error) error {
	var kept []splitRow
	count := 0
	if err := rows(func(values ...any) error {
		r := splitRow{values: values}
		r.pieces, r.rows = splitValues(values)
		count += r.rows
		kept = append(kept, r)
		return nil
	}); err != nil {
		return fmt.Errorf("sheet %s: %w", spec.name, err)
	}
	return wb.streamSheet(spec, count, func(s *sheetWriter) error {
		for _, r := range kept {
			if err := s.addSplit(r); err != nil {
				return err
			}
		}
		return nil
	})
}

// sheetRows is a sheet ready to be written: rows rows below its header
// (continuation rows included), added by write.
type sheetRows struct {
	spec  sheetSpec
	rows  int
	write func(s *sheetWriter) error
}

// errStopped ends the making of rows when writing them has failed.
var errStopped = errors.New("the workbook was not written")

// streamSheet hands a sheet of rows rows below its header (continuation
// rows included) to the goroutine that writes the workbook, which calls
// write to add them.
func (wb *Workbook) streamSheet(spec sheetSpec, rows int, write func(s *sheetWriter) error) error {
	if wb.stopped() {
		return errStopped
	}
	select {
	case wb.ready <- sheetRows{spec: spec, rows: rows, write: write}:
		return nil
	case <-wb.stop:
		return errStopped
	}
}

// stopped says whether writing the workbook has failed.
func (wb *Workbook) stopped() bool {
	select {
	case <-wb.stop:
		return true
	default:
		return false
	}
}

// write writes one sheet.
func (wb *Workbook) write(r sheetRows) error {
	s, err := wb.newSheet(r.spec, r.rows)
	if err != nil {
		return fmt.Errorf("sheet %s: %w", r.spec.name, err)
	}
	if err := r.write(s); err != nil {
		return fmt.Errorf("sheet %s: %w", r.spec.name, err)
	}
	if err := s.close(); err != nil {
		return fmt.Errorf("sheet %s: %w", r.spec.name, err)
	}
	if s.row != r.rows+1 {
		return fmt.Errorf("sheet %s: %d rows written where %d were declared", r.spec.name, s.row-1, r.rows)
	}
	wb.SplitCells += s.split
	return nil
}

// SheetGuide says what each sheet holds, for the about sheet and the
// documentation.
func SheetGuide() [][2]string {
	return append([][2]string{
		{"sources", "each source, its group and the layer its codings come from"},
		{"themes", "each theme: definition, plain-language summaries per language, codes, and how many passages, codings, participants and groups support it"},
		{"theme matrix", "participants × themes: number of passages"},
		{"framework", "participants × themes: the quotes themselves"},
		{"groups x themes", "groups × themes: passages and participants"},
		{"<attribute> x themes", "one sheet per participant attribute: its values × themes, passages and participants"},
		{"codebook", "every code: definition, criteria, example, status, themes, versions"},
		{"codebook versions", "the frozen codebook versions"},
		{"codebook history", "every change to the codebook, from the event log"},
		{"coded segments", "one row per coding: source, group, turn, time, speaker, participant, code, themes, coder, layer, text"},
		{"agreement", "agreement per code between the project's coders (when there are two or more)"},
		{"co-occurrence", "pairs of codes applied to overlapping words by the same coder"},
		{"member checking", "participants' member-check answers (when there are any): per theme yes, partly or no with their comments; per quote keep, remove or edit with their corrected wording"},
	}, analysisSheetGuide()...)
}

func (wb *Workbook) about(d *dataset.Dataset) error {
	spec := sheetSpec{name: "about", columns: []column{{header: "about this export"}, {header: "", kind: wrapped, width: 100}}, part: -1}
	return wb.sheet(spec, func(add func(...any) error) error {
		rows := [][2]string{
			{"project", d.Title},
			{"exported", d.ExportedAt},
			{"layer", d.LayerRule()},
			{"selection", d.SelectionText()},
			{"moderators", d.ModeratorRule()},
			{"counts", fmt.Sprintf("%d sources, %d codings, %d participants and speakers, %d codes, %d themes", len(d.Sources), len(d.Codings), len(d.Voices), len(d.Codes), len(d.Themes))},
			{"coders", strings.Join(d.Coders, ", ")},
			{"passages and codings", d.CountingRule() + " The coded segments sheet has one row per coding."},
			{"layer of the counts", d.LayersText()},
		}
		for _, n := range d.Notes {
			rows = append(rows, [2]string{"note", n})
		}
		if d.AgreementNote != "" {
			rows = append(rows, [2]string{"agreement", d.AgreementNote})
		}
		for _, g := range SheetGuide() {
			rows = append(rows, [2]string{"sheet: " + g[0], g[1]})
		}
		for _, r := range rows {
			if err := add(r[0], r[1]); err != nil {
				return err
			}
		}
		return nil
	})
}

func (wb *Workbook) sources(d *dataset.Dataset) error {
	spec := sheetSpec{name: "sources", part: -1, filter: true, columns: []column{
		{header: "source"}, {header: "group"}, {header: "language"}, {header: "turns"}, {header: "chars"},
		{header: "consensus status"}, {header: "layer"}, {header: "codings"},
	}}
	return wb.sheet(spec, func(add func(...any) error) error {
		for _, s := range d.Sources {
			if err := add(s.Name, dataset.GroupName(s.Group), s.Language, len(s.Turns), s.Chars, s.Consensus, s.Layer, s.Codings); err != nil {
				return err
			}
		}
		return nil
	})
}

// languages lists the languages of the themes' summaries, sorted.
func languages(d *dataset.Dataset) []string {
	var out []string
	for _, t := range d.Themes {
		for _, s := range t.Summaries {
			if !slices.Contains(out, s.Language) {
				out = append(out, s.Language)
			}
		}
	}
	slices.Sort(out)
	return out
}

func (wb *Workbook) themes(d *dataset.Dataset) error {
	langs := languages(d)
	cols := []column{{header: "theme"}, {header: "definition", kind: wrapped, width: 60}}
	for _, l := range langs {
		cols = append(cols, column{header: "summary (" + l + ")", kind: wrapped, width: 60})
	}
	cols = append(cols, column{header: "codes", kind: wrapped}, column{header: "passages"}, column{header: "passages coded by every coder"},
		column{header: "codings"}, column{header: "participants"}, column{header: "groups"}, column{header: "sources"}, column{header: "note", kind: wrapped, width: 30})
	support := d.Support()
	return wb.sheet(sheetSpec{name: "themes", columns: cols, keys: 1, part: -1, filter: true, freeze: 1}, func(add func(...any) error) error {
		for t, th := range d.Themes {
			row := []any{th.Path, th.Definition}
			for _, l := range langs {
				text := ""
				for _, s := range th.Summaries {
					if s.Language == l {
						text = s.Text
					}
				}
				row = append(row, text)
			}
			var codes []string
			for _, c := range th.Codes {
				codes = append(codes, d.Codes[c].Path)
			}
			s := support[t]
			agreed := ""
			if s.FromCoders > 0 {
				agreed = fmt.Sprintf("%d of %d", s.ByEveryCoder, s.FromCoders)
			}
			row = append(row, strings.Join(codes, "\n"), s.Passages, agreed, s.Codings, s.Participants, s.Groups, s.Sources, d.Caution(t, true))
			if err := add(row...); err != nil {
				return err
			}
		}
		return nil
	})
}

// themeColumns are one column per theme, named by its path.
func themeColumns(d *dataset.Dataset, k kind, width float64, prefix string) []column {
	cols := make([]column, len(d.Themes))
	for t, th := range d.Themes {
		cols[t] = column{header: prefix + th.Path, kind: k, width: width}
	}
	return cols
}

func (wb *Workbook) themeMatrix(d *dataset.Dataset) error {
	cols := append([]column{{header: "participant"}, {header: "pseudonym"}, {header: "groups"}}, themeColumns(d, plain, 0, "")...)
	cols = append(cols, column{header: "all themes"})
	x := d.ThemeByVoice()
	return wb.sheet(sheetSpec{name: "theme matrix", columns: cols, keys: 1, part: -1, filter: true, freeze: 1}, func(add func(...any) error) error {
		for v, voice := range d.Voices {
			row := []any{voice.Label, voice.Pseudonym, groupList(voice.Groups)}
			total := 0
			for t := range d.Themes {
				row = append(row, x.Passages[v][t])
				total += x.Passages[v][t]
			}
			if err := add(append(row, total)...); err != nil {
				return err
			}
		}
		return nil
	})
}

func groupList(groups []string) string {
	names := make([]string, len(groups))
	for i, g := range groups {
		names[i] = dataset.GroupName(g)
	}
	return strings.Join(names, "; ")
}

// QuoteCell renders the quotes of one framework cell: each in quotation
// marks with its source and turn, the codes that tied it to the theme and,
// when several coders are exported, whose codings they were and how many of
// the source's coders marked it.
func QuoteCell(d *dataset.Dataset, quotes []dataset.Quote) string {
	var b strings.Builder
	codedBy := map[[2]int]string{}
	for i := range quotes {
		writeQuote(&b, d, &quotes[i], i == 0, codedBy)
	}
	return b.String()
}

// quoteCellLen is at least the length of the framework cell of the quotes
// qs[i] for i in at, so that its text is made in one allocation.
func quoteCellLen(d *dataset.Dataset, qs []dataset.Quote, at []int32) int {
	n := 0
	for _, i := range at {
		q := &qs[i]
		n += len(q.Text) + len(d.Sources[q.Source].Name) + 64 // marks, turn, "coded by k of n coders: "
		for _, c := range q.Codes {
			n += len(d.Codes[c].Path) + 2
		}
		for _, c := range q.Coders {
			n += len(c) + 2
		}
	}
	return n
}

// writeQuote writes one quote of QuoteCell's text to b, after a blank
// line unless it is the first; codedBy keeps the "coded by" phrases made
// so far, by number of coders and of coders of the source.
func writeQuote(b *strings.Builder, d *dataset.Dataset, q *dataset.Quote, first bool, codedBy map[[2]int]string) {
	if !first {
		b.WriteString("\n\n")
	}
	src := &d.Sources[q.Source]
	b.WriteString("“")
	b.WriteString(q.Text)
	b.WriteString("” (")
	b.WriteString(src.Name)
	b.WriteString(", turn ")
	b.WriteString(strconv.Itoa(src.Turns[q.Turn].Seq))
	b.WriteString("; ")
	for j, c := range q.Codes {
		if j > 0 {
			b.WriteString(", ")
		}
		b.WriteString(d.Codes[c].Path)
	}
	key := [2]int{len(q.Coders), q.Of}
	by, ok := codedBy[key]
	if !ok {
		by = q.CodedBy()
		codedBy[key] = by
	}
	if by != "" || len(d.Coders) > 1 {
		b.WriteString("; ")
		if by != "" {
			b.WriteString(by)
			b.WriteString(": ")
		}
		for j, c := range q.Coders {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString(c)
		}
	}
	b.WriteString(")")
}

// framework writes the framework: per voice, the voice's distinct
// passages of each theme (dataset.Framework). The passages are not copied
// out of the theme's list: each cell holds their places in it.
func (wb *Workbook) framework(d *dataset.Dataset) error {
	cols := append([]column{{header: "participant"}, {header: "part"}, {header: "groups"}}, themeColumns(d, wrapped, 60, "")...)
	// at[v][t] are the places in d.ThemePassages(t) of voice v's
	// passages, in transcript order.
	at := make([][][]int32, len(d.Voices))
	for v := range at {
		at[v] = make([][]int32, len(d.Themes))
	}
	for t := range d.Themes {
		for i, q := range d.ThemePassages(t) {
			if q.Voice >= 0 {
				at[q.Voice][t] = append(at[q.Voice][t], int32(i))
			}
		}
	}
	codedBy := map[[2]int]string{}
	var b strings.Builder
	return wb.sheet(sheetSpec{name: "framework", columns: cols, keys: 1, part: 1, filter: true, freeze: 2}, func(add func(...any) error) error {
		for v, voice := range d.Voices {
			row := []any{voice.Label, "", groupList(voice.Groups)}
			for t := range d.Themes {
				qs := d.ThemePassages(t)
				b = strings.Builder{}
				b.Grow(quoteCellLen(d, qs, at[v][t]))
				for k, i := range at[v][t] {
					writeQuote(&b, d, &qs[i], k == 0, codedBy)
				}
				row = append(row, b.String())
			}
			if err := add(row...); err != nil {
				return err
			}
		}
		return nil
	})
}

// crosstabSheet writes rows × themes: the people of each row, then the
// coded passages per theme, then the people with such passages per theme.
func (wb *Workbook) crosstabSheet(d *dataset.Dataset, name, rowHeader, peopleHeader string, x dataset.Crosstab) error {
	cols := []column{{header: rowHeader}, {header: peopleHeader}}
	cols = append(cols, themeColumns(d, plain, 0, "passages: ")...)
	cols = append(cols, themeColumns(d, plain, 0, "participants: ")...)
	return wb.sheet(sheetSpec{name: name, columns: cols, keys: 1, part: -1, filter: true, freeze: 1}, func(add func(...any) error) error {
		for r, label := range x.Rows {
			row := []any{label, x.People[r]}
			for t := range d.Themes {
				row = append(row, x.Passages[r][t])
			}
			for t := range d.Themes {
				row = append(row, x.Voices[r][t])
			}
			if err := add(row...); err != nil {
				return err
			}
		}
		return nil
	})
}

func (wb *Workbook) groupsByTheme(d *dataset.Dataset) error {
	return wb.crosstabSheet(d, "groups x themes", "group", "participants in group", d.ThemeByGroup())
}

func (wb *Workbook) attributesByTheme(d *dataset.Dataset) error {
	for _, key := range d.AttributeKeys {
		if err := wb.crosstabSheet(d, key+" x themes", key, "participants", d.ThemeByAttribute(key)); err != nil {
			return err
		}
	}
	return nil
}

// CodeStatus says whether a code is active, retired or merged.
func CodeStatus(c dataset.Code) string {
	switch {
	case c.MergedInto != "":
		return "merged into " + c.MergedInto
	case c.Retired:
		return "retired"
	case c.SplitFrom != "":
		return "active (split from " + c.SplitFrom + ")"
	}
	return "active"
}

func (wb *Workbook) codebook(d *dataset.Dataset) error {
	cols := []column{{header: "code"}, {header: "name"}, {header: "parent"}, {header: "level"},
		{header: "definition", kind: wrapped, width: 50}, {header: "when to use", kind: wrapped, width: 40},
		{header: "when not to use", kind: wrapped, width: 40}, {header: "example", kind: wrapped, width: 40},
		{header: "status"}, {header: "themes", kind: wrapped}, {header: "versions"}, {header: "created by"}, {header: "created at"},
		{header: "codings"}, {header: "passages"}, {header: "participants"}}
	freq := map[int]dataset.CodeFrequency{}
	for _, f := range d.CodeFrequencies() {
		freq[f.Code] = f
	}
	return wb.sheet(sheetSpec{name: "codebook", columns: cols, keys: 1, part: -1, filter: true, freeze: 1}, func(add func(...any) error) error {
		for i, c := range d.Codes {
			f := freq[i]
			if err := add(c.Path, c.Name, c.Parent, c.Depth+1, c.Definition, c.WhenToUse, c.WhenNotToUse, c.Example, CodeStatus(c),
				strings.Join(d.ThemePaths(i), "\n"), strings.Join(c.Versions, ", "), c.CreatedBy, c.CreatedAt,
				f.Codings, f.Passages, f.Participants); err != nil {
				return err
			}
		}
		return nil
	})
}

func (wb *Workbook) codebookVersions(d *dataset.Dataset) error {
	cols := []column{{header: "version"}, {header: "frozen at"}, {header: "frozen by"}, {header: "active codes"}, {header: "note", kind: wrapped, width: 60}}
	return wb.sheet(sheetSpec{name: "codebook versions", columns: cols, keys: 1, part: -1, filter: true}, func(add func(...any) error) error {
		for _, v := range d.Versions {
			if err := add(v.Name, v.CreatedAt, v.CreatedBy, v.Codes, v.Note); err != nil {
				return err
			}
		}
		return nil
	})
}

func (wb *Workbook) codebookHistory(d *dataset.Dataset) error {
	cols := []column{{header: "at"}, {header: "who"}, {header: "what"}, {header: "code"}, {header: "detail", kind: wrapped, width: 70}, {header: "reason", kind: wrapped, width: 30}}
	return wb.sheet(sheetSpec{name: "codebook history", columns: cols, keys: 4, part: -1, filter: true}, func(add func(...any) error) error {
		for _, h := range d.History {
			if err := add(h.At, h.Actor, h.Kind, h.Code, h.Detail, h.Reason); err != nil {
				return err
			}
		}
		return nil
	})
}

func (wb *Workbook) segments(d *dataset.Dataset) error {
	cols := []column{{header: "coding id", width: 38}, {header: "source", width: 22}, {header: "group", width: 18}, {header: "turn", width: 7},
		{header: "time", width: 9}, {header: "speaker", width: 18}, {header: "participant", width: 12}, {header: "code", width: 30},
		{header: "themes", width: 30}, {header: "coder", width: 10}, {header: "layer", width: 14}, {header: "start", width: 8},
		{header: "end", width: 8}, {header: "part", width: 8}, {header: "text", kind: wrapped, width: 80}}
	spec := sheetSpec{name: "coded segments", columns: cols, keys: 13, part: 13, filter: true}
	// One row per coding is too many to keep: the rows are counted first,
	// from the values each coding shares with others (made once here) and
	// the length of its text, then made and written one at a time into
	// one slice of values.
	sources := make([][2]any, len(d.Sources))
	for i := range d.Sources {
		sources[i] = [2]any{d.Sources[i].Name, dataset.GroupName(d.Sources[i].Group)}
	}
	codes := make([][2]any, len(d.Codes))
	for i := range d.Codes {
		codes[i] = [2]any{d.Codes[i].Path, strings.Join(d.ThemePaths(i), "; ")}
	}
	shared := map[string]any{} // coders, layers, speakers and participants
	box := func(s string) any {
		v, ok := shared[s]
		if !ok {
			v = s
			shared[s] = v
		}
		return v
	}
	times := map[int64]any{}
	values := make([]any, len(cols))
	fill := func(c *dataset.Coding, text string) []any {
		t := d.First(c)
		when, ok := times[t.StartMS]
		if !ok {
			when = dataset.FormatMS(t.StartMS)
			times[t.StartMS] = when
		}
		src, code := &sources[c.Source], &codes[c.Code]
		values[0], values[1], values[2], values[3], values[4] = c.ID, src[0], src[1], t.Seq, when
		values[5], values[6], values[7], values[8], values[9] = box(t.Speaker), box(t.Participant), code[0], code[1], box(c.Coder)
		values[10], values[11], values[12], values[13], values[14] = box(c.Layer), c.Span.Start, c.Span.End, "", text
		return values
	}
	rows := 0
	for i := range d.Codings {
		c := &d.Codings[i]
		text := ""
		if mayNeedSplitting(d, c) {
			text = d.Text(c)
		}
		_, n := splitValues(fill(c, text))
		rows += n
	}
	return wb.streamSheet(spec, rows, func(s *sheetWriter) error {
		for i := range d.Codings {
			c := &d.Codings[i]
			if err := s.add(fill(c, d.Text(c))); err != nil {
				return err
			}
		}
		return nil
	})
}

// mayNeedSplitting says whether a coding's text (d.Text) may be too long
// for one cell, from an upper bound of its length in bytes: each passage
// with its speaker's label, ": " and a line break.
func mayNeedSplitting(d *dataset.Dataset, c *dataset.Coding) bool {
	n := 0
	for _, p := range c.Passages {
		n += len(p.Text) + len(d.VoiceLabel(p.Voice)) + 3
	}
	return n > MaxCellChars/4
}

func (wb *Workbook) agreement(d *dataset.Dataset) error {
	if d.Agreement == nil {
		return nil
	}
	a := d.Agreement
	r := a.Report
	cols := []column{{header: "code"}, {header: "units"}, {header: "agreement", kind: percent}, {header: "headline"}, {header: "value", kind: decimal},
		{header: "Krippendorff's alpha", kind: decimal}, {header: "Fleiss' kappa", kind: decimal}}
	for _, p := range r.Overall.Pairs {
		cols = append(cols, column{header: "kappa " + p.CoderA + "–" + p.CoderB, kind: decimal})
	}
	cols = append(cols, column{header: "undefined because", kind: wrapped, width: 40})
	return wb.sheet(sheetSpec{name: "agreement", columns: cols, keys: 1, part: -1, filter: true, freeze: 1}, func(add func(...any) error) error {
		for _, cr := range r.PerCode {
			name, v, ok := a.Headline(cr)
			row := []any{cr.Code, int(cr.Group.Units), value(cr.Group.PercentAgreement.V, cr.Group.PercentAgreement.Defined), name, value(v, ok),
				value(cr.Group.KrippendorffAlpha.V, cr.Group.KrippendorffAlpha.Defined), value(cr.Group.FleissKappa.V, cr.Group.FleissKappa.Defined)}
			var why []string
			for _, p := range cr.Pairs {
				row = append(row, value(p.CohenKappa.V, p.CohenKappa.Defined))
				if !p.CohenKappa.Defined && p.CohenKappa.Reason != "" && !slices.Contains(why, p.CohenKappa.Reason) {
					why = append(why, p.CohenKappa.Reason)
				}
			}
			if !cr.Group.KrippendorffAlpha.Defined && cr.Group.KrippendorffAlpha.Reason != "" && !slices.Contains(why, cr.Group.KrippendorffAlpha.Reason) {
				why = append(why, cr.Group.KrippendorffAlpha.Reason)
			}
			if err := add(append(row, strings.Join(why, "; "))...); err != nil {
				return err
			}
		}
		notes := []string{
			fmt.Sprintf("coders %s; unit %s; scope %s; %d sources", strings.Join(r.Coders, ", "), r.Unit, r.Scope, len(r.Sources)),
			a.OverallText(),
		}
		for _, e := range a.Excluded {
			notes = append(notes, fmt.Sprintf("left out: %s (not marked done by %s)", e.Source, strings.Join(e.NotDone, ", ")))
		}
		for _, n := range notes {
			if err := add("note: " + n); err != nil {
				return err
			}
		}
		return nil
	})
}

// value is a statistic as a cell: the number, or "undefined".
func value(v float64, defined bool) any {
	if !defined {
		return "undefined"
	}
	return v
}

func (wb *Workbook) coOccurrence(d *dataset.Dataset) error {
	cols := []column{{header: "code A"}, {header: "code B"}, {header: "overlapping codings"}, {header: "sources"}}
	return wb.sheet(sheetSpec{name: "co-occurrence", columns: cols, keys: 2, part: -1, filter: true}, func(add func(...any) error) error {
		for _, c := range d.CoOccurrences() {
			if err := add(d.Codes[c.A].Path, d.Codes[c.B].Path, c.Overlaps, c.Sources); err != nil {
				return err
			}
		}
		return nil
	})
}
