package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/analysis"
	"github.com/focalqda/focal/coding/study"
)

func newThemeCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "theme",
		Short: "Themes: group codes into a tree of themes, define and summarise them",
		Long: `Themes form a tree of their own, apart from the codebook. A theme has a name
(unique among its siblings; name a nested theme by its path, belonging/voice),
a definition for researchers, and plain-language summaries for participants,
one per language. Codes are assigned to themes, and a code may serve several
themes. Counts of codings follow blinding, like the codebook's. Every change
is logged and can be undone with ` + "`focal undo`" + `.`,
	}
	cmd.AddCommand(newThemeAddCmd(app), newThemeListCmd(app), newThemeShowCmd(app), newThemeAssignCmd(app, true), newThemeAssignCmd(app, false),
		newThemeDescribeCmd(app), newThemeRenameCmd(app), newThemeRmCmd(app))
	return cmd
}

func newThemeAddCmd(app *App) *cobra.Command {
	var parent, definition string
	cmd := &cobra.Command{
		Use:   "add NAME [--parent THEME] [--definition TEXT]",
		Short: "Add a theme (at the top level, or under --parent)",
		Long: `Add a theme. NAME may be a path (belonging/voice): parents in it that do not
exist yet are created. --parent names an existing theme to put it under.`,
		Example: `  focal theme add belonging --definition "Feeling part of the team, or apart from it"
  focal theme add voice --parent belonging
  focal theme add "power/speaking up"`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runThemeAdd(cmd.Context(), app, study.NewTheme{Name: args[0], Parent: parent, Definition: definition}, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&parent, "parent", "", "put it under this theme (path or name)")
	cmd.Flags().StringVar(&definition, "definition", "", "what the theme means, for researchers")
	app.completeFlag(cmd, "parent", completeThemes(app))
	return cmd
}

// runThemeAdd adds a theme, as the acting person; the options of `focal
// theme add` are the new theme's name, parent and definition.
func runThemeAdd(ctx context.Context, app *App, opts study.NewTheme, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	th, err := st.AddTheme(ctx, app.person(), opts)
	if err != nil {
		return fmt.Errorf("theme add: %w", err)
	}
	fmt.Fprintf(out, "added theme %s\n", th.Path)
	return nil
}

const themeJSONFields = "id, parent_id, name, path, definition, summaries (language → text), codes (id, path, codings), codings, created_by, created_at"

func newThemeListCmd(app *App) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the themes as a tree, with their codes and counts of codings",
		Long: `List the themes as a tree with each theme's codes and the number of codings of
those codes (your own while blinding is on). A theme's count is of its own
codes; its subthemes are counted on their own lines.`,
		Example: "  focal theme list\n  focal theme list --json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runThemeList(cmd.Context(), app, themeListOptions{json: asJSON}, cmd.OutOrStdout())
		},
	}
	addJSONFlag(cmd.Flags(), &asJSON, "print JSON (fields: "+themeJSONFields+")")
	return cmd
}

// themeListOptions are the flags of `focal theme list`.
type themeListOptions struct{ json bool }

// runThemeList prints the themes as a tree with their codes and the counts
// of codings the acting person may see.
func runThemeList(ctx context.Context, app *App, opts themeListOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	themes, err := st.Themes(ctx, app.person(), study.ThemeFilter{})
	if err != nil {
		return fmt.Errorf("theme list: %w", err)
	}
	if opts.json {
		if themes == nil {
			themes = []coding.Theme{}
		}
		return writeJSON(out, themes)
	}
	if len(themes) == 0 {
		fmt.Fprintln(out, "no themes yet: add one with `focal theme add NAME`")
		return nil
	}
	t := newTable(out, "THEME", "CODINGS", "CODES")
	for _, th := range themes {
		var codes []string
		for _, c := range th.Codes {
			codes = append(codes, fmt.Sprintf("%s (%d)", c.Path, c.Codings))
		}
		t.row(strings.Repeat("  ", strings.Count(th.Path, "/"))+th.Name, th.Codings, orDash(strings.Join(codes, ", ")))
	}
	return t.flush()
}

func newThemeShowCmd(app *App) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show THEME",
		Short: "Show a theme's definition, summaries per language and codes with their codings",
		Long: `Show a theme's definition, summaries per language and codes with their
codings, and a caution when the theme rests on one or two participants' words,
mostly on one participant's, or on one group of several (the rule the themes
board, the report and the workbook apply; docs/ANALYSIS.md), counting the
passages you may see as the themes board does.`,
		Example:           "  focal theme show \"Who has your back\"\n  focal theme show \"Earning a place on the team\" --json",
		Args:              exactArgs(1),
		ValidArgsFunction: completeThemes(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runThemeShow(cmd.Context(), app, themeShowOptions{theme: args[0], json: asJSON}, cmd.OutOrStdout())
		},
	}
	addJSONFlag(cmd.Flags(), &asJSON, "print JSON (fields: "+themeJSONFields+", cautions (kind, text))")
	return cmd
}

// themeShowOptions are the argument and flags of `focal theme show`.
type themeShowOptions struct {
	theme string
	json  bool
}

