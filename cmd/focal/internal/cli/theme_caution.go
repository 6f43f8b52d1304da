package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/analysis"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
)

// themeShown is a theme as `focal theme show --json` prints it: the theme
// and Focal's one caution rule on the quotes behind it.
type themeShown struct {
	coding.Theme
	Cautions []analysis.Caution `json:"cautions"`
}

// themeCautions applies the one caution rule (analysis.Backing.Cautions)
// to the theme's passages as the themes board counts them: every coder's
// codings of its codes that p may see, the consensus layer aside, grouped
// per turn into passages (coding.GroupPassages); a passage's voice is the
// turn's participant (else its speaker, with the source), its group the
// source's group (else the source).
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
	// Passages as the themes board counts them (coding.GroupPassages):
	// codings of one turn that share words are one passage; its voice is
	// who speaks in the turn.
	type turnKey struct {
		source string
		turn   int
	}
	byTurn := map[turnKey][]coding.Coding{}
	var turns []turnKey
	for _, c := range th.Codes {
		codings, err := st.Codings(ctx, p, study.CodingFilter{Code: c.Path})
		if err != nil {
			return nil, err
		}
		for _, cd := range codings {
			if cd.Coder == study.ConsensusCoder {
				continue
			}
			k := turnKey{cd.SourceID, cd.Turn}
			if _, ok := byTurn[k]; !ok {
				turns = append(turns, k)
			}
			byTurn[k] = append(byTurn[k], cd)
		}
	}
	perVoice := map[string]int{}
	var order []string
	b := analysis.Backing{ProjectGroups: len(groups)}
	for _, k := range turns {
		cs := byTurn[k]
		spans := make([]corpus.Span, len(cs))
		for i, cd := range cs {
			spans[i] = corpus.Span{Start: cd.Start, End: cd.End}
		}
		passages, _ := coding.GroupPassages(spans)
		n := len(passages)
		b.Items += n
		for range n {
			b.Groups = append(b.Groups, groupOf[k.source])
		}
		// A speaker not linked to a participant is one voice per source,
		// as in the exports.
		cd := cs[0]
		voice := cd.Participant
		if voice == "" && cd.Speaker != "" {
			voice = cd.Speaker + " (" + cd.Source + ")"
		}
		if voice == "" || n == 0 {
			continue
		}
		if perVoice[voice] == 0 {
			order = append(order, voice)
		}
		perVoice[voice] += n
	}
	for _, v := range order {
		b.ByVoice = append(b.ByVoice, analysis.VoiceCount{Voice: v, Items: perVoice[v]})
	}
	return b.Cautions("passage", true), nil
}

// printCautions writes a theme's cautions under it.
func printCautions(out io.Writer, cautions []analysis.Caution) {
	for _, c := range cautions {
		fmt.Fprintf(out, "  caution:     %s\n", c.Text)
	}
}
