package cli

import (
	"context"
	"fmt"

	"github.com/focalqda/focal/coding/deid"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/export/dataset"
)

// exportPrivacy is what every export needs to keep the project's privacy
// promises (docs/PRIVACY.md): the core's de-identification (rendering,
// the gate, the review), what participants withdrew, their corrected
// wording, and their member-check answers.
type exportPrivacy struct {
	deid        *study.Deidentification
	pseudonyms  map[string]string // participant id → pseudonym
	withdrawn   []string          // participant ids
	answers     []study.MemberCheckAnswer
	codingSpans map[string]study.CodingSpan
	themePaths  map[string]string
}

// loadExportPrivacy reads the project's privacy state.
func loadExportPrivacy(ctx context.Context, st *study.Study) (*exportPrivacy, error) {
	p := &exportPrivacy{pseudonyms: map[string]string{}, themePaths: map[string]string{}}
	var err error
	if p.deid, err = st.Deidentification(ctx); err != nil {
		return nil, err
	}
	participants, err := st.Participants(ctx)
	if err != nil {
		return nil, err
	}
	for _, pt := range participants {
		p.pseudonyms[pt.Name] = pt.Pseudonym
	}
	withdrawals, err := st.Withdrawals(ctx)
	if err != nil {
		return nil, err
	}
	for _, w := range withdrawals {
		p.withdrawn = append(p.withdrawn, w.Participant)
	}
	if p.answers, err = st.MemberCheckAnswers(ctx); err != nil {
		return nil, err
	}
	var ids []string
	for _, a := range p.answers {
		if a.CodingID != "" {
			ids = append(ids, a.CodingID)
		}
	}
	if p.codingSpans, err = st.CodingSpans(ctx, ids); err != nil {
		return nil, err
	}
	themes, err := st.Themes(ctx, study.Person{}, study.ThemeFilter{})
	if err != nil {
		// Under blinding without a viewer themes cannot be counted; their
		// paths are all the answers need.
		themes = nil
	}
	for _, th := range themes {
		p.themePaths[th.ID] = th.Path
	}
	return p, nil
}

// render gives the words of a span of a source as they leave the project.
// It is dataset.Policy's Render.
func (p *exportPrivacy) render(src *dataset.Source, text string, span corpus.Span) string {
	return p.deid.Render(src.ID, text, span)
}

// prepare puts the privacy state into an export's input and policy: the
// renderer, withdrawals and corrected wording resolved against the
// sources' current text, the member-check answers and, for a
// de-identified export, speakers named by pseudonym or role.
func (p *exportPrivacy) prepare(in *dataset.Input, policy *dataset.Policy, deidentified bool) {
	policy.Render = p.render
	policy.Withdrawn.Participants = append(policy.Withdrawn.Participants, p.withdrawn...)
	policy.Withdrawn.Quotes = map[string][]corpus.Span{}
	policy.Reworded = map[string][]dataset.Rewording{}
	sources := map[string]*dataset.SourceInput{}
	hashes := map[string]string{}
	for i := range in.Sources {
		sources[in.Sources[i].ID] = &in.Sources[i]
	}
	for _, a := range p.answers {
		if a.Item != "quote" || (a.Answer != "remove" && a.Answer != "edit") {
			continue
		}
		si := sources[a.SourceID]
		if si == nil || si.Text == "" {
			continue // not selected
		}
		if _, ok := hashes[si.ID]; !ok {
			hashes[si.ID] = corpus.TextHash(si.Text)
		}
		spans := p.quoteSpans(a, si, hashes[si.ID])
		if a.Answer == "remove" {
			policy.Withdrawn.Quotes[si.ID] = append(policy.Withdrawn.Quotes[si.ID], spans...)
		} else if len(spans) > 0 {
			policy.Reworded[si.ID] = append(policy.Reworded[si.ID], dataset.Rewording{Span: spans[0], Text: p.deid.RenderAnswer(a.Comment)})
		}
	}
	for _, a := range p.answers {
		da := dataset.MemberCheckAnswer{Participant: a.Participant, Pseudonym: p.pseudonyms[a.Participant], Item: a.Item,
			Theme: p.themePaths[a.ThemeID], Source: a.Source, Start: a.Start, Quote: p.deid.RenderAnswer(a.Quote), Answer: a.Answer,
			Comment: p.deid.RenderAnswer(a.Comment),
			Via:     a.Via, ReceivedAt: a.ReceivedAt}
		if a.Item == "theme" && da.Theme == "" {
			da.Theme = a.ThemeID
		}
		in.MemberCheck = append(in.MemberCheck, da)
	}
	if deidentified {
		p.pseudonymiseSpeakers(in)
	}
}

