package cli

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/focalqda/focal/coding/deid"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/export/dataset"
)

// withdrawnMarker stands in a REFI-QDA file's source text for words a
// participant withdrew.
func withdrawnMarker(lang string) string {
	if strings.HasPrefix(strings.ToLower(lang), "es") {
		return "[retirado]"
	}
	return "[withdrawn]"
}

// filterInterchange makes a REFI-QDA export keep the promises every other
// export keeps (docs/PRIVACY.md). A REFI-QDA file carries whole source
// texts, so the words are taken out of the texts themselves: what
// participants withdrew (whole participants, and quotes they asked to
// remove) is replaced by a marker, corrected wording replaces the words it
// corrects, and with deidentified the speakers are named by pseudonym or
// role and the accepted replacements and listed words are made. Codings
// and memos on a text move with it; those wholly inside withdrawn words
// are left out. A de-identified export then goes through the review and
// the gate like every other. It returns notes for the export's summary.
func (p *exportPrivacy) filterInterchange(ctx context.Context, st *study.Study, ex *study.Export, deidentified bool) ([]string, error) {
	var notes []string
	withdrawn := map[string]bool{}
	for _, w := range p.withdrawn {
		withdrawn[w] = true
	}
	places := map[string]*corpus.Rewritten{}
	speakerNames := map[string]map[string]string{} // source id → label → name in the file
	droppedCodings, withdrawnTurns, quotes, reworded := 0, 0, 0, 0
	var outgoing []study.Passage // every text, whole, as stored
	for i := range ex.Sources {
		src := &ex.Sources[i]
		turns, err := st.Turns(ctx, src.ID)
		if err != nil {
			return nil, err
		}
		si := &dataset.SourceInput{Source: dataset.Source{ID: src.ID, Name: src.Name, Language: src.Language}, Text: src.Text}
		for _, t := range turns {
			si.Turns = append(si.Turns, dataset.Turn{Seq: t.Seq, Speaker: t.Speaker, Participant: t.Participant,
				Moderator: t.Role == "moderator", Utterance: t.Utterance()})
		}
		outgoing = append(outgoing, study.Passage{SourceID: src.ID, Span: corpus.Span{Start: 0, End: utf8.RuneCountInString(src.Text)}})
		marker := withdrawnMarker(src.Language)
		var edits []corpus.Edit
		for _, t := range turns {
			if withdrawn[t.Participant] && t.End > t.Start {
				edits = append(edits, corpus.Edit{Span: t.Utterance(), With: marker, Drop: true})
				withdrawnTurns++
				if !deidentified && t.LabelSpan.Len() > 0 {
					// Nor does their name: the turn goes by their id.
					edits = append(edits, corpus.Edit{Span: t.LabelSpan, With: t.Participant})
				}
			}
		}
		hash := corpus.TextHash(src.Text)
		for _, a := range p.answers {
			if a.SourceID != src.ID || a.Item != "quote" || (a.Answer != "remove" && a.Answer != "edit") {
				continue
			}
			spans := p.quoteSpans(a, si, hash)
			if a.Answer == "remove" {
				for _, s := range spans {
					edits = append(edits, corpus.Edit{Span: s, With: marker, Drop: true})
				}
				quotes++
			} else if len(spans) > 0 {
				edits = append(edits, corpus.Edit{Span: spans[0], With: p.deid.RenderAnswer(a.Comment)})
				reworded++
			}
		}
		if deidentified {
			in := dataset.Input{Sources: []dataset.SourceInput{*si}}
			p.pseudonymiseSpeakers(&in)
			names := map[string]string{}
			for k, t := range turns {
				name := in.Sources[0].Turns[k].Speaker
				if name == "" && t.Participant != "" {
					name = t.Participant // a participant without a pseudonym goes by their id
				}
				names[t.Speaker] = name
				if t.LabelSpan.Len() > 0 {
					edits = append(edits, corpus.Edit{Span: t.LabelSpan, With: name})
				}
			}
			speakerNames[src.ID] = names
			for j, m := range src.Moderators {
				if name, ok := names[m]; ok {
					src.Moderators[j] = name
				}
			}
			edits = append(edits, p.deid.Edits(src.ID, src.Text)...)
		}
		if len(edits) == 0 {
			continue
		}
		// Withdrawn words come first: a replacement inside them is not made.
		r, _ := corpus.Rewrite(src.Text, withdrawnFirst(edits))
		src.Text = r.Text
		places[src.ID] = r
	}
	if len(places) > 0 {
		kept := ex.Codings[:0]
		for _, c := range ex.Codings {
			r := places[c.SourceID]
			if r == nil {
				kept = append(kept, c)
				continue
			}
			s, ok := r.Place(corpus.Span{Start: c.Start, End: c.End})
			if !ok {
				droppedCodings++
				continue
			}
			c.Start, c.End = s.Start, s.End
			kept = append(kept, c)
		}
		ex.Codings = kept
		memos := ex.Memos[:0]
		for _, m := range ex.Memos {
			if r := places[m.TargetID]; r != nil && m.Kind == study.MemoOnTurn {
				s, ok := r.Place(m.Span)
				if !ok {
					continue
				}
				m.Span = s
			}
			memos = append(memos, m)
		}
		ex.Memos = memos
	}
	participants := ex.Participants[:0]
	for _, pt := range ex.Participants {
		if withdrawn[pt.Name] {
			continue
		}
		if deidentified {
			for k, sp := range pt.Speakers {
				if name, ok := speakerNames[sp.SourceID][sp.Speaker]; ok {
					pt.Speakers[k].Speaker = name
				}
			}
		}
		participants = append(participants, pt)
	}
	ex.Participants = participants
	if n := len(p.withdrawn); n > 0 {
		notes = append(notes, fmt.Sprintf("%d participant(s) withdrew: their words in %d turn(s) are replaced by a marker in the source texts, and they are not among the cases", n, withdrawnTurns))
	}
	if quotes > 0 {
		notes = append(notes, fmt.Sprintf("%d quote(s) participants asked to remove are replaced by a marker", quotes))
	}
	if reworded > 0 {
		notes = append(notes, fmt.Sprintf("%d quote(s) show the participant's corrected wording", reworded))
	}
	if droppedCodings > 0 {
		notes = append(notes, fmt.Sprintf("%d coding(s) wholly inside withdrawn words are left out", droppedCodings))
	}
	if len(places) > 0 {
		notes = append(notes, "source texts differ from the project's, so importing this file into Focal adds them as new sources")
	}
	if !deidentified {
		return notes, nil
	}
	return notes, p.checkInterchange(ex, outgoing)
}

