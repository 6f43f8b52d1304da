package study

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/focalqda/focal/coding/deid"
	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/corpus"
)

// Deidentification is the project's de-identification as every
// participant-facing output (member-check packets, de-identified exports)
// needs it: the text rendered with the accepted replacements and the
// project's word list, the gate that refuses a known real name or an
// accepted identifier, and the review that must be current before anything
// goes out. Ask for it with [Study.Deidentification]; it is read once and
// describes the project as it was then.
type Deidentification struct {
	replacements map[string][]deid.Replacement // by source id
	words        []deid.Word                   // the project's word list
	names        []deid.Word                   // the project's name list, folded
	// answerWords replace, in what participants wrote, every occurrence of
	// an accepted (or applied) identifier and of a listed word.
	answerWords []deid.Word
	rendered    map[string]*deid.Rendered
	gate        *deid.Gate
	review      review
}

// review is what the de-identification review needs to know: what the
// scans covered, what changed since, and what is still undecided.
type review struct {
	sourceName map[string]string
	current    map[string]string // source id → SHA-256 of the text now
	marks      store.DeidScanMarks
	pending    map[string][]store.DeidFinding // by source id
	answersNow string                         // digest of the answers now
	// decided holds the texts researchers decided on: accepted, applied or
	// rejected findings, listed words and allowed words. A finding in an
	// answer whose text is decided is not pending.
	decided map[string]bool
	// listedNames holds the name list's names, folded (deid.FoldName): a
	// finding in an answer of a listed name is decided in any case.
	listedNames map[string]bool
}

// Deidentification reads the project's de-identification state: findings
// and their decisions, the word list, the allow-list, the known people and
// what the scans covered.
func (st *Study) Deidentification(ctx context.Context) (*Deidentification, error) {
	s := st.store
	d := &Deidentification{replacements: map[string][]deid.Replacement{}, rendered: map[string]*deid.Rendered{},
		review: review{sourceName: map[string]string{}, current: map[string]string{}, pending: map[string][]store.DeidFinding{}, decided: map[string]bool{},
			listedNames: map[string]bool{}}}
	people, err := st.KnownPeople(ctx)
	if err != nil {
		return nil, err
	}
	findings, err := s.DeidFindings(ctx, store.DeidFilter{})
	if err != nil {
		return nil, err
	}
	var common []string
	var terms []deid.GateTerm
	seenTerm := map[string]bool{}
	for _, f := range findings {
		switch f.Status {
		case store.DeidPending:
			d.review.pending[f.SourceID] = append(d.review.pending[f.SourceID], f)
			continue
		case store.DeidAccepted:
			d.replacements[f.SourceID] = append(d.replacements[f.SourceID], deid.Replacement{
				Span: corpus.Span{Start: f.Start, End: f.End}, Text: f.Text, With: replacementOf(f)})
			fallthrough
		case store.DeidApplied:
			if !seenTerm[f.Text] {
				seenTerm[f.Text] = true
				terms = append(terms, deid.GateTerm{Text: f.Text, What: "accepted identifier (" + f.Kind + ")", Fold: f.Kind == deid.KindEmail})
				d.answerWords = append(d.answerWords, deid.Word{Text: f.Text, Replacement: replacementOf(f), Kind: f.Kind})
			}
		case store.DeidRejected:
			// A name a researcher rejected in lower case ("dar a luz") is a
			// common word of this project: the gate then matches it only
			// as written.
			if r, _ := utf8.DecodeRuneInString(f.Text); f.Kind == deid.KindName && unicode.IsLower(r) {
				common = append(common, f.Text)
			}
		}
		d.review.decided[f.Text] = true
	}
	listed, err := s.DeidWords(ctx)
	if err != nil {
		return nil, err
	}
	for _, w := range listed {
		d.words = append(d.words, deid.Word{Text: w.Text, Replacement: w.Replacement, Kind: w.Kind})
		terms = append(terms, deid.GateTerm{Text: w.Text, What: "listed word (" + w.Kind + ")"})
		d.review.decided[w.Text] = true
	}
	listedNames, pseudonymOf, err := st.listedNames(ctx)
	if err != nil {
		return nil, err
	}
	vocab := deid.NewVocabulary(common...)
	d.names = deid.NameWords(listedNames, vocab, pseudonymOf)
	terms = append(terms, deid.NameTerms(listedNames, vocab)...)
	for _, n := range listedNames {
		d.review.listedNames[deid.FoldName(n.Name)] = true
	}
	d.answerWords = append(d.answerWords, d.words...)
	d.answerWords = append(d.answerWords, d.names...)
	allowed, err := s.DeidAllowed(ctx)
	if err != nil {
		return nil, err
	}
	var allow []deid.Allowance
	for _, a := range allowed {
		allow = append(allow, deid.Allowance{Word: a.Word, Phrase: a.Phrase, Reason: a.Reason})
		if a.Phrase == "" {
			d.review.decided[a.Word] = true
		}
	}
	terms = append(deid.PeopleTerms(people, vocab), terms...)
	d.gate = deid.NewGate(terms, allow)

	sources, err := s.Sources(ctx)
	if err != nil {
		return nil, err
	}
	for _, src := range sources {
		d.review.sourceName[src.ID] = src.Name
		d.review.current[src.ID] = src.SHA256
	}
	if d.review.marks, err = s.DeidScanMarks(ctx); err != nil {
		return nil, err
	}
	answers, err := s.MemberCheckAnswers(ctx)
	if err != nil {
		return nil, err
	}
	d.review.answersNow = answersDigest(answers)
	return d, nil
}