// quoteSpans finds where a quote a participant answered on is now: its
// span as written in the packet while the source text is unchanged;
// after a correction, the participant's turns inside its coding (codings
// move with corrections); failing both, the span as written.
func (p *exportPrivacy) quoteSpans(a study.MemberCheckAnswer, si *dataset.SourceInput, hash string) []corpus.Span {
	stored := corpus.Span{Start: a.Start, End: a.End}
	if a.SourceSHA256 == "" || a.SourceSHA256 == hash {
		return []corpus.Span{stored}
	}
	c, ok := p.codingSpans[a.CodingID]
	if !ok {
		return []corpus.Span{stored}
	}
	var out []corpus.Span
	for _, t := range si.Turns {
		if t.Participant != a.Participant {
			continue
		}
		part := corpus.Span{Start: max(c.Start, t.Utterance.Start), End: min(c.End, t.Utterance.End)}
		if part.Len() > 0 {
			out = append(out, part)
		}
	}
	if len(out) == 0 {
		return []corpus.Span{stored}
	}
	return out
}

// pseudonymiseSpeakers names the speakers of a de-identified export by
// pseudonym (participants) or role ("[moderator]", "[speaker] 2").
func (p *exportPrivacy) pseudonymiseSpeakers(in *dataset.Input) {
	for i := range in.Sources {
		si := &in.Sources[i]
		names := map[string]string{}
		var order []string
		roles := map[string]int{}
		for _, t := range si.Turns {
			if t.Participant != "" || t.Speaker == "" {
				continue
			}
			if _, ok := names[t.Speaker]; !ok {
				order = append(order, t.Speaker)
				kind := "speaker"
				if t.Moderator {
					kind = "moderator"
				}
				names[t.Speaker] = kind
				roles[kind]++
			}
		}
		n := map[string]int{}
		for _, sp := range order {
			kind := names[sp]
			label := deid.Placeholder(kind, si.Language)
			if roles[kind] > 1 {
				n[kind]++
				label = fmt.Sprintf("%s %d", label, n[kind])
			}
			names[sp] = label
		}
		for k := range si.Turns {
			t := &si.Turns[k]
			switch {
			case t.Participant != "":
				t.Speaker = p.pseudonyms[t.Participant]
			case t.Speaker != "":
				t.Speaker = names[t.Speaker]
			}
		}
	}
}

// gateError is an export the de-identification gate stopped; it lists
// where a known name or an accepted identifier would have appeared.
type gateError struct {
	what       string
	violations []deid.Violation
}

func (e *gateError) Error() string {
	return fmt.Sprintf("the de-identification gate stopped %s: %d place(s) would show a real name or an accepted identifier (listed above); accept replacements with `focal deid accept`, add words with `focal deid add`, or record a reviewed exception with `focal deid allow`",
		e.what, len(e.violations))
}

// list is the violations for the researcher, one per line.
func (e *gateError) list(limit int) string { return deid.Report(e.violations, limit) }

// check runs the review and then the gate over everything a dataset
// shows: the review's refusal comes alone, the gate's lists the places.
func (p *exportPrivacy) check(d *dataset.Dataset) error {
	out := study.Outgoing{Answers: len(d.MemberCheck) > 0}
	for i := range d.Codings {
		c := &d.Codings[i]
		for _, ps := range c.Passages {
			out.Passages = append(out.Passages, study.Passage{SourceID: d.Sources[c.Source].ID, Span: ps.Span})
		}
	}
	if err := p.deid.Review(out); err != nil {
		return err
	}
	var vs []deid.Violation
	d.Texts(func(where, text string) {
		vs = append(vs, p.deid.Check(where, text)...)
	})
	if len(vs) > 0 {
		return &gateError{what: "this export", violations: vs}
	}
	return nil
}
