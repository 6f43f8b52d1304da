package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/analysis"
	"github.com/focalqda/focal/coding/study"
)

// themeShown is a theme as `focal theme show --json` prints it: the theme
// and Focal's one caution rule on the quotes behind it.
type themeShown struct {
	coding.Theme
	Cautions []analysis.Caution `json:"cautions"`
}

// themeCautions applies the one caution rule (analysis.Backing.Cautions)
// to the theme's quotes as the themes board counts them: every coder's
// codings of its codes that p may see, the consensus layer aside, the same
// words coded twice one quote; a quote's voice is the participant (else
// the speaker, with the source) where it starts, its group the source's
// group (else the source).
func themeCautions(ctx context.Context, st *study.Study, p study.Person, th coding.Theme) ([]analysis.Caution, error) {
	sources, err := st.Sources(ctx)
	if err != nil {
		return nil, err
	}
	groupOf := map[string]string{}
	groups := map[string]bool{}
	for _, s := range sources {
		g := s.Group
		if g == "" {
			g = s.Name
		}
		groupOf[s.ID], groups[g] = g, true
	}
	type span struct {
		source     string
		start, end int
	}
	seen := map[span]bool{}
	perVoice := map[string]int{}
	var order []string
	b := analysis.Backing{ProjectGroups: len(groups)}
	for _, c := range th.Codes {
		codings, err := st.Codings(ctx, p, study.CodingFilter{Code: c.Path})
		if err != nil {
			return nil, err
		}
		for _, cd := range codings {
			k := span{cd.SourceID, cd.Start, cd.End}
			if cd.Coder == study.ConsensusCoder || seen[k] {
				continue
			}
			seen[k] = true
			b.Items++
			b.Groups = append(b.Groups, groupOf[cd.SourceID])
			// A speaker not linked to a participant is one voice per
			// source, as in the exports.
			voice := cd.Participant
			if voice == "" && cd.Speaker != "" {
				voice = cd.Speaker + " (" + cd.Source + ")"
			}
			if voice == "" {
				continue
			}
			if perVoice[voice] == 0 {
				order = append(order, voice)
			}
			perVoice[voice]++
		}
	}
	for _, v := range order {
		b.ByVoice = append(b.ByVoice, analysis.VoiceCount{Voice: v, Items: perVoice[v]})
	}
	return b.Cautions("quote", true), nil
}

// printCautions writes a theme's cautions under it.
func printCautions(out io.Writer, cautions []analysis.Caution) {
	for _, c := range cautions {
		fmt.Fprintf(out, "  caution:     %s\n", c.Text)
	}
}
