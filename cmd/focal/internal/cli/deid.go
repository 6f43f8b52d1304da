package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/focalqda/focal/coding/deid"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus/nlp/names"
	"github.com/focalqda/focal/export/safecsv"
)

// prose's entity model is about 100 MB: load it once per process.
var entityRecognizer = sync.OnceValues(names.NewRecognizer)

// recognizerFinder adapts the prose recognizer to deid.EntityFinder.
type recognizerFinder struct{ r *names.Recognizer }

func (f recognizerFinder) Entities(text string) ([]deid.Entity, error) {
	ents, err := f.r.Entities(text)
	if err != nil {
		return nil, err
	}
	out := make([]deid.Entity, len(ents))
	for i, e := range ents {
		out[i] = deid.Entity{Start: e.Start, End: e.End, Label: e.Label}
	}
	return out, nil
}

func newDeidCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "deid",
		Short: "De-identification: find names and other identifiers, decide on replacements, gate exports",
		Long: `De-identification finds what may identify someone in the transcripts: the names
of speakers and participants (also in lower case or without accents), names
after a title (Dr., Dra., Mr., Sra.), institutions by their form ("Springfield
General", "St. Mary's Hospital", "Universidad de Chile"), names of people,
places and institutions suggested by named-entity recognition (English only),
the project's name list (` + "`deid names`" + `: nicknames and other names, in any
case), words of the project's list, e-mail addresses, phone numbers and URLs.

Researchers accept or reject each finding. Accepted replacements are made
whenever text is rendered for export (the default), or written into the stored
text itself with ` + "`focal deid apply --in-text`" + ` (a correction; codings move
with the text). Exports run with --deidentified, and every member-check
packet, are refused unless the review is current (a scan since the text they
show last changed, no finding pending in it) and while a known real name or an
accepted identifier would appear in them. docs/PRIVACY.md describes it all,
and what the gate cannot catch.`,
		Example: `  focal deid scan
  focal deid list --status pending
  focal deid accept 1a2b3c4d 5e6f7a8b
  focal deid accept --kind email --kind phone
  focal deid add "Mercy General" --replace "[hospital]"
  focal deid names add Pepe --participant P03
  focal deid allow Hope --reason "the word, not a name, in fg02"
  focal deid key --out key.csv`,
	}
	cmd.AddCommand(newDeidScanCmd(app), newDeidListCmd(app), newDeidDecideCmd(app, study.DeidAccepted), newDeidDecideCmd(app, study.DeidRejected),
		newDeidAddCmd(app), newDeidWordsCmd(app), newDeidNamesCmd(app), newDeidAllowCmd(app), newDeidAllowedCmd(app), newDeidDisallowCmd(app),
		newDeidApplyCmd(app), newDeidKeyCmd(app), newDeidCheckCmd(app))
	return cmd
}

type deidScanOptions struct {
	sources []string
	noNER   bool
	json    bool
}

