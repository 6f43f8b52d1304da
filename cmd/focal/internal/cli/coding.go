package cli

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/export/safecsv"
)

func newCodingCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "coding",
		Short: "Apply codes to spans of transcripts, list, remove, import and export codings",
		Long: `A coding is a span [start, end) of a source's stored text in code points
(it may span turns), a code, the coder who applied it, a time and an optional
memo. Code by quoting the words, by turn, or by position.`,
	}
	cmd.AddCommand(newCodingAddCmd(app), newCodingListCmd(app), newCodingRmCmd(app), newCodingRecodeCmd(app), newCodingImportCmd(app), newCodingExportCmd(app))
	return cmd
}

type codingAddOptions struct {
	source, code, quote, memo string
	start, end, turn          int
	newCode                   bool
}

func newCodingAddCmd(app *App) *cobra.Command {
	var opts codingAddOptions
	cmd := &cobra.Command{
		Use:   "add --source S --code C (--start N --end M | --turn K | --quote TEXT [--turn K])",
		Short: "Apply a code to a span of a transcript",
		Long: `Apply a code to a span, as the acting coder (--as or $FOCAL_CODER). Name the
span by its exact words (--quote, optionally within --turn K), by a whole turn's
utterance (--turn K), or by code-point positions (--start, --end). A code name
that does not exist yet is created (inductive coding) and logged; a new name
that closely resembles an existing code (a typo, another case or accent, a
plural) is refused with the code it probably means, unless --new says the new
code is meant. Adding the identical coding twice changes nothing.`,
		Example: `  focal coding add --source fg01-belonging-en --code belonging/isolation --quote "the only Latino resident in the room"
  focal coding add fg01-belonging-en --code support/mentorship --turn 14
  focal coding add --source fg01-belonging-en --code hierarchy --start 1043 --end 1120 --memo "tone shifts here"
  focal coding add --source fg01-belonging-en --code belonging/isolations --new --turn 3`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runCodingAdd(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.source, "source", "", "source name")
	f.StringVar(&opts.code, "code", "", "code path or name; a new name creates the code")
	f.StringVar(&opts.quote, "quote", "", "the exact words to code (must occur once, or once in --turn)")
	f.IntVar(&opts.turn, "turn", 0, "turn number: code its whole utterance, or look for --quote in it")
	f.IntVar(&opts.start, "start", -1, "start position (code points)")
	f.IntVar(&opts.end, "end", -1, "end position (code points, exclusive)")
	f.StringVar(&opts.memo, "memo", "", "a memo on the coding")
	f.BoolVar(&opts.newCode, "new", false, "the code named is new, even if it resembles an existing code's name")
	app.completeFlag(cmd, "source", completeSources(app))
	app.completeFlag(cmd, "code", completeCodes(app))
	return acceptSubjectArg(cmd, "source")
}

// runCodingAdd applies a code to a span, as the acting person.
func runCodingAdd(ctx context.Context, app *App, opts codingAddOptions, out io.Writer) error {
	if opts.source == "" || opts.code == "" {
		return usageError{errors.New("coding add: --source and --code are required")}
	}
	byRange := opts.start >= 0 || opts.end >= 0
	if byRange && (opts.quote != "" || opts.turn > 0) {
		return usageError{errors.New("coding add: give --start/--end, or --turn and/or --quote, not both")}
	}
	if !byRange && opts.quote == "" && opts.turn <= 0 {
		return usageError{errors.New("coding add: say what to code with --quote, --turn or --start/--end")}
	}
	if byRange && (opts.start < 0 || opts.end < 0) {
		return usageError{errors.New("coding add: --start and --end go together")}
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	span := corpus.Span{Start: opts.start, End: opts.end}
	if !byRange {
		if span, err = resolveSpan(ctx, st, opts.source, opts.turn, opts.quote); err != nil {
			return fmt.Errorf("coding add: %w", err)
		}
	}
	res, err := st.AddCoding(ctx, app.person(), study.NewCoding{Source: opts.source, Code: opts.code, Start: span.Start, End: span.End, Memo: opts.memo, NewCode: opts.newCode})
	if err != nil {
		return fmt.Errorf("coding add: %w", err)
	}
	if res.CreatedCode {
		fmt.Fprintf(out, "created code %s\n", res.Coding.Code)
	}
	if res.Existed {
		fmt.Fprintf(out, "already coded: %s %d–%d %s (nothing changed)\n", res.Coding.Source, span.Start, span.End, res.Coding.Code)
		return nil
	}
	fmt.Fprintf(out, "coded %s %d–%d as %s (coding %s)\n", res.Coding.Source, span.Start, span.End, res.Coding.Code, res.Coding.ID[:8])
	return nil
}

// sourceReader reads a source's turns and stored text: the core (a
// *study.Study), which every command uses; it is an interface so that
// callers holding another reader of the same methods keep working.
type sourceReader interface {
	Source(ctx context.Context, nameOrID string) (corpus.Source, error)
	Turns(ctx context.Context, sourceID string) ([]corpus.Turn, error)
	SourceText(ctx context.Context, sourceID string) (string, error)
}

// resolveSpan turns --turn and --quote into a span of the stored text.
func resolveSpan(ctx context.Context, s sourceReader, source string, turn int, quote string) (corpus.Span, error) {
	src, err := s.Source(ctx, source)
	if err != nil {
		return corpus.Span{}, err
	}
	turns, err := s.Turns(ctx, src.ID)
	if err != nil {
		return corpus.Span{}, err
	}
	var within []corpus.Span
	if turn > 0 {
		if turn > len(turns) {
			return corpus.Span{}, fmt.Errorf("%s has %d turns; there is no turn %d", src.Name, len(turns), turn)
		}
		within = []corpus.Span{turns[turn-1].Utterance()}
		if quote == "" {
			return within[0], nil
		}
	} else {
		for _, t := range turns {
			within = append(within, t.Utterance())
		}
	}
	text, err := s.SourceText(ctx, src.ID)
	if err != nil {
		return corpus.Span{}, err
	}
	return coding.FindQuote(text, within, quote)
}

func newCodingListCmd(app *App) *cobra.Command {
	var f study.CodingFilter
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list [--source S] [--code C] [--coder NAME] [--flagged]",
		Short: "List codings with their text, turn and speaker",
		Long: `List codings in transcript order. While blinding is on you see only your own.
--flagged lists codings whose words changed in a correction and need review.`,
		Example: "  focal coding list --code belonging --subtree\n  focal coding list --source fg01-belonging-en --json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runCodingList(cmd.Context(), app, codingListOptions{filter: f, json: asJSON}, cmd.OutOrStdout())
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.Source, "source", "", "only this source")
	fl.StringVar(&f.Code, "code", "", "only this code")
	fl.BoolVar(&f.Subtree, "subtree", false, "with --code: include its child codes")
	fl.StringVar(&f.Coder, "coder", "", "only this coder")
	fl.BoolVar(&f.Flagged, "flagged", false, "only codings flagged for review after a correction")
	addJSONFlag(fl, &asJSON, "print JSON (fields: id, source, coder, code, code_id, start, end, text, turn, speaker, participant, memo, flagged, created_at)")
	app.completeFlag(cmd, "source", completeSources(app))
	app.completeFlag(cmd, "code", completeCodes(app))
	return cmd
}

// codingListOptions are the flags of `focal coding list`.
type codingListOptions struct {
	filter study.CodingFilter
	json   bool
}

// runCodingList lists the codings the acting person may see.
func runCodingList(ctx context.Context, app *App, opts codingListOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	codings, err := st.Codings(ctx, app.person(), opts.filter)
	if err != nil {
		return err
	}
	if opts.json {
		return writeJSON(out, codings)
	}
	if len(codings) == 0 {
		fmt.Fprintln(out, "no codings")
		return nil
	}
	t := newTable(out, "ID", "SOURCE", "TURN", "SPEAKER", "CODER", "CODE", "RANGE", "TEXT")
	for _, c := range codings {
		text := clipText(c.Text, 50)
		if c.Flagged != "" {
			text = "[review: " + c.Flagged + "] " + text
		}
		t.row(c.ID[:8], c.Source, c.Turn, c.Speaker, c.Coder, c.Code, fmt.Sprintf("%d–%d", c.Start, c.End), text)
	}
	return t.flush()
}

func newCodingRmCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:     "rm ID...",
		Short:   "Remove your own codings (by id or id prefix), all as one action",
		Example: "  focal coding rm 3f2a9c1e\n  focal coding rm 77b0d2aa 9e4d1f03",
		Args:    minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCodingRm(cmd.Context(), app, codingRmOptions{ids: args}, cmd.OutOrStdout())
		},
	}
}

