package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/study"
)

func newMemoCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "memo",
		Short: "Write and read memos on the project, a source, a turn, a code, a coding or a theme",
		Long: `Memos are Markdown notes by one author, on the project (the default) or on a
source, a turn, a code, a coding or a theme. The author is the acting coder
(--as or $FOCAL_CODER); only the author can edit a memo. Every memo and edit
is logged.

While blind coding is on, a memo on a coding is seen only by the coder whose
coding it is (who must also be its author); every other memo is shared.`,
	}
	cmd.AddCommand(newMemoAddCmd(app), newMemoListCmd(app), newMemoShowCmd(app), newMemoEditCmd(app))
	return cmd
}

// memoTargetFlags are the flags that name what a memo is on.
type memoTargetFlags struct {
	source, turn, code, coding, theme string
}

func (f *memoTargetFlags) register(cmd *cobra.Command, app *App, what string) {
	flags := cmd.Flags()
	flags.StringVar(&f.source, "source", "", what+" source (name)")
	flags.StringVar(&f.turn, "turn", "", what+" turn, as SOURCE:SEQ (e.g. fg01:12)")
	flags.StringVar(&f.code, "code", "", what+" code (path or name)")
	flags.StringVar(&f.coding, "coding", "", what+" coding (id or its first 4+ characters)")
	flags.StringVar(&f.theme, "theme", "", what+" theme (path or name)")
	app.completeFlag(cmd, "source", completeSources(app))
	app.completeFlag(cmd, "code", completeCodes(app))
	app.completeFlag(cmd, "theme", completeThemes(app))
}

// target returns the one target named, or nil when none is.
func (f memoTargetFlags) target(cmd *cobra.Command) (*study.MemoTarget, error) {
	var chosen []string
	var t *study.MemoTarget
	for _, c := range []struct{ flag, kind, ref string }{
		{"source", study.MemoOnSource, f.source},
		{"turn", study.MemoOnTurn, f.turn},
		{"code", study.MemoOnCode, f.code},
		{"coding", study.MemoOnCoding, f.coding},
		{"theme", study.MemoOnTheme, f.theme},
	} {
		if !cmd.Flags().Changed(c.flag) {
			continue
		}
		if strings.TrimSpace(c.ref) == "" {
			return nil, usageError{fmt.Errorf("%s: --%s needs a value", cmd.CommandPath(), c.flag)}
		}
		chosen = append(chosen, "--"+c.flag)
		t = &study.MemoTarget{Kind: c.kind, Ref: c.ref}
	}
	if len(chosen) > 1 {
		return nil, usageError{fmt.Errorf("%s: a memo is on one thing; choose one of %s", cmd.CommandPath(), strings.Join(chosen, ", "))}
	}
	return t, nil
}

// describeMemoTarget renders a memo's target as "turn fg01:12".
func describeMemoTarget(m coding.Memo) string {
	if m.TargetKind == study.MemoOnProject {
		return "project"
	}
	target := m.Target
	if target == "" {
		target = "(removed)"
	}
	return m.TargetKind + " " + target
}

// memoBodyFlags are the ways to give a memo's text.
type memoBodyFlags struct {
	text, file string
}

func (f *memoBodyFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.text, "text", "", "the memo's text (Markdown)")
	cmd.Flags().StringVar(&f.file, "file", "", "read the text from this file (- for standard input)")
}

// read returns the text given by --text, --file or a "-" argument, and
// whether any was given at all.
func (f memoBodyFlags) read(cmd *cobra.Command, app *App, args []string) (string, bool, error) {
	var sources []string
	if cmd.Flags().Changed("text") {
		sources = append(sources, "--text")
	}
	if f.file != "" {
		sources = append(sources, "--file")
	}
	for _, a := range args {
		if a != "-" {
			return "", false, usageError{fmt.Errorf("%s: unexpected argument %q (use - to read the text from standard input)", cmd.CommandPath(), a)}
		}
		sources = append(sources, "-")
	}
	switch {
	case len(sources) == 0:
		return "", false, nil
	case len(sources) > 1:
		return "", false, usageError{fmt.Errorf("%s: give the text one way, not %s", cmd.CommandPath(), strings.Join(sources, " and "))}
	case sources[0] == "--text":
		return f.text, true, nil
	case sources[0] == "-" || f.file == "-":
		b, err := io.ReadAll(app.Stdin)
		if err != nil {
			return "", false, fmt.Errorf("reading the memo from standard input: %w", err)
		}
		return string(b), true, nil
	}
	b, err := os.ReadFile(app.path(f.file))
	if err != nil {
		return "", false, fmt.Errorf("reading the memo: %w", err)
	}
	return string(b), true, nil
}