// replacementOf is what replaces an accepted finding: its replacement, or
// a placeholder for a participant's name whose participant is gone.
func replacementOf(f store.DeidFinding) string {
	if f.Replacement == "" {
		return deid.Placeholder(f.Kind, "")
	}
	return f.Replacement
}

// KnownPeople lists every speaker of the project whose real name is known,
// with the participant and pseudonym they are linked to. A speaker whose
// label is already their participant's id or pseudonym (a transcript that
// arrived pseudonymised: "P1" linked to P1) has no real name here and is
// left out: "Dear P1" reveals nothing.
func (st *Study) KnownPeople(ctx context.Context) ([]deid.Person, error) {
	all, err := st.speakers(ctx)
	if err != nil {
		return nil, err
	}
	var out []deid.Person
	for _, p := range all {
		if !p.Pseudonymised() {
			out = append(out, p)
		}
	}
	return out, nil
}

// speakers lists every speaker once per name and participant, whether
// their label is a real name or not.
func (st *Study) speakers(ctx context.Context) ([]deid.Person, error) {
	speakers, err := st.store.Speakers(ctx, "")
	if err != nil {
		return nil, err
	}
	participants, err := st.store.Participants(ctx)
	if err != nil {
		return nil, err
	}
	pseudonym := map[string]string{}
	for _, p := range participants {
		pseudonym[p.Name] = p.Pseudonym
	}
	var out []deid.Person
	seen := map[[2]string]bool{}
	for _, k := range speakers {
		key := [2]string{k.Name, k.Participant}
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, deid.Person{Name: k.Name, Participant: k.Participant, Pseudonym: pseudonym[k.Participant], Moderator: k.Role == "moderator"})
	}
	return out, nil
}

// RealNameIn reports the first known real name in text (a pseudonym about
// to be chosen, say), if there is one: a speaker's name or part of it, or
// a name on the project's name list.
func (st *Study) RealNameIn(ctx context.Context, text string) (deid.Violation, bool, error) {
	people, err := st.KnownPeople(ctx)
	if err != nil {
		return deid.Violation{}, false, err
	}
	names, _, err := st.listedNames(ctx)
	if err != nil {
		return deid.Violation{}, false, err
	}
	vocab := deid.NewVocabulary()
	terms := append(deid.PeopleTerms(people, vocab), deid.NameTerms(names, vocab)...)
	vs := deid.NewGate(terms, nil).Check("text", text)
	if len(vs) == 0 {
		return deid.Violation{}, false, nil
	}
	return vs[0], true, nil
}

// Render gives the words of a span of a source as they leave the project:
// accepted replacements and listed words replaced. text is the source's
// stored text.
func (d *Deidentification) Render(sourceID, text string, span corpus.Span) string {
	r := d.rendered[sourceID]
	if r == nil {
		r = deid.Render(text, d.replacements[sourceID], d.listed())
		d.rendered[sourceID] = r
	}
	return r.Slice(span)
}

// RenderAnswer gives what a participant wrote in member checking (or a
// quote as their packet showed it) as it leaves the project: every
// identifier researchers accepted in the transcripts, and every listed
// word, replaced wherever it occurs, as written.
func (d *Deidentification) RenderAnswer(text string) string {
	if strings.TrimSpace(text) == "" {
		return text
	}
	return deid.Render(text, nil, d.answerWords).String()
}

// Preview says how many of a source's accepted replacements an export
// makes in its text now, and which accepted texts it no longer finds.
func (d *Deidentification) Preview(sourceID, text string) (replaced int, stale []string) {
	r := deid.Render(text, d.replacements[sourceID], d.listed())
	for _, s := range r.Stale {
		stale = append(stale, s.Text)
	}
	return len(d.replacements[sourceID]) - len(r.Stale), stale
}

// Words is the number of words on the project's list.
func (d *Deidentification) Words() int { return len(d.words) }

// Names is the number of names on the project's name list.
func (d *Deidentification) Names() int { return len(d.names) }

// listed are the words and names replaced wherever they occur.
func (d *Deidentification) listed() []deid.Word {
	return append(append([]deid.Word(nil), d.words...), d.names...)
}

