package study

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/focalqda/focal/coding/deid"
	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/corpus"
)

// DeidScanOptions say what a de-identification scan covers.
type DeidScanOptions struct {
	// Sources are the sources to scan, by name or id; empty scans every
	// source and the member-check answers.
	Sources []string
	// NER gives the named-entity finder for English text; nil skips
	// named-entity recognition. It is called at most once, and only when
	// English text is scanned.
	NER func() (deid.EntityFinder, error)
}

// DeidSpeaker is a speaker's label and what replaces it in de-identified
// exports and packets.
type DeidSpeaker struct {
	Name        string `json:"name"`
	Participant string `json:"participant,omitempty"`
	ShownAs     string `json:"shown_as"`
}

// DeidScan is what a scan did.
type DeidScan struct {
	store.DeidScanResult
	// Speakers are every speaker and how outputs name them.
	Speakers []DeidSpeaker `json:"speakers"`
	// Pending are the findings in transcripts still to be decided.
	Pending []store.DeidFinding `json:"pending"`
	// AnswersScanned is how many member-check answers were scanned (none
	// when only some sources were).
	AnswersScanned int `json:"answers_scanned"`
	// Answers are what the scan found in member-check answers that no
	// decision covers yet.
	Answers []store.DeidAnswerFinding `json:"answers"`
}

