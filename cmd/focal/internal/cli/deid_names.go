package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/focalqda/focal/coding/deid"
	"github.com/focalqda/focal/coding/study"
)

// deidNamesAddOptions are the argument and flags of `focal deid names add`.
type deidNamesAddOptions struct {
	name, kind, participant, replacement string
	json                                 bool
}

// deidNamesListOptions are the flags of `focal deid names list`.
type deidNamesListOptions struct{ json bool }

// deidNamesRemoveOptions are the argument of `focal deid names remove`.
type deidNamesRemoveOptions struct{ name string }

func newDeidNamesCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "names",
		Short: "The project's name list: nicknames, people, places and institutions to find in any case",
		Long: `The project's name list holds names that identify someone though no transcript
labels them: a participant's nickname ("Emeka" for Chukwuemeka), a person
mentioned, a town, a hospital. Unlike the word list (` + "`deid words`" + `, matched as
written), listed names are matched whatever their case and accents ("emeka",
"EMEKA", "Éméka"), as whole words. Every scan reports them (detector
name-list), every export replaces them, and the gate refuses them. A
participant's nickname is replaced by their pseudonym; other names by
[name], [place] or [institution] unless --replace says otherwise. A one-word
name that is also a common word ("Hope") is matched only as written.`,
		Example: `  focal deid names add Pepe --participant P03
  focal deid names add "Springfield General" --kind organisation
  focal deid names list --json`,
	}
	var addOpts deidNamesAddOptions
	add := &cobra.Command{
		Use:   "add NAME [--participant P | --kind person|place|organisation] [--replace WITH]",
		Short: "Put a name on the list (or change its entry)",
		Example: `  focal deid names add Pepe --participant P03
  focal deid names add Ikeja --kind place
  focal deid names add "Springfield General" --kind organisation --replace "[hospital]"`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			addOpts.name = args[0]
			return runDeidNamesAdd(cmd.Context(), app, addOpts, cmd.OutOrStdout())
		},
	}
	add.Flags().StringVar(&addOpts.participant, "participant", "", "the participant whose nickname or other name it is (their pseudonym replaces it)")
	add.Flags().StringVar(&addOpts.kind, "kind", "", "person, place or organisation (default person; name with --participant)")
	add.Flags().StringVar(&addOpts.replacement, "replace", "", "what replaces it (default: the pseudonym, or [name], [place], [institution])")
	addJSONFlag(add.Flags(), &addOpts.json, "print JSON (fields: name, changed, common_word)")
	var listOpts deidNamesListOptions
	list := &cobra.Command{
		Use:     "list",
		Short:   "List the project's name list",
		Example: "  focal deid names list\n  focal deid names list --json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDeidNamesList(cmd.Context(), app, listOpts, cmd.OutOrStdout())
		},
	}
	addJSONFlag(list.Flags(), &listOpts.json, "print JSON (fields: id, name, kind, participant, pseudonym, replacement, added_by, added_at)")
	remove := &cobra.Command{
		Use:     "remove NAME",
		Aliases: []string{"rm"},
		Short:   "Take a name off the list (found whatever its case and accents)",
		Example: "  focal deid names remove pepe",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDeidNamesRemove(cmd.Context(), app, deidNamesRemoveOptions{name: args[0]}, cmd.OutOrStdout())
		},
	}
	cmd.AddCommand(add, list, remove)
	return cmd
}

// runDeidNamesAdd puts a name on the project's name list.
func runDeidNamesAdd(ctx context.Context, app *App, opts deidNamesAddOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	res, err := st.AddDeidName(ctx, app.person(), study.DeidNameInput{Name: opts.name, Kind: opts.kind,
		Participant: opts.participant, Replacement: opts.replacement})
	if err != nil {
		return fmt.Errorf("deid names add: %w", err)
	}
	if opts.json {
		return writeJSON(out, res)
	}
	n := res.Name
	verb := "listed"
	if !res.Changed {
		verb = "already listed:"
	}
	fmt.Fprintf(out, "%s %q (%s), replaced by %s\n", verb, n.Name, describeListedName(n), replacementOfName(n))
	if res.CommonWord {
		fmt.Fprintf(out, "%q is also a common word, so it is matched only as written; other names whatever their case and accents\n", n.Name)
	}
	if res.Changed {
		fmt.Fprintln(out, "run `focal deid scan` to find it in the transcripts")
	}
	return nil
}

// describeListedName says what a listed name is.
func describeListedName(n study.DeidName) string {
	if n.Participant != "" {
		return "a name of participant " + n.Participant
	}
	return n.Kind
}

// replacementOfName says what replaces a listed name on export.
func replacementOfName(n study.DeidName) string {
	switch {
	case n.Replacement != "":
		return fmt.Sprintf("%q", n.Replacement)
	case n.Participant != "":
		return fmt.Sprintf("the pseudonym %q", n.Pseudonym)
	case n.Kind == deid.KindPerson:
		return deid.Placeholder(deid.KindPerson, "en")
	}
	return deid.Placeholder(n.Kind, "en")
}

// runDeidNamesList lists the project's name list.
func runDeidNamesList(ctx context.Context, app *App, opts deidNamesListOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	names, err := st.DeidNames(ctx)
	if err != nil {
		return err
	}
	if opts.json {
		return writeJSON(out, names)
	}
	if len(names) == 0 {
		fmt.Fprintln(out, "no names listed; add one with `focal deid names add NAME`")
		return nil
	}
	t := newTable(out, "NAME", "KIND", "PARTICIPANT", "REPLACED BY", "ADDED BY", "ADDED AT")
	for _, n := range names {
		t.row(n.Name, n.Kind, orDash(n.Participant), replacementOfName(n), orDash(n.AddedBy), n.AddedAt)
	}
	return t.flush()
}

// runDeidNamesRemove takes a name off the project's name list.
func runDeidNamesRemove(ctx context.Context, app *App, opts deidNamesRemoveOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	n, err := st.RemoveDeidName(ctx, app.person(), opts.name)
	if err != nil {
		return fmt.Errorf("deid names remove: %w", err)
	}
	fmt.Fprintf(out, "removed %q from the name list; findings already made of it keep their decisions\n", n.Name)
	return nil
}
