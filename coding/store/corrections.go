package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/event"
	"github.com/focalqda/focal/corpus"
)

// UnitFunc computes sentence and word units of a text's utterances.
type UnitFunc func(text string, utterances []corpus.Span) (map[string][]corpus.Span, error)

// Correction is a fix to a source's stored text made after coding began.
type Correction struct {
	Source  string // name or id
	NewText string // the whole corrected text, already in stored form
	// Units computes the unit boundaries of the new text from its
	// utterances, as at import (the store does no language processing).
	Units  UnitFunc
	Reason string
	// relabel gives turns (by seq) a new speaker label; set by SetTurnSpeaker.
	relabel map[int]string
}

// CorrectionResult reports what a correction did to the codings.
type CorrectionResult struct {
	Reanchored int             `json:"reanchored"`
	Flagged    []FlaggedCoding `json:"flagged"`
}

// FlaggedCoding is a coding whose own words changed in a correction.
type FlaggedCoding struct {
	ID     string `json:"id"`
	Coder  string `json:"coder"`
	Reason string `json:"reason"`
}

// CorrectSource replaces a source's stored text with a corrected one.
// Turns and codings are re-anchored through the edit; a coding whose own
// words changed is flagged for review, never moved elsewhere or dropped.
// Speaker labels and the one-turn-per-line layout must stay as they are
// (use SetTurnSpeaker to change who spoke).
func (s *Store) CorrectSource(ctx context.Context, c Correction) (CorrectionResult, error) {
	var res CorrectionResult
	err := s.InTx(ctx, func(tx *Tx) error {
		r, err := applyCorrection(tx, c)
		res = r
		return err
	})
	return res, err
}

// SetTurnSpeaker says that a turn was spoken by someone else: the label in
// the stored text changes, the turn moves to that speaker (created in the
// source if new), and codings are re-anchored. units are the unit
// boundaries of the resulting text.
func (s *Store) SetTurnSpeaker(ctx context.Context, sourceRef string, seq int, label string, units UnitFunc) (CorrectionResult, error) {
	label = corpus.NormalizeLine(label)
	if label == "" || strings.Contains(label, ":") {
		return CorrectionResult{}, fmt.Errorf("speaker label %q must be non-empty and without ':'", label)
	}
	var res CorrectionResult
	err := s.InTx(ctx, func(tx *Tx) error {
		src, oldText, turns, err := loadForCorrection(tx, sourceRef)
		if err != nil {
			return err
		}
		if seq < 1 || seq > len(turns) {
			return fmt.Errorf("%s has %d turns; there is no turn %d", src.name, len(turns), seq)
		}
		t := turns[seq-1]
		if t.label == "" {
			return fmt.Errorf("turn %d of %s has no speaker label to change", seq, src.name)
		}
		idx := corpus.NewPositionIndex(oldText)
		a, _ := idx.ByteOffset(t.labelSpan.Start)
		b, _ := idx.ByteOffset(t.labelSpan.End)
		newText := oldText[:a] + label + oldText[b:]
		r, err := applyCorrection(tx, Correction{Source: src.id, NewText: newText, Units: units, relabel: map[int]string{seq: label},
			Reason: fmt.Sprintf("turn %d: speaker %s → %s", seq, t.label, label)})
		res = r
		return err
	})
	return res, err
}

type correctionSource struct{ id, name string }

type correctionTurn struct {
	id, label, speakerID string
	seq                  int
	labelSpan, utterance corpus.Span
}

func loadForCorrection(tx *Tx, ref string) (correctionSource, string, []correctionTurn, error) {
	var src correctionSource
	var text string
	if err := tx.QueryRow(`SELECT id, name, text FROM sources WHERE name = ? OR id = ?`, ref, ref).Scan(&src.id, &src.name, &text); err != nil {
		return src, "", nil, fmt.Errorf("no source named %q (see `focal source list`)", ref)
	}
	rows, err := tx.Query(`SELECT id, seq, label, coalesce(speaker_id, ''), label_start, label_end, start, end FROM turns WHERE source_id = ? ORDER BY seq`, src.id)
	if err != nil {
		return src, "", nil, err
	}
	defer rows.Close()
	var turns []correctionTurn
	for rows.Next() {
		var t correctionTurn
		if err := rows.Scan(&t.id, &t.seq, &t.label, &t.speakerID, &t.labelSpan.Start, &t.labelSpan.End, &t.utterance.Start, &t.utterance.End); err != nil {
			return src, "", nil, err
		}
		turns = append(turns, t)
	}
	return src, text, turns, rows.Err()
}

