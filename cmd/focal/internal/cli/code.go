package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/study"
)

func newCodeCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "code",
		Short: "The codebook: add, list, define, rename, move, merge, split and retire codes",
		Long: `Codes form a tree; a name is unique among its siblings, and a code can be
named by its path (belonging/isolation) wherever a bare name is ambiguous.
Codes are usually born while coding (` + "`focal coding add`" + ` with a new name creates
the code); every change to the codebook is logged.`,
	}
	cmd.AddCommand(newCodeAddCmd(app), newCodeListCmd(app), newCodeShowCmd(app), newCodePassagesCmd(app), newCodeRenameCmd(app), newCodeDescribeCmd(app),
		newCodeMoveCmd(app), newCodeMergeCmd(app), newCodeSplitCmd(app), newCodeRetireCmd(app), newCodeHistoryCmd(app))
	return cmd
}

type codeFields struct {
	definition, whenToUse, whenNotToUse, example, color string
}

func (f *codeFields) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.definition, "definition", "", "what the code means")
	cmd.Flags().StringVar(&f.whenToUse, "when", "", "when to use it")
	cmd.Flags().StringVar(&f.whenNotToUse, "when-not", "", "when not to use it")
	cmd.Flags().StringVar(&f.example, "example", "", "an example quote")
	cmd.Flags().StringVar(&f.color, "color", "", "display colour, #rrggbb")
}

func validColor(c string) error {
	if c == "" {
		return nil
	}
	if len(c) != 7 || c[0] != '#' || strings.Trim(strings.ToLower(c[1:]), "0123456789abcdef") != "" {
		return usageError{fmt.Errorf("--color %q: give a colour as #rrggbb", c)}
	}
	return nil
}

func newCodeAddCmd(app *App) *cobra.Command {
	var f codeFields
	cmd := &cobra.Command{
		Use:     "add PATH",
		Short:   "Add a code (parents in the path are created when missing)",
		Example: `  focal code add belonging/known-by-name --definition "Being known by name by seniors and staff"`,
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCodeAdd(cmd.Context(), app, codeAddOptions{path: args[0], fields: f}, cmd.OutOrStdout())
		},
	}
	f.register(cmd)
	return cmd
}

// codeAddOptions are the argument and flags of `focal code add`.
type codeAddOptions struct {
	path   string
	fields codeFields
}

// runCodeAdd adds a code to the codebook, as the acting person.
func runCodeAdd(ctx context.Context, app *App, opts codeAddOptions, out io.Writer) error {
	f := opts.fields
	if err := validColor(f.color); err != nil {
		return err
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	c, err := st.AddCode(ctx, app.person(), study.NewCode{Path: opts.path, Definition: f.definition, WhenToUse: f.whenToUse,
		WhenNotToUse: f.whenNotToUse, Example: f.example, Color: f.color})
	if err != nil {
		return fmt.Errorf("code add: %w", err)
	}
	fmt.Fprintf(out, "added code %s\n", c.Path)
	return nil
}

func newCodeListCmd(app *App) *cobra.Command {
	var asJSON, retired bool
	var at string
	cmd := &cobra.Command{
		Use:   "list [--at DATE]",
		Short: "List the codebook as a tree, with counts of codings",
		Long: `List the codebook as a tree with each code's number of codings (your own while
blinding is on). --at shows the codebook as it stood at a date or time, rebuilt
from the event log.`,
		Example: "  focal code list\n  focal code list --at 2026-03-01\n  focal code list --json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runCodeList(cmd.Context(), app, codeListOptions{at: at, retired: retired, json: asJSON}, cmd.OutOrStdout())
		},
	}
	addJSONFlag(cmd.Flags(), &asJSON, "print JSON (fields: id, parent_id, name, path, definition, when_to_use, when_not_to_use, example, color, created_by, created_at, codings, …)")
	cmd.Flags().BoolVar(&retired, "retired", false, "include retired and merged codes")
	cmd.Flags().StringVar(&at, "at", "", "show the codebook as it stood then (YYYY-MM-DD or RFC 3339 time)")
	return cmd
}

// codeListOptions are the flags of `focal code list`.
type codeListOptions struct {
	at            string
	retired, json bool
}

