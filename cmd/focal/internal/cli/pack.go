package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/focalqda/focal/coding/pack"
	"github.com/focalqda/focal/coding/study"
)

// Offline exchange (docs/PACKS.md): `focal copy` gives a coder a copy of
// the master, `focal pack` writes their work in it to a file, and
// `focal merge` applies that file to the master.

func newCopyCmd(app *App) *cobra.Command {
	var out, coder string
	cmd := &cobra.Command{
		Use:   "copy --out FILE [--coder NAME]",
		Short: "Make a consistent copy of the project for a coder to work in offline",
		Long: `Write a copy of the project for a coder who works offline, made with SQLite's
VACUUM INTO: one consistent snapshot even while others are writing, readable
only by you. The copy has the project's identity, sources, codebook and
coders; the coder codes in it and sends their work back with ` + "`focal pack`" + `.
--coder checks that the coder is in the project already, so that the copy and
the master know them by the same identity. (A plain ` + "`cp study.focal ana.focal`" + `
holds everything, secrets included: keep it for backups, not for coders.)

While blind coding is on, the copy holds only what may be seen through it:
the work of the coder it is for when they make it themselves (--as NAME, or
--coder NAME without --as), and no coder's work when someone makes it for
another coder. Other coders' codings and coding memos, the consensus layer,
and the log events carrying them are left out (docs/PACKS.md).

A copy for a coder gets a key of its own, which this project keeps: packs made
in the copy are signed with it, and ` + "`focal merge`" + ` takes from them only that
coder's work. The member-check signing secret and the keys of other copies
never leave this project.`,
		Example: `  focal coder add ana
  focal copy --out ana.focal --coder ana`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runCopy(cmd.Context(), app, out, coder, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "the copy's file name (must not exist)")
	cmd.Flags().StringVar(&coder, "coder", "", "the coder the copy is for (must be in the project)")
	return cmd
}

func runCopy(ctx context.Context, app *App, out, coder string, w io.Writer) error {
	if out == "" {
		return usageError{errors.New("copy: name the copy with --out FILE, e.g. --out ana.focal")}
	}
	// A copy never replaces a file (the store creates it anew); a link
	// and a missing folder are named as for every output.
	if err := checkOutputFile(app, out, true); err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	made, err := st.Copy(ctx, app.person(), study.CopyRequest{Out: app.path(out), Coder: coder})
	if err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	who := made.Coder
	if who == "" {
		who = "NAME"
	}
	fmt.Fprintf(w, "copied %s to %s (one consistent snapshot, readable only by you)\n", app.projectName, out)
	if made.Blind {
		if len(made.Kept) == 0 {
			fmt.Fprintf(w, "blind coding is on: the copy holds no coder's work (only %s may take their own along, by making the copy as themselves)\n", who)
		} else {
			fmt.Fprintf(w, "blind coding is on: the copy holds only %s's codings and coding memos\n", who)
		}
	}
	if made.Key == "" {
		fmt.Fprintln(w, "the copy is for no coder, so it has no key: packs made in it are not signed, and merge refuses them; name the coder with --coder NAME to make a copy to work in")
	}
	fmt.Fprintf(w, "%s codes in it:      focal -p %s --as %s coding add …\n", who, out, who)
	fmt.Fprintf(w, "and sends back:    focal -p %s pack --coder %s --out %s%s\n", out, who, who, pack.Extension)
	fmt.Fprintf(w, "which you merge:   focal -p %s merge %s%s\n", app.projectName, who, pack.Extension)
	return nil
}

type packOptions struct {
	coder, out, since string
	workOnly, force   bool
}

func newPackCmd(app *App) *cobra.Command {
	var opts packOptions
	cmd := &cobra.Command{
		Use:   "pack --coder NAME [--out FILE] [--since BASE] [--work-only]",
		Short: "Write one coder's work in this copy to a pack file for the master",
		Long: `Write one coder's work in this copy of the project to a pack (NAME.focalpack by
default): their codings added and removed, the codes they created, their memos
and memo edits, their done marks and the passages they rejected with
` + "`focal suggest reject`" + `, as events of the log, one JSON object per line
after a header (docs/PACKS.md). Send the file to whoever keeps the master
copy, who applies it with ` + "`focal merge`" + `.

--since sets the base: by default every event of the coder (the master skips
what it already has, so this is always safe); an event number (as ` + "`focal log`" + `
shows it, or the "until" that the last pack printed) or an event id for the
events after it; a date (2026-03-05, from midnight UTC) or a time for the
events from then on.

Changes to the codebook or the project (renames, merges, definitions, themes…)
belong to the master: a pack that carries them is refused there. --work-only
leaves them out and lists them in the pack's header instead.

The pack is readable by you only (mode 0600); an existing file is replaced only
with --force, and a symbolic link is never written through.`,
		Example: `  focal -p ana.focal pack --coder ana --out ana.focalpack
  focal -p ana.focal pack --coder ana --since 1234 --force     # replaces ana.focalpack
  focal -p ana.focal pack --coder ana --since 2026-03-05 --work-only --out ana-work.focalpack`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runPack(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.coder, "coder", "", "whose work to pack (default --as or $FOCAL_CODER)")
	f.StringVar(&opts.out, "out", "", "the pack's file name (default CODER.focalpack)")
	f.StringVar(&opts.since, "since", "", "base: an event number or id, a date or a time (default: everything)")
	f.BoolVar(&opts.workOnly, "work-only", false, "leave codebook and project changes out (they are listed in the header)")
	f.BoolVar(&opts.force, "force", false, "replace the pack file if it exists")
	return acceptSubjectArg(cmd, "coder")
}

func runPack(ctx context.Context, app *App, opts packOptions, w io.Writer) error {
	coder := opts.coder
	if coder == "" {
		coder = app.actor()
	}
	if coder == "" {
		return usageError{errors.New("pack: name the coder whose work to pack with --coder NAME")}
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	p, err := st.MakePack(ctx, app.person(), study.PackRequest{Coder: coder, Since: opts.since, WorkOnly: opts.workOnly})
	if err != nil {
		return err
	}
	out := opts.out
	if out == "" {
		out = strings.NewReplacer("/", "-", `\`, "-").Replace(p.Header.Coder.Name) + pack.Extension
	}
	if err := writePackFile(app, out, opts.force, p); err != nil {
		return fmt.Errorf("pack: %w", err)
	}
	h := p.Header
	fmt.Fprintf(w, "wrote %s: %d events of %s's work %s, on %s\n", out, len(p.Events), h.Coder.Name, h.Base, nounCount(len(h.Sources), "source", "sources"))
	if summary := packSummary(p.Counts()); summary != "" {
		fmt.Fprintf(w, "  %s\n", summary)
	}
	if changes := p.MasterChanges(); len(changes) > 0 {
		fmt.Fprintf(w, "note: it carries %s to the codebook or the project by %s; the master takes the pack only if it has them already (made there, or before this copy was made):\n",
			nounCount(len(changes), "change", "changes"), h.Coder.Name)
		for i, e := range changes {
			if i == 5 {
				fmt.Fprintf(w, "  and %d more (see the pack)\n", len(changes)-i)
				break
			}
			fmt.Fprintf(w, "  %s (event %d)\n", pack.Describe(e), e.Seq)
		}
		fmt.Fprintln(w, "  if it does not, ask for them in the master, and leave them out with --work-only")
	}
	if len(h.LeftOut) > 0 {
		fmt.Fprintf(w, "left out %s to the codebook or the project (listed in the pack's header)\n", nounCount(len(h.LeftOut), "change", "changes"))
	}
	if h.Signature == nil {
		fmt.Fprintf(w, "note: the pack is not signed: this project holds no copy key (it is not a copy made with `focal copy --coder %s`, or was made by an earlier Focal), so the master takes it only with `focal merge --unsigned`\n", h.Coder.Name)
	}
	fmt.Fprintf(w, "for later work: focal pack --coder %s --since %d\n", h.Coder.Name, h.Until)
	return nil
}

// writePackFile writes the pack by the rules of every output file
// (writeOutputFile): a half-written pack is never left under its name.
func writePackFile(app *App, name string, force bool, p *pack.Pack) error {
	return writeOutputFile(app, name, force, func(w io.Writer) error { return pack.Write(w, p) })
}

// packSummary counts a pack's events in words, work first.
func packSummary(counts map[string]int) string {
	words := []struct{ kind, one, many string }{
		{pack.KindCodingAdded, "coding added", "codings added"},
		{pack.KindCodingRemoved, "coding removed", "codings removed"},
		{pack.KindCodeCreated, "code created", "codes created"},
		{pack.KindMemoAdded, "memo", "memos"},
		{pack.KindMemoEdited, "memo edit", "memo edits"},
		{pack.KindSourceDone, "source marked done", "sources marked done"},
		{pack.KindSourceUndone, "done mark undone", "done marks undone"},
		{pack.KindSuggestionRejected, "suggestion rejected", "suggestions rejected"},
	}
	var parts []string
	for _, w := range words {
		if n := counts[w.kind]; n > 0 {
			parts = append(parts, nounCount(n, w.one, w.many))
		}
	}
	var kinds []string
	for kind := range counts {
		if !pack.IsWork(kind) {
			kinds = append(kinds, kind)
		}
	}
	sort.Strings(kinds)
	for _, kind := range kinds {
		parts = append(parts, fmt.Sprintf("%d %s", counts[kind], kind))
	}
	return strings.Join(parts, ", ")
}

func nounCount(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

type mergeOptions struct {
	sameName, coderByName, dryRun, asJSON, unsigned bool
}

func newMergeCmd(app *App) *cobra.Command {
	var opts mergeOptions
	cmd := &cobra.Command{
		Use:   "merge PACK... [--merge-same-name] [--coder-by-name] [--dry-run] [--json]",
		Short: "Apply coders' packs to this (master) copy of the project",
		Long: `Apply a coder's pack, made with ` + "`focal pack`" + ` in their copy, to this project in one
transaction: all of it or nothing. Identity is by UUID: codings, codes and
memos keep the ids they had in the copy, the coder is matched by id (or added),
and every event keeps its id, so a pack merged twice changes nothing the
second time. Several packs are merged one after another.

Every pack made in a copy that ` + "`focal copy`" + ` made for a coder is signed with
that copy's key, which this project keeps: a pack that is not signed, is
signed with a key this project never gave out, was changed after it was made,
names a coder other than the one its copy was made for, or acts on another
coder's codings or memos is refused. A pack from a copy made by an earlier
Focal is not signed: --unsigned takes it (the log records that it was
unsigned), still only for its own coder's layer.

Refused, with nothing changed: a pack from another project; a pack whose work
is on a source whose text differs here (a correction in one of the copies);
a pack that changes the codebook or the project (rename, merge, split, move,
retire, describe, themes…), since those belong to this master copy.

Reported, not refused: a code that the coder created under a path that already
names another code here (kept as "NAME (CODER)", with the ` + "`focal code merge`" + `
command that makes them one; --merge-same-name runs it), the removal of a
coding this project never had, and memo edits that meet other edits.`,
		Example: `  focal merge ana.focalpack
  focal merge ana.focalpack ben.focalpack --merge-same-name
  focal merge carmen.focalpack --dry-run --json`,
		Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runMerge(cmd.Context(), app, args, opts, cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opts.sameName, "merge-same-name", false, "merge codes created under a path that already names a code here into that code")
	f.BoolVar(&opts.coderByName, "coder-by-name", false, "take the pack's coder to be the coder of the same name here, though their ids differ")
	f.BoolVar(&opts.dryRun, "dry-run", false, "report what the merge would do and change nothing")
	f.BoolVar(&opts.unsigned, "unsigned", false, "take unsigned packs (from copies made by an earlier Focal); the log records them as unsigned")
	addJSONFlag(f, &opts.asJSON, "print the reports as a JSON array (fields: file, coder, coder_added, base, until, dry_run, signed, events, applied, already_merged, unchanged, skipped, codings_added, codings_removed, codes_created, memos_added, memos_edited, done_marks, same_name, left_out, notes)")
	return cmd
}

func runMerge(ctx context.Context, app *App, files []string, opts mergeOptions, w io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	reports := []study.MergeReport{}
	var failure error
	for _, file := range files {
		p, err := readPackFile(app.path(file))
		if err != nil {
			failure = fmt.Errorf("merge %s: %w", file, err)
			break
		}
		rep, err := st.MergePack(ctx, app.person(), p, study.MergeOptions{File: file, MergeSameName: opts.sameName, CoderByName: opts.coderByName, DryRun: opts.dryRun, Unsigned: opts.unsigned})
		if err != nil {
			failure = fmt.Errorf("merge %s: %w", file, err)
			break
		}
		reports = append(reports, rep)
		if !opts.asJSON {
			printMergeReport(w, app.projectName, rep)
		}
		var failed []string
		for _, sn := range rep.SameName {
			if sn.Error != "" {
				failed = append(failed, fmt.Sprintf("%s into %s: %s", sn.KeptAs, sn.Path, sn.Error))
			}
		}
		if len(failed) > 0 {
			failure = fmt.Errorf("merge %s: the pack was merged, but %s could not be merged: %s",
				file, nounCount(len(failed), "code of the same name", "codes of the same name"), strings.Join(failed, "; "))
			break
		}
	}
	if opts.asJSON {
		if err := writeJSON(w, reports); err != nil {
			return err
		}
	}
	return failure
}

func readPackFile(name string) (*pack.Pack, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, friendlyFileError(err)
	}
	defer f.Close()
	return pack.Read(f)
}

// printMergeReport says what a merge did, and what is left to do.
func printMergeReport(w io.Writer, project string, r study.MergeReport) {
	verb := "merged"
	if r.DryRun {
		verb = "would merge"
	}
	if r.Applied == 0 && !r.CoderAdded {
		fmt.Fprintf(w, "nothing new in %s: %s's %d events are in %s already", r.File, r.Coder, r.Events, project)
		if r.Skipped > 0 {
			fmt.Fprintf(w, ", except %d reported below", r.Skipped)
		}
		fmt.Fprintln(w)
	} else {
		fmt.Fprintf(w, "%s %s into %s: %s's work %s\n", verb, r.File, project, r.Coder, r.Base)
		counts := []struct {
			n         int
			one, many string
		}{
			{r.CodingsAdded, "coding added", "codings added"}, {r.CodingsRemoved, "coding removed", "codings removed"},
			{r.CodesCreated, "code created", "codes created"}, {r.MemosAdded, "memo added", "memos added"},
			{r.MemosEdited, "memo edited", "memos edited"}, {r.DoneMarks, "done mark", "done marks"},
			{r.SuggestionsRejected, "suggestion rejected", "suggestions rejected"},
		}
		var parts []string
		for _, c := range counts {
			if c.n > 0 {
				parts = append(parts, nounCount(c.n, c.one, c.many))
			}
		}
		if r.CoderAdded {
			parts = append([]string{"coder " + r.Coder + " added"}, parts...)
		}
		fmt.Fprintf(w, "  %s\n", strings.Join(parts, ", "))
		if r.AlreadyMerged+r.Unchanged > 0 {
			fmt.Fprintf(w, "  %d of its %d events were here already\n", r.AlreadyMerged+r.Unchanged, r.Events)
		}
	}
	for _, sn := range r.SameName {
		switch {
		case sn.Merged:
			fmt.Fprintf(w, "same name: %s created %s independently of the code here; merged into it (%s)\n", r.Coder, sn.Path, sn.Command)
		case sn.Error != "":
			fmt.Fprintf(w, "same name: %s created %s independently of the code here; it is kept as %s, and merging it failed: %s\n",
				r.Coder, sn.Path, sn.KeptAs, sn.Error)
		default:
			fmt.Fprintf(w, "same name: %s created %s independently of the code here; it is kept as %s. To make them one code, run:\n  %s\n",
				r.Coder, sn.Path, sn.KeptAs, sn.Command)
		}
	}
	if len(r.LeftOut) > 0 {
		fmt.Fprintf(w, "%s left out %s to the codebook or the project that are not here; make those the team agrees on here:\n",
			r.Coder, nounCount(len(r.LeftOut), "change", "changes"))
		for _, l := range r.LeftOut {
			fmt.Fprintf(w, "  %s (event %d of the copy)\n", orDash(l.What), l.Seq)
		}
	}
	if len(r.Notes) > 0 {
		fmt.Fprintln(w, "notes:")
		for _, n := range r.Notes {
			fmt.Fprintf(w, "  event %d (%s): %s\n", n.Seq, n.Kind, n.Note)
		}
	}
	if !r.Signed {
		fmt.Fprintf(w, "note: %s is not signed; it was taken because of --unsigned, and the log says so\n", r.File)
	}
	if r.DryRun {
		fmt.Fprintln(w, "(dry run: nothing was changed)")
	}
}
