package study

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/focalqda/focal/coding/deid"
	"github.com/focalqda/focal/corpus"
)

// ExportKind names what an export writes, for the privacy rules: each
// kind carries the participants' words differently.
type ExportKind string

// The kinds of export the privacy rules know.
const (
	// ExportDataset is an export built from the dataset (workbook,
	// report, CSV): it carries passages, which the writer renders.
	ExportDataset ExportKind = "dataset"
	// ExportInterchange is a REFI-QDA file: it carries whole source
	// texts, so the words are taken out of the texts themselves.
	ExportInterchange ExportKind = "interchange"
	// ExportPackets is member-check packets for participants.
	ExportPackets ExportKind = "packets"
)

// ExportRequest is what an export asks of the study's privacy rules.
type ExportRequest struct {
	Kind ExportKind
	// Deidentified asks for speakers named by pseudonym or role and the
	// accepted replacements made, behind the review and the gate.
	Deidentified bool
	// Project is the REFI-QDA export to rewrite (ExportInterchange only):
	// ExportPrivacy takes out of it what must not leave the project.
	Project *Export
}

// ExportPrivacy is what an export needs to keep the project's privacy
// promises (docs/PRIVACY.md): what participants withdrew, their corrected
// wording, their member-check answers as they may leave the project, the
// rendering of passages, and the review and the gate. Every front end
// gets it from Study.ExportPrivacy, so that none assembles it differently.
type ExportPrivacy struct {
	// Deidentified is the request's: the export names speakers by
	// pseudonym or role and goes through the review and the gate.
	Deidentified bool
	// Withdrawn lists the participants (ids) who withdrew: none of their
	// words, and not they themselves, may appear in any export.
	Withdrawn []string
	// Answers are the member-check answers as an export shows them,
	// without those of participants who withdrew.
	Answers []ExportedAnswer
	// Notes say what a REFI-QDA export left out or changed, for its
	// summary (ExportInterchange only).
	Notes []string

	deid        *Deidentification
	pseudonyms  map[string]string // participant id → pseudonym
	withdrawn   map[string]bool
	answers     []MemberCheckAnswer
	codingSpans map[string]CodingSpan
	themePaths  map[string]string
}

// ExportedAnswer is a participant's member-check answer as an export
// shows it: their pseudonym, the theme's path, and the quote and comment
// with the accepted replacements made.
type ExportedAnswer struct {
	Participant, Pseudonym string
	Item                   string
	Theme                  string
	Source                 string
	Start                  int
	Quote, Answer, Comment string
	Via, ReceivedAt        string
}

// ExportTurn is a turn of an exported source as the privacy rules need
// it.
type ExportTurn struct {
	Speaker     string
	Participant string
	Moderator   bool
	Utterance   corpus.Span
}

// Rewording is words of a source a participant corrected in member
// checking, and their corrected wording (replacements made).
type Rewording struct {
	Span corpus.Span
	Text string
}

// GateError is an export the de-identification gate stopped; it lists
// where a known name or an accepted identifier would have appeared.
type GateError struct {
	// What is what was stopped ("this export").
	What       string
	Violations []deid.Violation
}

func (e *GateError) Error() string {
	return fmt.Sprintf("the de-identification gate stopped %s: %d place(s) would show a real name or an accepted identifier (listed above); accept replacements with `focal deid accept`, add words with `focal deid add`, or record a reviewed exception with `focal deid allow`",
		e.What, len(e.Violations))
}

// List is the violations for the researcher, one per line, at most limit
// (0: all).
func (e *GateError) List(limit int) string { return deid.Report(e.Violations, limit) }

