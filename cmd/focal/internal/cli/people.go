package cli

import (
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
	cmd.AddCommand(newSpeakerListCmd(app), newSpeakerRoleCmd(app))
	return cmd
}

func newSpeakerListCmd(app *App) *cobra.Command {
	var source string
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "list [--source S]",
		Short:   "List speakers with their role, participant and number of turns",
		Example: "  focal speaker list --source fg01-belonging-en\n  focal speaker list fg02-belonging-en\n  focal speaker list --json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := app.Study(cmd.Context())
			if err != nil {
				return err
			}
			sourceID := ""
			if source != "" {
				src, err := st.Source(cmd.Context(), source)
				if err != nil {
					return err
				}
				sourceID = src.ID
			}
			speakers, err := st.Speakers(cmd.Context(), sourceID)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
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
		},
	}
	cmd.Flags().StringVar(&source, "source", "", "only this source")
	addJSONFlag(cmd.Flags(), &asJSON, "print JSON (fields: source, name, role, participant, turns)")
	cmd.RegisterFlagCompletionFunc("source", completeSources(app))
	return acceptSubjectArg(cmd, "source")
}

func newSpeakerRoleCmd(app *App) *cobra.Command {
	var source string
	cmd := &cobra.Command{
		Use:     "role SPEAKER moderator|participant --source S",
		Short:   "Mark a speaker as a moderator (facilitator) or a participant",
		Example: `  focal speaker role "Dana Reyes" moderator --source fg01-belonging-en`,
		Args:    exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if source == "" {
				return usageError{errors.New("speaker role: --source is required")}
			}
			st, err := app.Study(cmd.Context())
			if err != nil {
				return err
			}
			src, err := st.Source(cmd.Context(), source)
			if err != nil {
				return err
			}
			if err := st.SetSpeakerRole(cmd.Context(), app.person(), src.ID, args[0], args[1]); err != nil {
				return fmt.Errorf("speaker role: %w", err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s in %s is now a %s\n", args[0], src.Name, args[1])
			return nil
		},
	}
	cmd.Flags().StringVar(&source, "source", "", "the source the speaker belongs to")
	cmd.RegisterFlagCompletionFunc("source", completeSources(app))
	return cmd
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

func newParticipantLinkCmd(app *App) *cobra.Command {
	var source string
	cmd := &cobra.Command{
		Use:     "link SPEAKER --source S PARTICIPANT",
		Short:   "Say which participant a speaker of a source is",
		Example: `  focal participant link "Zoë Lindqvist" --source fg01-belonging-en P01`,
		Args:    exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if source == "" {
				return usageError{errors.New("participant link: --source is required")}
			}
			st, err := app.Study(cmd.Context())
			if err != nil {
				return err
			}
			src, err := st.Source(cmd.Context(), source)
			if err != nil {
				return err
			}
			participant := strings.TrimSpace(args[1])
			if participant == "" {
				return usageError{errors.New("participant link: the participant id is empty")}
			}
			if err := st.LinkSpeaker(cmd.Context(), app.person(), src.ID, args[0], participant); err != nil {
				return fmt.Errorf("participant link: %w", err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s in %s is participant %s\n", args[0], src.Name, participant)
			return nil
		},
	}
	cmd.Flags().StringVar(&source, "source", "", "the source the speaker belongs to")
	cmd.RegisterFlagCompletionFunc("source", completeSources(app))
	return cmd
}

func newParticipantSetCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:     "set PARTICIPANT KEY=VALUE...",
		Short:   "Set attributes of a participant (KEY= removes one)",
		Example: "  focal participant set P07 pgy=2 site=West",
		Args:    minArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			attrs := map[string]string{}
			for _, kv := range args[1:] {
				k, v, ok := strings.Cut(kv, "=")
				k = strings.TrimSpace(k)
				if !ok || k == "" {
					return usageError{fmt.Errorf("participant set: %q is not KEY=VALUE", kv)}
				}
				attrs[k] = strings.TrimSpace(v)
			}
			st, err := app.Study(cmd.Context())
			if err != nil {
				return err
			}
			if err := st.SetParticipantAttributes(cmd.Context(), app.person(), map[string]map[string]string{args[0]: attrs}); err != nil {
				return fmt.Errorf("participant set: %w", err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "set %d attributes of %s\n", len(attrs), args[0])
			return nil
		},
	}
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
			rows, err := readAttributeCSV(app.path(args[0]))
			if err != nil {
				return fmt.Errorf("participant import %s: %w", args[0], err)
			}
			st, err := app.Study(cmd.Context())
			if err != nil {
				return err
			}
			if err := st.SetParticipantAttributes(cmd.Context(), app.person(), rows); err != nil {
				return fmt.Errorf("participant import %s: %w", args[0], err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "set attributes of %d participants\n", len(rows))
			return nil
		},
	}
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

func newParticipantListCmd(app *App) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List participants with their pseudonym, attributes and speakers",
		Example: "  focal participant list\n  focal participant list --json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := app.Study(cmd.Context())
			if err != nil {
				return err
			}
			ps, err := st.Participants(cmd.Context())
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
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
		},
	}
	addJSONFlag(cmd.Flags(), &asJSON, "print JSON (fields: participant, pseudonym, attributes, speakers)")
	return cmd
}