// runCodeList prints the codebook as a tree with counts of the codings the
// acting person may see, or as it stood at opts.at.
func runCodeList(ctx context.Context, app *App, opts codeListOptions, out io.Writer) error {
	var stamp string
	if opts.at != "" {
		var err error
		if stamp, err = parseMoment(opts.at); err != nil {
			return usageError{fmt.Errorf("code list --at: %w", err)}
		}
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	if opts.at != "" {
		snap, err := st.CodebookAt(ctx, stamp)
		if err != nil {
			return err
		}
		return printSnapshot(out, snap, opts.json, opts.retired)
	}
	codes, err := st.Codes(ctx, app.person(), study.CodeFilter{IncludeRetired: opts.retired})
	if err != nil {
		return err
	}
	if opts.json {
		return writeJSON(out, codes)
	}
	if len(codes) == 0 {
		fmt.Fprintln(out, "no codes yet: add one with `focal code add NAME`, or code with a new name")
		return nil
	}
	t := newTable(out, "CODE", "CODINGS", "DEFINITION")
	for _, c := range codes {
		name := strings.Repeat("  ", strings.Count(c.Path, "/")) + c.Name
		if c.Retired {
			name += " (retired)"
		}
		t.row(name, c.Codings, clipText(c.Definition, 60))
	}
	return t.flush()
}

// parseMoment turns a date or time into the event log's timestamp form; a
// bare date means the end of that day (UTC).
func parseMoment(s string) (string, error) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t.Add(24*time.Hour - time.Millisecond).UTC().Format("2006-01-02T15:04:05.000Z"), nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC().Format("2006-01-02T15:04:05.000Z"), nil
	}
	return "", fmt.Errorf("%q is not a date (2026-03-01) or time (2026-03-01T14:00:00Z)", s)
}

func printSnapshot(out io.Writer, snap coding.CodebookSnapshot, asJSON, retired bool) error {
	codes := []coding.CodeSnapshot{}
	for _, c := range snap.Codes {
		if retired || !c.Retired {
			codes = append(codes, c)
		}
	}
	if asJSON {
		return writeJSON(out, codes)
	}
	t := newTable(out, "CODE", "DEFINITION")
	for _, c := range codes {
		name := c.Path
		if c.Retired {
			name += " (retired)"
		}
		t.row(name, clipText(c.Definition, 60))
	}
	return t.flush()
}

func clipText(s string, n int) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func newCodeShowCmd(app *App) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:               "show CODE",
		Short:             "Show a code's definition, criteria, example and origin",
		Example:           "  focal code show belonging/isolation",
		Args:              exactArgs(1),
		ValidArgsFunction: completeCodes(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCodeShow(cmd.Context(), app, codeShowOptions{code: args[0], json: asJSON}, cmd.OutOrStdout())
		},
	}
	addJSONFlag(cmd.Flags(), &asJSON, "print JSON")
	return cmd
}

// codeShowOptions are the argument and flags of `focal code show`.
type codeShowOptions struct {
	code string
	json bool
}

// runCodeShow prints a code's definition, criteria, example and origin.
func runCodeShow(ctx context.Context, app *App, opts codeShowOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	c, err := st.Code(ctx, opts.code)
	if err != nil {
		return err
	}
	if opts.json {
		return writeJSON(out, c)
	}
	fmt.Fprintf(out, "%s\n", c.Path)
	for _, kv := range [][2]string{{"definition", c.Definition}, {"use when", c.WhenToUse}, {"not when", c.WhenNotToUse},
		{"example", c.Example}, {"colour", c.Color}, {"created", strings.TrimSpace(c.CreatedAt + " by " + orDash(c.CreatedBy))}} {
		if kv[1] != "" {
			fmt.Fprintf(out, "  %-11s %s\n", kv[0]+":", kv[1])
		}
	}
	return nil
}

// codeTwoOptions are the two arguments of `focal code rename`, `move` and
// `merge`: the code acted on and its new name, parent or the code it goes into.
type codeTwoOptions struct{ code, to string }

func newCodeRenameCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:               "rename CODE NEW-NAME",
		Short:             "Rename a code (its codings stay with it)",
		Example:           `  focal code rename belonging/being-the-only-one only-one`,
		Args:              exactArgs(2),
		ValidArgsFunction: completeCodes(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCodeRename(cmd.Context(), app, codeTwoOptions{code: args[0], to: args[1]}, cmd.OutOrStdout())
		},
	}
}

// runCodeRename is `focal code rename`, as the acting person.
func runCodeRename(ctx context.Context, app *App, opts codeTwoOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	c, err := st.RenameCode(ctx, app.person(), opts.code, opts.to)
	if err != nil {
		return fmt.Errorf("code rename: %w", err)
	}
	fmt.Fprintf(out, "renamed %s to %s\n", opts.code, c.Path)
	return nil
}