func newMemoAddCmd(app *App) *cobra.Command {
	var on memoTargetFlags
	var body memoBodyFlags
	var title string
	cmd := &cobra.Command{
		Use:   "add [--source S | --turn S:SEQ | --code C | --coding ID | --theme T] [--title T] (--text TEXT | --file F | -)",
		Short: "Write a memo (on the project unless a target is given)",
		Long: `Write a Markdown memo as the acting coder. Without a target flag the memo is
on the project. Give the text with --text, from a file with --file, or from
standard input with - (or --file -).`,
		Example: `  focal memo add --text "Sites differ in how juniors speak about seniors." --as carmen
  focal memo add --turn fg01-belonging-en:12 --title "Turning point" --text "The room goes quiet here."
  focal memo add --theme "Who has your back" --file notes/belonging.md
  pbpaste | focal memo add --coding 3f2a9c1e -`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			target, err := on.target(cmd)
			if err != nil {
				return err
			}
			text, given, err := body.read(cmd, app, args)
			if err != nil {
				return err
			}
			return runMemoAdd(cmd.Context(), app, memoAddOptions{target: target, title: title, text: text, textGiven: given}, cmd.OutOrStdout())
		},
	}
	on.register(cmd, app, "on this")
	body.register(cmd)
	cmd.Flags().StringVar(&title, "title", "", "a one-line title")
	return cmd
}

// memoAddOptions are what the flags of `focal memo add` say: the target
// (nil: the project), the title and the text, if any was given.
type memoAddOptions struct {
	target      *study.MemoTarget
	title, text string
	textGiven   bool
}

