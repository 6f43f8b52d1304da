package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/focalqda/focal/coding/analysis"
	"github.com/focalqda/focal/export/dataset"
)

// voicesOptions are the flags of `focal voices`.
type voicesOptions struct {
	groups []string
	layer  string
	json   bool
}

func newVoicesCmd(app *App) *cobra.Command {
	var opts voicesOptions
	cmd := &cobra.Command{
		Use:   "voices [--group G…] [--layer NAME|all|consensus] [--json]",
		Short: "Show how each group talked (shares of words and turns, Gini, who speaks after whom) and who carried each theme",
		Long: `Show, for each focus group, each participant's share of the participants' words
and turns, the Gini coefficient of those shares (0 when everyone spoke as much,
towards 1 when one voice did nearly all the talking; moderators are counted
apart), and a turn-transition table: how often each speaker spoke right after
each other one, within a transcript.

Then, for each theme and code, which participants' coded words it rests on
and in which groups, with Focal's one caution rule: a theme resting on one or
two participants, mostly on one, or on one group of several is marked, as the
themes board and the exports mark it.

Codings are read as the exports read them (a source's consensus when complete,
otherwise --layer; under blinding, your own). Participants are named by their
id, other speakers as labelled. docs/ANALYSIS.md explains the figures.`,
		Example: `  focal voices
  focal voices --group "Group 1 (North)"
  focal voices --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runVoices(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.StringSliceVar(&opts.groups, "group", nil, "only these groups (repeatable)")
	f.StringVar(&opts.layer, "layer", "", "whose codings where a source's consensus is not complete: a coder's name, all or consensus (default: all, or your own while blinding is on)")
	addJSONFlag(f, &opts.json, "print the result as JSON")
	return cmd
}

// voicesResult is what `focal voices` prints, as text or JSON.
type voicesResult struct {
	Layer  string          `json:"layer"`
	Groups []groupTalkJSON `json:"groups"`
	Themes []carrierJSON   `json:"themes"`
	Codes  []carrierJSON   `json:"codes"`
}

type groupTalkJSON struct {
	Group        string          `json:"group"`
	Participants []shareJSON     `json:"participants"`
	Moderators   []shareJSON     `json:"moderators"`
	Turns        int             `json:"turns"`
	Words        int             `json:"words"`
	GiniWords    *float64        `json:"gini_words"`
	GiniTurns    *float64        `json:"gini_turns"`
	GiniNote     string          `json:"gini_note,omitempty"`
	Transitions  transitionsJSON `json:"transitions"`
}

type shareJSON struct {
	Voice     string  `json:"voice"`
	Turns     int     `json:"turns"`
	Words     int     `json:"words"`
	TurnShare float64 `json:"turn_share"`
	WordShare float64 `json:"word_share"`
}

type transitionsJSON struct {
	Voices []string `json:"voices"`
	// Counts[i][j]: how often voices[j] spoke right after voices[i].
	Counts [][]int `json:"counts"`
}

type carrierJSON struct {
	Name     string             `json:"name"`
	Passages int                `json:"passages"`
	Voices   []voiceCountJSON   `json:"voices"`
	Groups   []string           `json:"groups"`
	Cautions []analysis.Caution `json:"cautions,omitempty"`
}

type voiceCountJSON struct {
	Voice    string `json:"voice"`
	Passages int    `json:"passages"`
}

func runVoices(ctx context.Context, app *App, opts voicesOptions, out io.Writer) error {
	d, err := loadAnalysisDataset(ctx, app, opts.layer, opts.groups)
	if err != nil {
		return err
	}
	res := voicesOf(d)
	if opts.json {
		return writeJSON(out, res)
	}
	printVoices(out, res)
	return nil
}

func voicesOf(d *dataset.Dataset) voicesResult {
	res := voicesResult{Layer: d.LayerWords(), Groups: []groupTalkJSON{}, Themes: []carrierJSON{}, Codes: []carrierJSON{}}
	for _, g := range d.TalkOfGroups() {
		gj := groupTalkJSON{Group: g.Name, Turns: g.Turns, Words: g.Words, Participants: sharesJSON(g.Participants), Moderators: sharesJSON(g.Moderators),
			Transitions: transitionsJSON{Voices: g.Transitions.Voices, Counts: g.Transitions.Counts}}
		if gj.Transitions.Voices == nil {
			gj.Transitions = transitionsJSON{Voices: []string{}, Counts: [][]int{}}
		}
		if g.GiniWords.Defined {
			gj.GiniWords, gj.GiniTurns = &g.GiniWords.V, &g.GiniTurns.V
		} else {
			gj.GiniNote = g.GiniWords.Reason
		}
		res.Groups = append(res.Groups, gj)
	}
	for _, c := range d.Carriers() {
		cj := carrierJSON{Passages: c.Passages, Voices: []voiceCountJSON{}, Groups: c.Groups}
		if cj.Groups == nil {
			cj.Groups = []string{}
		}
		for _, v := range c.Voices {
			cj.Voices = append(cj.Voices, voiceCountJSON{Voice: v.Voice, Passages: v.Items})
		}
		if c.Theme >= 0 {
			cj.Name = d.Themes[c.Theme].Path
			cj.Cautions = d.Cautions(c.Theme, true)
			res.Themes = append(res.Themes, cj)
			continue
		}
		cj.Name = d.Codes[c.Code].Path
		res.Codes = append(res.Codes, cj)
	}
	return res
}

func sharesJSON(shares []analysis.Share) []shareJSON {
	out := []shareJSON{}
	for _, s := range shares {
		out = append(out, shareJSON{Voice: s.Voice, Turns: s.Turns, Words: s.Words, TurnShare: s.TurnShare, WordShare: s.WordShare})
	}
	return out
}

func printVoices(w io.Writer, res voicesResult) {
	for i, g := range res.Groups {
		if i > 0 {
			fmt.Fprintln(w)
		}
		gini := "Gini " + g.GiniNote
		if g.GiniWords != nil {
			gini = fmt.Sprintf("Gini of words %.2f, of turns %.2f", *g.GiniWords, *g.GiniTurns)
		}
		fmt.Fprintf(w, "%s: %s, %s, %s; %s\n", g.Group, plural(len(g.Participants), "participant"), plural(g.Turns, "turn"), plural(g.Words, "word"), gini)
		t := newTable(w, "PARTICIPANT", "TURNS", "OF TURNS", "WORDS", "OF WORDS", "")
		for _, s := range g.Participants {
			t.row(s.Voice, s.Turns, analysis.Percent(s.TurnShare), s.Words, analysis.Percent(s.WordShare), bar(int(s.WordShare*100+0.5), 100, 25))
		}
		t.flush()
		for _, m := range g.Moderators {
			fmt.Fprintf(w, "moderator %s: %s (%s of all turns), %s (%s of all words)\n", m.Voice, plural(m.Turns, "turn"), analysis.Percent(m.TurnShare),
				plural(m.Words, "word"), analysis.Percent(m.WordShare))
		}
		if len(g.Transitions.Voices) > 0 {
			fmt.Fprintln(w, "who speaks after whom (row: who spoke; column: who spoke next):")
			t = newTable(w, append([]string{""}, g.Transitions.Voices...)...)
			for r, from := range g.Transitions.Voices {
				cells := []any{from}
				for _, n := range g.Transitions.Counts[r] {
					cells = append(cells, n)
				}
				t.row(cells...)
			}
			t.flush()
		}
	}
	fmt.Fprintf(w, "\nWho carried each theme (passages per participant; codings: %s):\n", res.Layer)
	t := newTable(w, "THEME", "PASSAGES", "PARTICIPANTS", "GROUPS", "CAUTION")
	for _, c := range res.Themes {
		var cautions []string
		for _, k := range c.Cautions {
			cautions = append(cautions, k.Text)
		}
		t.row(c.Name, c.Passages, orDash(voiceCountsText(c.Voices)), len(c.Groups), orDash(strings.Join(cautions, "; ")))
	}
	t.flush()
	if len(res.Codes) > 0 {
		fmt.Fprintln(w, "\nWho carried each code:")
		t = newTable(w, "CODE", "PASSAGES", "PARTICIPANTS", "GROUPS")
		for _, c := range res.Codes {
			t.row(c.Name, c.Passages, orDash(voiceCountsText(c.Voices)), len(c.Groups))
		}
		t.flush()
	}
}

func voiceCountsText(vs []voiceCountJSON) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = fmt.Sprintf("%s (%d)", v.Voice, v.Passages)
	}
	return strings.Join(parts, ", ")
}
