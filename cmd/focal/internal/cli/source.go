package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/focalqda/focal/corpus"
)

func newSourceCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "source",
		Short: "List, show, rename and remove sources (imported transcripts)",
	}
	// The source is the first argument; --source is accepted too (hidden).
	cmd.AddCommand(newSourceListCmd(app), acceptSubjectFlag(newSourceShowCmd(app), "source", true, nil), newSourceRenameCmd(app), newSourceGroupCmd(app),
		acceptSubjectFlag(newSourceRmCmd(app), "source", true, nil), acceptSubjectFlag(newSourceDoneCmd(app, true), "source", true, nil),
		acceptSubjectFlag(newSourceDoneCmd(app, false), "source", true, nil), acceptSubjectFlag(newSourceEditCmd(app), "source", true, nil))
	return cmd
}

func newSourceListCmd(app *App) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List the sources with their group, format, turns, speakers and length",
		Example: "  focal source list\n  focal source list --json | jq '.[].name'",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runSourceList(cmd.Context(), app, sourceListOptions{json: asJSON}, cmd.OutOrStdout())
		},
	}
	addJSONFlag(cmd.Flags(), &asJSON, "print JSON (fields: name, group, format, language, turns, speakers, chars, …)")
	return cmd
}

// sourceListOptions are the flags of `focal source list`.
type sourceListOptions struct{ json bool }

// runSourceList lists the project's sources.
func runSourceList(ctx context.Context, app *App, opts sourceListOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	sources, err := st.Sources(ctx)
	if err != nil {
		return err
	}
	if opts.json {
		return writeJSON(out, sources)
	}
	if len(sources) == 0 {
		fmt.Fprintln(out, "no sources yet; add some with `focal import FILE…`")
		return nil
	}
	t := newTable(out, "NAME", "GROUP", "FORMAT", "LANG", "TURNS", "SPEAKERS", "CHARS")
	for _, src := range sources {
		t.row(src.Name, orDash(src.Group), src.Format, orDash(src.Language), src.Turns, src.Speakers, thousands(src.Chars))
	}
	return t.flush()
}

// shownTurn is one turn as `source show --json` prints it.
type shownTurn struct {
	Seq         int    `json:"seq"`
	Speaker     string `json:"speaker"`
	Role        string `json:"role"`
	Participant string `json:"participant"`
	Start       int    `json:"start"`
	End         int    `json:"end"`
	StartMS     *int64 `json:"start_ms"`
	EndMS       *int64 `json:"end_ms"`
	Text        string `json:"text"`
}

func newSourceShowCmd(app *App) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show SOURCE",
		Short: "Show a transcript with turn numbers, speakers and times",
		Long: `Show a transcript as stored, one turn per paragraph with its number, time and
speaker. With --json, print {"source": {...}, "turns": [...]} where each turn has
seq, speaker, role, participant, start, end (code points of the utterance in the
stored text), start_ms, end_ms (null when unknown) and text.`,
		Example:           "  focal source show fg01-belonging-en\n  focal source show fg03-pertenencia-es --json",
		Args:              exactArgs(1),
		ValidArgsFunction: completeSources(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSourceShow(cmd.Context(), app, sourceShowOptions{source: args[0], json: asJSON}, cmd.OutOrStdout())
		},
	}
	addJSONFlag(cmd.Flags(), &asJSON, "print JSON")
	return cmd
}

// sourceShowOptions are the argument and flags of `focal source show`.
type sourceShowOptions struct {
	source string
	json   bool
}

// runSourceShow prints one transcript with its turns.
func runSourceShow(ctx context.Context, app *App, opts sourceShowOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	return showSource(ctx, st, opts.source, opts.json, out)
}

