package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/export/refiqda"
)

// newExportCmd is the parent of the commands that write the project to
// files other programs read.
func newExportCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write the project to files other programs read: workbook, CSV, report, REFI-QDA",
		Long: `Write the project, or part of it, to files that other programs read.

  xlsx     a workbook for investigators: themes, theme matrix and framework,
           crosstabs, codebook and history, coded segments, agreement
  csv      tidy CSV for R and pandas: segments, theme matrix, 0/1 presence
  report   one self-contained HTML (or Markdown) report with charts
  qdpx     the whole project as a REFI-QDA project exchange file
  qdc      the codebook as a REFI-QDA codebook exchange file

Workbook, CSV and report read the consensus where a source's consensus is
complete, else --coder NAME or --coder all, and say which layer each source
came from. Each REFI-QDA export says what the format cannot hold.
docs/EXPORTS.md and docs/REFIQDA.md describe the files.

Files are readable by you only (mode 0600) and written through a temporary
file; an existing file is replaced only with --force, and a symbolic link is
never written through.`,
	}
	cmd.AddCommand(newExportQDPXCmd(app), newExportQDCCmd(app), newExportXLSXCmd(app), newExportCSVCmd(app), newExportReportCmd(app))
	return cmd
}

// exportOptions are the flags of `focal export qdpx` and `focal export qdc`
// (the format).
type exportOptions struct {
	format    string // qdpx or qdc
	out       string
	coder     string
	positions string
	json      bool
	force     bool
	// deidentified names speakers by pseudonym or role, makes the accepted
	// replacements in the texts and runs the de-identification gate.
	deidentified bool
}

