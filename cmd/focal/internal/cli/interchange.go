package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/corpus/transcript"
	"github.com/focalqda/focal/export/refiqda"
)

// isInterchangeFile tells REFI-QDA files by their extension.
func isInterchangeFile(file string) bool {
	switch strings.ToLower(filepath.Ext(file)) {
	case ".qdpx", ".qde", ".qdc":
		return true
	}
	return false
}

// importInterchange imports a REFI-QDA project (.qdpx, or a bare .qde beside
// its sources/ folder) or codebook (.qdc) in one transaction, and prints
// how it was read and what was left out (with --json it returns the result
// for the caller to print with the others). handled is false for other
// files, which the transcript importer reads. A failure has already been
// printed as one line naming the file when err is returned.
func importInterchange(ctx context.Context, app *App, file string, opts importOptions, out io.Writer) (handled bool, result *interchangeResult, err error) {
	if !isInterchangeFile(file) {
		return false, nil, nil
	}
	res, err := runInterchangeImport(ctx, app, file, opts)
	if err != nil {
		fmt.Fprintf(app.Stderr, "focal: import %s: %s\n", file, oneLine(err.Error()))
		return true, nil, err
	}
	if !opts.json {
		printInterchangeResult(out, res)
	}
	return true, res, nil
}

// interchangeResult is one REFI-QDA import, printed as text or JSON.
type interchangeResult struct {
	File   string              `json:"file"`
	Kind   string              `json:"kind"`
	Origin string              `json:"origin"`
	DryRun bool                `json:"dry_run,omitempty"`
	Counts interchangeCounts   `json:"in_file"`
	Result *study.ImportResult `json:"result,omitempty"`
	Report refiqda.Report      `json:"report"`
}

type interchangeCounts struct {
	Users        int `json:"users"`
	Codes        int `json:"codes"`
	Sources      int `json:"sources"`
	Codings      int `json:"codings"`
	Themes       int `json:"themes"`
	Memos        int `json:"memos"`
	Participants int `json:"participants"`
}

func runInterchangeImport(ctx context.Context, app *App, file string, opts importOptions) (*interchangeResult, error) {
	switch {
	case opts.name != "":
		return nil, errors.New("--name does not apply to a REFI-QDA file: its sources keep their names")
	case opts.renameSpeakers != "":
		return nil, errors.New("--rename-speakers does not apply to a REFI-QDA file: changing its texts would move its codings")
	case len(opts.mergeSpeakers) > 0:
		return nil, errors.New("--merge-speakers does not apply to a REFI-QDA file; merge speakers after import with `focal speaker merge`")
	case opts.format != "":
		return nil, errors.New("--format does not apply to a REFI-QDA file; it is read by its extension")
	}
	var pattern *regexp.Regexp
	if opts.speakerPattern != "" {
		re, err := regexp.Compile(opts.speakerPattern)
		if err != nil {
			return nil, fmt.Errorf("--speaker-pattern: %w", err)
		}
		pattern = re
	}
	im, err := refiqda.ReadFile(app.path(file))
	if err != nil {
		return nil, err
	}
	res := &interchangeResult{File: file, Kind: im.Kind, Origin: orDash(im.Origin), DryRun: opts.dryRun,
		Counts: interchangeCounts{Users: len(im.Users), Codes: len(im.Codes), Sources: len(im.Sources), Codings: len(im.Codings),
			Themes: len(im.Themes), Memos: len(im.Memos), Participants: len(im.Participants)}}
	if err := diariseSources(im, opts.speakers, pattern); err != nil {
		return nil, err
	}
	res.Report = im.Report
	// A dry run opens the project and runs the whole import, refusals
	// included, in a transaction it rolls back.
	st, err := app.Study(ctx)
	if err != nil {
		return nil, err
	}
	data, err := projectData(im, opts, filepath.Base(file))
	if err != nil {
		return nil, err
	}
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(file)), ".")
	lines := append(append([]string{}, im.Report.NotImported...), im.Report.Notes...)
	result, err := st.ImportProject(ctx, app.person(), data, study.ImportOptions{File: filepath.Base(file), Format: format,
		Origin: im.Origin, Report: lines, AllowDuplicate: opts.allowDuplicate, DryRun: opts.dryRun})
	if err != nil {
		return nil, err
	}
	res.Result = &result
	return res, nil
}