// withdrawnFirst returns edits with the withdrawn words before every other
// edit, so that corpus.Rewrite keeps them where a replacement overlaps.
func withdrawnFirst(edits []corpus.Edit) []corpus.Edit {
	out := make([]corpus.Edit, 0, len(edits))
	for _, e := range edits {
		if e.Drop {
			out = append(out, e)
		}
	}
	for _, e := range edits {
		if !e.Drop && !overlapsDropped(e, out) {
			out = append(out, e)
		}
	}
	return out
}

func overlapsDropped(e corpus.Edit, dropped []corpus.Edit) bool {
	for _, d := range dropped {
		if d.Drop && d.Span.Overlaps(e.Span) {
			return true
		}
	}
	return false
}

// checkInterchange runs the review and the gate over everything a
// de-identified REFI-QDA file holds.
// outgoing are the source texts it carries, as stored.
func (p *exportPrivacy) checkInterchange(ex *study.Export, outgoing []study.Passage) error {
	if err := p.deid.Review(study.Outgoing{Passages: outgoing}); err != nil {
		return err
	}
	var vs []deid.Violation
	check := func(where, text string) { vs = append(vs, p.deid.Check(where, text)...) }
	check("project title", ex.Project.Title)
	for _, s := range ex.Sources {
		check("source name", s.Name)
		check("group of "+s.Name, s.Group)
		check("text of "+s.Name, s.Text)
		for _, m := range s.Moderators {
			check("moderator of "+s.Name, m)
		}
	}
	for _, c := range ex.Codes {
		where := "code " + c.Name
		for _, t := range []string{c.Name, c.Definition, c.WhenToUse, c.WhenNotToUse, c.Example} {
			check(where, t)
		}
	}
	for _, c := range ex.Codings {
		check("memo of coding "+shortID(c.ID), c.Memo)
	}
	for _, th := range ex.Themes {
		check("theme "+th.Path, th.Path)
		check("theme "+th.Path+" definition", th.Definition)
		for lang, s := range th.Summaries {
			check("theme "+th.Path+" summary ("+lang+")", s)
		}
	}
	for _, m := range ex.Memos {
		where := "memo " + m.Title
		if m.Title == "" {
			where = "memo on a " + m.Kind
		}
		check(where, m.Title)
		check(where, m.Body)
	}
	for _, pt := range ex.Participants {
		check("participant "+pt.Name, pt.Name)
		check("pseudonym of "+pt.Name, pt.Pseudonym)
		for k, v := range pt.Attributes {
			check(fmt.Sprintf("attribute %s of %s", k, pt.Name), v)
		}
		for _, sp := range pt.Speakers {
			check("speaker of "+pt.Name, sp.Speaker)
		}
	}
	if len(vs) > 0 {
		return &gateError{what: "this export", violations: vs}
	}
	return nil
}

// shortID is the first eight characters of an id, as exports cite one.
func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}
