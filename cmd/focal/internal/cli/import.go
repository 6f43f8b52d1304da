package cli

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/corpus/transcript"
)

// maxTranscriptBytes is the largest transcript file import reads: 50 MB is
// some 8 million words, far beyond any focus group, and bounds the memory
// an import takes (docs/IMPORT.md, "Limits").
const maxTranscriptBytes = 50 << 20

type importOptions struct {
	format         string
	group          string
	name           string
	language       string
	dryRun         bool
	json           bool
	speakerPattern string
	renameSpeakers string
	mergeSpeakers  []string
	speakers       bool
	allowDuplicate bool
}

func newImportCmd(app *App) *cobra.Command {
	var opts importOptions
	cmd := &cobra.Command{
		Use:   "import FILE...",
		Short: "Import transcripts (VTT, SRT, SBV, TXT, Markdown, DOCX, ODT) or REFI-QDA projects (.qdpx, .qdc)",
		Long: `Import transcripts into the project. The format is detected from the content
and the extension; --format overrides it. Each file is imported whole or not
at all; a batch reports every file and fails if any file failed. Identical
transcripts are refused unless --allow-duplicate.

REFI-QDA files from NVivo, ATLAS.ti, MAXQDA or QualCoder (.qdpx projects, .qde,
.qdc codebooks) are imported whole in one transaction: sources, coders, codes,
codings, themes (sets), memos and cases; docs/REFIQDA.md says how positions are
read and what cannot be imported. Their sources are imported without
speakers (they are often papers, notes or survey answers) unless the file was
written by Focal or --speakers (or --speaker-pattern) asks for them; users
that are the other program ("ATLAS.ti") are not made coders, and an import
never switches blinding on.

Speaker labels are found as docs/IMPORT.md describes; every guess (a label
read once, a possible speaker kept as text, two speakers that may be one) is
a note naming its line. Check what would be imported first with --dry-run,
which runs every check the import runs and refuses what it would refuse.
--rename-speakers map.csv (label,pseudonym) replaces speaker labels, and
those names wherever they occur in the text, so that real names never enter
the project. --merge-speakers "Interviewer1=Interviewer 1" reads two
spellings as one speaker, leaving the text as written.`,
		Example: `  focal import fg01.vtt fg02.vtt --group "site North"
  focal import notes.txt --dry-run
  focal import fg03.docx --name fg03 --rename-speakers pseudonyms.csv
  focal import odd.txt --speaker-pattern '^(?P<speaker>[A-Z]{2,3})> '
  focal import fg04.txt --merge-speakers "Interviewer1=Interviewer 1"
  focal import nvivo-export.qdpx`,
		Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runImport(cmd.Context(), app, opts, args, cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.format, "format", "", "file format: vtt, srt, sbv, txt, md, docx or odt (default: detect)")
	f.StringVar(&opts.group, "group", "", "group the sources belong to (e.g. a site or cohort)")
	f.StringVar(&opts.name, "name", "", "source name (default: the file name without extension; one file only)")
	f.StringVar(&opts.language, "lang", "", "language of the transcript, e.g. en or es (default: detect)")
	f.BoolVar(&opts.dryRun, "dry-run", false, "show the turns and speakers that would be imported; write nothing")
	addJSONFlag(f, &opts.json, "print the result as JSON")
	f.StringVar(&opts.speakerPattern, "speaker-pattern", "", "regular expression for speaker labels, with a (?P<speaker>…) group")
	f.StringVar(&opts.renameSpeakers, "rename-speakers", "", "CSV of label,pseudonym pairs applied to labels and text")
	f.StringArrayVar(&opts.mergeSpeakers, "merge-speakers", nil, "FROM=INTO: read speaker FROM as INTO (e.g. \"Interviewer1=Interviewer 1\"); labels and text stay as written; repeatable")
	f.BoolVar(&opts.speakers, "speakers", false, "REFI-QDA: read speaker labels in the sources' text (documents are imported without speakers unless asked)")
	f.BoolVar(&opts.allowDuplicate, "allow-duplicate", false, "import a transcript even if the same text is already in the project")
	app.completeFlag(cmd, "format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"vtt", "srt", "sbv", "txt", "md", "docx", "odt"}, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

// importResult is one file's outcome, printed as text or JSON.
type importResult struct {
	File     string        `json:"file"`
	Source   string        `json:"source"`
	Format   string        `json:"format"`
	Language string        `json:"language"`
	Turns    int           `json:"turns"`
	Speakers []string      `json:"speakers"`
	Chars    int           `json:"chars"`
	Notes    []string      `json:"notes"`
	Error    string        `json:"error,omitempty"`
	Preview  []previewTurn `json:"preview,omitempty"`
}

type previewTurn struct {
	Seq     int    `json:"seq"`
	Speaker string `json:"speaker"`
	Start   *int64 `json:"start_ms"`
	End     *int64 `json:"end_ms"`
	Text    string `json:"text"`
}

// runImport imports transcripts and REFI-QDA files, each whole or not at
// all, and reports each file to out.
func runImport(ctx context.Context, app *App, opts importOptions, files []string, out io.Writer) error {
	if opts.name != "" && len(files) > 1 {
		return usageError{errors.New("import: --name needs exactly one file")}
	}
	var parseOpts transcript.Options
	if opts.format != "" {
		f, err := transcript.ParseFormat(opts.format)
		if err != nil {
			return usageError{fmt.Errorf("import: --format: %w", err)}
		}
		parseOpts.Format = f
	}
	if opts.speakerPattern != "" {
		re, err := regexp.Compile(opts.speakerPattern)
		if err != nil {
			return usageError{fmt.Errorf("import: --speaker-pattern: %w", err)}
		}
		if re.SubexpIndex("speaker") < 0 {
			return usageError{errors.New("import: --speaker-pattern needs a named group (?P<speaker>…)")}
		}
		parseOpts.SpeakerPattern = re
	}
	merges, err := parseSpeakerMerges(opts.mergeSpeakers)
	if err != nil {
		return err
	}
	var names *corpus.NameMap
	if opts.renameSpeakers != "" {
		m, err := readRenameMap(app, opts.renameSpeakers)
		if err != nil {
			return err
		}
		names = m
	}
	// A dry run opens the project too: it runs every check the import
	// runs, refusals included.
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	var planned []study.NewSource // what the batch would have imported so far
	progress := isTerminal(app.Stderr) && len(files) > 1 && !opts.json
	var results []importResult
	var interchange []*interchangeResult
	failed := 0
	for i, file := range files {
		if handled, res, err := importInterchange(ctx, app, file, opts, out); handled {
			if err != nil {
				failed++
			} else {
				interchange = append(interchange, res)
			}
			continue
		}
		if progress {
			fmt.Fprintf(app.Stderr, "\r\033[K[%d/%d] %s", i+1, len(files), file)
		}
		data, err := readLimited(app.path(file))
		if err == nil && app.OwnsProcess {
			boundImportMemory(len(data))
		}
		var res importResult
		var ns *study.NewSource
		if err == nil {
			res, ns, err = prepareImport(file, data, opts, parseOpts, names, merges)
		} else {
			res = importResult{File: file}
		}
		if err == nil {
			ns.AllowDuplicate = opts.allowDuplicate
			if opts.dryRun {
				if err = st.CheckImportSource(ctx, app.person(), *ns, planned); err == nil {
					planned = append(planned, *ns)
				}
			} else {
				_, err = st.ImportSource(ctx, app.person(), *ns)
			}
		}
		if err != nil {
			failed++
			res.Error = fmt.Sprintf("import %s: %s", file, oneLine(err.Error()))
			if progress {
				fmt.Fprint(app.Stderr, "\r\033[K")
			}
			fmt.Fprintf(app.Stderr, "focal: %s\n", res.Error)
		}
		results = append(results, res)
	}
	if progress {
		fmt.Fprint(app.Stderr, "\r\033[K")
	}
	if opts.json {
		// One JSON array: transcript results, then REFI-QDA results.
		all := []any{}
		for _, r := range results {
			all = append(all, r)
		}
		for _, r := range interchange {
			all = append(all, r)
		}
		if err := writeJSON(out, all); err != nil {
			return err
		}
	} else {
		for _, r := range results {
			if r.Error != "" {
				continue
			}
			printImportResult(out, r, opts.dryRun)
		}
	}
	if failed > 0 {
		if len(files) > 1 {
			verb := "were imported"
			if opts.dryRun {
				verb = "were read"
			}
			fmt.Fprintf(app.Stderr, "focal: %d of %d files failed and were not imported; the others %s\n", failed, len(files), verb)
		}
		return silentError{}
	}
	return nil
}

func printImportResult(w io.Writer, r importResult, dryRun bool) {
	verb := "imported"
	if dryRun {
		verb = "would import"
	}
	fmt.Fprintf(w, "%s %s as %q (%s, %s): %d turns, %d speakers, %s characters\n",
		verb, r.File, r.Source, r.Format, orDash(r.Language), r.Turns, len(r.Speakers), thousands(r.Chars))
	for _, n := range r.Notes {
		fmt.Fprintf(w, "  note: %s\n", n)
	}
	if !dryRun {
		return
	}
	fmt.Fprintf(w, "  speakers: %s\n", strings.Join(r.Speakers, ", "))
	for _, t := range r.Preview {
		text := t.Text
		if len([]rune(text)) > 70 {
			text = string([]rune(text)[:69]) + "…"
		}
		fmt.Fprintf(w, "  %4d %8s  %-20s %s\n", t.Seq, formatMS(t.Start), t.Speaker, strings.ReplaceAll(text, "\n", " ¶ "))
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// prepareImport reads, parses and normalises one file and computes its
// units, without touching the project.
func prepareImport(file string, data []byte, opts importOptions, parseOpts transcript.Options, names *corpus.NameMap, merges map[string]string) (importResult, *study.NewSource, error) {
	res := importResult{File: file, Notes: []string{}, Speakers: []string{}}
	parsed, err := transcript.Parse(filepath.Base(file), data, parseOpts)
	if err != nil {
		return res, nil, err
	}
	res.Format = string(parsed.Format)
	res.Notes = append(res.Notes, parsed.Notes...)
	turns := parsed.Turns
	if len(merges) > 0 {
		var notes []string
		turns, notes = mergeTurnSpeakers(turns, merges)
		res.Notes = append(res.Notes, notes...)
	}
	if names != nil {
		turns = renameTurns(turns, names)
	}
	draft, err := corpus.Build(turns)
	if err != nil {
		return res, nil, err
	}
	name := opts.name
	if name == "" {
		name = strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	}
	lang := opts.language
	if lang == "" {
		lang = detectLanguage(draft)
	}
	res.Source, res.Language, res.Turns, res.Speakers, res.Chars = name, lang, len(draft.Turns), draft.Speakers, draft.Chars
	if res.Speakers == nil {
		res.Speakers = []string{}
	}
	if opts.dryRun {
		idx := corpus.NewPositionIndex(draft.Text)
		for _, t := range draft.Turns {
			text, _ := idx.Slice(t.Utterance())
			res.Preview = append(res.Preview, previewTurn{Seq: t.Seq, Speaker: t.Speaker, Start: t.StartMS, End: t.EndMS, Text: text})
		}
	}
	units, err := computeUnits(draft, lang)
	if err != nil {
		return res, nil, err
	}
	return res, &study.NewSource{Name: name, Group: opts.group, Format: res.Format, OriginalFile: filepath.Base(file),
		Language: lang, Draft: draft, Units: units}, nil
}

func readLimited(file string) ([]byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, friendlyFileError(err)
	}
	defer f.Close()
	tooLarge := func() error {
		return fmt.Errorf("the file is larger than the %d MB limit for a transcript; split it into parts and import each", maxTranscriptBytes>>20)
	}
	// A file known to be too large is refused before a byte is read; one
	// of known size is read into a buffer of that size, not a growing one.
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		if fi.Size() > maxTranscriptBytes {
			return nil, tooLarge()
		}
		data := make([]byte, fi.Size())
		if _, err := io.ReadFull(f, data); err != nil {
			return nil, err
		}
		// A file that grew since is read to its end, within the limit.
		rest, err := io.ReadAll(io.LimitReader(f, maxTranscriptBytes+1-fi.Size()))
		if err != nil {
			return nil, err
		}
		if len(rest) > 0 {
			data = append(data, rest...)
		}
		if len(data) > maxTranscriptBytes {
			return nil, tooLarge()
		}
		return data, nil
	}
	data, err := io.ReadAll(io.LimitReader(f, maxTranscriptBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxTranscriptBytes {
		return nil, fmt.Errorf("the file is larger than the %d MB limit for a transcript; split it into parts and import each", maxTranscriptBytes>>20)
	}
	return data, nil
}

// importMemoryPerByte and importMemoryBase set the soft memory limit of an
// import of a large transcript: the Go heap is kept near 6 bytes per byte
// of the file (plus a base), so that the whole process stays under 10 times
// the file (docs/BENCHMARKS.md, "Import"); without it the collector lets
// the heap grow to twice its live size.
const (
	importMemoryPerByte = 6
	importMemoryBase    = 64 << 20
	// importMemoryFrom is the file size from which the limit is set;
	// smaller files are far below any limit.
	importMemoryFrom = 8 << 20
)

// boundImportMemory raises the process's soft memory limit to what an
// import of size bytes needs, if it is larger than any set before. It
// never lowers it: a batch keeps the limit of its largest file.
func boundImportMemory(size int) {
	if size < importMemoryFrom {
		return
	}
	want := int64(importMemoryPerByte)*int64(size) + importMemoryBase
	current := debug.SetMemoryLimit(-1)
	if current == math.MaxInt64 || current < want {
		debug.SetMemoryLimit(want)
	}
}

// parseSpeakerMerges reads --merge-speakers values, "FROM=INTO".
func parseSpeakerMerges(values []string) (map[string]string, error) {
	merges := map[string]string{}
	for _, v := range values {
		from, into, ok := strings.Cut(v, "=")
		from, into = strings.TrimSpace(from), strings.TrimSpace(into)
		if !ok || from == "" || into == "" {
			return nil, usageError{fmt.Errorf("import: --merge-speakers %q: write FROM=INTO, e.g. \"Interviewer1=Interviewer 1\"", v)}
		}
		if from == into {
			return nil, usageError{fmt.Errorf("import: --merge-speakers %q: the two names are the same", v)}
		}
		merges[from] = into
	}
	for from, into := range merges {
		if _, chained := merges[into]; chained {
			return nil, usageError{fmt.Errorf("import: --merge-speakers: %q is merged into %q, which is itself merged; name the final speaker directly", from, into)}
		}
	}
	return merges, nil
}

// mergeTurnSpeakers reads the speakers named in merges as the speaker they
// are merged into. Labels and text stay as written; a note says each merge
// made.
func mergeTurnSpeakers(turns []transcript.Turn, merges map[string]string) ([]transcript.Turn, []string) {
	out := make([]transcript.Turn, len(turns))
	count := map[string]int{}
	for i, t := range turns {
		if into, ok := merges[t.Speaker]; ok {
			count[t.Speaker]++
			t.Speaker = into
		}
		out[i] = t
	}
	var notes []string
	for from, into := range merges {
		if n := count[from]; n > 0 {
			notes = append(notes, fmt.Sprintf("speaker %q merged into %q (%s, --merge-speakers)", from, into, countOf(n, "turn")))
		} else {
			notes = append(notes, fmt.Sprintf("--merge-speakers: no speaker %q in this file", from))
		}
	}
	slices.Sort(notes)
	return out, notes
}

func friendlyFileError(err error) error {
	switch {
	case errors.Is(err, os.ErrNotExist):
		return errors.New("no such file")
	case errors.Is(err, os.ErrPermission):
		return errors.New("permission denied")
	}
	return err
}

func renameTurns(turns []transcript.Turn, names *corpus.NameMap) []transcript.Turn {
	out := make([]transcript.Turn, len(turns))
	for i, t := range turns {
		if p, ok := names.Lookup(t.Speaker); ok {
			t.Speaker = p
		} else {
			t.Speaker = names.Replace(t.Speaker)
		}
		if p, ok := names.Lookup(t.Label); ok {
			t.Label = p
		} else {
			t.Label = names.Replace(t.Label)
		}
		t.Text = names.Replace(t.Text)
		out[i] = t
	}
	return out
}

// readRenameMap reads label,pseudonym rows; a header row is allowed.
func readRenameMap(app *App, file string) (*corpus.NameMap, error) {
	f, err := os.Open(app.path(file))
	if err != nil {
		return nil, fmt.Errorf("--rename-speakers %s: %w", file, friendlyFileError(err))
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	pairs := map[string]string{}
	for line := 1; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("--rename-speakers %s: %w", file, err)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != 2 {
			return nil, fmt.Errorf("--rename-speakers %s: line %d: want 2 columns (label,pseudonym), found %d", file, line, len(rec))
		}
		label, pseudonym := strings.TrimSpace(strings.TrimPrefix(rec[0], "\uFEFF")), strings.TrimSpace(rec[1])
		if line == 1 && strings.EqualFold(label, "label") {
			continue
		}
		if label == "" || pseudonym == "" {
			return nil, fmt.Errorf("--rename-speakers %s: line %d: label and pseudonym must not be empty", file, line)
		}
		if old, dup := pairs[label]; dup && old != pseudonym {
			return nil, fmt.Errorf("--rename-speakers %s: line %d: %q is mapped twice", file, line, label)
		}
		pairs[label] = pseudonym
	}
	if len(pairs) == 0 {
		return nil, fmt.Errorf("--rename-speakers %s: no label,pseudonym rows", file)
	}
	return corpus.NewNameMap(pairs), nil
}
