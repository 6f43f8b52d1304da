package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/focalqda/focal/coding/study"
)

func newLogCmd(app *App) *cobra.Command {
	var kind string
	var limit int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "log",
		Short: "Show the project's event log (every change, who, when)",
		Long: `Show the append-only event log: every change to the project with who made it,
when, and the data before and after. This is the audit trail of the analysis.

While blind coding is on, name yourself with --as: you see your own coding
work whole, and the rest of the log without other coders' codings, coding
memos and spans (their details are marked hidden).`,
		Example: "  focal log --limit 20\n  focal log --kind source. --json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runLog(cmd.Context(), app, logOptions{filter: study.LogFilter{Kind: kind, Limit: limit}, json: asJSON}, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&kind, "kind", "", "only events whose kind starts with this (e.g. source., coding.)")
	cmd.Flags().IntVar(&limit, "limit", 0, "only the last N events")
	addJSONFlag(cmd.Flags(), &asJSON, "print JSON (fields: seq, id, at, actor, kind, entity_id, before, after, reason, hidden)")
	return cmd
}

// logOptions are the flags of `focal log`.
type logOptions struct {
	filter study.LogFilter
	json   bool
}

// runLog prints the event log as the acting person may see it.
func runLog(ctx context.Context, app *App, opts logOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	events, err := st.Log(ctx, app.person(), opts.filter)
	if err != nil {
		return fmt.Errorf("log: %w", err)
	}
	if opts.json {
		return writeJSON(out, events)
	}
	t := newTable(out, "SEQ", "AT", "WHO", "WHAT", "DETAIL")
	for _, e := range events {
		t.row(e.Seq, e.At, orDash(e.Actor), e.Kind, eventDetail(e))
	}
	return t.flush()
}

// eventDetail summarises an event's after (or before) data in one short line.
func eventDetail(e study.LoggedEvent) string {
	if e.Hidden != "" {
		return "(" + e.Hidden + ")"
	}
	data := e.After
	if data == nil {
		data = e.Before
	}
	if data == nil {
		return ""
	}
	s := string(data)
	if r := []rune(s); len(r) > 80 {
		s = string(r[:79]) + "…"
	}
	return s
}