// removeCodings removes codings one by one with remove (a coder's own, or
// consensus codings), stopping at the first refusal, and says what went.
func removeCodings(cmd *cobra.Command, app *App, ids []string, what string, remove func(*study.Study, context.Context, study.Person, string) (coding.Coding, error)) error {
	st, err := app.Study(cmd.Context())
	if err != nil {
		return err
	}
	for _, id := range ids {
		c, err := remove(st, cmd.Context(), app.person(), id)
		if err != nil {
			return fmt.Errorf("%s rm %s: %w", cmd.Parent().Name(), id, err)
		}
		fmt.Fprintf(cmd.OutOrStdout(), "removed %s %s (%s %d–%d)\n", what, c.ID[:8], c.Source, c.Start, c.End)
	}
	return nil
}

// codingCSVHeader is the column layout of coding import and export.
var codingCSVHeader = []string{"source", "coder", "code", "start", "end", "memo"}

func newCodingExportCmd(app *App) *cobra.Command {
	var opts codingExportOptions
	cmd := &cobra.Command{
		Use:   "export [--out FILE] [--raw]",
		Short: "Write codings as CSV (source,coder,code,start,end,memo)",
		Long: `Write codings as CSV with the columns source,coder,code,start,end,memo, for
scripts and for moving work between projects (` + "`focal coding import`" + ` reads it
back as written). While blinding is on only your own codings are written.
--out writes a file readable by you only (mode 0600); an existing file is
replaced only with --force, and a symbolic link is never written through.

` + csvFormulaHelp,
		Example: "  focal coding export --out codings.csv\n  focal coding export --coder ben > ben.csv",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runCodingExport(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&opts.outFile, "out", "", "write to FILE (mode 0600) instead of standard output")
	cmd.Flags().BoolVar(&opts.force, "force", false, "replace FILE if it exists")
	cmd.Flags().BoolVar(&opts.raw, "raw", false, csvRawHelp)
	cmd.Flags().StringVar(&opts.filter.Source, "source", "", "only this source")
	cmd.Flags().StringVar(&opts.filter.Coder, "coder", "", "only this coder")
	return cmd
}

// codingExportOptions are the flags of `focal coding export`; an empty
// outFile (or -) writes to out.
type codingExportOptions struct {
	filter  study.CodingFilter
	outFile string
	force   bool
	raw     bool // write cells untouched (no formula neutralisation)
}

// runCodingExport writes the codings the acting person may see as CSV.
func runCodingExport(ctx context.Context, app *App, opts codingExportOptions, out io.Writer) error {
	toFile := opts.outFile != "" && opts.outFile != "-"
	if toFile {
		if err := checkOutputFile(app, opts.outFile, opts.force); err != nil {
			return fmt.Errorf("coding export: %w", err)
		}
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	codings, err := st.Codings(ctx, app.person(), opts.filter)
	if err != nil {
		return err
	}
	write := func(w io.Writer) error {
		cw := safecsv.NewWriter(w, safecsv.Options{Raw: opts.raw})
		cw.Write(codingCSVHeader...)
		for _, c := range codings {
			cw.Write(c.Source, c.Coder, c.Code, strconv.Itoa(c.Start), strconv.Itoa(c.End), c.Memo)
		}
		return cw.Flush()
	}
	if !toFile {
		return write(out)
	}
	if err := writeOutputFile(app, opts.outFile, opts.force, write); err != nil {
		return fmt.Errorf("coding export: %w", err)
	}
	return nil
}

func newCodingImportCmd(app *App) *cobra.Command {
	var raw bool
	cmd := &cobra.Command{
		Use:   "import FILE.csv",
		Short: "Add codings from CSV (source,coder,code,start,end,memo), all or nothing",
		Long: `Add codings from a CSV with the header source,coder,code,start,end,memo (memo
may be left out). Coders must exist; codes that do not exist are created. The
whole file is applied in one transaction: any bad row is reported with its line
and nothing is imported.

A cell that ` + "`focal coding export`" + ` wrote with a leading apostrophe (so that a
spreadsheet would not run it as a formula) is read without it; --raw reads
every cell as it is (for a file written with ` + "`coding export --raw`" + `).`,
		Example: "  focal coding import ben.csv",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCodingImport(cmd.Context(), app, codingImportOptions{file: args[0], raw: raw}, cmd.OutOrStdout())
		},
	}
	cmd.Flags().BoolVar(&raw, "raw", false, "read cells as they are (the file was written with coding export --raw)")
	return cmd
}

// codingImportOptions are the argument and flags of `focal coding import`.
type codingImportOptions struct {
	file string
	raw  bool // cells as they are: no apostrophe taken off
}

// runCodingImport adds the codings of a CSV file, all or nothing.
func runCodingImport(ctx context.Context, app *App, opts codingImportOptions, out io.Writer) error {
	f, err := os.Open(app.path(opts.file))
	if err != nil {
		return fmt.Errorf("coding import %s: %w", opts.file, friendlyFileError(err))
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > maxCodingCSVBytes {
		return fmt.Errorf("coding import %s: the file is %s; a codings CSV may be at most %s (docs/LIMITS.md); split it", opts.file, coding.SizeText(fi.Size()), coding.SizeText(maxCodingCSVBytes))
	}
	rows, err := parseCodingCSV(&cappedReader{r: f, left: maxCodingCSVBytes}, opts.raw)
	if err != nil {
		return fmt.Errorf("coding import %s: %w", opts.file, err)
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	n, err := st.ImportCodings(ctx, app.person(), rows)
	if err != nil {
		return fmt.Errorf("coding import %s: %w", opts.file, err)
	}
	fmt.Fprintf(out, "imported %d codings (%d already there)\n", n, len(rows)-n)
	return nil
}

// maxCodingCSVBytes bounds the file `focal coding import` reads
// (docs/LIMITS.md).
const maxCodingCSVBytes = 64 << 20

// cappedReader reads at most left bytes and then fails, so that a file
// whose size was not known beforehand (a pipe) is never taken in part.
type cappedReader struct {
	r    io.Reader
	left int64
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		var one [1]byte
		if n, _ := c.r.Read(one[:]); n > 0 {
			return 0, fmt.Errorf("the file is larger than %s; a codings CSV may be at most %s (docs/LIMITS.md); split it", coding.SizeText(maxCodingCSVBytes), coding.SizeText(maxCodingCSVBytes))
		}
		return 0, io.EOF
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

// codingCSVLimits are the bytes each column may hold (docs/LIMITS.md).
var codingCSVLimits = []struct {
	column, what string
	max          int
}{
	{"source", "source name", coding.MaxNameBytes},
	{"coder", "coder name", coding.MaxNameBytes},
	{"code", "code", coding.MaxNameBytes},
	{"memo", "memo", coding.MaxMemoBytes},
}

// parseCodingCSV reads coding rows, naming the line of any problem. Unless
// raw, cells are read back as coding export wrote them (safecsv.Restore).
func parseCodingCSV(r io.Reader, raw bool) ([]study.CodingRow, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, errors.New("the file is empty; the first line must be source,coder,code,start,end,memo")
	}
	if err != nil {
		return nil, err
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")))] = i
	}
	for _, need := range codingCSVHeader[:5] {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("line 1: no %q column; the header must be source,coder,code,start,end,memo", need)
		}
	}
	var rows []study.CodingRow
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				if raw {
					return strings.TrimSpace(rec[i])
				}
				return strings.TrimSpace(safecsv.Restore(rec[i]))
			}
			return ""
		}
		for _, l := range codingCSVLimits {
			if n := len(get(l.column)); n > l.max {
				return nil, fmt.Errorf("line %d: the %s is %s; a %s may be at most %s (docs/LIMITS.md)", line, l.what, coding.SizeText(int64(n)), l.what, coding.SizeText(int64(l.max)))
			}
		}
		row := study.CodingRow{Line: line, NewCoding: study.NewCoding{Source: get("source"), Code: get("code"), Memo: get("memo")}, Coder: get("coder")}
		if row.Start, err = strconv.Atoi(get("start")); err != nil {
			return nil, fmt.Errorf("line %d: start %q is not a whole number", line, get("start"))
		}
		if row.End, err = strconv.Atoi(get("end")); err != nil {
			return nil, fmt.Errorf("line %d: end %q is not a whole number", line, get("end"))
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return nil, errors.New("no codings after the header")
	}
	return rows, nil
}