func newCodeDescribeCmd(app *App) *cobra.Command {
	var f codeFields
	cmd := &cobra.Command{
		Use:               "describe CODE [--definition …] [--when …] [--when-not …] [--example …] [--color …]",
		Short:             "Set a code's definition, criteria, example or colour",
		Example:           `  focal code describe belonging/isolation --definition "Feeling apart from the team" --when-not "physical distance only"`,
		Args:              exactArgs(1),
		ValidArgsFunction: completeCodes(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			d := study.CodeDescription{}
			flags := cmd.Flags()
			pick := func(name string, v *string) *string {
				if flags.Changed(name) {
					return v
				}
				return nil
			}
			d.Definition, d.WhenToUse, d.WhenNotToUse = pick("definition", &f.definition), pick("when", &f.whenToUse), pick("when-not", &f.whenNotToUse)
			d.Example, d.Color = pick("example", &f.example), pick("color", &f.color)
			return runCodeDescribe(cmd.Context(), app, codeDescribeOptions{code: args[0], set: d}, cmd.OutOrStdout())
		},
	}
	f.register(cmd)
	return cmd
}

// codeDescribeOptions are the argument of `focal code describe` and the
// fields its flags set (nil: a flag not given, left as it is).
type codeDescribeOptions struct {
	code string
	set  study.CodeDescription
}

// runCodeDescribe sets the fields of a code's description that were given.
func runCodeDescribe(ctx context.Context, app *App, opts codeDescribeOptions, out io.Writer) error {
	if opts.set.Color != nil {
		if err := validColor(*opts.set.Color); err != nil {
			return err
		}
	}
	if opts.set == (study.CodeDescription{}) {
		return usageError{errors.New("code describe: say what to set, e.g. --definition TEXT")}
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	c, err := st.DescribeCode(ctx, app.person(), opts.code, opts.set)
	if err != nil {
		return fmt.Errorf("code describe: %w", err)
	}
	fmt.Fprintf(out, "updated %s\n", c.Path)
	return nil
}

func newCodeMoveCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:               "move CODE NEW-PARENT",
		Short:             `Move a code under another parent ("" or / for the top level)`,
		Example:           "  focal code move support/peer-support belonging\n  focal code move belonging/peer-support /",
		Args:              exactArgs(2),
		ValidArgsFunction: completeCodes(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCodeMove(cmd.Context(), app, codeTwoOptions{code: args[0], to: args[1]}, cmd.OutOrStdout())
		},
	}
}

// runCodeMove is `focal code move`, as the acting person.
func runCodeMove(ctx context.Context, app *App, opts codeTwoOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	c, err := st.MoveCode(ctx, app.person(), opts.code, opts.to)
	if err != nil {
		return fmt.Errorf("code move: %w", err)
	}
	fmt.Fprintf(out, "moved %s to %s\n", opts.code, c.Path)
	return nil
}

func newCodeMergeCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "merge CODE INTO-CODE",
		Short: "Merge a code into another: its codings move there (per coder) and it is retired",
		Long: `Merge CODE into INTO-CODE: every coding of CODE is re-pointed to INTO-CODE,
keeping who coded what (a coder's identical coding under both becomes one),
CODE's children move under INTO-CODE, its themes carry over, and CODE is
retired with a note of where it went.`,
		Example:           `  focal code merge belonging/being-the-only-one belonging/isolation`,
		Args:              exactArgs(2),
		ValidArgsFunction: completeCodes(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCodeMerge(cmd.Context(), app, codeTwoOptions{code: args[0], to: args[1]}, cmd.OutOrStdout())
		},
	}
}

// runCodeMerge is `focal code merge`, as the acting person.
func runCodeMerge(ctx context.Context, app *App, opts codeTwoOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	c, err := st.MergeCode(ctx, app.person(), opts.code, opts.to)
	if err != nil {
		return fmt.Errorf("code merge: %w", err)
	}
	fmt.Fprintf(out, "merged %s into %s\n", opts.code, c.Path)
	return nil
}