func applyCorrection(tx *Tx, c Correction) (CorrectionResult, error) {
	var res CorrectionResult
	src, oldText, turns, err := loadForCorrection(tx, c.Source)
	if err != nil {
		return res, err
	}
	newText := c.NewText
	if newText == oldText {
		return res, fmt.Errorf("the text of %s did not change; nothing to correct", src.name)
	}
	// Re-anchor every turn's label and utterance, then check that the text
	// is still one "Label: utterance" line per turn.
	spans := make([]corpus.Span, 0, 2*len(turns))
	for _, t := range turns {
		spans = append(spans, t.labelSpan, t.utterance)
	}
	moved, err := coding.Reanchor(oldText, newText, spans)
	if err != nil {
		return res, err
	}
	newIdx := corpus.NewPositionIndex(newText)
	pos := 0
	for i, t := range turns {
		label, utter := moved[2*i], moved[2*i+1]
		wantLabel := t.label
		if l, ok := c.relabel[t.seq]; ok {
			wantLabel = l
		}
		if utter.Span.Len() == 0 {
			return res, fmt.Errorf("the correction removes every word of turn %d; a turn cannot be emptied (remove its codings and keep a placeholder such as [inaudible])", t.seq)
		}
		gotLabel, _ := newIdx.Slice(label.Span)
		if gotLabel != wantLabel || label.Span.Start != pos {
			return res, fmt.Errorf("the correction changes the speaker label or line layout of turn %d; keep each turn as one \"Label: words\" line and change speakers with `focal turn set-speaker`", t.seq)
		}
		sep := ": "
		if wantLabel == "" {
			sep = ""
		}
		between, _ := newIdx.Slice(corpus.Span{Start: label.Span.End, End: utter.Span.Start})
		after, _ := newIdx.Slice(corpus.Span{Start: utter.Span.End, End: min(utter.Span.End+1, newIdx.Len())})
		if between != sep || after != "\n" {
			return res, fmt.Errorf("the correction changes the line layout around turn %d; keep each turn on its own line as \"Label: words\"", t.seq)
		}
		pos = utter.Span.End + 1
		turns[i].labelSpan, turns[i].utterance, turns[i].label = label.Span, utter.Span, wantLabel
	}
	if pos != newIdx.Len() {
		return res, fmt.Errorf("the correction adds text after the last turn; add words inside a turn instead")
	}
	for _, t := range turns {
		speakerID := t.speakerID
		if l, ok := c.relabel[t.seq]; ok {
			if speakerID, err = ensureSpeaker(tx, src.id, l); err != nil {
				return res, err
			}
		}
		if _, err := tx.Exec(`UPDATE turns SET label = ?, label_start = ?, label_end = ?, start = ?, end = ?, speaker_id = nullif(?, '') WHERE id = ?`,
			t.label, t.labelSpan.Start, t.labelSpan.End, t.utterance.Start, t.utterance.End, speakerID, t.id); err != nil {
			return res, err
		}
	}
	if _, err := tx.Exec(`DELETE FROM speakers WHERE source_id = ? AND NOT EXISTS (SELECT 1 FROM turns t WHERE t.speaker_id = speakers.id)`, src.id); err != nil {
		return res, err
	}
	// Codings of every layer move with the text.
	codings, err := codingsOf(tx, `g.source_id = ?`, src.id)
	if err != nil {
		return res, err
	}
	cspans := make([]corpus.Span, len(codings))
	for i, g := range codings {
		cspans[i] = corpus.Span{Start: g.Start, End: g.End}
	}
	anchored, err := coding.Reanchor(oldText, newText, cspans)
	if err != nil {
		return res, err
	}
	var changes []map[string]any
	for i, g := range codings {
		a := anchored[i]
		if a.Span == cspans[i] && !a.Flagged {
			continue
		}
		span := a.Span
		flag := ""
		if a.Flagged {
			flag = a.Reason
			if span.Len() == 0 {
				// A coding keeps at least one character so it stays visible for review.
				span = widenEmpty(span, newIdx.Len())
			}
			res.Flagged = append(res.Flagged, FlaggedCoding{ID: g.ID, Coder: g.Coder, Reason: a.Reason})
		}
		change := map[string]any{"id": g.ID, "coder": g.Coder, "before": cspans[i], "after": span, "flagged": flag}
		_, err := tx.Exec(`UPDATE codings SET start = ?, end = ?, flagged = CASE WHEN ? <> '' THEN ? ELSE flagged END WHERE id = ?`,
			span.Start, span.End, flag, flag, g.ID)
		if err != nil && strings.Contains(err.Error(), "UNIQUE") {
			// The coder already has the identical coding there: the two
			// became one, which the event records.
			if _, err := tx.Exec(`DELETE FROM codings WHERE id = ?`, g.ID); err != nil {
				return res, err
			}
			change["merged_with_identical"] = true
		} else if err != nil {
			return res, err
		}
		res.Reanchored++
		changes = append(changes, change)
	}
	if _, err := tx.Exec(`UPDATE sources SET text = ?, sha256 = ?, chars = ? WHERE id = ?`, newText, corpus.TextHash(newText), newIdx.Len(), src.id); err != nil {
		return res, err
	}
	if _, err := tx.Exec(`DELETE FROM units WHERE source_id = ?`, src.id); err != nil {
		return res, err
	}
	utterances := make([]corpus.Span, len(turns))
	for i, t := range turns {
		utterances[i] = t.utterance
	}
	units, err := c.Units(newText, utterances)
	if err != nil {
		return res, err
	}
	for kind, spans := range units {
		if _, err := tx.Exec(`INSERT INTO units(source_id, kind, count, spans) VALUES (?, ?, ?, ?)`, src.id, kind, len(spans), encodeSpans(spans)); err != nil {
			return res, err
		}
	}
	if changes == nil {
		changes = []map[string]any{}
	}
	return res, tx.Event(Change{Kind: event.SourceCorrected, EntityID: src.id, Reason: c.Reason,
		Before: map[string]any{"sha256": corpus.TextHash(oldText), "text": oldText},
		After:  map[string]any{"sha256": corpus.TextHash(newText), "text": newText, "codings": changes}})
}

func widenEmpty(s corpus.Span, length int) corpus.Span {
	if s.End < length {
		return corpus.Span{Start: s.Start, End: s.Start + 1}
	}
	return corpus.Span{Start: max(s.Start-1, 0), End: s.Start}
}

// ensureSpeaker returns the id of the named speaker of a source, creating it.
func ensureSpeaker(tx *Tx, sourceID, name string) (string, error) {
	var id string
	if err := tx.QueryRow(`SELECT id FROM speakers WHERE source_id = ? AND name = ?`, sourceID, name).Scan(&id); err == nil {
		return id, nil
	}
	id = uuid.NewString()
	_, err := tx.Exec(`INSERT INTO speakers(id, source_id, name) VALUES (?, ?, ?)`, id, sourceID, name)
	return id, err
}
