package cli

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/focalqda/focal/corpus"
)

func newSpeakerCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "speaker",
		Short: "List speakers and mark moderators",
		Long: `Speakers are the voices of one source, as labelled in its transcript.
Link a speaker to a participant (a person across sources) with
` + "`focal participant link`" + `. Moderator turns are left out of analysis by default.`,
	}
	cmd.AddCommand(newSpeakerListCmd(app), newSpeakerRoleCmd(app), newSpeakerMergeCmd(app))
	return cmd
}

// speakerListOptions are the flags of `focal speaker list`.
type speakerListOptions struct {
	source string
	json   bool
}

func newSpeakerListCmd(app *App) *cobra.Command {
	var opts speakerListOptions
	cmd := &cobra.Command{
		Use:     "list [--source S]",
		Short:   "List speakers with their role, participant and number of turns",
		Example: "  focal speaker list --source fg01-belonging-en\n  focal speaker list fg02-belonging-en\n  focal speaker list --json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runSpeakerList(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&opts.source, "source", "", "only this source")
	addJSONFlag(cmd.Flags(), &opts.json, "print JSON (fields: source, name, role, participant, turns)")
	app.completeFlag(cmd, "source", completeSources(app))
	return acceptSubjectArg(cmd, "source")
}

// runSpeakerList lists the speakers of one source or of all.
func runSpeakerList(ctx context.Context, app *App, opts speakerListOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	sourceID := ""
	if opts.source != "" {
		src, err := st.Source(ctx, opts.source)
		if err != nil {
			return err
		}
		sourceID = src.ID
	}
	speakers, err := st.Speakers(ctx, sourceID)
	if err != nil {
		return err
	}
	if opts.json {
		if speakers == nil {
			speakers = []corpus.Speaker{}
		}
		return writeJSON(out, speakers)
	}
	t := newTable(out, "SOURCE", "SPEAKER", "ROLE", "PARTICIPANT", "TURNS")
	for _, k := range speakers {
		t.row(k.Source, k.Name, k.Role, orDash(k.Participant), k.Turns)
	}
	return t.flush()
}

// speakerRoleOptions are the arguments and flags of `focal speaker role`.
type speakerRoleOptions struct {
	source, speaker, role string
}

func newSpeakerRoleCmd(app *App) *cobra.Command {
	var opts speakerRoleOptions
	cmd := &cobra.Command{
		Use:     "role SPEAKER moderator|participant --source S",
		Short:   "Mark a speaker as a moderator (facilitator) or a participant",
		Example: `  focal speaker role "Dana Reyes" moderator --source fg01-belonging-en`,
		Args:    exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.speaker, opts.role = args[0], args[1]
			return runSpeakerRole(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&opts.source, "source", "", "the source the speaker belongs to")
	app.completeFlag(cmd, "source", completeSources(app))
	return cmd
}

// runSpeakerRole marks a speaker of a source as a moderator or a participant.
func runSpeakerRole(ctx context.Context, app *App, opts speakerRoleOptions, out io.Writer) error {
	if opts.source == "" {
		return usageError{errors.New("speaker role: --source is required")}
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	src, err := st.Source(ctx, opts.source)
	if err != nil {
		return err
	}
	if err := st.SetSpeakerRole(ctx, app.person(), src.ID, opts.speaker, opts.role); err != nil {
		return fmt.Errorf("speaker role: %w", err)
	}
	fmt.Fprintf(out, "%s in %s is now a %s\n", opts.speaker, src.Name, opts.role)
	return nil
}

// speakerMergeOptions are the arguments and flags of `focal speaker merge`.
type speakerMergeOptions struct {
	source, from, into string
	json               bool
}

func newSpeakerMergeCmd(app *App) *cobra.Command {
	var opts speakerMergeOptions
	cmd := &cobra.Command{
		Use:   "merge FROM INTO --source S",
		Short: "Read two speakers of a source as one person (e.g. Interviewer1 and Interviewer 1)",
		Long: `Merge speaker FROM into speaker INTO in one source: FROM's turns become INTO's
and FROM is removed. The text, the labels as written and all codings stay as
they are. Speakers with different roles, or linked to different
participants, are refused until you make them agree. The merge is logged;
` + "`focal undo`" + ` takes it back (and ` + "`focal redo`" + ` makes it again). Before import,
--merge-speakers does the same.`,
		Example: `  focal speaker merge "Interviewer 1" "Interviewer1" --source fg04`,
		Args:    exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.from, opts.into = args[0], args[1]
			return runSpeakerMerge(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&opts.source, "source", "", "the source the speakers belong to")
	addJSONFlag(cmd.Flags(), &opts.json, "print JSON (fields: source, from, into, turns)")
	app.completeFlag(cmd, "source", completeSources(app))
	return cmd
}

// runSpeakerMerge merges one speaker of a source into another.
func runSpeakerMerge(ctx context.Context, app *App, opts speakerMergeOptions, out io.Writer) error {
	if opts.source == "" {
		return usageError{errors.New("speaker merge: --source is required")}
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	src, err := st.Source(ctx, opts.source)
	if err != nil {
		return fmt.Errorf("speaker merge: %w", err)
	}
	res, err := st.MergeSpeakers(ctx, app.person(), src.ID, opts.from, opts.into)
	if err != nil {
		return fmt.Errorf("speaker merge: %w", err)
	}
	if opts.json {
		return writeJSON(out, res)
	}
	fmt.Fprintf(out, "%s merged into %s in %s: %s; undo with `focal undo`\n", res.From, res.Into, res.Source, countOf(res.Turns, "turn"))
	return nil
}

func newParticipantCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "participant",
		Short: "Participants: people across sources, with attributes",
		Long: `A participant is a person who may speak in several sources. Link each speaker
of a source to a participant, and give participants attributes (training year,
site, …) for crosstabs later. Participants get a pseudonym (P01, P02, …).`,
	}
	cmd.AddCommand(newParticipantLinkCmd(app), newParticipantSetCmd(app), newParticipantImportCmd(app), newParticipantListCmd(app),
		newParticipantPseudonymCmd(app), newParticipantWithdrawCmd(app))
	return cmd
}

// participantLinkOptions are the arguments and flags of `focal participant link`.
type participantLinkOptions struct {
	source, speaker, participant string
}

func newParticipantLinkCmd(app *App) *cobra.Command {
	var opts participantLinkOptions
	cmd := &cobra.Command{
		Use:     "link SPEAKER --source S PARTICIPANT",
		Short:   "Say which participant a speaker of a source is",
		Example: `  focal participant link "Zoë Lindqvist" --source fg01-belonging-en P01`,
		Args:    exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.speaker, opts.participant = args[0], args[1]
			return runParticipantLink(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&opts.source, "source", "", "the source the speaker belongs to")
	app.completeFlag(cmd, "source", completeSources(app))
	return cmd
}

// runParticipantLink says which participant a speaker of a source is.
func runParticipantLink(ctx context.Context, app *App, opts participantLinkOptions, out io.Writer) error {
	if opts.source == "" {
		return usageError{errors.New("participant link: --source is required")}
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	src, err := st.Source(ctx, opts.source)
	if err != nil {
		return err
	}
	participant := strings.TrimSpace(opts.participant)
	if participant == "" {
		return usageError{errors.New("participant link: the participant id is empty")}
	}
	if err := st.LinkSpeaker(ctx, app.person(), src.ID, opts.speaker, participant); err != nil {
		return fmt.Errorf("participant link: %w", err)
	}
	fmt.Fprintf(out, "%s in %s is participant %s\n", opts.speaker, src.Name, participant)
	return nil
}

// participantSetOptions are the arguments of `focal participant set`.
type participantSetOptions struct {
	participant string
	pairs       []string // KEY=VALUE
}

func newParticipantSetCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:     "set PARTICIPANT KEY=VALUE...",
		Short:   "Set attributes of a participant (KEY= removes one)",
		Example: "  focal participant set P07 pgy=2 site=West",
		Args:    minArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runParticipantSet(cmd.Context(), app, participantSetOptions{participant: args[0], pairs: args[1:]}, cmd.OutOrStdout())
		},
	}
}

// runParticipantSet sets (or, with an empty value, removes) attributes of a participant.
func runParticipantSet(ctx context.Context, app *App, opts participantSetOptions, out io.Writer) error {
	attrs := map[string]string{}
	for _, kv := range opts.pairs {
		k, v, ok := strings.Cut(kv, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return usageError{fmt.Errorf("participant set: %q is not KEY=VALUE", kv)}
		}
		attrs[k] = strings.TrimSpace(v)
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	if err := st.SetParticipantAttributes(ctx, app.person(), map[string]map[string]string{opts.participant: attrs}); err != nil {
		return fmt.Errorf("participant set: %w", err)
	}
	fmt.Fprintf(out, "set %d attributes of %s\n", len(attrs), opts.participant)
	return nil
}

// participantImportOptions are the argument of `focal participant import`.
type participantImportOptions struct {
	file string // as the user typed it
}

func newParticipantImportCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE.csv",
		Short: "Set participant attributes from a CSV (first column the participant id)",
		Long: `Read a CSV whose header names the attributes: the first column is the
participant id, every other column an attribute. The whole file is applied
in one transaction, or nothing is when any row is wrong.`,
		Example: "  focal participant import attrs.csv   # participant,pgy,site",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runParticipantImport(cmd.Context(), app, participantImportOptions{file: args[0]}, cmd.OutOrStdout())
		},
	}
}