// runThemeShow prints a theme with the counts the acting person may see.
func runThemeShow(ctx context.Context, app *App, opts themeShowOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	th, err := st.Theme(ctx, app.person(), opts.theme)
	if err != nil {
		return fmt.Errorf("theme show: %w", err)
	}
	cautions, err := themeCautions(ctx, st, app.person(), th)
	if err != nil {
		return fmt.Errorf("theme show: %w", err)
	}
	if opts.json {
		return writeJSON(out, themeShown{Theme: th, Cautions: append([]analysis.Caution{}, cautions...)})
	}
	printTheme(out, th)
	printCautions(out, cautions)
	return nil
}

func printTheme(out io.Writer, th coding.Theme) {
	fmt.Fprintln(out, th.Path)
	fmt.Fprintf(out, "  %-12s %s\n", "definition:", orDash(th.Definition))
	fmt.Fprintf(out, "  %-12s %s\n", "created:", strings.TrimSpace(th.CreatedAt+" by "+orDash(th.CreatedBy)))
	if len(th.Summaries) == 0 {
		fmt.Fprintf(out, "  %-12s - (add one with `focal theme describe %s --summary en=TEXT`)\n", "summaries:", th.Path)
	} else {
		fmt.Fprintf(out, "  summaries:\n")
		langs := make([]string, 0, len(th.Summaries))
		for lang := range th.Summaries {
			langs = append(langs, lang)
		}
		sort.Strings(langs)
		for _, lang := range langs {
			fmt.Fprintf(out, "    %-6s %s\n", lang, th.Summaries[lang])
		}
	}
	if len(th.Codes) == 0 {
		fmt.Fprintf(out, "  %-12s - (assign some with `focal theme assign %s CODE...`)\n", "codes:", th.Path)
		return
	}
	fmt.Fprintf(out, "  codes (%s):\n", plural(th.Codings, "coding"))
	t := newTable(out, "    CODE", "CODINGS")
	for _, c := range th.Codes {
		t.row("    "+c.Path, c.Codings)
	}
	t.flush()
}

func newThemeAssignCmd(app *App, assign bool) *cobra.Command {
	verb, short, example := "assign", "Assign codes to a theme (a code may serve several themes)",
		"  focal theme assign \"Who has your back\" support/mentorship support/peer-support\n  focal theme assign \"Carrying two worlds\" identity/gender"
	if !assign {
		verb, short, example = "unassign", "Take codes out of a theme (the codes and their codings stay)",
			"  focal theme unassign \"Who has your back\" support/program-leadership"
	}
	return &cobra.Command{
		Use:               verb + " THEME CODE...",
		Short:             short,
		Example:           example,
		Args:              minArgs(2),
		ValidArgsFunction: completeThemeThenCodes(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runThemeAssign(cmd.Context(), app, themeAssignOptions{theme: args[0], codes: args[1:], assign: assign}, cmd.OutOrStdout())
		},
	}
}

// themeAssignOptions are the arguments of `focal theme assign` (assign)
// and `focal theme unassign`.
type themeAssignOptions struct {
	theme  string
	codes  []string
	assign bool
}

// runThemeAssign assigns codes to a theme, or takes them out of it.
func runThemeAssign(ctx context.Context, app *App, opts themeAssignOptions, out io.Writer) error {
	verb := "assign"
	if !opts.assign {
		verb = "unassign"
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	change := st.AssignCodes
	if !opts.assign {
		change = st.UnassignCodes
	}
	res, err := change(ctx, app.person(), opts.theme, opts.codes)
	if err != nil {
		return fmt.Errorf("theme %s: %w", verb, err)
	}
	if len(res.Changed) > 0 {
		direction := "to"
		if !opts.assign {
			direction = "from"
		}
		fmt.Fprintf(out, "%sed %s %s %s\n", verb, strings.Join(res.Changed, ", "), direction, res.Theme)
	}
	if len(res.Unchanged) > 0 {
		state := "already in"
		if !opts.assign {
			state = "not in"
		}
		fmt.Fprintf(out, "%s %s: %s\n", state, res.Theme, strings.Join(res.Unchanged, ", "))
	}
	return nil
}

// completeThemeThenCodes offers themes for the first argument and codes
// for the rest.
func completeThemeThenCodes(app *App) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) == 0 {
			return completeThemes(app)(cmd, args, toComplete)
		}
		return completeCodes(app)(cmd, args, toComplete)
	}
}

