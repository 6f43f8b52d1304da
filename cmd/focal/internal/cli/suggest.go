package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
)

func newSuggestCmd(app *App) *cobra.Command {
	var opts suggestOptions
	cmd := &cobra.Command{
		Use:   "suggest CODE [--unit sentence|turn] [--source S] [--limit N]",
		Short: "Suggest passages to code with a code, and say why each is suggested",
		Long: `Rank the passages (sentences, or whole turns with --unit turn) not yet coded
with CODE by how much their words resemble the passages coded with it, and show
why: the words each shares with them and their weights, which add up to its
score. The model (BM25 over word stems, without the language's stop words;
docs/ANALYSIS.md, "Suggestions") is built from this project alone, on this
machine. Under blinding it learns from your own codings only; otherwise from
everyone's. The moderator's turns and passages rejected for the code are never
suggested.

Suggestions code nothing. Code one with ` + "`focal suggest accept CODE PASSAGE`" + ` (one
action, which ` + "`focal undo`" + ` takes back) or say it is not for the code with
` + "`focal suggest reject CODE PASSAGE`" + `, remembered in the project; PASSAGE is shown
as SOURCE:START-END. (A code named accept, reject or check at the top of the
codebook is written with a leading slash: focal suggest /check.)`,
		Example: `  focal --as ben suggest belonging/isolation
  focal --as ben suggest isolation --unit turn --source fg01-belonging-en --limit 5
  focal --as ben suggest hierarchy/speaking-up --json`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.code = args[0]
			return runSuggest(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.unit, "unit", study.UnitSentence, "what a passage is: sentence or turn")
	f.StringVar(&opts.source, "source", "", "suggest passages of this source only")
	f.IntVar(&opts.limit, "limit", 10, "how many passages to suggest")
	addJSONFlag(f, &opts.json, "print JSON (fields: code, unit, learned_from, layer, candidates, suggestions: source, start, end, turn, speaker, participant, text, score, why: term, word, weight, share, idf, count)")
	app.completeFlag(cmd, "source", completeSources(app))
	cmd.ValidArgsFunction = completeCodes(app)
	cmd.AddCommand(newSuggestAcceptCmd(app), newSuggestRejectCmd(app), newSuggestCheckCmd(app))
	return cmd
}

// suggestOptions are the flags of `focal suggest`.
type suggestOptions struct {
	code, unit, source string
	limit              int
	json               bool
}

// runSuggest prints the passages suggested for a code, with why.
func runSuggest(ctx context.Context, app *App, opts suggestOptions, out io.Writer) error {
	if opts.limit < 1 {
		return usageError{errors.New("suggest: --limit must be 1 or more")}
	}
	if opts.unit != study.UnitSentence && opts.unit != study.UnitTurn {
		return usageError{fmt.Errorf("suggest: --unit %q: give sentence or turn", opts.unit)}
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	s, err := st.Suggest(ctx, app.person(), study.SuggestRequest{Code: opts.code, Unit: opts.unit, Source: opts.source, Limit: opts.limit})
	if err != nil {
		return fmt.Errorf("suggest: %w", err)
	}
	if opts.json {
		return writeJSON(out, s)
	}
	unit, codings := s.Unit+"s", "codings"
	if len(s.Suggestions) == 1 {
		unit = s.Unit
	}
	if s.Learned == 1 {
		codings = "coding"
	}
	fmt.Fprintf(out, "%s: %d %s suggested of %d uncoded, learned from %d %s (%s)\n", s.Code, len(s.Suggestions), unit, s.Candidates, s.Learned, codings, s.Layer)
	if len(s.Suggestions) == 0 {
		fmt.Fprintln(out, "no passage shares a word with the coded ones")
		return nil
	}
	for i, x := range s.Suggestions {
		who := x.Speaker
		if x.Participant != "" {
			who += " (" + x.Participant + ")"
		}
		fmt.Fprintf(out, "\n%2d. %s  turn %d, %s  score %.2f\n", i+1, passageRef(x.Source, x.Start, x.End), x.Turn, who, x.Score)
		fmt.Fprintf(out, "    %s\n", clipText(x.Text, 300))
		var why []string
		for _, w := range x.Why {
			why = append(why, fmt.Sprintf("%s %.2f", w.Word, w.Weight))
		}
		fmt.Fprintf(out, "    why: %s\n", strings.Join(why, ", "))
	}
	fmt.Fprintf(out, "\ncode one: focal suggest accept %s PASSAGE; not for this code: focal suggest reject %s PASSAGE\n", s.Code, s.Code)
	return nil
}

// passageRef writes a passage as SOURCE:START-END, the way accept and
// reject read it.
func passageRef(source string, start, end int) string {
	return fmt.Sprintf("%s:%d-%d", source, start, end)
}

// parsePassage reads SOURCE:START-END (the last colon ends the source's
// name, which may hold colons).
func parsePassage(ref string) (string, corpus.Span, error) {
	bad := fmt.Errorf("passage %q: write it as SOURCE:START-END, as `focal suggest` shows it", ref)
	i := strings.LastIndex(ref, ":")
	if i <= 0 {
		return "", corpus.Span{}, bad
	}
	a, b, ok := strings.Cut(ref[i+1:], "-")
	if !ok {
		return "", corpus.Span{}, bad
	}
	start, err1 := strconv.Atoi(a)
	end, err2 := strconv.Atoi(b)
	if err1 != nil || err2 != nil || start < 0 || end <= start {
		return "", corpus.Span{}, bad
	}
	return ref[:i], corpus.Span{Start: start, End: end}, nil
}

// suggestDecisionOptions are the arguments of `focal suggest accept|reject`.
type suggestDecisionOptions struct {
	code, passage string
	json          bool
}

func newSuggestAcceptCmd(app *App) *cobra.Command {
	var opts suggestDecisionOptions
	cmd := &cobra.Command{
		Use:   "accept CODE SOURCE:START-END",
		Short: "Code a suggested passage with the code (one action; undo takes it back)",
		Long: `Code the passage, as ` + "`focal suggest`" + ` shows it (SOURCE:START-END), with CODE in your
own layer: the same as ` + "`focal coding add`" + ` with --start and --end, one action that
` + "`focal undo`" + ` takes back. The code must exist.`,
		Example: `  focal --as ben suggest accept belonging/isolation fg01-belonging-en:16325-16375`,
		Args:    exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.code, opts.passage = args[0], args[1]
			return runSuggestAccept(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	addJSONFlag(cmd.Flags(), &opts.json, "print the coding made as JSON (fields: id, source, coder, code, code_id, start, end)")
	cmd.ValidArgsFunction = completeCodes(app)
	return cmd
}

// runSuggestAccept codes a suggested passage.
func runSuggestAccept(ctx context.Context, app *App, opts suggestDecisionOptions, out io.Writer) error {
	source, span, err := parsePassage(opts.passage)
	if err != nil {
		return usageError{fmt.Errorf("suggest accept: %w", err)}
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	res, err := st.AcceptSuggestion(ctx, app.person(), opts.code, source, span)
	if err != nil {
		return fmt.Errorf("suggest accept: %w", err)
	}
	if opts.json {
		return writeJSON(out, res.Coding)
	}
	if res.Existed {
		fmt.Fprintf(out, "already coded: %s %d–%d %s (nothing changed)\n", res.Coding.Source, span.Start, span.End, res.Coding.Code)
		return nil
	}
	fmt.Fprintf(out, "coded %s %d–%d as %s (coding %s); `focal undo` takes it back\n", res.Coding.Source, span.Start, span.End, res.Coding.Code, res.Coding.ID[:8])
	return nil
}

func newSuggestRejectCmd(app *App) *cobra.Command {
	var opts suggestDecisionOptions
	cmd := &cobra.Command{
		Use:   "reject CODE SOURCE:START-END",
		Short: "Say a suggested passage is not for the code: it is never suggested to you again for it",
		Long: `Remember, in the project, that the passage (SOURCE:START-END, as ` + "`focal suggest`" + `
shows it) is not for CODE, so that it is not suggested again for it. The
rejection is yours: under blinding nobody else sees it or is affected by it.
` + "`focal undo`" + ` takes it back.`,
		Example: `  focal --as ben suggest reject belonging/isolation fg01-belonging-en:16325-16375`,
		Args:    exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.code, opts.passage = args[0], args[1]
			return runSuggestReject(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	addJSONFlag(cmd.Flags(), &opts.json, "print the rejection as JSON (fields: id, code, code_id, source, source_id, coder, start, end, at)")
	cmd.ValidArgsFunction = completeCodes(app)
	return cmd
}

// runSuggestReject remembers that a passage is not for a code.
func runSuggestReject(ctx context.Context, app *App, opts suggestDecisionOptions, out io.Writer) error {
	source, span, err := parsePassage(opts.passage)
	if err != nil {
		return usageError{fmt.Errorf("suggest reject: %w", err)}
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	r, existed, err := st.RejectSuggestion(ctx, app.person(), opts.code, source, span)
	if err != nil {
		return fmt.Errorf("suggest reject: %w", err)
	}
	if opts.json {
		return writeJSON(out, r)
	}
	if existed {
		fmt.Fprintf(out, "already rejected for %s: %s (nothing changed)\n", r.Code, passageRef(r.Source, r.Start, r.End))
		return nil
	}
	fmt.Fprintf(out, "%s will not be suggested to you again for %s; `focal undo` takes this back\n", passageRef(r.Source, r.Start, r.End), r.Code)
	return nil
}

// suggestCheckOptions are the flags of `focal suggest check`.
type suggestCheckOptions struct {
	unit string
	k    int
	json bool
}

func newSuggestCheckCmd(app *App) *cobra.Command {
	var opts suggestCheckOptions
	cmd := &cobra.Command{
		Use:   "check [--unit sentence|turn] [--k N]",
		Short: "Measure the suggestions: precision at K against codings hidden from the model",
		Long: `For every code with at least 4 codings you may see (your own under blinding),
split its codings in two halves (the 1st, 3rd, 5th… and the 2nd, 4th…), build
the model from one half and count how many of its top K suggestions overlap a
coding of the other half; then the other way round. Precision at K is the hits
over 2K; RANDOM is what a random order of the same passages would get, BEST
POSSIBLE what a perfect one would (less than 1 when fewer passages are hidden
than K).
Nothing is written. docs/ANALYSIS.md reports it on the demo project.`,
		Example: `  focal --as ben suggest check
  focal --as ben suggest check --unit turn --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runSuggestCheck(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.unit, "unit", study.UnitSentence, "what a passage is: sentence or turn")
	f.IntVar(&opts.k, "k", 10, "how many suggestions to check per code and half")
	addJSONFlag(f, &opts.json, "print JSON (a list of: code, codings, hits, shown, precision, baseline, ceiling)")
	return cmd
}

// runSuggestCheck prints precision at K of the suggestions, per code.
func runSuggestCheck(ctx context.Context, app *App, opts suggestCheckOptions, out io.Writer) error {
	if opts.k < 1 {
		return usageError{errors.New("suggest check: --k must be 1 or more")}
	}
	if opts.unit != study.UnitSentence && opts.unit != study.UnitTurn {
		return usageError{fmt.Errorf("suggest check: --unit %q: give sentence or turn", opts.unit)}
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	checks, err := st.CheckSuggestions(ctx, app.person(), opts.unit, opts.k)
	if err != nil {
		return fmt.Errorf("suggest check: %w", err)
	}
	if opts.json {
		return writeJSON(out, checks)
	}
	if len(checks) == 0 {
		fmt.Fprintln(out, "no code has 4 codings or more to check against")
		return nil
	}
	t := newTable(out, "CODE", "CODINGS", fmt.Sprintf("P@%d", opts.k), "RANDOM", "BEST POSSIBLE")
	var p, b, c float64
	for _, x := range checks {
		t.row(x.Code, x.Codings, fmt.Sprintf("%.2f", x.Precision), fmt.Sprintf("%.2f", x.Baseline), fmt.Sprintf("%.2f", x.Ceiling))
		p += x.Precision
		b += x.Baseline
		c += x.Ceiling
	}
	n := float64(len(checks))
	t.row(fmt.Sprintf("mean of %d codes", len(checks)), "", fmt.Sprintf("%.2f", p/n), fmt.Sprintf("%.2f", b/n), fmt.Sprintf("%.2f", c/n))
	return t.flush()
}