// runParticipantImport sets participant attributes from a CSV file, all or none.
func runParticipantImport(ctx context.Context, app *App, opts participantImportOptions, out io.Writer) error {
	rows, err := readAttributeCSV(app.path(opts.file))
	if err != nil {
		return fmt.Errorf("participant import %s: %w", opts.file, err)
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	if err := st.SetParticipantAttributes(ctx, app.person(), rows); err != nil {
		return fmt.Errorf("participant import %s: %w", opts.file, err)
	}
	fmt.Fprintf(out, "set attributes of %d participants\n", len(rows))
	return nil
}

// readAttributeCSV reads participant,attr1,attr2… rows.
func readAttributeCSV(file string) (map[string]map[string]string, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, friendlyFileError(err)
	}
	defer f.Close()
	return parseAttributeCSV(f)
}

func parseAttributeCSV(r io.Reader) (map[string]map[string]string, error) {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err == io.EOF {
		return nil, errors.New("the file is empty; the first line must name the columns (participant,attribute,…)")
	}
	if err != nil {
		return nil, err
	}
	if len(header) < 2 {
		return nil, errors.New("line 1: need a participant column and at least one attribute column")
	}
	header[0] = strings.TrimPrefix(header[0], "\uFEFF")
	seen := map[string]bool{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		if h == "" {
			return nil, fmt.Errorf("line 1: column %d has no name", i+1)
		}
		if seen[h] {
			return nil, fmt.Errorf("line 1: column %q appears twice", h)
		}
		seen[h] = true
		header[i] = h
	}
	rows := map[string]map[string]string{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err // csv errors name the line
		}
		line, _ := cr.FieldPos(0)
		id := strings.TrimSpace(rec[0])
		if id == "" {
			return nil, fmt.Errorf("line %d: the participant id is empty", line)
		}
		if _, dup := rows[id]; dup {
			return nil, fmt.Errorf("line %d: participant %s appears twice", line, id)
		}
		attrs := map[string]string{}
		for i := 1; i < len(rec); i++ {
			attrs[header[i]] = strings.TrimSpace(rec[i])
		}
		rows[id] = attrs
	}
	if len(rows) == 0 {
		return nil, errors.New("no participant rows after the header")
	}
	return rows, nil
}