// ExportPrivacy reads the project's privacy state for an export p makes
// and applies the rules the export's kind needs. For a REFI-QDA export
// (ExportInterchange) it rewrites req.Project: withdrawn words replaced by
// a marker, corrected wording in place, withdrawn participants left out,
// and when de-identified the speakers renamed and the replacements made;
// a de-identified one that fails the review or the gate is refused (a
// *GateError lists the places). Other kinds get what their writer needs
// and pass Check once the export is built. The privacy state is the
// project's, the same whoever exports; p is the person exporting, as whom
// the answers' themes are named.
func (st *Study) ExportPrivacy(ctx context.Context, p Person, req ExportRequest) (*ExportPrivacy, error) {
	if req.Kind == ExportInterchange && req.Project == nil {
		return nil, errors.New("a REFI-QDA export's privacy needs the export")
	}
	ep := &ExportPrivacy{Deidentified: req.Deidentified, pseudonyms: map[string]string{}, withdrawn: map[string]bool{}, themePaths: map[string]string{}}
	var err error
	if ep.deid, err = st.Deidentification(ctx); err != nil {
		return nil, err
	}
	participants, err := st.Participants(ctx)
	if err != nil {
		return nil, err
	}
	for _, pt := range participants {
		ep.pseudonyms[pt.Name] = pt.Pseudonym
	}
	withdrawals, err := st.Withdrawals(ctx)
	if err != nil {
		return nil, err
	}
	for _, w := range withdrawals {
		ep.Withdrawn = append(ep.Withdrawn, w.Participant)
		ep.withdrawn[w.Participant] = true
	}
	if ep.answers, err = st.MemberCheckAnswers(ctx); err != nil {
		return nil, err
	}
	var ids []string
	for _, a := range ep.answers {
		if a.CodingID != "" {
			ids = append(ids, a.CodingID)
		}
	}
	if ep.codingSpans, err = st.CodingSpans(ctx, ids); err != nil {
		return nil, err
	}
	// Themes are read for their paths only, as the person exporting sees
	// them (a theme the store will not show leaves its id in the answer).
	themes, err := st.Themes(ctx, p, ThemeFilter{})
	if err != nil {
		themes = nil
	}
	for _, th := range themes {
		ep.themePaths[th.ID] = th.Path
	}
	for _, a := range ep.answers {
		if ep.withdrawn[a.Participant] {
			continue // nor do the answers of one who withdrew
		}
		ea := ExportedAnswer{Participant: a.Participant, Pseudonym: ep.pseudonyms[a.Participant], Item: a.Item,
			Theme: ep.themePaths[a.ThemeID], Source: a.Source, Start: a.Start, Quote: ep.deid.RenderAnswer(a.Quote), Answer: a.Answer,
			Comment: ep.deid.RenderAnswer(a.Comment), Via: a.Via, ReceivedAt: a.ReceivedAt}
		if a.Item == "theme" && ea.Theme == "" {
			ea.Theme = a.ThemeID
		}
		ep.Answers = append(ep.Answers, ea)
	}
	if req.Kind == ExportInterchange {
		if ep.Notes, err = ep.filterInterchange(ctx, st, req.Project); err != nil {
			return nil, err
		}
	}
	return ep, nil
}

// IsWithdrawn says whether a participant withdrew.
func (ep *ExportPrivacy) IsWithdrawn(participant string) bool { return ep.withdrawn[participant] }

// Render gives the words of a span of a source as they leave the project.
func (ep *ExportPrivacy) Render(sourceID, text string, span corpus.Span) string {
	return ep.deid.Render(sourceID, text, span)
}

// AnsweredOn says whether participants asked to remove or correct a quote
// of the source: only then does Quotes need its turns.
func (ep *ExportPrivacy) AnsweredOn(sourceID string) bool {
	for _, a := range ep.answers {
		if a.SourceID == sourceID && quoteChange(a) {
			return true
		}
	}
	return false
}

// quoteChange is an answer that asks to remove or correct a quote.
func quoteChange(a MemberCheckAnswer) bool {
	return a.Item == "quote" && (a.Answer == "remove" || a.Answer == "edit")
}

// Quotes gives the words of a source (its current text and turns) that
// participants asked to remove, and those they corrected with their
// corrected wording, in the order the answers came.
func (ep *ExportPrivacy) Quotes(sourceID, text string, turns []ExportTurn) (removed []corpus.Span, reworded []Rewording) {
	hash := ""
	for _, a := range ep.answers {
		if a.SourceID != sourceID || !quoteChange(a) {
			continue
		}
		if hash == "" {
			hash = corpus.TextHash(text)
		}
		spans := ep.quoteSpans(a, turns, hash)
		if a.Answer == "remove" {
			removed = append(removed, spans...)
		} else if len(spans) > 0 {
			reworded = append(reworded, Rewording{Span: spans[0], Text: ep.deid.RenderAnswer(a.Comment)})
		}
	}
	return removed, reworded
}