// Check runs the gate over one text of an output; where names the place.
func (d *Deidentification) Check(where, text string) []deid.Violation {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	return d.gate.Check(where, text)
}

// Passage is a place in a source's stored text whose words go out.
type Passage struct {
	SourceID string
	Span     corpus.Span
}

// Outgoing is what one participant-facing output shows of the project's
// text: the passages of transcripts, and whether member-check answers.
type Outgoing struct {
	Passages []Passage
	Answers  bool
}

// ReviewError is participant-facing output refused because the
// de-identification review is not current.
type ReviewError struct {
	// Reason says what is missing and what to do, on one line.
	Reason string
}

func (e *ReviewError) Error() string {
	return "the de-identification review is not current: " + e.Reason
}

// Review is the rule every participant-facing output passes before the
// gate: the de-identification review is current for what goes out. Every
// source a passage comes from was scanned since its text last changed
// (import, correction, `deid apply --in-text`); when answers go out, they
// were scanned since the last one came in; and no finding is still
// pending in a passage that goes out, nor in the answers.
func (d *Deidentification) Review(out Outgoing) error {
	r := &d.review
	if len(r.marks.Sources) == 0 && r.marks.Answers == nil && (len(out.Passages) > 0 || out.Answers) {
		return &ReviewError{"no de-identification scan has run; run `focal deid scan`, then decide what it finds with `focal deid accept|reject`"}
	}
	var changed []string
	seen := map[string]bool{}
	for _, p := range out.Passages {
		if seen[p.SourceID] {
			continue
		}
		seen[p.SourceID] = true
		if sha, ok := r.marks.Sources[p.SourceID]; !ok || sha != r.current[p.SourceID] {
			changed = append(changed, r.sourceName[p.SourceID])
		}
	}
	if len(changed) > 0 {
		sort.Strings(changed)
		return &ReviewError{fmt.Sprintf("the text of %s changed since the last scan (or was never scanned); run `focal deid scan`, then decide what it finds with `focal deid accept|reject`",
			someOf(changed, 5))}
	}
	if out.Answers && (r.marks.Answers == nil || r.marks.Answers.SHA256 != r.answersNow) {
		return &ReviewError{"member-check answers came in since the last scan; run `focal deid scan`, then decide what it finds"}
	}
	var pending []string
	for _, p := range out.Passages {
		for _, f := range r.pending[p.SourceID] {
			if p.Span.Overlaps(corpus.Span{Start: f.Start, End: f.End}) && !seen[f.ID] {
				seen[f.ID] = true
				pending = append(pending, fmt.Sprintf("%q in %s", f.Text, f.Source))
			}
		}
	}
	if len(pending) > 0 {
		return &ReviewError{fmt.Sprintf("%d finding(s) still pending in what goes out (%s); decide them with `focal deid accept|reject` (see `focal deid list --status pending`)",
			len(pending), someOf(pending, 3))}
	}
	if out.Answers {
		if open := d.PendingInAnswers(); len(open) > 0 {
			var texts []string
			for _, f := range open {
				texts = append(texts, fmt.Sprintf("%q", f.Text))
			}
			return &ReviewError{fmt.Sprintf("%d identifier(s) found in member-check answers are undecided (%s); replace each with `focal deid add TEXT --replace WITH`, or record a reviewed exception with `focal deid allow WORD --reason WHY`",
				len(open), someOf(texts, 3))}
		}
	}
	return nil
}

// PendingInAnswers lists what the last scan found in the member-check
// answers that no decision covers: no finding of the same text was
// accepted, applied or rejected, it is not on the word list nor (in any
// case) on the name list, and it is not allowed.
func (d *Deidentification) PendingInAnswers() []store.DeidAnswerFinding {
	if d.review.marks.Answers == nil {
		return nil
	}
	var open []store.DeidAnswerFinding
	for _, f := range undecided(d.review.marks.Answers.Found, d.review.decided) {
		if !d.review.listedNames[deid.FoldName(f.Text)] {
			open = append(open, f)
		}
	}
	return open
}

func undecided(found []store.DeidAnswerFinding, decided map[string]bool) []store.DeidAnswerFinding {
	var out []store.DeidAnswerFinding
	seen := map[string]bool{}
	for _, f := range found {
		if decided[f.Text] || seen[f.Text] {
			continue
		}
		seen[f.Text] = true
		out = append(out, f)
	}
	return out
}

// answersDigest is a digest of the member-check answers' texts: it changes
// whenever an answer comes in or changes.
func answersDigest(answers []store.MemberCheckAnswer) string {
	sorted := append([]store.MemberCheckAnswer(nil), answers...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
	h := sha256.New()
	for _, a := range sorted {
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00", a.ID, a.Quote, a.Comment)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// someOf joins at most n items, saying how many more there are.
func someOf(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:n], ", "), len(items)-n)
}