// participantListOptions are the flags of `focal participant list`.
type participantListOptions struct{ json bool }

func newParticipantListCmd(app *App) *cobra.Command {
	var opts participantListOptions
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List participants with their pseudonym, attributes and speakers",
		Example: "  focal participant list\n  focal participant list --json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runParticipantList(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	addJSONFlag(cmd.Flags(), &opts.json, "print JSON (fields: participant, pseudonym, attributes, speakers)")
	return cmd
}

// runParticipantList lists participants with their pseudonym, attributes and speakers.
func runParticipantList(ctx context.Context, app *App, opts participantListOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	ps, err := st.Participants(ctx)
	if err != nil {
		return err
	}
	if opts.json {
		if ps == nil {
			ps = []corpus.Participant{}
		}
		return writeJSON(out, ps)
	}
	t := newTable(out, "PARTICIPANT", "PSEUDONYM", "ATTRIBUTES", "SPEAKERS")
	for _, p := range ps {
		keys := make([]string, 0, len(p.Attributes))
		for k := range p.Attributes {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var attrs []string
		for _, k := range keys {
			attrs = append(attrs, k+"="+p.Attributes[k])
		}
		t.row(p.Name, p.Pseudonym, orDash(strings.Join(attrs, " ")), orDash(strings.Join(p.Speakers, ", ")))
	}
	return t.flush()
}
