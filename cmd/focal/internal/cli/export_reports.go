package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/export/dataset"
	"github.com/focalqda/focal/export/report"
	"github.com/focalqda/focal/export/tidy"
	"github.com/focalqda/focal/export/workbook"
)

// investigatorLayerHelp explains the layer rule in every export's help.
const investigatorLayerHelp = `Each source is read from its consensus when its consensus status is complete,
otherwise from the layer --coder chooses: one coder's codings, all (every
coder's codings, each attributed to its coder) or consensus (the consensus
layer, complete or not). The output says which layer each source came from.
An export with other coders' codings needs blinding off; while blinding is on
you export your own codings (--as YOU), and the consensus is not shown.

--group, --source and --participant narrow the export. Moderators' words are
left out of quotes, counts and segments unless --include-moderators.`

func newExportXLSXCmd(app *App) *cobra.Command {
	var opts investigatorOptions
	cmd := &cobra.Command{
		Use:   "xlsx [--out FILE] [--coder NAME|all|consensus] [--group G…] [--source S…] [--participant P…]",
		Short: "Export themes, matrices, quotes, codebook, segments and agreement as an Excel workbook",
		Long: `Write an Excel workbook (.xlsx) for investigators. Its sheets: about, sources
(the layer each source came from), themes, theme matrix (participants × themes),
framework (participants × themes with the quotes), groups x themes, one
"<attribute> x themes" sheet per participant attribute, codebook, codebook
versions, codebook history, coded segments (one row per coding), agreement
(with two or more coders) and co-occurrence. docs/EXPORTS.md describes every
column.

` + investigatorLayerHelp,
		Example: `  focal export xlsx --out study.xlsx
  focal export xlsx --out north.xlsx --group "Group 1 (North)" --coder consensus
  focal export xlsx --out mine.xlsx --as ben          # while blinding is on`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runExportXLSX(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVarP(&opts.out, "out", "o", "", "file to write, - for standard output (default: the project's name with .xlsx)")
	cmd.Flags().BoolVar(&opts.force, "force", false, forceHelp)
	opts.register(app, cmd, true)
	return cmd
}

func newExportCSVCmd(app *App) *cobra.Command {
	var opts investigatorOptions
	var what, unit string
	var raw, bom bool
	cmd := &cobra.Command{
		Use:   "csv (--out DIR | --what segments|passages|matrix|presence|sources|participants) [--unit turn|participant] [--raw]",
		Short: "Export coded segments, the theme matrix and a code-presence matrix as tidy CSV for R or pandas",
		Long: `Write tidy CSV files (RFC 4180, UTF-8) for R, pandas or a spreadsheet. With
--out DIR it writes into DIR: segments.csv (one row per coding), passages.csv
(one row per distinct passage of each code, with how many coders marked it),
theme-matrix.csv (participants × themes, passages), presence-by-turn.csv or
presence-by-participant.csv (one row per unit, one 0/1 column per code, by
--unit), sources.csv (the layer each source came from) and participants.csv
(with their attributes). With --what and no --out it writes one table to
standard output.

` + csvFormulaHelp + `
R and pandas read the apostrophe as part of the text (--raw suits them).
--bom starts each file with a byte-order mark, which Excel needs to read UTF-8.
Files are readable by you only (mode 0600); existing files are replaced only
with --force, and a symbolic link is never written through.

` + investigatorLayerHelp,
		Example: `  focal export csv --out analysis/
  focal export csv --what presence --unit participant > presence.csv
  focal export csv --what segments --raw --coder consensus | head`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runExportCSV(cmd.Context(), app, opts, csvExportOptions{what: what, unit: unit, raw: raw, bom: bom}, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVarP(&opts.out, "out", "o", "", "folder to write the CSV files into (created if missing)")
	cmd.Flags().BoolVar(&opts.force, "force", false, forceHelp)
	cmd.Flags().StringVar(&what, "what", "", "write only this table: segments, passages, matrix, presence, sources or participants")
	cmd.Flags().StringVar(&unit, "unit", "turn", "unit of the code-presence matrix: turn or participant")
	cmd.Flags().BoolVar(&raw, "raw", false, csvRawHelp)
	cmd.Flags().BoolVar(&bom, "bom", false, "start each file with a UTF-8 byte-order mark (for Excel)")
	app.completeFlag(cmd, "what", cobra.FixedCompletions([]string{"segments", "passages", "matrix", "presence", "sources", "participants"}, cobra.ShellCompDirectiveNoFileComp))
	app.completeFlag(cmd, "unit", cobra.FixedCompletions([]string{"turn", "participant"}, cobra.ShellCompDirectiveNoFileComp))
	opts.register(app, cmd, false)
	return cmd
}

func newExportReportCmd(app *App) *cobra.Command {
	var opts investigatorOptions
	var format string
	var quotes int
	var withSuggestions bool
	cmd := &cobra.Command{
		Use:   "report [--out FILE] [--format html|md|docx] [--coder NAME|all|consensus]",
		Short: "Export a report of themes with quotes, support, charts and agreement (HTML, Markdown or Word)",
		Long: `Write a report for investigators: one self-contained HTML file (no external
resources; it prints well and reflows at 200 % zoom), Markdown, or a Word
document (.docx, with the charts as images) to edit and circulate. It shows each
theme with its definition, plain-language summaries and exemplar quotes; how
many participants and groups support each theme, marking a theme that rests on
one participant's words or one group; a theme × group heat map with the numbers
printed in its cells; the code frequencies; thematic saturation and how the
groups talked; with --suggestions, how well the offline suggestions of passages
to code would do on the study's codings (the 10 most used codes; it adds a few
seconds on a large project); and the agreement table with its methods paragraph
(for the paper), which says what the report computed: figures pooled over codes,
without intervals (focal agree --methods --ci 0.95 adds them).

` + investigatorLayerHelp,
		Example: `  focal export report --out report.html
  focal export report --format md --out report.md --quotes 5
  focal export report --out report.docx
  focal export report --out methods.html --suggestions`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runExportReport(cmd.Context(), app, opts, format, quotes, withSuggestions, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVarP(&opts.out, "out", "o", "", "file to write, - for standard output (default: the project's name with .html, .md or .docx)")
	cmd.Flags().BoolVar(&opts.force, "force", false, forceHelp)
	cmd.Flags().StringVar(&format, "format", "", "html, md or docx (default: from the --out file's extension, else html)")
	cmd.Flags().IntVar(&quotes, "quotes", 3, "exemplar quotes per theme")
	cmd.Flags().BoolVar(&withSuggestions, "suggestions", false, "add a section on how well the offline suggestions would do on the study's codings")
	app.completeFlag(cmd, "format", cobra.FixedCompletions([]string{"html", "md", "docx"}, cobra.ShellCompDirectiveNoFileComp))
	opts.register(app, cmd, true)
	return cmd
}

// investigatorSummary is what an export for investigators prints, as text
// or JSON.
type investigatorSummary struct {
	Format       string                    `json:"format"`
	Files        []string                  `json:"files"`
	Layer        string                    `json:"layer"`
	Selection    string                    `json:"selection"`
	Sources      []investigatorSourceLayer `json:"sources"`
	Codings      int                       `json:"codings"`
	Participants int                       `json:"participants"`
	Themes       int                       `json:"themes"`
	Sheets       []string                  `json:"sheets,omitempty"`
	Agreement    string                    `json:"agreement,omitempty"`
	Notes        []string                  `json:"notes"`
}

// investigatorSourceLayer says which layer one source was exported from.
type investigatorSourceLayer struct {
	Source    string `json:"source"`
	Group     string `json:"group"`
	Consensus string `json:"consensus"`
	Layer     string `json:"layer"`
	Codings   int    `json:"codings"`
}

func summarizeDataset(d *dataset.Dataset, format string, files []string) investigatorSummary {
	sum := investigatorSummary{Format: format, Files: files, Layer: d.LayerRule(), Selection: d.SelectionText(), Codings: len(d.Codings),
		Participants: len(d.Voices), Themes: len(d.Themes), Sources: []investigatorSourceLayer{}, Notes: append([]string{}, d.Notes...)}
	for _, s := range d.Sources {
		sum.Sources = append(sum.Sources, investigatorSourceLayer{Source: s.Name, Group: s.Group, Consensus: s.Consensus, Layer: s.Layer, Codings: s.Codings})
	}
	if d.AgreementNote != "" {
		sum.Agreement = d.AgreementNote
	} else if d.Agreement != nil {
		sum.Agreement = fmt.Sprintf("%s on %d sources", strings.Join(d.Agreement.Report.Coders, ", "), len(d.Agreement.Report.Sources))
	}
	return sum
}

func printInvestigatorSummary(w io.Writer, sum investigatorSummary, asJSON bool) error {
	if asJSON {
		return writeJSON(w, sum)
	}
	fmt.Fprintf(w, "exported %s to %s: %s from %s, %s, %s\n", sum.Format, strings.Join(sum.Files, ", "), plural(sum.Codings, "coding"),
		plural(len(sum.Sources), "source"), plural(sum.Participants, "participant"), plural(sum.Themes, "theme"))
	fmt.Fprintf(w, "layer: %s\n", sum.Layer)
	if len(sum.Sources) <= summarySourceRows {
		t := newTable(w, "SOURCE", "GROUP", "CONSENSUS", "LAYER", "CODINGS")
		for _, s := range sum.Sources {
			t.row(s.Source, orDash(s.Group), s.Consensus, s.Layer, s.Codings)
		}
		t.flush()
	} else {
		// A large study: one row per kind of source, each source in --json.
		type kind struct{ consensus, layer string }
		var kinds []kind
		sources, codings := map[kind]int{}, map[kind]int{}
		for _, s := range sum.Sources {
			k := kind{s.Consensus, s.Layer}
			if sources[k] == 0 {
				kinds = append(kinds, k)
			}
			sources[k]++
			codings[k] += s.Codings
		}
		t := newTable(w, "CONSENSUS", "LAYER", "SOURCES", "CODINGS")
		for _, k := range kinds {
			t.row(k.consensus, k.layer, sources[k], codings[k])
		}
		t.flush()
		fmt.Fprintf(w, "(%d sources, so they are counted by kind; --json lists each one)\n", len(sum.Sources))
	}
	if len(sum.Sheets) > 0 {
		fmt.Fprintf(w, "sheets: %s\n", strings.Join(sum.Sheets, ", "))
	}
	if sum.Agreement != "" {
		fmt.Fprintf(w, "agreement: %s\n", sum.Agreement)
	}
	for _, n := range sum.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	return nil
}

// summarySourceRows is how many sources an export's summary lists one by
// one; a larger study gets one row per kind of source (consensus, layer).
const summarySourceRows = 20

// investigatorTarget decides where an export goes: a file (default: the
// project's name with ext), or standard output for "-", in which case the
// summary goes to standard error.
func investigatorTarget(app *App, projectPath, out, ext string, stdout io.Writer) (path string, report io.Writer) {
	if out == "" {
		out = strings.TrimSuffix(filepath.Base(projectPath), filepath.Ext(projectPath)) + ext
	}
	if out == "-" {
		return "-", app.Stderr
	}
	return out, stdout
}

// writeInvestigatorFile writes the file the user named by the rules of
// writeOutputFile (a temporary file in the same folder, mode 0600, never
// through a link, an existing file only with force); "-" writes to stdout
// once the file is whole (writeStandardOutput).
func writeInvestigatorFile(app *App, name string, force bool, stdout io.Writer, write func(io.Writer) error) error {
	if name == "-" {
		return writeStandardOutput(stdout, write)
	}
	return writeOutputFile(app, name, force, write)
}

// writeStandardOutput writes a file whose name is "-" through a temporary
// file (0600, removed after) and copies it to stdout once it is whole, so
// that a late error leaves nothing on standard output rather than part of
// a workbook, document or archive: `focal export xlsx --out - > study.xlsx`
// and `ssh … focal export xlsx > study.xlsx` would otherwise keep a broken
// file beside the error. The temporary file is in os.TempDir ($TMPDIR).
func writeStandardOutput(stdout io.Writer, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp("", "focal-output-*")
	if err != nil {
		return fmt.Errorf("a temporary file for standard output: %w", friendlyFileError(err))
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	buffered := bufio.NewWriterSize(tmp, 1<<16)
	if err := write(buffered); err != nil {
		return err
	}
	if err := buffered.Flush(); err != nil {
		return fmt.Errorf("a temporary file for standard output: %w", friendlyFileError(err))
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("a temporary file for standard output: %w", err)
	}
	_, err = io.Copy(stdout, tmp)
	return err
}

// loadInvestigatorDataset opens the project and assembles the dataset.
func loadInvestigatorDataset(ctx context.Context, app *App, opts investigatorOptions, withAgreement bool) (*dataset.Dataset, string, error) {
	st, err := app.Study(ctx)
	if err != nil {
		return nil, "", err
	}
	d, err := assembleDataset(ctx, st, app.person(), opts, withAgreement)
	var gate *study.GateError
	if errors.As(err, &gate) {
		fmt.Fprint(app.Stderr, gate.List(50))
	}
	if err != nil {
		return nil, "", err
	}
	return d, st.Path(), nil
}

// Soft memory limits of exports that hold a large project (see
// limitExportMemory): a workbook, and a REFI-QDA file, which is written
// source by source and so needs less.
const (
	exportMemoryLimit      = 232 << 20
	interchangeMemoryLimit = 128 << 20
)

// limitExportMemory sets a soft memory limit for the rest of a workbook
// export and returns the function that restores the previous one. A
// workbook holds its dataset and excelize's stream buffers (16–32 MB per
// large sheet) until it is zipped; without a limit the heap grows to twice
// what is live before the collector runs. The limit keeps it near what is
// live; the runtime caps the collector's work when a project needs more,
// and a limit the user set with GOMEMLIMIT is kept. On the 100,000-coding
// benchmark project about 90 MB of the dataset and 70 MB of excelize's
// buffers stay live while the sheets are written: at GOGC 100, raising the
// limit from 200 to 232 MB took the collector from 55 to 41 runs, about
// half a second less CPU, for a peak resident memory of 255–275 MB
// (docs/BENCHMARKS.md); 240 MB saved a little more but let the peak reach
// 289 MB. limitWorkbookMemory adds a higher GOGC under the same limit.
// CSV and the report run without it: it would cost them a third of their
// time.
func limitExportMemory(limit int64) (restore func()) {
	if debug.SetMemoryLimit(-1) != math.MaxInt64 {
		return func() {}
	}
	previous := debug.SetMemoryLimit(limit)
	return func() { debug.SetMemoryLimit(previous) }
}

// workbookGCPercent is how far the heap of a workbook export may grow
// above what is live before the collector runs, in percent (GOGC; 100 by
// default), while the export's memory limit holds.
const workbookGCPercent = 400

// limitWorkbookMemory is limitExportMemory for a workbook, with the
// collector run less often below the limit: while the dataset is built the
// heap grows from a few MB to about 150 MB, and at GOGC=100 the collector
// runs at every doubling and scans all that is live each time. At 400 it
// runs 16 times per export of the benchmark project instead of 23, for
// about a quarter less of its CPU time (`GODEBUG=gctrace=1`); the limit
// still bounds the heap, so the peak resident memory stays where it was.
// A GOGC or GOMEMLIMIT the user set is kept, and then this setting is not
// made: without the limit, the heap could grow to five times what is live.
func limitWorkbookMemory() (restore func()) {
	if debug.SetMemoryLimit(-1) != math.MaxInt64 || os.Getenv("GOGC") != "" {
		return limitExportMemory(exportMemoryLimit)
	}
	restoreLimit := limitExportMemory(exportMemoryLimit)
	previous := debug.SetGCPercent(workbookGCPercent)
	return func() {
		debug.SetGCPercent(previous)
		restoreLimit()
	}
}

// checkInvestigatorOut refuses, before any work is done, an --out file
// that cannot be written (see checkOutputFile).
func checkInvestigatorOut(app *App, opts investigatorOptions) error {
	if opts.out == "" || opts.out == "-" {
		return nil
	}
	return checkOutputFile(app, opts.out, opts.force)
}

func runExportXLSX(ctx context.Context, app *App, opts investigatorOptions, stdout io.Writer) error {
	if err := checkInvestigatorOut(app, opts); err != nil {
		return fmt.Errorf("export xlsx: %w", err)
	}
	defer app.tuneRuntime(limitWorkbookMemory)()
	d, project, err := loadInvestigatorDataset(ctx, app, opts, true)
	if err != nil {
		return fmt.Errorf("export xlsx: %w", err)
	}
	path, out := investigatorTarget(app, project, opts.out, ".xlsx", stdout)
	var wb *workbook.Workbook
	err = writeInvestigatorFile(app, path, opts.force, stdout, func(w io.Writer) error {
		var err error
		wb, err = workbook.Write(w, d)
		return err
	})
	if err != nil {
		return fmt.Errorf("export xlsx: %w", err)
	}
	sum := summarizeDataset(d, "xlsx", []string{path})
	sum.Sheets = wb.Sheets
	if wb.SplitCells > 0 {
		sum.Notes = append(sum.Notes, fmt.Sprintf("%s longer than a cell holds (32,767 characters) continue on the rows below, numbered in the part column",
			plural(wb.SplitCells, "text")))
	}
	return printInvestigatorSummary(out, sum, opts.json)
}

// csvExportOptions are the CSV command's own flags.
type csvExportOptions struct {
	what, unit string
	raw, bom   bool
}

func runExportCSV(ctx context.Context, app *App, opts investigatorOptions, co csvExportOptions, stdout io.Writer) error {
	unit, err := tidy.ParseUnit(co.unit)
	if err != nil {
		return usageError{fmt.Errorf("export csv --unit: %w", err)}
	}
	var tables []tidy.Table
	if co.what != "" {
		t, err := tidy.ParseTable(co.what)
		if err != nil {
			return usageError{fmt.Errorf("export csv --what: %w", err)}
		}
		tables = []tidy.Table{t}
	} else if opts.out == "" || opts.out == "-" {
		return usageError{errors.New("export csv: name a folder with --out DIR, or one table for standard output with --what")}
	} else {
		tables = []tidy.Table{tidy.Segments, tidy.Passages, tidy.Matrix, tidy.Presence, tidy.Sources, tidy.Participants}
	}
	d, _, err := loadInvestigatorDataset(ctx, app, opts, false)
	if err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	topts := tidy.Options{Raw: co.raw, BOM: co.bom}
	report := stdout
	var files []string
	if opts.out == "" || opts.out == "-" {
		report = app.Stderr
		if err := tidy.Write(stdout, d, tables[0], unit, topts); err != nil {
			return fmt.Errorf("export csv: %w", err)
		}
		files = []string{"standard output"}
	} else {
		if err := os.MkdirAll(app.path(opts.out), 0o700); err != nil {
			return fmt.Errorf("export csv: %s: %w", opts.out, friendlyFileError(err))
		}
		// Every file is checked before any is written: a refused export
		// leaves the folder as it was.
		for _, t := range tables {
			if err := checkOutputFile(app, filepath.Join(opts.out, tidy.FileName(t, unit)), opts.force); err != nil {
				return fmt.Errorf("export csv: %w", err)
			}
		}
		for _, t := range tables {
			path := filepath.Join(opts.out, tidy.FileName(t, unit))
			if err := writeOutputFile(app, path, opts.force, func(w io.Writer) error { return tidy.Write(w, d, t, unit, topts) }); err != nil {
				return fmt.Errorf("export csv: %w", err)
			}
			files = append(files, path)
		}
	}
	sum := summarizeDataset(d, "csv", files)
	if !co.raw {
		sum.Notes = append(sum.Notes, "cells starting with =, +, -, @, a tab or a carriage return begin with an apostrophe so that spreadsheets do not run them (--raw writes them untouched)")
	}
	return printInvestigatorSummary(report, sum, opts.json)
}

func runExportReport(ctx context.Context, app *App, opts investigatorOptions, format string, quotes int, withSuggestions bool, stdout io.Writer) error {
	if format == "" {
		format = "html"
		switch strings.ToLower(filepath.Ext(opts.out)) {
		case ".md", ".markdown":
			format = "md"
		case ".docx":
			format = "docx"
		}
	}
	f, err := report.ParseFormat(format)
	if err != nil {
		return usageError{fmt.Errorf("export report --format: %w", err)}
	}
	if err := checkInvestigatorOut(app, opts); err != nil {
		return fmt.Errorf("export report: %w", err)
	}
	// The suggestions are measured first: their index of every sentence
	// is let go before the dataset is read, so the two never share memory.
	var suggestions *report.Suggestions
	if withSuggestions {
		if suggestions, err = reportSuggestions(ctx, app, opts); err != nil {
			return fmt.Errorf("export report: %w", err)
		}
	}
	d, project, err := loadInvestigatorDataset(ctx, app, opts, true)
	if err != nil {
		return fmt.Errorf("export report: %w", err)
	}
	path, out := investigatorTarget(app, project, opts.out, "."+string(f), stdout)
	ro := report.Options{Quotes: quotes, Suggestions: suggestions}
	if err := writeInvestigatorFile(app, path, opts.force, stdout, func(w io.Writer) error { return report.Write(w, d, f, ro) }); err != nil {
		return fmt.Errorf("export report: %w", err)
	}
	return printInvestigatorSummary(out, summarizeDataset(d, "report ("+string(f)+")", []string{path}), opts.json)
}

// reportSuggestedCodes is the most codes the report measures the
// suggestions on: the most used ones. On the 100,000-coding benchmark
// project the 10 add 2.5 s of computing to a report of 1.8 s (`focal
// suggest check` measures every code).
const reportSuggestedCodes = 10

// reportSuggestions measures the suggestions on the codings of the layer
// the report reads, for the report's section on them.
func reportSuggestions(ctx context.Context, app *App, opts investigatorOptions) (*report.Suggestions, error) {
	st, err := app.Study(ctx)
	if err != nil {
		return nil, err
	}
	checks, err := st.CheckSuggestionsInLayer(ctx, app.person(), opts.coder, reportSuggestedCodes)
	if err != nil {
		return nil, err
	}
	s := &report.Suggestions{Eligible: checks.Eligible,
		WholeProject: len(opts.groups)+len(opts.sources)+len(opts.participants) > 0}
	for _, c := range checks.Checks {
		s.Checks = append(s.Checks, report.SuggestionCheck{Code: c.Code, Codings: c.Codings, Precision: c.Precision,
			Random: c.Baseline, BestPossible: c.Ceiling})
	}
	return s, nil
}
