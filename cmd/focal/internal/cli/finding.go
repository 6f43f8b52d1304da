package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/focalqda/focal/coding/study"
)

// parseAttrs reads repeated --attr KEY=VALUE flags.
func parseAttrs(flags []string) (map[string]string, error) {
	if len(flags) == 0 {
		return nil, nil
	}
	out := map[string]string{}
	for _, f := range flags {
		k, v, ok := strings.Cut(f, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return nil, usageError{fmt.Errorf("--attr %q: write it as KEY=VALUE, e.g. --attr pgy=PGY-1", f)}
		}
		out[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	return out, nil
}

// codePassagesOptions are the argument and flags of `focal code passages`.
type codePassagesOptions struct {
	query study.PassageQuery
	attrs []string
	json  bool
}

func newCodePassagesCmd(app *App) *cobra.Command {
	var opts codePassagesOptions
	cmd := &cobra.Command{
		Use:   "passages CODE [--subtree] [--attr KEY=VALUE]... [--group G] [--context N]",
		Short: "Read every passage of a code across all sources, with who said it and where",
		Long: `Print every passage coded with CODE in every source, in transcript order, each
with its source, group, turn, speaker, participant (and their attributes with
--json) and coder. While blinding is on you read only your own codings.
--subtree adds the code's sub-codes; --attr (repeatable) keeps the passages of
participants with that attribute; --group keeps one focus group; --context N
adds the N turns before and after each passage.`,
		Example: `  focal code passages belonging/isolation --as ben
  focal code passages belonging --subtree --attr pgy=PGY-1 --as ben
  focal code passages identity/gender --group "Group 1 (North)" --context 1 --as ben`,
		Args:              exactArgs(1),
		ValidArgsFunction: completeCodes(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.query.Code = args[0]
			return runCodePassages(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opts.query.Subtree, "subtree", false, "include the code's sub-codes")
	f.StringVar(&opts.query.Coder, "coder", "", "one coder's passages (under blinding, only yours)")
	f.StringArrayVar(&opts.attrs, "attr", nil, "keep participants with this attribute, KEY=VALUE (repeatable: all must hold)")
	f.StringVar(&opts.query.Group, "group", "", "keep one focus group")
	f.IntVar(&opts.query.Context, "context", 0, "add N turns of context before and after each passage")
	f.StringVar(&opts.query.With, "with", "", "keep the passages overlapping a coding of this code by the same coder (a cell of `focal query cooccurrence`)")
	f.StringVar(&opts.query.Layer, "layer", "", "keep the codings a query counts: a coder's name, all or consensus where a source's consensus is not complete (as --coder of the exports)")
	addJSONFlag(f, &opts.json, "print JSON: one object per passage, with group, participant attributes and context turns")
	return cmd
}

// runCodePassages prints a code's passages across the study.
func runCodePassages(ctx context.Context, app *App, opts codePassagesOptions, out io.Writer) error {
	attrs, err := parseAttrs(opts.attrs)
	if err != nil {
		return err
	}
	if opts.query.Context < 0 {
		return usageError{errors.New("--context: give a number of turns, 0 or more")}
	}
	opts.query.Attrs = attrs
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	ps, err := st.CodePassages(ctx, app.person(), opts.query)
	if err != nil {
		return err
	}
	if opts.json {
		return writeJSON(out, ps)
	}
	if len(ps) == 0 {
		fmt.Fprintln(out, "no passages")
		return nil
	}
	sources := map[string]bool{}
	for i, p := range ps {
		sources[p.Source] = true
		if i > 0 {
			fmt.Fprintln(out)
		}
		who := p.Speaker
		if p.Participant != "" && p.Participant != p.Speaker {
			who = p.Participant + " " + p.Speaker
		}
		fmt.Fprintf(out, "%s · %s · turn %d · %s · %s · %s\n", p.Source, orDash(p.Group), p.Turn, orDash(who), p.Code, p.Coder)
		for _, c := range p.Before {
			fmt.Fprintf(out, "    %d %s: %s\n", c.Turn, c.Speaker, c.Text)
		}
		fmt.Fprintf(out, "  » %s\n", strings.ReplaceAll(p.Text, "\n", "\n    "))
		for _, c := range p.After {
			fmt.Fprintf(out, "    %d %s: %s\n", c.Turn, c.Speaker, c.Text)
		}
	}
	fmt.Fprintf(out, "\n%s in %s\n", plural(len(ps), "passage"), plural(len(sources), "source"))
	return nil
}

// searchOptions are the argument and flags of `focal search`.
type searchOptions struct {
	query  study.SearchQuery
	attrs  []string
	code   string
	extend string
	newCod bool
	json   bool
}

func newSearchCmd(app *App) *cobra.Command {
	var opts searchOptions
	cmd := &cobra.Command{
		Use:   "search PATTERN [--regexp] [--stem] [--source S] [--speaker X] [--attr KEY=VALUE] [--group G] [--code C [--extend sentence|turn]]",
		Short: "Search the transcripts for words, a phrase or a pattern, and code the hits",
		Long: `Search every source (or --source S) for words or a phrase, matched as whole
words ignoring case and accents ("jose" finds "José"); a word ending in * finds
every word starting so. --stem also finds other forms ("belong" finds
"belonging", "belongs"; English and Spanish endings). --regexp takes PATTERN as
a regular expression (Go syntax), ignoring case. --speaker, --attr and --group
limit the turns searched. Each hit is printed as a keyword-in-context line.

--code C codes every hit with C in your own layer, as ONE action: one
` + "`focal undo`" + ` takes all of them back. --extend sentence or turn codes the
sentence or turn holding each hit instead (hits in one of them code it once).`,
		Example: `  focal search "only one"
  focal search belong --stem --group "Group 2 (West)"
  focal search 'intérpret\w*' --regexp --source fg03-pertenencia-es
  focal search mentor --stem --attr pgy=PGY-1 --code support/mentorship --extend sentence --as ben`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.query.Pattern = args[0]
			return runSearch(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opts.query.Regexp, "regexp", false, "PATTERN is a regular expression (ignoring case)")
	f.BoolVar(&opts.query.Stem, "stem", false, "also find other forms of the words (belong, belonging, belongs)")
	f.StringVar(&opts.query.Source, "source", "", "search one source only")
	f.StringVar(&opts.query.Speaker, "speaker", "", "search one speaker's turns (speaker name or participant)")
	f.StringArrayVar(&opts.attrs, "attr", nil, "search the turns of participants with this attribute, KEY=VALUE (repeatable)")
	f.StringVar(&opts.query.Group, "group", "", "search one focus group")
	f.IntVar(&opts.query.Context, "context", 40, "characters of context either side of a hit")
	f.StringVar(&opts.code, "code", "", "code every hit with this code (one action; `focal undo` takes it back)")
	f.StringVar(&opts.extend, "extend", "", "with --code: code the sentence or the turn holding each hit")
	f.BoolVar(&opts.newCod, "new", false, "with --code: the code named is new, even if it resembles an existing code's name")
	addJSONFlag(f, &opts.json, "print JSON: the hits (source, group, turn, speaker, participant, start, end, before, match, after) and, with --code, what was coded")
	app.completeFlag(cmd, "source", completeSources(app))
	app.completeFlag(cmd, "code", completeCodes(app))
	return cmd
}

// searchJSON is what `focal search --json` prints.
type searchJSON struct {
	study.SearchResult
	Coded *study.CodedHits `json:"coded,omitempty"`
}

// runSearch searches the transcripts and, with --code, codes the hits.
func runSearch(ctx context.Context, app *App, opts searchOptions, out io.Writer) error {
	attrs, err := parseAttrs(opts.attrs)
	if err != nil {
		return err
	}
	opts.query.Attrs = attrs
	ext := study.Extent(opts.extend)
	switch ext {
	case study.ExtendMatch, study.ExtendSentence, study.ExtendTurn:
	default:
		return usageError{fmt.Errorf("--extend %q: say sentence or turn", opts.extend)}
	}
	if opts.code == "" && (ext != study.ExtendMatch || opts.newCod) {
		return usageError{errors.New("--extend and --new go with --code C, the code to apply to the hits")}
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	res, err := st.Search(ctx, opts.query)
	if err != nil {
		return err
	}
	var coded *study.CodedHits
	if opts.code != "" && len(res.Hits) > 0 {
		spans := make([]study.HitSpan, len(res.Hits))
		for i, h := range res.Hits {
			spans[i] = study.HitSpan{Source: h.SourceID, Start: h.Start, End: h.End}
		}
		c, err := st.CodeHits(ctx, app.person(), study.CodeHitsRequest{Code: opts.code, NewCode: opts.newCod, Extend: ext, Hits: spans})
		if err != nil {
			return err
		}
		coded = &c
	}
	if opts.json {
		if res.Hits == nil {
			res.Hits = []study.Hit{}
		}
		return writeJSON(out, searchJSON{SearchResult: res, Coded: coded})
	}
	if len(res.Hits) == 0 {
		fmt.Fprintf(out, "no match in %s (%s searched)\n", plural(res.Sources, "source"), plural(res.Turns, "turn"))
		return nil
	}
	printKWIC(out, res.Hits)
	sources := map[string]bool{}
	for _, h := range res.Hits {
		sources[h.Source] = true
	}
	fmt.Fprintf(out, "\n%s in %s (%s searched)\n", plural(len(res.Hits), "hit"), plural(len(sources), "source"), plural(res.Turns, "turn"))
	if coded != nil {
		what := "the hits"
		if ext != study.ExtendMatch {
			what = "the " + string(ext) + "s holding them"
		}
		fmt.Fprintf(out, "coded %s with %s: %d new, %d already coded so (one action: `focal undo` takes it back)\n",
			what, coded.Code, coded.Added, coded.Existed)
		if coded.CreatedCode {
			fmt.Fprintf(out, "created the code %s\n", coded.Code)
		}
	}
	return nil
}

// printKWIC prints hits as keyword-in-context lines, the matches lined up.
func printKWIC(out io.Writer, hits []study.Hit) {
	width := 0
	for _, h := range hits {
		width = max(width, len([]rune(h.Before)))
	}
	where := make([]string, len(hits))
	ww := 0
	for i, h := range hits {
		where[i] = fmt.Sprintf("%s %d %s", h.Source, h.Turn, h.Speaker)
		if h.Participant != "" && h.Participant != h.Speaker {
			where[i] = fmt.Sprintf("%s %d %s", h.Source, h.Turn, h.Participant)
		}
		ww = max(ww, len([]rune(where[i])))
	}
	for i, h := range hits {
		pad := strings.Repeat(" ", width-len([]rune(h.Before)))
		fmt.Fprintf(out, "%-*s  %s%s[%s]%s\n", ww, where[i], pad, h.Before, h.Match, h.After)
	}
}