// runMemoAdd writes a memo as the acting person.
func runMemoAdd(ctx context.Context, app *App, opts memoAddOptions, out io.Writer) error {
	if !opts.textGiven {
		return usageError{errors.New("memo add: give the text with --text TEXT, --file FILE or - (standard input)")}
	}
	target := opts.target
	if target == nil {
		target = &study.MemoTarget{Kind: study.MemoOnProject}
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	m, err := st.AddMemo(ctx, app.person(), *target, opts.title, opts.text)
	if err != nil {
		return fmt.Errorf("memo add: %w", err)
	}
	fmt.Fprintf(out, "added memo %s on %s\n", shortMemoID(m.ID), describeMemoTarget(m))
	return nil
}

func shortMemoID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

func newMemoListCmd(app *App) *cobra.Command {
	var on memoTargetFlags
	var kind, author string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list [--source S | --turn S:SEQ | --code C | --coding ID | --theme T] [--kind KIND] [--author NAME]",
		Short: "List memos, oldest first",
		Long: `List the memos you may see, oldest first: all of them, those on one thing
(--source, --turn, --code, --coding, --theme), those on one kind of thing
(--kind project|source|turn|code|coding|theme), or one author's (--author).
While blind coding is on, memos on codings are listed only for their coder.`,
		Example: "  focal memo list\n  focal memo list --theme \"Who has your back\"\n  focal memo list --kind project --author carmen --json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			target, err := on.target(cmd)
			if err != nil {
				return err
			}
			return runMemoList(cmd.Context(), app, memoListOptions{filter: study.MemoFilter{Kind: kind, Target: target, Author: author}, json: asJSON},
				cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	on.register(cmd, app, "memos on this")
	cmd.Flags().StringVar(&kind, "kind", "", "memos on this kind of thing: project, source, turn, code, coding or theme")
	cmd.Flags().StringVar(&author, "author", "", "memos by this coder")
	addJSONFlag(cmd.Flags(), &asJSON, "print JSON (fields: id, target_kind, target_id, target, author, title, body, created_at, updated_at)")
	app.completeFlag(cmd, "kind", cobra.FixedCompletions([]string{"project", "source", "turn", "code", "coding", "theme"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// memoListOptions are what the flags of `focal memo list` say.
type memoListOptions struct {
	filter study.MemoFilter
	json   bool
}

// runMemoList lists the memos the acting person may see, oldest first; a
// note on errOut says when blinding hides memos from nobody in particular.
func runMemoList(ctx context.Context, app *App, opts memoListOptions, out, errOut io.Writer) error {
	if opts.filter.Target != nil && opts.filter.Kind != "" {
		return usageError{errors.New("memo list: --kind lists a kind of thing; drop it when naming one thing")}
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	memos, err := st.Memos(ctx, app.person(), opts.filter)
	if err != nil {
		return fmt.Errorf("memo list: %w", err)
	}
	if opts.json {
		if memos == nil {
			memos = []coding.Memo{}
		}
		return writeJSON(out, memos)
	}
	if b, err := st.Blinding(ctx); err == nil && b.On && app.actor() == "" {
		fmt.Fprintln(errOut, "blind coding is on: memos on codings are hidden; pass --as NAME to see yours")
	}
	if len(memos) == 0 {
		fmt.Fprintln(out, "no memos here yet: write one with `focal memo add --text TEXT`")
		return nil
	}
	t := newTable(out, "MEMO", "ON", "AUTHOR", "UPDATED", "TITLE")
	for _, m := range memos {
		t.row(shortMemoID(m.ID), describeMemoTarget(m), m.Author, m.UpdatedAt[:10], memoHeadline(m))
	}
	return t.flush()
}

// memoHeadline is a memo's title, or the start of its first line.
func memoHeadline(m coding.Memo) string {
	if m.Title != "" {
		return clipText(m.Title, 60)
	}
	first, _, _ := strings.Cut(m.Body, "\n")
	return clipText(strings.TrimLeft(first, "# "), 60)
}

func newMemoShowCmd(app *App) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "show ID",
		Short:   "Show a memo with its target, author and times",
		Example: "  focal memo show 3f2a9c1e\n  focal memo show 3f2a --json",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runMemoShow(cmd.Context(), app, memoShowOptions{id: args[0], json: asJSON}, cmd.OutOrStdout())
		},
	}
	addJSONFlag(cmd.Flags(), &asJSON, "print JSON (fields: id, target_kind, target_id, target, author, title, body, created_at, updated_at)")
	return cmd
}

// memoShowOptions are the argument and flags of `focal memo show`.
type memoShowOptions struct {
	id   string
	json bool
}

// runMemoShow prints a memo the acting person may see.
func runMemoShow(ctx context.Context, app *App, opts memoShowOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	m, err := st.Memo(ctx, app.person(), opts.id)
	if err != nil {
		return fmt.Errorf("memo show: %w", err)
	}
	if opts.json {
		return writeJSON(out, m)
	}
	fmt.Fprintf(out, "memo %s on %s\n", m.ID, describeMemoTarget(m))
	fmt.Fprintf(out, "by %s, %s", m.Author, m.CreatedAt)
	if m.UpdatedAt != m.CreatedAt {
		fmt.Fprintf(out, " (edited %s)", m.UpdatedAt)
	}
	fmt.Fprintln(out)
	if m.Title != "" {
		fmt.Fprintf(out, "\n# %s\n", m.Title)
	}
	fmt.Fprintf(out, "\n%s\n", m.Body)
	return nil
}

func newMemoEditCmd(app *App) *cobra.Command {
	var body memoBodyFlags
	cmd := &cobra.Command{
		Use:   "edit ID [--text TEXT | --file F | -]",
		Short: "Change the text of one of your memos (in your editor by default)",
		Long: `Change the text of a memo you wrote. Give the new text with --text, --file or
- (standard input); otherwise the memo opens in $VISUAL, else $EDITOR, else vi.
If the text comes back unchanged or empty, nothing is saved. Only a memo's
author can edit it.`,
		Example: `  focal memo edit 3f2a9c1e --as carmen
  focal memo edit 3f2a --text "Quiet group, until turn 30."
  EDITOR="code --wait" focal memo edit 3f2a9c1e`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			text, given, err := body.read(cmd, app, args[1:])
			if err != nil {
				return err
			}
			return runMemoEdit(cmd.Context(), app, memoEditOptions{id: args[0], text: text, textGiven: given}, cmd.OutOrStdout())
		},
	}
	body.register(cmd)
	return cmd
}

// memoEditOptions are the argument of `focal memo edit` and the new text,
// if one was given (else the memo opens in the editor).
type memoEditOptions struct {
	id, text  string
	textGiven bool
}

// runMemoEdit changes the text of one of the acting person's memos.
func runMemoEdit(ctx context.Context, app *App, opts memoEditOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	me := app.actor()
	if me == "" {
		return fmt.Errorf("memo edit: %w", study.ErrNoCoder)
	}
	m, err := st.Memo(ctx, study.As(me), opts.id)
	if err != nil {
		return fmt.Errorf("memo edit: %w", err)
	}
	if m.Author != me {
		return fmt.Errorf("memo edit: memo %s is %s's; only its author can edit it (write your own with `focal memo add`)", shortMemoID(m.ID), m.Author)
	}
	text := opts.text
	if !opts.textGiven {
		if text, err = editInEditor(app, m.Body); err != nil {
			return fmt.Errorf("memo edit: %w", err)
		}
	}
	if strings.TrimSpace(text) == "" {
		fmt.Fprintf(out, "memo %s: the new text is empty, so nothing changed\n", shortMemoID(m.ID))
		return nil
	}
	_, changed, err := st.EditMemo(ctx, app.person(), m.ID, text)
	if err != nil {
		return fmt.Errorf("memo edit: %w", err)
	}
	if !changed {
		fmt.Fprintf(out, "memo %s: the text is unchanged, so nothing changed\n", shortMemoID(m.ID))
		return nil
	}
	fmt.Fprintf(out, "edited memo %s on %s\n", shortMemoID(m.ID), describeMemoTarget(m))
	return nil
}