func newCodeSplitCmd(app *App) *cobra.Command {
	var codings []string
	cmd := &cobra.Command{
		Use:               "split CODE NEW-CODE --coding ID...",
		Short:             "Split a code: move chosen codings to a new code",
		Example:           "  focal code split belonging/isolation belonging/guest-on-rotation --coding 3f2a9c1e --coding 77b0d2aa",
		Args:              exactArgs(2),
		ValidArgsFunction: completeCodes(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCodeSplit(cmd.Context(), app, codeSplitOptions{code: args[0], newCode: args[1], codings: codings}, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringSliceVar(&codings, "coding", nil, "id (or id prefix) of a coding to move; repeat or comma-separate")
	return cmd
}

// codeSplitOptions are the arguments and flags of `focal code split`.
type codeSplitOptions struct {
	code, newCode string
	codings       []string
}

// runCodeSplit moves the codings named from a code to a new code.
func runCodeSplit(ctx context.Context, app *App, opts codeSplitOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	c, err := st.SplitCode(ctx, app.person(), opts.code, opts.newCode, opts.codings)
	if err != nil {
		return fmt.Errorf("code split: %w", err)
	}
	fmt.Fprintf(out, "split %d codings of %s into %s\n", len(opts.codings), opts.code, c.Path)
	return nil
}

func newCodeRetireCmd(app *App) *cobra.Command {
	var into string
	var remove bool
	cmd := &cobra.Command{
		Use:               "retire CODE [--into CODE | --remove-codings]",
		Short:             "Retire a code; a code in use needs --into or --remove-codings",
		Example:           "  focal code retire old-idea\n  focal code retire vague --into belonging/isolation",
		Args:              exactArgs(1),
		ValidArgsFunction: completeCodes(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCodeRetire(cmd.Context(), app, codeRetireOptions{code: args[0], into: into, removeCodings: remove}, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&into, "into", "", "move its codings to this code first (a merge)")
	cmd.Flags().BoolVar(&remove, "remove-codings", false, "delete its codings (logged)")
	return cmd
}

// codeRetireOptions are the argument and flags of `focal code retire`.
type codeRetireOptions struct {
	code, into    string
	removeCodings bool
}

// runCodeRetire retires a code, first merging or removing its codings if asked.
func runCodeRetire(ctx context.Context, app *App, opts codeRetireOptions, out io.Writer) error {
	if opts.into != "" && opts.removeCodings {
		return usageError{errors.New("code retire: choose --into or --remove-codings, not both")}
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	if _, err := st.RetireCode(ctx, app.person(), opts.code, opts.into, opts.removeCodings); err != nil {
		return fmt.Errorf("code retire: %w", err)
	}
	fmt.Fprintf(out, "retired %s\n", opts.code)
	return nil
}

func newCodeHistoryCmd(app *App) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:               "history [CODE]",
		Short:             "Show how the codebook (or one code) changed, from the event log",
		Example:           "  focal code history\n  focal code history belonging/isolation --json",
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeCodes(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts := codeHistoryOptions{json: asJSON}
			if len(args) == 1 {
				opts.code, opts.oneCode = args[0], true
			}
			return runCodeHistory(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	addJSONFlag(cmd.Flags(), &asJSON, "print JSON events")
	return cmd
}

// codeHistoryOptions are the argument and flags of `focal code history`;
// oneCode says a code was named (code), else the whole codebook's history.
type codeHistoryOptions struct {
	code          string
	oneCode, json bool
}

// runCodeHistory prints the codebook's (or one code's) changes from the log.
func runCodeHistory(ctx context.Context, app *App, opts codeHistoryOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	logged, err := st.Log(ctx, app.person(), study.LogFilter{Kind: "code"})
	if err != nil {
		return fmt.Errorf("code history: %w", err)
	}
	events := codebookEvents(logged)
	if opts.oneCode {
		c, err := st.Code(ctx, opts.code)
		if err != nil {
			return err
		}
		events = eventsAbout(events, c.ID)
	}
	if opts.json {
		if events == nil {
			events = []study.LoggedEvent{}
		}
		return writeJSON(out, events)
	}
	t := newTable(out, "AT", "WHO", "WHAT", "CODE", "DETAIL")
	for _, e := range events {
		code, detail := describeCodeEvent(e.Event)
		t.row(e.At[:16], orDash(e.Actor), e.Kind, code, detail)
	}
	return t.flush()
}

// eventsAbout keeps the code and codebook events that concern one code.
func eventsAbout(events []study.LoggedEvent, id string) []study.LoggedEvent {
	var out []study.LoggedEvent
	for _, e := range events {
		if coding.EventConcernsCode(e.EntityID, []byte(rawString(e.After)), id) {
			out = append(out, e)
		}
	}
	return out
}

// codebookEvents drops the events the "code" prefix also matches that are
// not about the codebook (coder.added).
func codebookEvents(events []study.LoggedEvent) []study.LoggedEvent {
	var out []study.LoggedEvent
	for _, e := range events {
		if coding.IsCodebookEvent(e.Kind) {
			out = append(out, e)
		}
	}
	return out
}

func rawString(v any) string {
	if b, ok := v.(json.RawMessage); ok {
		return string(b)
	}
	return ""
}

// describeCodeEvent renders a code event as the code's path and what changed.
func describeCodeEvent(e study.Event) (string, string) {
	return coding.DescribeCodeEvent(e.Kind, []byte(rawString(e.Before)), []byte(rawString(e.After)))
}

func newCodebookCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "codebook",
		Short: "Freeze named versions of the codebook and compare them",
	}
	cmd.AddCommand(newCodebookFreezeCmd(app), newCodebookVersionsCmd(app), newCodebookDiffCmd(app))
	return cmd
}

func newCodebookFreezeCmd(app *App) *cobra.Command {
	var note string
	cmd := &cobra.Command{
		Use:     "freeze NAME [--note TEXT]",
		Short:   "Save the current codebook as a named version (e.g. v1)",
		Example: `  focal codebook freeze v2 --note "after the second harmonisation meeting"`,
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCodebookFreeze(cmd.Context(), app, codebookFreezeOptions{name: args[0], note: note}, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&note, "note", "", "why this version was frozen")
	return cmd
}

// codebookFreezeOptions are the argument and flags of `focal codebook freeze`.
type codebookFreezeOptions struct{ name, note string }

// runCodebookFreeze saves the current codebook as a named version.
func runCodebookFreeze(ctx context.Context, app *App, opts codebookFreezeOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	v, err := st.FreezeCodebook(ctx, app.person(), opts.name, opts.note)
	if err != nil {
		return fmt.Errorf("codebook freeze: %w", err)
	}
	fmt.Fprintf(out, "froze codebook %s (%d codes)\n", v.Name, v.Codes)
	return nil
}

func newCodebookVersionsCmd(app *App) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "versions",
		Short:   "List the frozen codebook versions",
		Example: "  focal codebook versions --json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runCodebookVersions(cmd.Context(), app, codebookVersionsOptions{json: asJSON}, cmd.OutOrStdout())
		},
	}
	addJSONFlag(cmd.Flags(), &asJSON, "print JSON (fields: name, note, created_at, created_by, codes)")
	return cmd
}

// codebookVersionsOptions are the flags of `focal codebook versions`.
type codebookVersionsOptions struct{ json bool }

// runCodebookVersions lists the frozen codebook versions.
func runCodebookVersions(ctx context.Context, app *App, opts codebookVersionsOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	versions, err := st.CodebookVersions(ctx)
	if err != nil {
		return err
	}
	if opts.json {
		if versions == nil {
			versions = []study.CodebookVersion{}
		}
		return writeJSON(out, versions)
	}
	t := newTable(out, "VERSION", "FROZEN", "BY", "CODES", "NOTE")
	for _, v := range versions {
		t.row(v.Name, v.CreatedAt[:16], orDash(v.CreatedBy), v.Codes, v.Note)
	}
	return t.flush()
}

func newCodebookDiffCmd(app *App) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "diff OLD [NEW]",
		Short: "Compare two codebook versions (NEW defaults to the current codebook)",
		Long: `List what changed between two codebook versions: codes added, renamed, moved,
merged, split, redefined and retired. Without NEW, compare with the codebook
as it stands now.`,
		Example: "  focal codebook diff v1 v2\n  focal codebook diff v1",
		Args:    cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts := codebookDiffOptions{older: args[0], json: asJSON}
			if len(args) == 2 {
				opts.newer, opts.newerNamed = args[1], true
			}
			return runCodebookDiff(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	addJSONFlag(cmd.Flags(), &asJSON, "print JSON (fields: kind, code, detail)")
	return cmd
}

// codebookDiffOptions are the arguments and flags of `focal codebook diff`;
// without newerNamed the older version is compared with the current codebook.
type codebookDiffOptions struct {
	older, newer     string
	newerNamed, json bool
}

// runCodebookDiff lists what changed between two codebook versions.
func runCodebookDiff(ctx context.Context, app *App, opts codebookDiffOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	older, err := st.CodebookVersion(ctx, opts.older)
	if err != nil {
		return err
	}
	var newer coding.CodebookSnapshot
	if opts.newerNamed {
		v, err := st.CodebookVersion(ctx, opts.newer)
		if err != nil {
			return err
		}
		newer = v.Snapshot
	} else if newer, err = st.CurrentCodebook(ctx); err != nil {
		return err
	}
	changes := coding.DiffCodebooks(older.Snapshot, newer)
	if opts.json {
		if changes == nil {
			changes = []coding.CodebookChange{}
		}
		return writeJSON(out, changes)
	}
	if len(changes) == 0 {
		fmt.Fprintln(out, "no changes")
		return nil
	}
	t := newTable(out, "CHANGE", "CODE", "DETAIL")
	for _, c := range changes {
		t.row(c.Kind, c.Code, c.Detail)
	}
	return t.flush()
}