func newExportQDPXCmd(app *App) *cobra.Command {
	opts := exportOptions{format: "qdpx"}
	cmd := &cobra.Command{
		Use:   "qdpx [--out FILE]",
		Short: "Export the project as a REFI-QDA project (.qdpx)",
		Long: `Export the project as a REFI-QDA project exchange file (.qdpx): coders as
users, the codebook as a code tree with descriptions, themes as sets of codes,
sources with their stored text, one selection per coded span with a coding per
coder and code, participants as cases with their attributes as variables, and
memos as notes.

Positions are Unicode code points, as REFI-QDA 1.5 asks; --positions utf16
writes UTF-16 units for programs that count those (NVivo). They differ only
on text with emoji and other characters outside the Basic Multilingual Plane.

What participants withdrew is not in the file: their words are replaced by
"[withdrawn]" in the source texts (their turns go by their participant id),
codings wholly inside them are left out, and a participant who withdrew is not
among the cases; corrected wording replaces the words it corrects. With --deidentified, speakers are named by
pseudonym or role, the accepted de-identification replacements are made in
the texts, and the export is refused, as every de-identified export is, if a
known real name or an accepted identifier would still appear.

While blind coding is on, the file holds only your own codings. Two exports of
an unchanged project are byte-identical. What the format cannot hold (codebook
versions, consensus provenance, member-check answers, review flags, the event
history) is listed after the export.`,
		Example: `  focal export qdpx --out study.qdpx
  focal export qdpx --out ben.qdpx --coder ben
  focal export qdpx --out for-nvivo.qdpx --positions utf16`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runExport(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVarP(&opts.out, "out", "o", "", "file to write, - for standard output (default: the project's name with .qdpx)")
	cmd.Flags().StringVar(&opts.coder, "coder", "all", "whose codings: all, or one coder's name (consensus for the consensus layer)")
	cmd.Flags().StringVar(&opts.positions, "positions", "codepoints", "unit of positions: codepoints or utf16")
	cmd.Flags().BoolVar(&opts.deidentified, "deidentified", false, "name speakers by pseudonym or role, make the accepted replacements in the texts, and refuse the export if a known real name or an accepted identifier would appear in it")
	cmd.Flags().BoolVar(&opts.force, "force", false, forceHelp)
	addJSONFlag(cmd.Flags(), &opts.json, "print the summary as JSON")
	return cmd
}

func newExportQDCCmd(app *App) *cobra.Command {
	opts := exportOptions{format: "qdc"}
	cmd := &cobra.Command{
		Use:   "qdc [--out FILE]",
		Short: "Export the codebook as a REFI-QDA codebook (.qdc)",
		Long: `Export the current codebook as a REFI-QDA codebook exchange file (.qdc): the
code tree with each code's definition, criteria and example in its
description, and themes as sets of codes.`,
		Example: "  focal export qdc --out codebook.qdc",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runExport(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVarP(&opts.out, "out", "o", "", "file to write, - for standard output (default: the project's name with .qdc)")
	cmd.Flags().BoolVar(&opts.force, "force", false, forceHelp)
	addJSONFlag(cmd.Flags(), &opts.json, "print the summary as JSON")
	return cmd
}

// exportSummary is what an export printed, as text or JSON.
type exportSummary struct {
	File         string   `json:"file"`
	Format       string   `json:"format"`
	Layer        string   `json:"layer,omitempty"`
	Positions    string   `json:"positions,omitempty"`
	Coders       int      `json:"coders"`
	Codes        int      `json:"codes"`
	Sources      int      `json:"sources"`
	Codings      int      `json:"codings"`
	Themes       int      `json:"themes"`
	Memos        int      `json:"memos"`
	CodingMemos  int      `json:"coding_memos"`
	Participants int      `json:"participants"`
	NotExported  []string `json:"not_exported"`
	Notes        []string `json:"notes"`
}

// runExport writes the project as a REFI-QDA file (format qdpx or qdc) and
// reports what it wrote to out (to standard error when the file is "-").
func runExport(ctx context.Context, app *App, opts exportOptions, out io.Writer) error {
	format := opts.format
	unit := refiqda.CodePoints
	switch strings.ToLower(opts.positions) {
	case "", "codepoints", "code-points", "cp":
	case "utf16", "utf-16":
		unit = refiqda.UTF16
	default:
		return usageError{fmt.Errorf("export %s: --positions must be codepoints or utf16, not %q", format, opts.positions)}
	}
	defer app.tuneRuntime(func() func() { return limitExportMemory(interchangeMemoryLimit) })()
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	file := opts.out
	if file == "" {
		file = strings.TrimSuffix(filepath.Base(st.Path()), filepath.Ext(st.Path())) + "." + format
	}
	if file != "-" {
		if err := checkOutputFile(app, file, opts.force); err != nil {
			return fmt.Errorf("export %s: %w", format, err)
		}
	}
	ex, err := st.ExportProject(ctx, study.ExportOptions{Viewer: app.actor(), Coder: opts.coder})
	if err != nil {
		return fmt.Errorf("export %s: %w", format, err)
	}
	var privacyNotes []string
	if format == "qdpx" {
		privacy, err := st.ExportPrivacy(ctx, app.person(), study.ExportRequest{Kind: study.ExportInterchange, Deidentified: opts.deidentified, Project: ex})
		var gate *study.GateError
		if errors.As(err, &gate) {
			fmt.Fprint(app.Stderr, gate.List(50))
		}
		if err != nil {
			return fmt.Errorf("export %s: %w", format, err)
		}
		privacyNotes = privacy.Notes
	}
	p := projectFromExport(ex)
	// The interchange model now holds the codings (their strings are
	// shared): the store's copy can go before the file is written.
	ex.Codings = nil
	write := func(w io.Writer) error {
		if format == "qdc" {
			return refiqda.WriteQDC(w, p)
		}
		modified, _ := time.Parse(time.RFC3339Nano, ex.LastChange)
		return refiqda.WriteQDPX(w, p, refiqda.WriteOptions{Positions: unit, Modified: modified})
	}
	report := out
	if file == "-" {
		err = writeStandardOutput(out, write)
		report = app.Stderr
	} else {
		// Written as it is made, through a temporary file: a large project
		// is never held whole in memory, and a failed export leaves any
		// earlier file as it was.
		err = writeOutputFile(app, file, opts.force, write)
	}
	if err != nil {
		return fmt.Errorf("export %s: %w", format, err)
	}
	sum := summarizeExport(ex, p, format, file)
	sum.Notes = append(sum.Notes, privacyNotes...)
	if format == "qdpx" {
		sum.Positions = string(unit)
	}
	if opts.json {
		return writeJSON(report, sum)
	}
	printExportSummary(report, sum)
	return nil
}

// projectFromExport turns the store's export into the interchange model.
func projectFromExport(ex *study.Export) *refiqda.Project {
	p := &refiqda.Project{ID: ex.Project.ID, Title: ex.Project.Title, Origin: refiqda.Origin, CreatedAt: ex.Project.CreatedAt,
		ModifiedAt: ex.LastChange}
	for _, c := range ex.Coders {
		p.Users = append(p.Users, refiqda.User{ID: c.ID, Name: c.Name})
	}
	for _, c := range ex.Codes {
		p.Codes = append(p.Codes, refiqda.Code{ID: c.ID, ParentID: c.ParentID, Name: c.Name, Definition: c.Definition,
			WhenToUse: c.WhenToUse, WhenNotToUse: c.WhenNotToUse, Example: c.Example, Color: c.Color})
	}
	for _, s := range ex.Sources {
		p.Sources = append(p.Sources, refiqda.Source{ID: s.ID, Name: s.Name, Group: s.Group, Language: s.Language, Text: s.Text,
			Moderators: s.Moderators, CreatedAt: s.ImportedAt})
	}
	for _, c := range ex.Codings {
		p.Codings = append(p.Codings, refiqda.Coding{ID: c.ID, SourceID: c.SourceID, CodeID: c.CodeID, UserID: c.CoderID,
			Start: c.Start, End: c.End, Memo: c.Memo, CreatedAt: c.CreatedAt})
	}
	for _, th := range ex.Themes {
		p.Themes = append(p.Themes, refiqda.Theme{ID: th.ID, Path: th.Path, Definition: th.Definition, Summaries: th.Summaries, CodeIDs: th.CodeIDs})
	}
	for _, m := range ex.Memos {
		p.Memos = append(p.Memos, refiqda.Memo{ID: m.ID, Kind: m.Kind, TargetID: m.TargetID, Span: m.Span, AuthorID: m.AuthorID,
			Title: m.Title, Body: m.Body, CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt})
	}
	for _, pt := range ex.Participants {
		rp := refiqda.Participant{ID: pt.ID, Name: pt.Name, Pseudonym: pt.Pseudonym, Attributes: pt.Attributes}
		for _, k := range pt.Speakers {
			rp.Speakers = append(rp.Speakers, refiqda.SpeakerLink{SourceID: k.SourceID, Speaker: k.Speaker})
		}
		p.Participants = append(p.Participants, rp)
	}
	return p
}

func summarizeExport(ex *study.Export, p *refiqda.Project, format, file string) exportSummary {
	sum := exportSummary{File: file, Format: format, Codes: len(p.Codes), Themes: len(p.Themes), NotExported: []string{}, Notes: []string{}}
	left := ex.Left
	if format == "qdc" {
		sum.NotExported = append(sum.NotExported, "everything but the codebook and the themes: a .qdc file holds a codebook only")
	} else {
		sum.Layer, sum.Coders, sum.Sources, sum.Codings = ex.Layer, len(p.Users), len(p.Sources), len(p.Codings)
		sum.Memos, sum.Participants = len(p.Memos), len(p.Participants)
		for _, c := range p.Codings {
			if c.Memo != "" {
				sum.CodingMemos++
			}
		}
		add := func(n int, line string, args ...any) {
			if n > 0 {
				sum.NotExported = append(sum.NotExported, fmt.Sprintf(line, args...))
			}
		}
		add(left.HiddenCodings, "%s of other coders (the file holds %s's codings)", countOf(left.HiddenCodings, "coding"), ex.Layer)
		add(left.HiddenMemos, "%s on codings or codes that are not in the file", countOf(left.HiddenMemos, "memo"))
		add(left.ConsensusCodings, "the provenance of %s (whose codings each came from, who decided, when, the codebook version): they are in the file as the user %q",
			countOf(left.ConsensusCodings, "consensus coding"), study.ConsensusCoder)
		add(left.ConsensusDecisions+left.ConsensusStatuses, "the consensus meeting's %s and the consensus status of %s",
			countOf(left.ConsensusDecisions, "decision"), countOf(left.ConsensusStatuses, "source"))
		add(left.FlaggedCodings, "the review flags of %s (they are in the file without the flag)", countOf(left.FlaggedCodings, "coding"))
		add(left.MemberCheckAnswers, "%s", countOf(left.MemberCheckAnswers, "member-check answer"))
		add(left.DoneMarks, "%s (which coder finished which source)", countOf(left.DoneMarks, "done mark"))
		add(left.TimedTurns, "the times of %s", countOf(left.TimedTurns, "turn"))
		sum.Notes = append(sum.Notes, "languages, moderators, participants' pseudonyms and speakers, theme summaries and code criteria are written into descriptions; Focal reads them back, other programs show them as text")
	}
	if n := len(left.CodebookVersions); n > 0 {
		sum.NotExported = append(sum.NotExported, fmt.Sprintf("%s (%s): the file holds the current codebook",
			countOf(n, "frozen codebook version"), strings.Join(left.CodebookVersions, ", ")))
	}
	if left.RetiredCodes > 0 {
		sum.NotExported = append(sum.NotExported, countOf(left.RetiredCodes, "retired code"))
	}
	if left.Events > 0 {
		sum.NotExported = append(sum.NotExported, fmt.Sprintf("the event history (%s): who changed what, when and why", countOf(left.Events, "event")))
	}
	return sum
}

func countOf(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return thousands(n) + " " + noun + "s"
}

func printExportSummary(w io.Writer, sum exportSummary) {
	if sum.Format == "qdc" {
		fmt.Fprintf(w, "exported the codebook to %s: %s, %s\n", sum.File, countOf(sum.Codes, "code"), countOf(sum.Themes, "theme"))
	} else {
		fmt.Fprintf(w, "exported %s to %s: %s, %s, %s, %s (%s with a memo), %s, %s, %s; positions in %s\n", sum.Layer, sum.File,
			countOf(sum.Sources, "source"), countOf(sum.Coders, "coder"), countOf(sum.Codes, "code"), countOf(sum.Codings, "coding"),
			thousands(sum.CodingMemos), countOf(sum.Themes, "theme"), countOf(sum.Memos, "memo"),
			countOf(sum.Participants, "participant"), sum.Positions)
	}
	if len(sum.NotExported) > 0 {
		fmt.Fprintln(w, "not in the file (REFI-QDA cannot hold it):")
		for _, line := range sum.NotExported {
			fmt.Fprintf(w, "  - %s\n", line)
		}
	}
	for _, n := range sum.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
}