// diariseSources decides who speaks in a REFI-QDA file's sources. The
// reader finds "Label: " lines in every source, but a project's sources are
// often papers, notes or survey answers, where "RQ1:" or "Left:" is no
// speaker. So sources keep the reader's speakers only when the file was
// written by Focal (its sources are transcripts it labelled) or when
// --speakers asks; --speaker-pattern reads them with the pattern instead.
// Otherwise a source is one turn per line without speakers, and a note
// names the labels that were not read. The stored text never changes, so
// positions of codings stay where they are.
func diariseSources(im *refiqda.Imported, all bool, pattern *regexp.Regexp) error {
	if pattern == nil && (all || im.Origin == refiqda.Origin) {
		return nil
	}
	undiarised := map[string]bool{}
	for i := range im.Sources {
		s := &im.Sources[i]
		if s.Draft == nil {
			continue
		}
		before := s.Draft.Speakers
		var d *corpus.Draft
		if pattern != nil {
			d = draftWithPattern(s.Draft.Text, pattern)
		}
		if d == nil {
			plain, err := draftWithoutSpeakers(s.Draft.Text)
			if err != nil {
				return fmt.Errorf("source %q: %w", s.Name, err)
			}
			d = plain
		}
		s.Draft = d
		if len(d.Speakers) == 0 {
			undiarised[s.ID] = true
		}
		for j := range im.Report.Sources {
			if im.Report.Sources[j].Name == s.Name {
				im.Report.Sources[j].Speakers = append([]string{}, d.Speakers...)
			}
		}
		switch {
		case pattern != nil && len(d.Speakers) == 0:
			im.Report.Notes = append(im.Report.Notes, fmt.Sprintf("source %s: --speaker-pattern found no speaker labels that keep the text as it is; imported without speakers", s.Name))
		case pattern == nil && len(before) > 0:
			im.Report.Notes = append(im.Report.Notes, fmt.Sprintf("source %s: imported without speakers; %s look like speaker labels (%s): give --speakers, or --speaker-pattern, to read them",
				s.Name, countOf(len(before), "label"), clipList(before, 5)))
		}
	}
	// Participants linked to speakers of sources now without speakers
	// keep the link to no one.
	for i := range im.Participants {
		p := &im.Participants[i]
		kept := p.Speakers[:0]
		for _, k := range p.Speakers {
			if undiarised[k.SourceID] {
				im.Report.Notes = append(im.Report.Notes, fmt.Sprintf("participant %s: the link to speaker %q is not imported, as its source has no speakers", p.Name, k.Speaker))
				continue
			}
			kept = append(kept, k)
		}
		p.Speakers = kept
	}
	return nil
}

// draftWithoutSpeakers is a stored text as one turn per line, without
// speakers.
func draftWithoutSpeakers(stored string) (*corpus.Draft, error) {
	lines := strings.Split(strings.TrimSuffix(stored, "\n"), "\n")
	turns := make([]transcript.Turn, len(lines))
	for i, l := range lines {
		turns[i] = transcript.Turn{Text: l, StartMS: transcript.NoTime, EndMS: transcript.NoTime, Line: i + 1}
	}
	d, err := corpus.Build(turns)
	if err != nil {
		return nil, err
	}
	if d.Text != stored {
		return nil, errors.New("the stored form of the text could not be rebuilt without speakers; please report this file")
	}
	return d, nil
}

// draftWithPattern reads a stored text's speakers with --speaker-pattern,
// or returns nil when that finds none or would change the text.
func draftWithPattern(stored string, re *regexp.Regexp) *corpus.Draft {
	parsed, err := transcript.Parse("source.txt", []byte(strings.ReplaceAll(stored, "\n", "\n\n")),
		transcript.Options{Format: transcript.FormatText, SpeakerPattern: re})
	if err != nil {
		return nil
	}
	d, err := corpus.Build(parsed.Turns)
	if err != nil || d.Text != stored || len(d.Speakers) == 0 {
		return nil
	}
	return d
}

// clipList joins at most n names, saying how many more there are.
func clipList(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:n], ", "), len(names)-n)
}

// projectData turns what a file holds into the store's import, computing
// each source's language (from the file, --lang or detection) and units.
func projectData(im *refiqda.Imported, opts importOptions, file string) (study.ProjectData, error) {
	d := study.ProjectData{}
	for _, u := range im.Users {
		d.Coders = append(d.Coders, study.DataCoder{ID: u.ID, Name: u.Name, Role: "coder"})
	}
	for _, c := range im.Codes {
		d.Codes = append(d.Codes, study.DataCode{ID: c.ID, ParentID: c.ParentID, Name: c.Name, Definition: c.Definition,
			WhenToUse: c.WhenToUse, WhenNotToUse: c.WhenNotToUse, Example: c.Example, Color: c.Color})
	}
	for _, s := range im.Sources {
		lang := s.Language
		if lang == "" {
			lang = opts.language
		}
		if lang == "" {
			lang = detectLanguage(s.Draft)
		}
		units, err := computeUnits(s.Draft, lang)
		if err != nil {
			return d, fmt.Errorf("source %q: %w", s.Name, err)
		}
		group := s.Group
		if group == "" {
			group = opts.group
		}
		d.Sources = append(d.Sources, study.DataSource{ID: s.ID, Name: s.Name, Group: group, Format: "refi-qda",
			OriginalFile: file, Language: lang, Moderators: s.Moderators, Draft: s.Draft, Units: units})
	}
	for _, c := range im.Codings {
		d.Codings = append(d.Codings, study.DataCoding{ID: c.ID, SourceID: c.SourceID, CodeID: c.CodeID, CoderID: c.UserID,
			Start: c.Start, End: c.End, Memo: c.Memo, CreatedAt: c.CreatedAt})
	}
	for _, th := range im.Themes {
		d.Themes = append(d.Themes, study.DataTheme{ID: th.ID, Path: th.Path, Definition: th.Definition, Summaries: th.Summaries, CodeIDs: th.CodeIDs})
	}
	for _, m := range im.Memos {
		d.Memos = append(d.Memos, study.DataMemo{ID: m.ID, Kind: m.Kind, TargetID: m.TargetID, Span: m.Span, AuthorID: m.AuthorID,
			Title: m.Title, Body: m.Body, CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt})
	}
	for _, p := range im.Participants {
		dp := study.DataParticipant{ID: p.ID, Name: p.Name, Pseudonym: p.Pseudonym, Attributes: p.Attributes}
		for _, k := range p.Speakers {
			dp.Speakers = append(dp.Speakers, study.DataSpeaker{SourceID: k.SourceID, Speaker: k.Speaker})
		}
		d.Participants = append(d.Participants, dp)
	}
	return d, nil
}