// ScanDeid finds what may identify someone in the transcripts (and, when
// every source is scanned, in the member-check answers), stores the
// findings with their decisions kept, and records that the review covered
// these texts as they are now: participant-facing output needs such a
// scan since the last change of what it shows.
func (st *Study) ScanDeid(ctx context.Context, p Person, o DeidScanOptions) (DeidScan, error) {
	s := st.store
	people, err := st.KnownPeople(ctx)
	if err != nil {
		return DeidScan{}, err
	}
	listed, err := s.DeidWords(ctx)
	if err != nil {
		return DeidScan{}, err
	}
	var words []deid.Word
	for _, w := range listed {
		words = append(words, deid.Word{Text: w.Text, Replacement: w.Replacement, Kind: w.Kind})
	}
	all, err := s.Sources(ctx)
	if err != nil {
		return DeidScan{}, err
	}
	var sources []store.Source
	for _, src := range all {
		if len(o.Sources) == 0 || slices.Contains(o.Sources, src.Name) || slices.Contains(o.Sources, src.ID) {
			sources = append(sources, src)
		}
	}
	if len(sources) == 0 {
		return DeidScan{}, fmt.Errorf("no source to scan (the project has %d; see `focal source list`)", len(all))
	}
	var answers []store.MemberCheckAnswer
	if len(o.Sources) == 0 {
		if answers, err = s.MemberCheckAnswers(ctx); err != nil {
			return DeidScan{}, err
		}
	}
	participants, err := s.Participants(ctx)
	if err != nil {
		return DeidScan{}, err
	}
	language := map[string]string{}
	for _, pt := range participants {
		language[pt.Name] = strings.TrimSpace(pt.Attributes["language"])
		if language[pt.Name] == "" {
			language[pt.Name] = "en"
		}
	}
	english := false
	for _, src := range sources {
		english = english || isEnglish(src.Language)
	}
	for _, a := range answers {
		english = english || isEnglish(language[a.Participant])
	}
	var ner deid.EntityFinder
	if english && o.NER != nil {
		if ner, err = o.NER(); err != nil {
			return DeidScan{}, err
		}
	}
	scanner := deid.NewScanner(people, words, deid.NewVocabulary(), ner)
	names, pseudonymOf, err := st.listedNames(ctx)
	if err != nil {
		return DeidScan{}, err
	}
	scanner.AddNames(names, pseudonymOf)
	texts := map[string]string{}
	for _, src := range all {
		text, err := s.SourceText(ctx, src.ID)
		if err != nil {
			return DeidScan{}, err
		}
		texts[src.ID] = text
		scanner.LearnWords(text)
	}
	var found []store.NewDeidFinding
	var ids []string
	for _, src := range sources {
		turns, err := s.Turns(ctx, src.ID)
		if err != nil {
			return DeidScan{}, err
		}
		ds := deid.Source{ID: src.ID, Name: src.Name, Language: src.Language, Text: texts[src.ID]}
		for _, t := range turns {
			ds.Turns = append(ds.Turns, deid.Turn{Seq: t.Seq, Utterance: t.Utterance()})
		}
		fs, err := scanner.Scan(ds)
		if err != nil {
			return DeidScan{}, err
		}
		for _, f := range fs {
			nf := store.NewDeidFinding{SourceID: src.ID, Turn: f.Turn, Start: f.Span.Start, End: f.Span.End, Occurrence: f.Occurrence,
				Text: f.Text, Kind: f.Kind, Detector: f.Detector, Replacement: f.Replacement}
			if f.Person >= 0 {
				if p := scanner.Person(f.Person); p.Participant != "" {
					nf.Participant = p.Participant
					if f.Replacement == p.Pseudonym {
						// Follow later pseudonym changes.
						nf.Replacement = ""
					}
				}
			}
			if f.Person < 0 && f.Participant != "" {
				// A listed nickname: its participant's pseudonym replaces
				// it, following later changes.
				nf.Participant = f.Participant
				if f.Replacement == pseudonymOf(f.Participant) {
					nf.Replacement = ""
				}
			}
			found = append(found, nf)
		}
		ids = append(ids, src.ID)
	}
	var answerScan *store.DeidAnswerScan
	if len(o.Sources) == 0 {
		answerScan = &store.DeidAnswerScan{SHA256: answersDigest(answers), Answers: len(answers), Found: []store.DeidAnswerFinding{}}
		for _, a := range answers {
			for _, text := range []string{a.Quote, a.Comment} {
				fs, err := scanAnswer(scanner, a, text, language[a.Participant])
				if err != nil {
					return DeidScan{}, err
				}
				answerScan.Found = append(answerScan.Found, fs...)
			}
		}
	}
	res, err := s.SaveDeidReview(p.ctx(ctx), ids, found, answerScan)
	if err != nil {
		return DeidScan{}, err
	}
	out := DeidScan{DeidScanResult: res, Speakers: []DeidSpeaker{}, Answers: []store.DeidAnswerFinding{}}
	everyone, err := st.speakers(ctx)
	if err != nil {
		return DeidScan{}, err
	}
	for _, sp := range everyone {
		shown := sp.Pseudonym
		switch {
		case sp.Participant != "":
		case sp.Moderator:
			shown = deid.Placeholder("moderator", "en")
		default:
			shown = deid.Placeholder("speaker", "en")
		}
		out.Speakers = append(out.Speakers, DeidSpeaker{Name: sp.Name, Participant: sp.Participant, ShownAs: shown})
	}
	if out.Pending, err = s.DeidFindings(ctx, store.DeidFilter{Status: store.DeidPending}); err != nil {
		return DeidScan{}, err
	}
	if out.Pending == nil {
		out.Pending = []store.DeidFinding{}
	}
	if answerScan != nil {
		out.AnswersScanned = answerScan.Answers
		d, err := st.Deidentification(ctx)
		if err != nil {
			return DeidScan{}, err
		}
		if open := d.PendingInAnswers(); open != nil {
			out.Answers = open
		}
	}
	return out, nil
}

// scanAnswer finds what may identify someone in one text of a member-check
// answer, scanned as one utterance.
func scanAnswer(scanner *deid.Scanner, a store.MemberCheckAnswer, text, lang string) ([]store.DeidAnswerFinding, error) {
	if strings.TrimSpace(text) == "" {
		return nil, nil
	}
	n := corpus.NewPositionIndex(text).Len()
	fs, err := scanner.Scan(deid.Source{ID: a.ID, Name: "member-check answer of " + a.Participant, Language: lang, Text: text,
		Turns: []deid.Turn{{Seq: 1, Utterance: corpus.Span{Start: 0, End: n}}}})
	if err != nil {
		return nil, err
	}
	out := make([]store.DeidAnswerFinding, 0, len(fs))
	for _, f := range fs {
		out = append(out, store.DeidAnswerFinding{Participant: a.Participant, Text: f.Text, Kind: f.Kind, Detector: f.Detector, Replacement: f.Replacement})
	}
	return out, nil
}

func isEnglish(lang string) bool { return strings.HasPrefix(strings.ToLower(lang), "en") }