func newThemeDescribeCmd(app *App) *cobra.Command {
	var definition string
	var summaries []string
	cmd := &cobra.Command{
		Use:   "describe THEME [--definition TEXT] [--summary LANG=TEXT ...]",
		Short: "Set a theme's definition and its plain-language summaries for participants",
		Long: `Set a theme's definition (for researchers) and its plain-language summaries
(for participants, e.g. in member checking), one per language. Repeat
--summary for several languages; LANG is a language tag such as en, es or
pt-BR. An empty text removes that language's summary.`,
		Example: `  focal theme describe "Who has your back" --definition "Who residents turn to, and who turns to them"
  focal theme describe "Who has your back" --summary en="Who stood by you" --summary es="Quién te respaldó"
  focal theme describe "Who has your back" --summary es=`,
		Args:              exactArgs(1),
		ValidArgsFunction: completeThemes(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts := themeDescribeOptions{theme: args[0], summaries: summaries}
			if cmd.Flags().Changed("definition") {
				opts.definition = &definition
			}
			return runThemeDescribe(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&definition, "definition", "", "what the theme means, for researchers")
	// A string array, not a slice: summaries are prose and contain commas.
	cmd.Flags().StringArrayVar(&summaries, "summary", nil, "a plain-language summary for participants, as LANG=TEXT; repeat for each language")
	return cmd
}

// themeDescribeOptions are the argument and flags of `focal theme
// describe`: the definition (nil: not given) and summaries as LANG=TEXT.
type themeDescribeOptions struct {
	theme      string
	definition *string
	summaries  []string
}

// runThemeDescribe sets a theme's definition and summaries.
func runThemeDescribe(ctx context.Context, app *App, opts themeDescribeOptions, out io.Writer) error {
	d := study.ThemeDescription{Definition: opts.definition}
	for _, s := range opts.summaries {
		lang, text, ok := strings.Cut(s, "=")
		lang = strings.TrimSpace(lang)
		if !ok || lang == "" {
			return usageError{fmt.Errorf("theme describe: --summary %q: write LANG=TEXT, e.g. --summary en=\"Whether you felt you belonged\"", s)}
		}
		if d.Summaries == nil {
			d.Summaries = map[string]string{}
		}
		if _, twice := d.Summaries[lang]; twice {
			return usageError{fmt.Errorf("theme describe: --summary %s is given twice; give each language once", lang)}
		}
		d.Summaries[lang] = text
	}
	if d.Definition == nil && len(d.Summaries) == 0 {
		return usageError{errors.New("theme describe: say what to set, with --definition TEXT or --summary LANG=TEXT")}
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	th, changed, err := st.DescribeTheme(ctx, app.person(), opts.theme, d)
	if err != nil {
		return fmt.Errorf("theme describe: %w", err)
	}
	if !changed {
		fmt.Fprintf(out, "%s already reads so; nothing changed\n", th.Path)
		return nil
	}
	fmt.Fprintf(out, "updated %s\n", th.Path)
	return nil
}

func newThemeRenameCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:               "rename THEME NEW-NAME",
		Short:             "Rename a theme (its codes, summaries and subthemes stay with it)",
		Example:           `  focal theme rename belonging "fitting in"`,
		Args:              exactArgs(2),
		ValidArgsFunction: completeThemes(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runThemeRename(cmd.Context(), app, themeRenameOptions{theme: args[0], newName: args[1]}, cmd.OutOrStdout())
		},
	}
}

// themeRenameOptions are the arguments of `focal theme rename`.
type themeRenameOptions struct{ theme, newName string }

// runThemeRename renames a theme.
func runThemeRename(ctx context.Context, app *App, opts themeRenameOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	th, err := st.RenameTheme(ctx, app.person(), opts.theme, opts.newName)
	if err != nil {
		return fmt.Errorf("theme rename: %w", err)
	}
	fmt.Fprintf(out, "renamed %s to %s\n", opts.theme, th.Path)
	return nil
}

func newThemeRmCmd(app *App) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "rm THEME [--force]",
		Short: "Remove a theme; its codes and their codings stay",
		Long: `Remove a theme. Only the grouping goes: its codes and their codings stay in
the codebook. Its definition, summaries and code assignments go with it.

A theme with subthemes or with memos is kept unless you add --force, which
removes its subthemes and the memos on all of them too. Everything removed is
kept in the event log, and ` + "`focal undo`" + ` brings it back.`,
		Example:           "  focal theme rm old-idea\n  focal theme rm \"Who has your back\" --force",
		Args:              exactArgs(1),
		ValidArgsFunction: completeThemes(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runThemeRm(cmd.Context(), app, themeRmOptions{theme: args[0], force: force}, cmd.OutOrStdout())
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "also remove its subthemes and the memos on them")
	return cmd
}

// themeRmOptions are the argument and flags of `focal theme rm`.
type themeRmOptions struct {
	theme string
	force bool
}

// runThemeRm removes a theme (with --force, its subthemes and memos too).
func runThemeRm(ctx context.Context, app *App, opts themeRmOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	res, err := st.RemoveTheme(ctx, app.person(), opts.theme, opts.force)
	if err != nil {
		return fmt.Errorf("theme rm: %w", err)
	}
	main := res.Themes[len(res.Themes)-1]
	fmt.Fprintf(out, "removed theme %s", main)
	var with []string
	if n := len(res.Themes) - 1; n > 0 {
		with = append(with, plural(n, "subtheme"))
	}
	if res.Memos > 0 {
		with = append(with, plural(res.Memos, "memo"))
	}
	if len(with) > 0 {
		fmt.Fprintf(out, " with %s", strings.Join(with, " and "))
	}
	fmt.Fprintln(out)
	return nil
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
