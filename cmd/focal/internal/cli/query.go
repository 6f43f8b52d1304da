package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/focalqda/focal/coding/study"
)

func newQueryCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "query",
		Short: "Ask which words and codes go together: word frequencies, code co-occurrence, codes by attribute",
		Long: `Queries count what the team coded and said. Code queries count the codings an
export would (--coder: a coder's name, all or consensus where a source's
consensus is not complete; a source whose consensus is complete counts its
consensus; under blinding only your own). Read the passages behind a cell with
` + "`focal code passages`" + ` (--with for co-occurrence, --attr for an attribute).`,
	}
	cmd.AddCommand(newQueryWordsCmd(app), newQueryCooccurrenceCmd(app), newQueryAttributeCmd(app))
	return cmd
}

// queryOptions are the flags every query shares.
type queryOptions struct {
	attrs []string // KEY=VALUE, read by parseAttrs
	json  bool
}

// codeQueryOptions are the flags of the code queries.
type codeQueryOptions struct {
	queryOptions
	opts study.QueryOptions
}

func addQueryFlags(cmd *cobra.Command, o *codeQueryOptions) {
	f := cmd.Flags()
	f.StringVar(&o.opts.Layer, "coder", "", "layer where a source's consensus is not complete: a coder's name, all or consensus (default: all, or your own while blinding is on)")
	f.StringVar(&o.opts.Group, "group", "", "count one focus group")
	f.StringArrayVar(&o.attrs, "attr", nil, "count the codings on words of participants with this attribute, KEY=VALUE (repeatable)")
	addJSONFlag(f, &o.json, "print JSON")
}

// query is one question a query command asks the study: ask reads the
// answer for person, the participant attributes given; print writes it
// as text (--json prints the answer as it is).
type query[T any] struct {
	ask   func(ctx context.Context, st *study.Study, p study.Person, attrs map[string]string) (T, error)
	print func(out io.Writer, answer T) error
}

// runQuery runs a query command: reads the attributes asked for, opens
// the study, asks q as the acting person and prints the answer.
func runQuery[T any](ctx context.Context, app *App, o queryOptions, q query[T], out io.Writer) error {
	attrs, err := parseAttrs(o.attrs)
	if err != nil {
		return err
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	answer, err := q.ask(ctx, st, app.person(), attrs)
	if err != nil {
		return err
	}
	if o.json {
		return writeJSON(out, answer)
	}
	return q.print(out, answer)
}

func newQueryCooccurrenceCmd(app *App) *cobra.Command {
	var o codeQueryOptions
	cmd := &cobra.Command{
		Use:   "cooccurrence [--coder LAYER] [--group G] [--attr KEY=VALUE]",
		Short: "Which codes are applied to the same text: a code × code matrix",
		Long: `Count, for each pair of codes, the overlapping codings one coder gave them
(the consensus counts as one coder); the diagonal is each code's codings. The
passages behind a cell: ` + "`focal code passages A --with B`" + `.`,
		Example: `  focal query cooccurrence --as ben
  focal query cooccurrence --group "Group 3 (Spanish)" --json --as ben
  focal code passages belonging/isolation --with hierarchy/microaggressions --as ben`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runQuery(cmd.Context(), app, o.queryOptions, cooccurrenceQuery(o.opts), cmd.OutOrStdout())
		},
	}
	addQueryFlags(cmd, &o)
	return cmd
}

// cooccurrenceQuery counts overlapping codings of each pair of codes.
func cooccurrenceQuery(opts study.QueryOptions) query[study.CoOccurrence] {
	return query[study.CoOccurrence]{
		ask: func(ctx context.Context, st *study.Study, p study.Person, attrs map[string]string) (study.CoOccurrence, error) {
			opts.Attrs = attrs
			return st.CodeCoOccurrence(ctx, p, opts)
		},
		print: func(out io.Writer, m study.CoOccurrence) error {
			if len(m.Codes) == 0 {
				fmt.Fprintln(out, "no codings to count")
				return nil
			}
			fmt.Fprintf(out, "codings of %s; overlapping codings by one coder\n\n", layerName(m.Layer))
			header := []string{"CODE"}
			for i := range m.Codes {
				header = append(header, fmt.Sprint(i+1))
			}
			t := newTable(out, header...)
			for i, c := range m.Codes {
				row := []any{fmt.Sprintf("%d %s", i+1, c)}
				for j := range m.Codes {
					row = append(row, m.Counts[i][j])
				}
				t.row(row...)
			}
			return t.flush()
		},
	}
}

func layerName(l string) string {
	switch l {
	case study.LayerAllCoders:
		return "every coder"
	case study.LayerConsensus:
		return "the consensus"
	}
	return l
}

