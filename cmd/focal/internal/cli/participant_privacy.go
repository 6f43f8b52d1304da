package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

// participantWithdrawOptions are the argument and flags of `focal participant withdraw`.
type participantWithdrawOptions struct {
	participant, reason string
}

// newParticipantWithdrawCmd withdraws a whole participant from the study.
func newParticipantWithdrawCmd(app *App) *cobra.Command {
	var opts participantWithdrawOptions
	cmd := &cobra.Command{
		Use:   "withdraw PARTICIPANT [--reason WHY]",
		Short: "Withdraw a participant: none of their words appears in any later export",
		Long: `Record that a participant withdrew from the study. Their words are left out of
every later export (workbook, CSV, report, member-check packets) and their
member-check answers are no longer shown; the transcripts and codings stay in
the project, as the record of what was said. A single quote is withdrawn
through member checking (` + "`focal membercheck record --quote ID --answer remove`" + `).`,
		Example: `  focal participant withdraw P07 --reason "asked by e-mail on 2026-04-02"`,
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.participant = args[0]
			return runParticipantWithdraw(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&opts.reason, "reason", "", "why or how the participant withdrew (kept in the log)")
	return cmd
}

// runParticipantWithdraw records that a participant withdrew from the study.
func runParticipantWithdraw(ctx context.Context, app *App, opts participantWithdrawOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	already, err := st.WithdrawParticipant(ctx, app.person(), opts.participant, opts.reason)
	if err != nil {
		return fmt.Errorf("participant withdraw: %w", err)
	}
	if already {
		fmt.Fprintf(out, "%s had already withdrawn; nothing changed\n", opts.participant)
		return nil
	}
	fmt.Fprintf(out, "%s withdrew: their words are left out of every later export\n", opts.participant)
	return nil
}

// participantPseudonymOptions are the arguments of `focal participant set-pseudonym`.
type participantPseudonymOptions struct {
	participant, pseudonym string
}

// newParticipantPseudonymCmd gives a participant a chosen pseudonym.
func newParticipantPseudonymCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "set-pseudonym PARTICIPANT PSEUDONYM",
		Short: "Give a participant a chosen pseudonym (default P01, P02, …)",
		Long: `Give a participant a pseudonym of their or the team's choosing. Exports,
de-identified speaker names and member-check packets use it; accepted
replacements of the participant's name follow it. A pseudonym may not be
another participant's id or pseudonym, nor a real name the project knows.`,
		Example: `  focal participant set-pseudonym P07 "Rosa"`,
		Args:    exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runParticipantPseudonym(cmd.Context(), app, participantPseudonymOptions{participant: args[0], pseudonym: args[1]}, cmd.OutOrStdout())
		},
	}
	return cmd
}

// runParticipantPseudonym gives a participant a chosen pseudonym, refusing
// a real name the project knows.
func runParticipantPseudonym(ctx context.Context, app *App, opts participantPseudonymOptions, out io.Writer) error {
	pseudonym := strings.TrimSpace(opts.pseudonym)
	if pseudonym == "" {
		return usageError{errors.New("participant set-pseudonym: the pseudonym cannot be empty")}
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	v, found, err := st.RealNameIn(ctx, pseudonym)
	if err != nil {
		return err
	}
	if found {
		return fmt.Errorf("participant set-pseudonym: %q is a real name in this project (%s); choose another", v.Found, v.What)
	}
	before, err := st.SetPseudonym(ctx, app.person(), opts.participant, pseudonym)
	if err != nil {
		return fmt.Errorf("participant set-pseudonym: %w", err)
	}
	if before == pseudonym {
		fmt.Fprintf(out, "%s is already %q\n", opts.participant, pseudonym)
		return nil
	}
	fmt.Fprintf(out, "%s is now %q (was %q)\n", opts.participant, pseudonym, before)
	return nil
}
