package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// newParticipantWithdrawCmd withdraws a whole participant from the study.
func newParticipantWithdrawCmd(app *App) *cobra.Command {
	var reason string
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
			st, err := app.Study(cmd.Context())
			if err != nil {
				return err
			}
			already, err := st.WithdrawParticipant(cmd.Context(), app.person(), args[0], reason)
			if err != nil {
				return fmt.Errorf("participant withdraw: %w", err)
			}
			if already {
				fmt.Fprintf(cmd.OutOrStdout(), "%s had already withdrawn; nothing changed\n", args[0])
				return nil
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s withdrew: their words are left out of every later export\n", args[0])
			return nil
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why or how the participant withdrew (kept in the log)")
	return cmd
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
			pseudonym := strings.TrimSpace(args[1])
			if pseudonym == "" {
				return usageError{errors.New("participant set-pseudonym: the pseudonym cannot be empty")}
			}
			st, err := app.Study(cmd.Context())
			if err != nil {
				return err
			}
			v, found, err := st.RealNameIn(cmd.Context(), pseudonym)
			if err != nil {
				return err
			}
			if found {
				return fmt.Errorf("participant set-pseudonym: %q is a real name in this project (%s); choose another", v.Found, v.What)
			}
			before, err := st.SetPseudonym(cmd.Context(), app.person(), args[0], pseudonym)
			if err != nil {
				return fmt.Errorf("participant set-pseudonym: %w", err)
			}
			if before == pseudonym {
				fmt.Fprintf(cmd.OutOrStdout(), "%s is already %q\n", args[0], pseudonym)
				return nil
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s is now %q (was %q)\n", args[0], pseudonym, before)
			return nil
		},
	}
	return cmd
}