func printInterchangeResult(w io.Writer, res *interchangeResult) {
	c := res.Counts
	what := fmt.Sprintf("%s, %s, %s, %s, %s, %s, %s", countOf(c.Sources, "source"), countOf(c.Users, "user"),
		countOf(c.Codes, "code"), countOf(c.Codings, "coding"), countOf(c.Themes, "theme"), countOf(c.Memos, "memo"),
		countOf(c.Participants, "participant"))
	if res.Result == nil {
		fmt.Fprintf(w, "would import %s (%s, a REFI-QDA %s): %s\n", res.File, res.Origin, res.Kind, what)
	} else {
		r := res.Result
		verb, added := "imported", "added"
		if res.DryRun {
			verb, added = "would import", "would add"
		}
		fmt.Fprintf(w, "%s %s (%s, a REFI-QDA %s): %s\n", verb, res.File, res.Origin, res.Kind, what)
		fmt.Fprintf(w, "  %s %s, %s, %s, %s, %s, %s, %s", added, countOf(len(r.Sources)-matchedSources(r), "source"),
			countOf(len(r.CodersAdded), "coder"), countOf(r.CodesAdded, "code"), countOf(r.Codings, "coding"),
			countOf(r.ThemesAdded, "theme"), countOf(r.Memos, "memo"), countOf(r.ParticipantsNew, "participant"))
		var already []string
		if n := matchedSources(r); n > 0 {
			already = append(already, countOf(n, "source"))
		}
		if n := len(r.CodersMatched); n > 0 {
			already = append(already, countOf(n, "coder"))
		}
		for _, p := range []struct {
			n    int
			noun string
		}{{r.CodesMatched, "code"}, {r.CodingsExisting, "coding"}, {r.ThemesMatched, "theme"}, {r.MemosExisting, "memo"}, {r.ParticipantsSeen, "participant"}} {
			if p.n > 0 {
				already = append(already, countOf(p.n, p.noun))
			}
		}
		if len(already) > 0 {
			fmt.Fprintf(w, "; already in the project: %s", strings.Join(already, ", "))
		}
		fmt.Fprintln(w)
		if len(r.CodersAdded) > 0 {
			fmt.Fprintf(w, "  new coders: %s\n", strings.Join(r.CodersAdded, ", "))
		}
	}
	for _, s := range res.Report.Sources {
		fmt.Fprintf(w, "  source %s: %s", s.Name, countOf(s.Selections, "selection"))
		if s.Selections > 0 {
			fmt.Fprintf(w, ", positions read as %s", s.Reading)
			var others []string
			for _, sc := range s.Scores {
				if sc.Reading == s.Reading {
					fmt.Fprintf(w, " (%d on word boundaries", sc.OnWordBoundaries)
					continue
				}
				if sc.Fits {
					others = append(others, fmt.Sprintf("as %s %d", sc.Reading, sc.OnWordBoundaries))
				} else {
					others = append(others, fmt.Sprintf("as %s some lie outside the text", sc.Reading))
				}
			}
			if len(others) > 0 {
				fmt.Fprintf(w, "; %s", strings.Join(others, ", "))
			}
			fmt.Fprintf(w, "), %d of them between Focal's words", s.StoredOnWordBoundaries)
		}
		if len(s.Speakers) > 0 {
			fmt.Fprintf(w, "; speakers %s", strings.Join(s.Speakers, ", "))
		}
		fmt.Fprintln(w)
	}
	for _, line := range res.Report.NotImported {
		fmt.Fprintf(w, "  not imported: %s\n", line)
	}
	notes := res.Report.Notes
	if res.Result != nil {
		notes = append(append([]string{}, notes...), res.Result.Notes...)
	}
	for _, n := range notes {
		fmt.Fprintf(w, "  note: %s\n", n)
	}
}

func matchedSources(r *study.ImportResult) int {
	n := 0
	for _, s := range r.Sources {
		if s.Matched {
			n++
		}
	}
	return n
}