func newDeidScanCmd(app *App) *cobra.Command {
	var opts deidScanOptions
	cmd := &cobra.Command{
		Use:   "scan [--source S…] [--no-ner]",
		Short: "Find what may identify someone in the transcripts",
		Long: `Scan the utterances of every source (or the chosen ones) for names and other
identifiers and store each finding with its source, turn, position (code points)
and a suggested replacement. Findings already decided keep their decision;
pending findings that are no longer found are dropped. Without --source the
member-check answers are scanned too; what is found there and not yet decided
is listed (decide it with ` + "`focal deid add`" + ` or ` + "`focal deid allow`" + `).
Packets and de-identified exports need a scan since the text they show last
changed. Named-entity recognition runs on English text only and takes about a
second per 10,000 words; --no-ner skips it.`,
		Example: `  focal deid scan
  focal deid scan --source fg03-pertenencia-es --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDeidScan(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringSliceVar(&opts.sources, "source", nil, "only these sources (repeatable)")
	cmd.Flags().BoolVar(&opts.noNER, "no-ner", false, "skip named-entity recognition")
	addJSONFlag(cmd.Flags(), &opts.json, "print the result and the pending findings as JSON")
	app.completeFlag(cmd, "source", completeSources(app))
	return acceptSubjectArg(cmd, "source")
}

// deidScanReport is what `deid scan` prints.
type deidScanReport = study.DeidScan

func runDeidScan(ctx context.Context, app *App, opts deidScanOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	o := study.DeidScanOptions{Sources: opts.sources}
	if !opts.noNER {
		o.NER = func() (deid.EntityFinder, error) {
			r, err := entityRecognizer()
			if err != nil {
				return nil, err
			}
			return recognizerFinder{r}, nil
		}
	}
	rep, err := st.ScanDeid(ctx, app.person(), o)
	if err != nil {
		return fmt.Errorf("deid scan: %w", err)
	}
	if opts.json {
		return writeJSON(out, rep)
	}
	res, pending := rep.DeidScanResult, rep.Pending
	fmt.Fprintf(out, "scanned %s: %d new, %d found again, %d moved by corrections, %d no longer found; %d pending in all\n",
		plural(res.Sources, "source"), res.New, res.Kept, res.Moved, res.Dropped, len(pending))
	if len(opts.sources) == 0 {
		fmt.Fprintf(out, "scanned %s of member checking\n", plural(rep.AnswersScanned, "answer"))
	}
	fmt.Fprintln(out, "speakers (their labels are replaced in de-identified exports and packets):")
	t := newTable(out, "  NAME", "PARTICIPANT", "SHOWN AS")
	for _, sp := range rep.Speakers {
		t.row("  "+sp.Name, orDash(sp.Participant), sp.ShownAs)
	}
	t.flush()
	if len(pending) > 0 {
		fmt.Fprintln(out, "pending findings (accept or reject them with `focal deid accept|reject ID…`):")
		printFindings(out, pending)
	}
	if len(rep.Answers) > 0 {
		fmt.Fprintln(out, "found in member-check answers, undecided (replace with `focal deid add TEXT --replace WITH`, or allow with `focal deid allow WORD --reason WHY`):")
		t := newTable(out, "  PARTICIPANT", "KIND", "FOUND BY", "TEXT", "SUGGESTED")
		for _, f := range rep.Answers {
			t.row("  "+f.Participant, f.Kind, f.Detector, fmt.Sprintf("%q", f.Text), f.Replacement)
		}
		t.flush()
	}
	return nil
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func printFindings(out io.Writer, fs []study.DeidFinding) {
	t := newTable(out, "ID", "SOURCE", "TURN", "AT", "KIND", "FOUND BY", "TEXT", "REPLACEMENT", "STATUS")
	for _, f := range fs {
		t.row(shortFindingID(f.ID), f.Source, f.Turn, fmt.Sprintf("%d-%d", f.Start, f.End), f.Kind, f.Detector,
			fmt.Sprintf("%q", f.Text), f.Replacement, f.Status)
	}
	t.flush()
}

func shortFindingID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

// deidListOptions are the flags of `focal deid list`.
type deidListOptions struct {
	filter study.DeidFilter
	json   bool
}

func newDeidListCmd(app *App) *cobra.Command {
	var opts deidListOptions
	cmd := &cobra.Command{
		Use:   "list [--status S] [--kind K] [--source S] [--text T]",
		Short: "List de-identification findings",
		Example: `  focal deid list --status pending
  focal deid list --kind place --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDeidList(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	f := &opts.filter
	cmd.Flags().StringVar(&f.Status, "status", "", "pending, accepted, rejected or applied")
	cmd.Flags().StringVar(&f.Kind, "kind", "", "name, person, place, organisation, email, phone, url or listed")
	cmd.Flags().StringVar(&f.Detector, "detector", "", "known-name, name-list, institution, honorific, ner, word-list or pattern")
	cmd.Flags().StringVar(&f.Source, "source", "", "only this source")
	cmd.Flags().StringVar(&f.Text, "text", "", "only findings of exactly this text")
	addJSONFlag(cmd.Flags(), &opts.json, "print JSON (fields: id, source, turn, start, end, text, kind, detector, replacement, participant, status, …)")
	app.completeFlag(cmd, "source", completeSources(app))
	return cmd
}

// runDeidList lists de-identification findings.
func runDeidList(ctx context.Context, app *App, opts deidListOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	fs, err := st.DeidFindings(ctx, opts.filter)
	if err != nil {
		return err
	}
	if opts.json {
		if fs == nil {
			fs = []study.DeidFinding{}
		}
		return writeJSON(out, fs)
	}
	printFindings(out, fs)
	return nil
}

// deidDecideOptions are the ids and flags of `focal deid accept` and
// `focal deid reject` (by status).
type deidDecideOptions struct {
	status   string // study.DeidAccepted or study.DeidRejected
	ids      []string
	decision study.DeidDecision
	kinds    []string
	json     bool
}

// deidVerb is the command that decides findings with a status: accept or reject.
func deidVerb(status string) string {
	if status == study.DeidAccepted {
		return "accept"
	}
	return strings.TrimSuffix(status, "ed")
}

func newDeidDecideCmd(app *App, status string) *cobra.Command {
	opts := deidDecideOptions{status: status}
	d := &opts.decision
	verb := deidVerb(status)
	cmd := &cobra.Command{
		Use:   verb + " (ID… | --all | --kind K | --text T | --source S)",
		Short: map[string]string{study.DeidAccepted: "Accept findings: their replacements are made on export", study.DeidRejected: "Reject findings: the text stays as it is"}[status],
		Example: map[string]string{
			study.DeidAccepted: `  focal deid accept 1a2b3c4d
  focal deid accept 5e6f --replace "[attending]"
  focal deid accept --kind email --kind phone
  focal deid accept --all`,
			study.DeidRejected: `  focal deid reject 9c8d7e6f --reason "the word, not a name"
  focal deid reject --text NICU`,
		}[status],
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ids = args
			return runDeidDecide(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	cmd.Flags().BoolVar(&d.All, "all", false, "every pending finding")
	cmd.Flags().StringSliceVar(&opts.kinds, "kind", nil, "every pending finding of this kind (repeatable)")
	cmd.Flags().StringVar(&d.Filter.Text, "text", "", "every pending finding of exactly this text")
	cmd.Flags().StringVar(&d.Filter.Source, "source", "", "every pending finding of this source")
	cmd.Flags().StringVar(&d.Filter.Detector, "detector", "", "every pending finding found by: known-name, name-list, institution, honorific, ner, word-list or pattern")
	cmd.Flags().StringVar(&d.Filter.Status, "status", "", "with --all, --kind, --text, --source or --detector: findings of this status instead of pending ones")
	cmd.Flags().StringVar(&d.Reason, "reason", "", "why (kept in the log)")
	addJSONFlag(cmd.Flags(), &opts.json, "print the findings that changed as JSON")
	if status == study.DeidAccepted {
		cmd.Flags().StringVar(&d.Replacement, "replace", "", "use this replacement instead of the suggestion")
	}
	app.completeFlag(cmd, "source", completeSources(app))
	return cmd
}

// runDeidDecide accepts or rejects findings named by id or chosen by filter.
func runDeidDecide(ctx context.Context, app *App, opts deidDecideOptions, out io.Writer) error {
	status, verb, kinds, args := opts.status, deidVerb(opts.status), opts.kinds, opts.ids
	d := opts.decision
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	d.IDs, d.Status = args, status
	if len(args) > 0 && (d.All || len(kinds) > 0 || d.Filter.Text != "" || d.Filter.Source != "" || d.Filter.Detector != "") {
		return usageError{errors.New("deid " + verb + ": name findings by id or choose them with --all, --kind, --text or --source, not both")}
	}
	var changed []study.DeidFinding
	if len(kinds) == 0 {
		changed, err = st.DecideDeid(ctx, app.person(), d)
	} else {
		for _, k := range kinds {
			dk := d
			dk.Filter.Kind = k
			c, err2 := st.DecideDeid(ctx, app.person(), dk)
			if err2 != nil {
				err = err2
				break
			}
			changed = append(changed, c...)
		}
	}
	if err != nil {
		return fmt.Errorf("deid %s: %w", verb, err)
	}
	if opts.json {
		if changed == nil {
			changed = []study.DeidFinding{}
		}
		return writeJSON(out, changed)
	}
	fmt.Fprintf(out, "%s %s\n", status, plural(len(changed), "finding"))
	if len(changed) > 0 && len(changed) <= 50 {
		printFindings(out, changed)
	}
	return nil
}

// deidWordAddOptions are the argument and flags of `focal deid add` and
// `focal deid words add`.
type deidWordAddOptions struct {
	text, replacement, kind string
}

func newDeidAddCmd(app *App) *cobra.Command {
	var opts deidWordAddOptions
	cmd := &cobra.Command{
		Use:   "add TEXT --replace WITH [--kind K]",
		Short: "Add a word or phrase to the project's list: replaced wherever it occurs on export",
		Long: `Add a word or phrase that identifies someone (a street, a ward, a nickname) to
the project's list with its replacement. Listed words are replaced wherever
they occur, as written and as whole words, when text is rendered for export;
the gate refuses exports in which one would still appear; and the next scan
reports each occurrence.`,
		Example: `  focal deid add "Mercy General" --replace "[hospital]" --kind organisation
  focal deid add Torreón --replace "[ciudad]" --kind place`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.text = args[0]
			return runDeidWordAdd(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&opts.replacement, "replace", "", "what replaces it (required)")
	cmd.Flags().StringVar(&opts.kind, "kind", "", "what it is: person, place, organisation, … (default listed)")
	return cmd
}

// runDeidWordAdd adds a word or phrase and its replacement to the project's list.
func runDeidWordAdd(ctx context.Context, app *App, opts deidWordAddOptions, out io.Writer) error {
	if opts.replacement == "" {
		return usageError{errors.New("deid add: say what replaces it with --replace")}
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	w, err := st.AddDeidWord(ctx, app.person(), opts.text, opts.replacement, opts.kind)
	if err != nil {
		return fmt.Errorf("deid add: %w", err)
	}
	fmt.Fprintf(out, "listed %q → %q (%s); run `focal deid scan` to see where it occurs\n", w.Text, w.Replacement, w.Kind)
	return nil
}

func newDeidWordsCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "words",
		Short:   "The project's word list: words that identify someone, with their replacements",
		Example: "  focal deid words list\n  focal deid words add Riverside --replace \"[hospital]\"",
	}
	var addOpts deidWordAddOptions
	add := &cobra.Command{
		Use:     "add TEXT --replace WITH [--kind K]",
		Short:   "Add a word or phrase to the list",
		Example: `  focal deid words add "Sierra Sur" --replace "[región]" --kind place`,
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			addOpts.text = args[0]
			return runDeidWordAdd(cmd.Context(), app, addOpts, cmd.OutOrStdout())
		},
	}
	add.Flags().StringVar(&addOpts.replacement, "replace", "", "what replaces it (required)")
	add.Flags().StringVar(&addOpts.kind, "kind", "", "what it is: person, place, organisation, … (default listed)")
	var listOpts deidWordsListOptions
	list := &cobra.Command{
		Use:     "list",
		Short:   "List the project's word list",
		Example: "  focal deid words list --json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDeidWordsList(cmd.Context(), app, listOpts, cmd.OutOrStdout())
		},
	}
	addJSONFlag(list.Flags(), &listOpts.json, "print JSON (fields: id, text, replacement, kind, added_by, added_at)")
	remove := &cobra.Command{
		Use:     "remove TEXT",
		Short:   "Take a word off the list",
		Example: `  focal deid words remove Riverside`,
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDeidWordsRemove(cmd.Context(), app, deidWordsRemoveOptions{text: args[0]}, cmd.OutOrStdout())
		},
	}
	cmd.AddCommand(add, list, remove)
	return cmd
}

// deidWordsListOptions are the flags of `focal deid words list`.
type deidWordsListOptions struct{ json bool }

// runDeidWordsList lists the project's word list.
func runDeidWordsList(ctx context.Context, app *App, opts deidWordsListOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	ws, err := st.DeidWords(ctx)
	if err != nil {
		return err
	}
	if opts.json {
		return writeJSON(out, ws)
	}
	t := newTable(out, "TEXT", "REPLACEMENT", "KIND", "ADDED BY", "ADDED AT")
	for _, w := range ws {
		t.row(w.Text, w.Replacement, w.Kind, orDash(w.AddedBy), w.AddedAt)
	}
	return t.flush()
}

// deidWordsRemoveOptions are the argument of `focal deid words remove`.
type deidWordsRemoveOptions struct{ text string }

// runDeidWordsRemove takes a word off the project's list.
func runDeidWordsRemove(ctx context.Context, app *App, opts deidWordsRemoveOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	if err := st.RemoveDeidWord(ctx, app.person(), opts.text); err != nil {
		return fmt.Errorf("deid words remove: %w", err)
	}
	fmt.Fprintf(out, "removed %q from the word list\n", opts.text)
	return nil
}

// deidAllowOptions are the argument and flags of `focal deid allow`.
type deidAllowOptions struct {
	word, phrase, reason string
}

func newDeidAllowCmd(app *App) *cobra.Command {
	var opts deidAllowOptions
	cmd := &cobra.Command{
		Use:   "allow WORD --reason WHY [--phrase TEXT]",
		Short: "Record a reviewed exception: a name that is also a common word may appear",
		Long: `Names that are also common words ("Grace", "Will", "Hope", "Luz") are matched by
the gate only as written, so "dar a luz" passes while "Luz" does not. Where a
reviewed occurrence is the word and not the name, record an exception: for
the word everywhere, or only inside a phrase (safer). The reason is kept.`,
		Example: `  focal deid allow Hope --phrase "Hope Street Clinic" --reason "a place already replaced elsewhere"
  focal deid allow Will --reason "fg02 has no participant called Will"`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.word = args[0]
			return runDeidAllow(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&opts.phrase, "phrase", "", "allow the word only inside this phrase")
	cmd.Flags().StringVar(&opts.reason, "reason", "", "why the word may appear (required)")
	return cmd
}

// runDeidAllow records a reviewed exception the gate lets through.
func runDeidAllow(ctx context.Context, app *App, opts deidAllowOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	a, err := st.AllowDeidWord(ctx, app.person(), opts.word, opts.phrase, opts.reason)
	if err != nil {
		return fmt.Errorf("deid allow: %w", err)
	}
	where := "everywhere"
	if a.Phrase != "" {
		where = fmt.Sprintf("inside %q", a.Phrase)
	}
	fmt.Fprintf(out, "the gate now lets %q through %s\n", a.Word, where)
	return nil
}

// deidAllowedOptions are the flags of `focal deid allowed`.
type deidAllowedOptions struct{ json bool }

func newDeidAllowedCmd(app *App) *cobra.Command {
	var opts deidAllowedOptions
	cmd := &cobra.Command{
		Use:     "allowed",
		Short:   "List the gate's reviewed exceptions",
		Example: "  focal deid allowed --json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDeidAllowed(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	addJSONFlag(cmd.Flags(), &opts.json, "print JSON (fields: id, word, phrase, reason, added_by, added_at)")
	return cmd
}

// runDeidAllowed lists the gate's reviewed exceptions.
func runDeidAllowed(ctx context.Context, app *App, opts deidAllowedOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	as, err := st.DeidAllowed(ctx)
	if err != nil {
		return err
	}
	if opts.json {
		return writeJSON(out, as)
	}
	t := newTable(out, "WORD", "PHRASE", "REASON", "BY", "AT")
	for _, a := range as {
		t.row(a.Word, orDash(a.Phrase), a.Reason, orDash(a.AddedBy), a.AddedAt)
	}
	return t.flush()
}

// deidDisallowOptions are the argument and flags of `focal deid disallow`.
type deidDisallowOptions struct {
	word, phrase string
}

func newDeidDisallowCmd(app *App) *cobra.Command {
	var opts deidDisallowOptions
	cmd := &cobra.Command{
		Use:     "disallow WORD [--phrase TEXT]",
		Short:   "Remove a reviewed exception",
		Example: `  focal deid disallow Will`,
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.word = args[0]
			return runDeidDisallow(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&opts.phrase, "phrase", "", "the phrase the exception was recorded with")
	return cmd
}

// runDeidDisallow removes a reviewed exception.
func runDeidDisallow(ctx context.Context, app *App, opts deidDisallowOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	if err := st.DisallowDeidWord(ctx, app.person(), opts.word, opts.phrase); err != nil {
		return fmt.Errorf("deid disallow: %w", err)
	}
	fmt.Fprintf(out, "the gate no longer lets %q through\n", opts.word)
	return nil
}

// deidApplyOptions are the flags of `focal deid apply`.
type deidApplyOptions struct {
	inText  bool
	sources []string // only these; all when empty
	json    bool
}

func newDeidApplyCmd(app *App) *cobra.Command {
	var opts deidApplyOptions
	cmd := &cobra.Command{
		Use:   "apply [--in-text] [--source S…]",
		Short: "Show what exports replace, or write accepted replacements into the stored text",
		Long: `Without --in-text, show per source how many accepted replacements exports make
(they are made whenever text is rendered for export; nothing is changed).

With --in-text, write the accepted replacements into the stored text itself,
one correction per source: codings and findings move with the text, codings
whose own words changed are flagged for review, and the findings become
"applied". Speaker labels are not changed (de-identified exports and packets
name speakers by pseudonym or role). The original text stays in the log
(source.corrected), so a project shared with others should be exported, not
copied.`,
		Example: `  focal deid apply
  focal deid apply --in-text --source fg03-pertenencia-es`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDeidApply(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	cmd.Flags().BoolVar(&opts.inText, "in-text", false, "write the replacements into the stored text (a correction)")
	cmd.Flags().StringSliceVar(&opts.sources, "source", nil, "only these sources (repeatable)")
	addJSONFlag(cmd.Flags(), &opts.json, "print the result as JSON")
	app.completeFlag(cmd, "source", completeSources(app))
	return acceptSubjectArg(cmd, "source")
}

// runDeidApply shows what exports replace or, with inText, writes the
// accepted replacements into the stored text.
func runDeidApply(ctx context.Context, app *App, opts deidApplyOptions, out io.Writer) error {
	inText, only, asJSON := opts.inText, opts.sources, opts.json
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	sources, err := st.Sources(ctx)
	if err != nil {
		return err
	}
	if !inText {
		d, err := st.Deidentification(ctx)
		if err != nil {
			return err
		}
		type preview struct {
			Source  string   `json:"source"`
			Replace int      `json:"replacements"`
			Stale   []string `json:"not_found"`
		}
		var rows []preview
		for _, src := range sources {
			if len(only) > 0 && !containsString(only, src.Name) {
				continue
			}
			text, err := st.SourceText(ctx, src.ID)
			if err != nil {
				return err
			}
			replaced, stale := d.Preview(src.ID, text)
			rows = append(rows, preview{Source: src.Name, Replace: replaced, Stale: append([]string{}, stale...)})
		}
		if asJSON {
			return writeJSON(out, rows)
		}
		fmt.Fprintln(out, "exports replace the accepted findings and listed words when they render text (nothing was changed; --in-text writes them into the stored text):")
		t := newTable(out, "SOURCE", "ACCEPTED REPLACEMENTS", "NOT FOUND IN THE TEXT")
		for _, r := range rows {
			t.row(r.Source, r.Replace, orDash(strings.Join(r.Stale, ", ")))
		}
		fmt.Fprintf(out, "listed words (replaced wherever they occur): %d\n", d.Words())
		fmt.Fprintf(out, "listed names (replaced wherever they occur, in any case): %d\n", d.Names())
		return t.flush()
	}
	// Under blinding the flagged codings of others are only counted.
	sight, err := st.SightOrNobody(ctx, app.person())
	if err != nil {
		return err
	}
	var results []study.DeidApplyResult
	for _, src := range sources {
		if len(only) > 0 && !containsString(only, src.Name) {
			continue
		}
		res, err := st.ApplyDeidInText(ctx, app.person(), src.ID, unitsFor(src.Language))
		if err != nil {
			return fmt.Errorf("deid apply %s: %w", src.Name, err)
		}
		results = append(results, res)
	}
	if asJSON {
		for i := range results {
			results[i].Correction.Flagged = seenFlagged(results[i].Correction.Flagged, sight)
		}
		return writeJSON(out, results)
	}
	for _, r := range results {
		fmt.Fprintf(out, "%s: %s written into the text", r.Source, plural(r.Replaced, "replacement"))
		if len(r.Stale) > 0 {
			fmt.Fprintf(out, "; not found: %s", strings.Join(r.Stale, ", "))
		}
		fmt.Fprintln(out)
		if r.Replaced > 0 {
			printCorrectionSeen(out, r.Source, r.Correction, sight)
		}
	}
	return nil
}

// deidKeyOptions are the flags of `focal deid key`.
type deidKeyOptions struct {
	out   string // the key file, as the user typed it
	force bool
	raw   bool // write cells untouched (no formula neutralisation)
}

func newDeidKeyCmd(app *App) *cobra.Command {
	var opts deidKeyOptions
	cmd := &cobra.Command{
		Use:   "key --out key.csv",
		Short: "Write the study's key file: pseudonym ↔ real name, and nothing else",
		Long: `Write the mapping between pseudonyms and real names (the names the transcripts
label speakers with) as CSV: participant, pseudonym, real_name, one row per
name. The file is readable by its owner only (mode 0600); keep it apart from
the data, as the study's key file. An existing file is replaced only with
--force, and a symbolic link is never written through.

` + csvFormulaHelp,
		Example: "  focal deid key --out /secure/belonging-key.csv",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDeidKey(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVarP(&opts.out, "out", "o", "", "the key file to write")
	cmd.Flags().BoolVar(&opts.force, "force", false, "replace an existing file")
	cmd.Flags().BoolVar(&opts.raw, "raw", false, csvRawHelp)
	return cmd
}

// runDeidKey writes the study's key file: pseudonym ↔ real name.
func runDeidKey(ctx context.Context, app *App, opts deidKeyOptions, out io.Writer) error {
	outPath := opts.out
	if outPath == "" {
		return usageError{errors.New("deid key: name the key file with --out (it holds real names; it is not printed)")}
	}
	if outPath == "-" {
		return usageError{errors.New("deid key: the key file holds real names and is not printed; name a file with --out")}
	}
	if err := checkOutputFile(app, outPath, opts.force); err != nil {
		return fmt.Errorf("deid key: %w", err)
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	entries, err := st.DeidKey(ctx)
	if err != nil {
		return err
	}
	rows := 0
	err = writeOutputFile(app, outPath, opts.force, func(f io.Writer) error {
		w := safecsv.NewWriter(f, safecsv.Options{Raw: opts.raw})
		w.Write("participant", "pseudonym", "real_name")
		for _, e := range entries {
			for _, n := range e.Names {
				w.Write(e.Participant, e.Pseudonym, n)
				rows++
			}
			if len(e.Names) == 0 {
				w.Write(e.Participant, e.Pseudonym, "")
				rows++
			}
		}
		return w.Flush()
	})
	if err != nil {
		return fmt.Errorf("deid key: %w", err)
	}
	abs, _ := filepath.Abs(app.path(outPath))
	fmt.Fprintf(out, "wrote the key file %s (%s, mode 0600): keep it apart from the data\n", abs, plural(rows, "row"))
	return nil
}

// deidCheckOptions are the flags of `focal deid check`.
type deidCheckOptions struct {
	dataset investigatorOptions
	json    bool
}

func newDeidCheckCmd(app *App) *cobra.Command {
	var opts deidCheckOptions
	cmd := &cobra.Command{
		Use:   "check [--coder NAME|all|consensus]",
		Short: "Run the de-identification review and gate over the whole project as an export would, without writing anything",
		Example: `  focal deid check
  focal deid check --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDeidCheck(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&opts.dataset.coder, "coder", "", "layer to check, as for exports (default: all)")
	cmd.Flags().BoolVar(&opts.dataset.includeModerators, "include-moderators", false, "include moderators' words")
	addJSONFlag(cmd.Flags(), &opts.json, "print the places the gate refuses as JSON")
	return cmd
}

// runDeidCheck runs the de-identification review and gate over the whole
// project as an export would, writing nothing.
func runDeidCheck(ctx context.Context, app *App, opts deidCheckOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	dopts := opts.dataset
	dopts.deidentified, dopts.noAgreement = true, true
	_, err = assembleDataset(ctx, st, app.person(), dopts, false)
	var gate *study.GateError
	switch {
	case errors.As(err, &gate):
		if opts.json {
			writeJSON(out, gate.Violations)
			return silentError{}
		}
		fmt.Fprint(out, gate.List(0))
		return fmt.Errorf("deid check: %w", err)
	case err != nil:
		return fmt.Errorf("deid check: %w", err)
	}
	if opts.json {
		return writeJSON(out, []deid.Violation{})
	}
	fmt.Fprintln(out, "the gate lets the project through: no known real name or accepted identifier appears in what an export shows")
	return nil
}

// seenFlagged keeps the flagged codings the person may see: under blinding
// their own only.
func seenFlagged(flagged []study.FlaggedCoding, sight study.Sight) []study.FlaggedCoding {
	out := []study.FlaggedCoding{}
	for _, f := range flagged {
		if sight.SeesCoder(f.Coder) {
			out = append(out, f)
		}
	}
	return out
}