// quoteSpans finds where a quote a participant answered on is now: its
// span as written in the packet while the source text is unchanged;
// after a correction, the participant's turns inside its coding (codings
// move with corrections); failing both, the span as written.
func (ep *ExportPrivacy) quoteSpans(a MemberCheckAnswer, turns []ExportTurn, hash string) []corpus.Span {
	stored := corpus.Span{Start: a.Start, End: a.End}
	if a.SourceSHA256 == "" || a.SourceSHA256 == hash {
		return []corpus.Span{stored}
	}
	c, ok := ep.codingSpans[a.CodingID]
	if !ok {
		return []corpus.Span{stored}
	}
	var out []corpus.Span
	for _, t := range turns {
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

// SpeakerNames names the speakers of a source's turns in a de-identified
// export, one name per turn: a participant by pseudonym (empty when they
// have none), anyone else by role ("[moderator]", "[speaker] 2"), numbered
// in order of first turn when a role has several speakers.
func (ep *ExportPrivacy) SpeakerNames(turns []ExportTurn, lang string) []string {
	names := map[string]string{}
	var order []string
	roles := map[string]int{}
	for _, t := range turns {
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
		label := deid.Placeholder(kind, lang)
		if roles[kind] > 1 {
			n[kind]++
			label = fmt.Sprintf("%s %d", label, n[kind])
		}
		names[sp] = label
	}
	out := make([]string, len(turns))
	for k, t := range turns {
		switch {
		case t.Participant != "":
			out[k] = ep.pseudonyms[t.Participant]
		case t.Speaker != "":
			out[k] = names[t.Speaker]
		}
	}
	return out
}

// Review is the de-identification review for what goes out (see
// Deidentification.Review).
func (ep *ExportPrivacy) Review(out Outgoing) error { return ep.deid.Review(out) }

// Violations is where a text would show a real name or an accepted
// identifier; where names the text.
func (ep *ExportPrivacy) Violations(where, text string) []deid.Violation {
	return ep.deid.Check(where, text)
}

// Check runs the review over what goes out and then the gate over every
// text the export shows (texts calls its argument once per text): the
// review's refusal comes alone, the gate's is a *GateError listing the
// places.
func (ep *ExportPrivacy) Check(out Outgoing, texts func(check func(where, text string))) error {
	if err := ep.deid.Review(out); err != nil {
		return err
	}
	var vs []deid.Violation
	texts(func(where, text string) {
		vs = append(vs, ep.deid.Check(where, text)...)
	})
	if len(vs) > 0 {
		return &GateError{What: "this export", Violations: vs}
	}
	return nil
}

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
// corrects, and when de-identified the speakers are named by pseudonym or
// role and the accepted replacements and listed words are made. Codings
// and memos on a text move with it; those wholly inside withdrawn words
// are left out. A de-identified export then goes through the review and
// the gate like every other. It returns notes for the export's summary.
func (ep *ExportPrivacy) filterInterchange(ctx context.Context, st *Study, ex *Export) ([]string, error) {
	deidentified := ep.Deidentified
	var notes []string
	places := map[string]*corpus.Rewritten{}
	speakerNames := map[string]map[string]string{} // source id → label → name in the file
	droppedCodings, withdrawnTurns, quotes, reworded := 0, 0, 0, 0
	var outgoing []Passage // every text, whole, as stored
	for i := range ex.Sources {
		src := &ex.Sources[i]
		turns, err := st.Turns(ctx, src.ID)
		if err != nil {
			return nil, err
		}
		ets := make([]ExportTurn, len(turns))
		for k, t := range turns {
			ets[k] = ExportTurn{Speaker: t.Speaker, Participant: t.Participant, Moderator: t.Role == "moderator", Utterance: t.Utterance()}
		}
		outgoing = append(outgoing, Passage{SourceID: src.ID, Span: corpus.Span{Start: 0, End: utf8.RuneCountInString(src.Text)}})
		marker := withdrawnMarker(src.Language)
		var edits []corpus.Edit
		for _, t := range turns {
			if ep.withdrawn[t.Participant] && t.End > t.Start {
				edits = append(edits, corpus.Edit{Span: t.Utterance(), With: marker, Drop: true})
				withdrawnTurns++
				if !deidentified && t.LabelSpan.Len() > 0 {
					// Nor does their name: the turn goes by their id.
					edits = append(edits, corpus.Edit{Span: t.LabelSpan, With: t.Participant})
				}
			}
		}
		hash := corpus.TextHash(src.Text)
		for _, a := range ep.answers {
			if a.SourceID != src.ID || !quoteChange(a) {
				continue
			}
			spans := ep.quoteSpans(a, ets, hash)
			if a.Answer == "remove" {
				for _, s := range spans {
					edits = append(edits, corpus.Edit{Span: s, With: marker, Drop: true})
				}
				quotes++
			} else if len(spans) > 0 {
				edits = append(edits, corpus.Edit{Span: spans[0], With: ep.deid.RenderAnswer(a.Comment)})
				reworded++
			}
		}
		if deidentified {
			renamed := ep.SpeakerNames(ets, src.Language)
			names := map[string]string{}
			for k, t := range turns {
				name := renamed[k]
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
			edits = append(edits, ep.deid.Edits(src.ID, src.Text)...)
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
			if r := places[m.TargetID]; r != nil && m.Kind == MemoOnTurn {
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
		if ep.withdrawn[pt.Name] {
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
	if n := len(ep.Withdrawn); n > 0 {
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
	return notes, ep.Check(Outgoing{Passages: outgoing}, func(check func(where, text string)) { interchangeTexts(ex, check) })
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

// interchangeTexts calls check with every text a REFI-QDA file holds,
// each with where it is.
func interchangeTexts(ex *Export, check func(where, text string)) {
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
		check("memo of coding "+shortExportID(c.ID), c.Memo)
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
}

// shortExportID is the first eight characters of an id, as exports cite
// one.
func shortExportID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}