func showSource(ctx context.Context, s sourceReader, name string, asJSON bool, out io.Writer) error {
	src, err := s.Source(ctx, name)
	if err != nil {
		return err
	}
	text, err := s.SourceText(ctx, src.ID)
	if err != nil {
		return err
	}
	turns, err := s.Turns(ctx, src.ID)
	if err != nil {
		return err
	}
	idx := corpus.NewPositionIndex(text)
	shown := make([]shownTurn, 0, len(turns))
	for _, t := range turns {
		utterance, err := idx.Slice(t.Utterance())
		if err != nil {
			return fmt.Errorf("source %s turn %d: %w", src.Name, t.Seq, err)
		}
		shown = append(shown, shownTurn{Seq: t.Seq, Speaker: t.Speaker, Role: t.Role, Participant: t.Participant,
			Start: t.Start, End: t.End, StartMS: t.StartMS, EndMS: t.EndMS, Text: utterance})
	}
	if asJSON {
		return writeJSON(out, map[string]any{"source": src, "turns": shown})
	}
	fmt.Fprintf(out, "%s · %s · %s · %d turns · %s characters\n\n", src.Name, orDash(src.Group), src.Format, src.Turns, thousands(src.Chars))
	for _, t := range shown {
		who := t.Speaker
		if t.Role == "moderator" {
			who += " (moderator)"
		} else if t.Participant != "" {
			who += " [" + t.Participant + "]"
		}
		fmt.Fprintf(out, "%4d  %-8s %s\n", t.Seq, formatMS(t.StartMS), who)
		for _, para := range strings.Split(t.Text, "\n") {
			fmt.Fprintf(out, "      %s\n", para)
		}
	}
	return nil
}

// sourceRenameOptions are the arguments of `focal source rename`.
type sourceRenameOptions struct {
	source, newName string
}

func newSourceRenameCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:               "rename SOURCE NEW-NAME",
		Short:             "Rename a source",
		Example:           "  focal source rename zoom_0312 fg01",
		Args:              exactArgs(2),
		ValidArgsFunction: completeSources(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSourceRename(cmd.Context(), app, sourceRenameOptions{source: args[0], newName: args[1]}, cmd.OutOrStdout())
		},
	}
}

// runSourceRename renames a source.
func runSourceRename(ctx context.Context, app *App, opts sourceRenameOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	newName := strings.TrimSpace(opts.newName)
	if newName == "" {
		return usageError{fmt.Errorf("source rename: the new name is empty")}
	}
	if err := st.RenameSource(ctx, app.person(), opts.source, newName); err != nil {
		return fmt.Errorf("source rename: %w", err)
	}
	fmt.Fprintf(out, "renamed %s to %s\n", opts.source, newName)
	return nil
}

// sourceGroupOptions are the arguments of `focal source group`.
type sourceGroupOptions struct {
	source, group string
}

func newSourceGroupCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:               "group SOURCE GROUP",
		Short:             "Put a source in a group (\"\" for none)",
		Example:           `  focal source group fg01-belonging-en "site North"`,
		Args:              exactArgs(2),
		ValidArgsFunction: completeSources(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSourceGroup(cmd.Context(), app, sourceGroupOptions{source: args[0], group: args[1]}, cmd.OutOrStdout())
		},
	}
}

// runSourceGroup puts a source in a group ("" for none).
func runSourceGroup(ctx context.Context, app *App, opts sourceGroupOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	if err := st.SetSourceGroup(ctx, app.person(), opts.source, strings.TrimSpace(opts.group)); err != nil {
		return fmt.Errorf("source group: %w", err)
	}
	fmt.Fprintf(out, "%s is now in group %q\n", opts.source, strings.TrimSpace(opts.group))
	return nil
}

// sourceRmOptions are the argument and flags of `focal source rm`.
type sourceRmOptions struct {
	source string
	force  bool
}

func newSourceRmCmd(app *App) *cobra.Command {
	var opts sourceRmOptions
	cmd := &cobra.Command{
		Use:   "rm SOURCE",
		Short: "Remove a source (refused when it has codings, unless --force)",
		Long: `Remove a source with its turns and speakers. A source that has codings is
kept unless --force is given. The event log keeps a record of the removed
text.`,
		Example:           "  focal source rm fg01-duplicate",
		Args:              exactArgs(1),
		ValidArgsFunction: completeSources(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.source = args[0]
			return runSourceRm(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	cmd.Flags().BoolVar(&opts.force, "force", false, "remove the source even if it has codings (they are removed too)")
	return cmd
}

// runSourceRm removes a source, refused when it has codings unless forced.
func runSourceRm(ctx context.Context, app *App, opts sourceRmOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	if err := st.RemoveSource(ctx, app.person(), opts.source, opts.force); err != nil {
		return fmt.Errorf("source rm: %w", err)
	}
	fmt.Fprintf(out, "removed %s\n", opts.source)
	return nil
}
