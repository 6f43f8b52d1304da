package cli

import (
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/export/dataset"
)

// datasetPrivacy hands the core's privacy decisions for an export
// (study.ExportPrivacy) to the dataset's input and policy: the renderer,
// the withdrawn participants, the quotes participants asked to remove or
// corrected (resolved by the core against the sources' current text), the
// member-check answers and, for a de-identified export, the speakers'
// names. It decides nothing itself.
func datasetPrivacy(priv *study.ExportPrivacy, in *dataset.Input, policy *dataset.Policy) {
	policy.Render = func(src *dataset.Source, text string, span corpus.Span) string {
		return priv.Render(src.ID, text, span)
	}
	policy.Withdrawn.Participants = append(policy.Withdrawn.Participants, priv.Withdrawn...)
	policy.Withdrawn.Quotes = map[string][]corpus.Span{}
	policy.Reworded = map[string][]dataset.Rewording{}
	for i := range in.Sources {
		si := &in.Sources[i]
		if si.Text == "" || !priv.AnsweredOn(si.ID) {
			continue // not selected, or nothing asked of it
		}
		removed, reworded := priv.Quotes(si.ID, si.Text, exportTurns(si.Turns))
		if len(removed) > 0 {
			policy.Withdrawn.Quotes[si.ID] = removed
		}
		for _, r := range reworded {
			policy.Reworded[si.ID] = append(policy.Reworded[si.ID], dataset.Rewording{Span: r.Span, Text: r.Text})
		}
	}
	for _, a := range priv.Answers {
		in.MemberCheck = append(in.MemberCheck, dataset.MemberCheckAnswer{Participant: a.Participant, Pseudonym: a.Pseudonym,
			Item: a.Item, Theme: a.Theme, Source: a.Source, Start: a.Start, Quote: a.Quote, Answer: a.Answer,
			Comment: a.Comment, Via: a.Via, ReceivedAt: a.ReceivedAt})
	}
	if !priv.Deidentified {
		return
	}
	for i := range in.Sources {
		si := &in.Sources[i]
		names := priv.SpeakerNames(exportTurns(si.Turns), si.Language)
		for k := range si.Turns {
			si.Turns[k].Speaker = names[k]
		}
	}
}

// exportTurns gives the core a source's turns as its privacy rules need
// them.
func exportTurns(turns []dataset.Turn) []study.ExportTurn {
	out := make([]study.ExportTurn, len(turns))
	for k, t := range turns {
		out[k] = study.ExportTurn{Speaker: t.Speaker, Participant: t.Participant, Moderator: t.Moderator, Utterance: t.Utterance}
	}
	return out
}

// datasetTexts is what a built dataset shows, for the core's review and
// gate (study.ExportPrivacy.Check): the passages of its codings, whether
// it carries member-check answers, and every text.
func datasetTexts(d *dataset.Dataset) (study.Outgoing, func(check func(where, text string))) {
	out := study.Outgoing{Answers: len(d.MemberCheck) > 0}
	for i := range d.Codings {
		c := &d.Codings[i]
		for _, ps := range c.Passages {
			out.Passages = append(out.Passages, study.Passage{SourceID: d.Sources[c.Source].ID, Span: ps.Span})
		}
	}
	return out, d.Texts
}