func newQueryAttributeCmd(app *App) *cobra.Command {
	var o codeQueryOptions
	cmd := &cobra.Command{
		Use:   "attribute KEY [--coder LAYER] [--group G]",
		Short: "How each code's codings spread over a participant attribute's values: a code × value matrix",
		Long: `Count each code's codings by the value of a participant attribute of whoever
speaks where the coding starts, with how many participants they come from;
"(none)" gathers codings on the words of speakers without the attribute (the
moderator, say). The passages behind a cell: ` + "`focal code passages CODE --attr KEY=VALUE`" + `.`,
		Example: `  focal query attribute pgy --as ben
  focal query attribute site --json --as ben`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runQuery(cmd.Context(), app, o.queryOptions, attributeQuery(args[0], o.opts), cmd.OutOrStdout())
		},
	}
	addQueryFlags(cmd, &o)
	return cmd
}

// attributeQuery counts each code's codings by the values of attr.
func attributeQuery(attr string, opts study.QueryOptions) query[study.CodeByAttribute] {
	return query[study.CodeByAttribute]{
		ask: func(ctx context.Context, st *study.Study, p study.Person, attrs map[string]string) (study.CodeByAttribute, error) {
			opts.Attrs = attrs
			return st.CodesByAttribute(ctx, p, attr, opts)
		},
		print: func(out io.Writer, m study.CodeByAttribute) error {
			if len(m.Codes) == 0 {
				fmt.Fprintln(out, "no codings to count")
				return nil
			}
			fmt.Fprintf(out, "codings of %s by %s (participants in brackets)\n\n", layerName(m.Layer), m.Attribute)
			t := newTable(out, append([]string{"CODE"}, m.Values...)...)
			for i, c := range m.Codes {
				row := []any{c}
				for j := range m.Values {
					row = append(row, fmt.Sprintf("%d (%d)", m.Codings[i][j], m.Participants[i][j]))
				}
				t.row(row...)
			}
			return t.flush()
		},
	}
}

// queryWordsOptions are the flags of query words.
type queryWordsOptions struct {
	queryOptions
	q study.WordQuery
}

func newQueryWordsCmd(app *App) *cobra.Command {
	var o queryWordsOptions
	cmd := &cobra.Command{
		Use:   "words [--by group|KEY] [--top N] [--moderators] [--group G] [--attr KEY=VALUE]",
		Short: "The most frequent words, stop words left out, by focus group or participant attribute",
		Long: `Count the words of the transcripts, ignoring case and accents, leaving out each
source's language's stop words, numbers and one-letter words, and the
moderators' turns (--moderators counts them). --by group or --by an attribute's
key splits the counts into columns. Read a word's places with ` + "`focal search WORD`" + `.`,
		Example: `  focal query words
  focal query words --by group --top 20
  focal query words --by pgy --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runQuery(cmd.Context(), app, o.queryOptions, wordsQuery(o.q), cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.q.By, "by", "", "split the counts: group, or a participant attribute's key")
	f.IntVar(&o.q.Top, "top", 30, "how many words")
	f.BoolVar(&o.q.Moderators, "moderators", false, "count the moderators' words too")
	f.StringVar(&o.q.Group, "group", "", "count one focus group")
	f.StringArrayVar(&o.attrs, "attr", nil, "count the words of participants with this attribute, KEY=VALUE (repeatable)")
	addJSONFlag(f, &o.json, "print JSON")
	return cmd
}

// wordsQuery counts the most frequent words (the transcripts are the
// same for everyone: the person is not asked for).
func wordsQuery(q study.WordQuery) query[study.WordFrequencies] {
	return query[study.WordFrequencies]{
		ask: func(ctx context.Context, st *study.Study, _ study.Person, attrs map[string]string) (study.WordFrequencies, error) {
			q.Attrs = attrs
			return st.WordFrequencies(ctx, q)
		},
		print: func(out io.Writer, res study.WordFrequencies) error {
			if len(res.Words) == 0 {
				fmt.Fprintln(out, "no words to count")
				return nil
			}
			header := []string{"WORD", "TOTAL"}
			if q.By != "" {
				header = append(header, res.Columns...)
			}
			t := newTable(out, header...)
			for _, w := range res.Words {
				row := []any{w.Word, w.Total}
				if q.By != "" {
					for _, n := range w.Counts {
						row = append(row, n)
					}
				}
				t.row(row...)
			}
			if err := t.flush(); err != nil {
				return err
			}
			fmt.Fprintf(out, "\n%s words counted (stop words aside)\n", thousands(res.Total))
			return nil
		},
	}
}
