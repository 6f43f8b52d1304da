package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/google/uuid"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/deid"
	"github.com/focalqda/focal/coding/event"
	"github.com/focalqda/focal/corpus"
)

// Statuses of a de-identification finding.
const (
	DeidPending  = "pending"
	DeidAccepted = "accepted"
	DeidRejected = "rejected"
	// DeidApplied marks a finding whose replacement was written into the
	// stored text (`focal deid apply --in-text`).
	DeidApplied = "applied"
)

// DeidFinding is one place in a source that may identify someone, with
// the researchers' decision on it.
type DeidFinding struct {
	ID       string `json:"id"`
	SourceID string `json:"source_id"`
	Source   string `json:"source"`
	Turn     int    `json:"turn"`
	// Start and End are code points in the stored text.
	Start      int    `json:"start"`
	End        int    `json:"end"`
	Occurrence int    `json:"-"`
	Text       string `json:"text"`
	Kind       string `json:"kind"`
	Detector   string `json:"detector"`
	// Replacement is what replaces the text on export: the chosen
	// replacement, or the participant's current pseudonym.
	Replacement string `json:"replacement"`
	// Participant is the participant whose name it is, if known.
	Participant string `json:"participant,omitempty"`
	Status      string `json:"status"`
	FoundAt     string `json:"found_at"`
	DecidedBy   string `json:"decided_by,omitempty"`
	DecidedAt   string `json:"decided_at,omitempty"`
	Reason      string `json:"reason,omitempty"`
}

// NewDeidFinding is what a scan found at one place.
type NewDeidFinding struct {
	SourceID   string
	Turn       int
	Start, End int
	Occurrence int
	Text       string
	Kind       string
	Detector   string
	// Replacement is the suggestion; leave it empty for a participant's
	// name to use their pseudonym as it is when exported.
	Replacement string
	// Participant is the participant's id (P07) when the text is their name.
	Participant string
}

// DeidScanResult says what saving a scan changed.
type DeidScanResult struct {
	Sources int `json:"sources"`
	// New findings, findings found again where they were (Kept) or moved
	// by a correction (Moved), and pending findings no longer found
	// (Dropped; decided ones are kept).
	New     int `json:"new"`
	Kept    int `json:"kept"`
	Moved   int `json:"moved"`
	Dropped int `json:"dropped"`
}

const deidColumns = `f.id, f.source_id, s.name, f.turn_seq, f.start, f.end, f.occurrence, f.text, f.kind, f.detector,
	CASE WHEN f.replacement = '' AND p.pseudonym IS NOT NULL THEN p.pseudonym ELSE f.replacement END,
	coalesce(p.name, ''), f.status, f.found_at, f.decided_by, f.decided_at, f.reason`

const deidFrom = ` FROM deid_findings f JOIN sources s ON s.id = f.source_id LEFT JOIN participants p ON p.id = f.participant_id`

func scanDeidFinding(row interface{ Scan(...any) error }) (DeidFinding, error) {
	var f DeidFinding
	err := row.Scan(&f.ID, &f.SourceID, &f.Source, &f.Turn, &f.Start, &f.End, &f.Occurrence, &f.Text, &f.Kind, &f.Detector,
		&f.Replacement, &f.Participant, &f.Status, &f.FoundAt, &f.DecidedBy, &f.DecidedAt, &f.Reason)
	return f, err
}

func queryDeidFindings(q interface {
	Query(string, ...any) (*sql.Rows, error)
}, where string, args ...any) ([]DeidFinding, error) {
	rows, err := q.Query(`SELECT `+deidColumns+deidFrom+` WHERE `+where+` ORDER BY s.grp, s.name, f.start`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DeidFinding
	for rows.Next() {
		f, err := scanDeidFinding(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// DeidFilter narrows a listing of findings; empty fields match all.
type DeidFilter struct {
	Status   string
	Kind     string
	Detector string
	Source   string // name or id
	Text     string
}

// DeidFindings lists findings in transcript order.
func (s *Store) DeidFindings(ctx context.Context, f DeidFilter) ([]DeidFinding, error) {
	where, args := deidWhere(f)
	return queryDeidFindings(dbQueryer{s.rd, ctx}, where, args...)
}

func deidWhere(f DeidFilter) (string, []any) {
	where := []string{"1=1"}
	var args []any
	if f.Status != "" {
		where = append(where, "f.status = ?")
		args = append(args, f.Status)
	}
	if f.Kind != "" {
		where = append(where, "f.kind = ?")
		args = append(args, f.Kind)
	}
	if f.Detector != "" {
		where = append(where, "f.detector = ?")
		args = append(args, f.Detector)
	}
	if f.Source != "" {
		where = append(where, "(s.name = ? OR s.id = ?)")
		args = append(args, f.Source, f.Source)
	}
	if f.Text != "" {
		where = append(where, "f.text = ?")
		args = append(args, f.Text)
	}
	return strings.Join(where, " AND "), args
}

// SaveDeidScan records what a scan of some sources found. Findings already
// known keep their decision: found where they were, or moved to the same
// occurrence of their text in the same turn after a correction. Pending
// findings that the scan no longer finds are dropped; decided ones stay.
// The scan is one event per source.
func (s *Store) SaveDeidScan(ctx context.Context, sourceIDs []string, found []NewDeidFinding) (DeidScanResult, error) {
	return s.SaveDeidReview(ctx, sourceIDs, found, nil)
}

// DeidAnswerFinding is something a scan found in the member-check answers
// (what participants wrote, and the quotes as they saw them).
type DeidAnswerFinding struct {
	Participant string `json:"participant"`
	Text        string `json:"text"`
	Kind        string `json:"kind"`
	Detector    string `json:"detector"`
	Replacement string `json:"replacement"`
}

// DeidAnswerScan is what a scan of the member-check answers covered: a
// digest of the answers as scanned, and what it found in them.
type DeidAnswerScan struct {
	SHA256  string              `json:"sha256"`
	Answers int                 `json:"answers"`
	Found   []DeidAnswerFinding `json:"found"`
}

// DeidScanMarks is what the scans so far covered: the SHA-256 of each
// source's text when it was last scanned, and the last scan of the
// member-check answers (nil when they were never scanned).
type DeidScanMarks struct {
	Sources map[string]string
	Answers *DeidAnswerScan
}

// scanCompleted is the event every scan ends with, whatever it changed:
// the review's record of which texts were scanned as they were.
const scanCompleted = "deid.scan-completed"

// SaveDeidReview is SaveDeidScan that also records what a scan of the
// member-check answers found (answers may be nil when they were not
// scanned). Every scan ends with one deid.scan-completed event holding the
// SHA-256 of each scanned source's text, so that the review can tell
// which texts changed since.
func (s *Store) SaveDeidReview(ctx context.Context, sourceIDs []string, found []NewDeidFinding, answers *DeidAnswerScan) (DeidScanResult, error) {
	res := DeidScanResult{Sources: len(sourceIDs)}
	bySource := map[string][]NewDeidFinding{}
	for _, f := range found {
		bySource[f.SourceID] = append(bySource[f.SourceID], f)
	}
	err := s.InTx(ctx, func(tx *Tx) error {
		participants, err := participantIDs(tx)
		if err != nil {
			return err
		}
		hashes := map[string]string{}
		for _, sid := range sourceIDs {
			if err := saveSourceScan(tx, sid, bySource[sid], participants, &res); err != nil {
				return err
			}
			var sha string
			if err := tx.QueryRow(`SELECT sha256 FROM sources WHERE id = ?`, sid).Scan(&sha); err != nil {
				return fmt.Errorf("scanned source %s: %w", sid, err)
			}
			hashes[sid] = sha
		}
		after := map[string]any{"sources": hashes}
		if answers != nil {
			a := *answers
			if a.Found == nil {
				a.Found = []DeidAnswerFinding{}
			}
			after["answers"] = a
		}
		return tx.Event(Change{Kind: scanCompleted, After: after})
	})
	return res, err
}

// DeidScanMarks reads what the scans so far covered from the log.
func (s *Store) DeidScanMarks(ctx context.Context) (DeidScanMarks, error) {
	marks := DeidScanMarks{Sources: map[string]string{}}
	events, err := s.EventsOfKinds(ctx, scanCompleted)
	if err != nil {
		return marks, err
	}
	for _, e := range events {
		if e.Kind != scanCompleted {
			continue
		}
		raw := e.After
		var after struct {
			Sources map[string]string `json:"sources"`
			Answers *DeidAnswerScan   `json:"answers"`
		}
		if err := json.Unmarshal(raw, &after); err != nil {
			return marks, fmt.Errorf("event %d (%s): %w", e.Seq, e.Kind, err)
		}
		for id, sha := range after.Sources {
			marks.Sources[id] = sha
		}
		if after.Answers != nil {
			marks.Answers = after.Answers
		}
	}
	return marks, nil
}

func participantIDs(tx *Tx) (map[string]string, error) {
	rows, err := tx.Query(`SELECT id, name FROM participants`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[name] = id
	}
	return out, rows.Err()
}

type turnText struct {
	turn       int
	text       string
	occurrence int
}

func saveSourceScan(tx *Tx, sourceID string, found []NewDeidFinding, participants map[string]string, res *DeidScanResult) error {
	existing, err := queryDeidFindings(tx, "f.source_id = ?", sourceID)
	if err != nil {
		return err
	}
	byPos := map[[2]int]int{}
	byText := map[turnText]int{}
	for i, e := range existing {
		byPos[[2]int{e.Start, e.End}] = i
		byText[turnText{e.Turn, e.Text, e.Occurrence}] = i
	}
	seen := make([]bool, len(existing))
	matched := make([]int, len(found))
	for i, f := range found {
		matched[i] = -1
		if k, ok := byPos[[2]int{f.Start, f.End}]; ok && existing[k].Text == f.Text {
			matched[i], seen[k] = k, true
		}
	}
	var moves []int
	for i, f := range found {
		if matched[i] >= 0 {
			continue
		}
		if k, ok := byText[turnText{f.Turn, f.Text, f.Occurrence}]; ok && !seen[k] {
			matched[i], seen[k] = k, true
			moves = append(moves, i)
		}
	}
	var added, moved, dropped []map[string]any
	// Pending findings not found again go first, so that their places are
	// free for moved and new ones.
	taken := map[[2]int]bool{}
	for k, e := range existing {
		if seen[k] {
			taken[[2]int{e.Start, e.End}] = true
			continue
		}
		if e.Status != DeidPending {
			taken[[2]int{e.Start, e.End}] = true
			continue
		}
		if _, err := tx.Exec(`DELETE FROM deid_findings WHERE id = ?`, e.ID); err != nil {
			return err
		}
		dropped = append(dropped, map[string]any{"id": e.ID, "text": e.Text, "start": e.Start, "end": e.End})
	}
	for _, i := range moves {
		f, e := found[i], existing[matched[i]]
		pos := [2]int{f.Start, f.End}
		if taken[pos] {
			continue
		}
		if _, err := tx.Exec(`UPDATE deid_findings SET start = ?, end = ?, turn_seq = ? WHERE id = ?`, f.Start, f.End, f.Turn, e.ID); err != nil {
			return err
		}
		delete(taken, [2]int{e.Start, e.End})
		taken[pos] = true
		moved = append(moved, map[string]any{"id": e.ID, "text": e.Text, "before": []int{e.Start, e.End}, "after": []int{f.Start, f.End}})
	}
	for i, f := range found {
		if matched[i] >= 0 {
			res.Kept++
			continue
		}
		pos := [2]int{f.Start, f.End}
		if taken[pos] {
			continue
		}
		taken[pos] = true
		id := uuid.NewString()
		var pid any
		if f.Participant != "" {
			if p, ok := participants[f.Participant]; ok {
				pid = p
			}
		}
		if _, err := tx.Exec(`INSERT INTO deid_findings(id, source_id, turn_seq, start, end, occurrence, text, kind, detector, replacement, participant_id, found_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, sourceID, f.Turn, f.Start, f.End, f.Occurrence, f.Text, f.Kind, f.Detector, f.Replacement, pid, tx.now); err != nil {
			return err
		}
		added = append(added, map[string]any{"id": id, "turn": f.Turn, "start": f.Start, "end": f.End, "text": f.Text, "kind": f.Kind, "detector": f.Detector})
	}
	res.Kept -= len(moved)
	res.New += len(added)
	res.Moved += len(moved)
	res.Dropped += len(dropped)
	if len(added)+len(moved)+len(dropped) == 0 {
		return nil
	}
	return tx.Event(Change{Kind: event.DeidScanned, EntityID: sourceID,
		After: map[string]any{"new": orEmpty(added), "moved": orEmpty(moved), "dropped": orEmpty(dropped)}})
}

func orEmpty(v []map[string]any) []map[string]any {
	if v == nil {
		return []map[string]any{}
	}
	return v
}

// DeidDecision accepts or rejects findings.
type DeidDecision struct {
	// IDs are findings by id or unique id prefix (at least 4 characters).
	IDs []string
	// Or every finding that Filter matches (with All set, all of them).
	Filter DeidFilter
	All    bool
	// Status is DeidAccepted or DeidRejected.
	Status string
	// Replacement, when set, replaces the suggestion (accept only).
	Replacement string
	Reason      string
}

// DecideDeid records a decision on findings, one event each; findings
// already so decided are left alone. Applied findings cannot be decided
// again.
func (s *Store) DecideDeid(ctx context.Context, d DeidDecision) ([]DeidFinding, error) {
	if d.Status != DeidAccepted && d.Status != DeidRejected && d.Status != DeidPending {
		return nil, fmt.Errorf("a decision is accepted, rejected or pending, not %q", d.Status)
	}
	if strings.ContainsAny(d.Replacement, "\n\r") {
		return nil, errors.New("a replacement must be one line")
	}
	var changed []DeidFinding
	err := s.InTx(ctx, func(tx *Tx) error {
		targets, err := selectDeidFindings(tx, d)
		if err != nil {
			return err
		}
		for _, f := range targets {
			if f.Status == DeidApplied {
				return fmt.Errorf("finding %s (%q) was already written into the stored text; change the text with `focal source edit`", shortID(f.ID), f.Text)
			}
			replacement := f.Replacement
			setReplacement := d.Replacement != "" && d.Status == DeidAccepted
			if setReplacement {
				replacement = d.Replacement
			}
			if f.Status == d.Status && replacement == f.Replacement {
				continue
			}
			q := `UPDATE deid_findings SET status = ?, decided_by = ?, decided_at = ?, reason = ? WHERE id = ?`
			args := []any{d.Status, tx.actor, tx.now, d.Reason, f.ID}
			if setReplacement {
				q = `UPDATE deid_findings SET status = ?, decided_by = ?, decided_at = ?, reason = ?, replacement = ? WHERE id = ?`
				args = []any{d.Status, tx.actor, tx.now, d.Reason, d.Replacement, f.ID}
			}
			if _, err := tx.Exec(q, args...); err != nil {
				return err
			}
			kind := event.DeidAccepted
			switch d.Status {
			case DeidRejected:
				kind = event.DeidRejected
			case DeidPending:
				kind = event.DeidReopened
			}
			if err := tx.Event(Change{Kind: kind, EntityID: f.ID, Reason: d.Reason,
				Before: map[string]any{"status": f.Status, "replacement": f.Replacement, "text": f.Text, "source": f.Source, "start": f.Start, "end": f.End},
				After:  map[string]any{"status": d.Status, "replacement": replacement}}); err != nil {
				return err
			}
			f.Status, f.Replacement, f.DecidedBy, f.DecidedAt, f.Reason = d.Status, replacement, tx.actor, tx.now, d.Reason
			changed = append(changed, f)
		}
		return nil
	})
	return changed, err
}

func selectDeidFindings(tx *Tx, d DeidDecision) ([]DeidFinding, error) {
	if len(d.IDs) == 0 {
		if !d.All && d.Filter == (DeidFilter{}) {
			return nil, errors.New("name findings by id, or choose them with --all, --kind, --text or --source")
		}
		f := d.Filter
		if f.Status == "" && d.Status != DeidPending {
			// Without a status, a bulk decision touches open findings only.
			f.Status = DeidPending
		}
		where, args := deidWhere(f)
		return queryDeidFindings(tx, where, args...)
	}
	var out []DeidFinding
	seen := map[string]bool{}
	for _, ref := range d.IDs {
		ref = strings.TrimSpace(ref)
		if len(ref) < 4 {
			return nil, fmt.Errorf("finding id %q is too short; give at least 4 characters", ref)
		}
		fs, err := queryDeidFindings(tx, "f.id = ? OR f.id LIKE ? || '%'", ref, ref)
		if err != nil {
			return nil, err
		}
		switch len(fs) {
		case 0:
			return nil, fmt.Errorf("no finding %s (see `focal deid list`): %w", ref, ErrNotFound)
		case 1:
		default:
			return nil, fmt.Errorf("finding id %s is ambiguous; give more characters", ref)
		}
		if !seen[fs[0].ID] {
			seen[fs[0].ID] = true
			out = append(out, fs[0])
		}
	}
	return out, nil
}

// DeidWord is an entry of the project's word list.
type DeidWord struct {
	ID          string `json:"id"`
	Text        string `json:"text"`
	Replacement string `json:"replacement"`
	Kind        string `json:"kind"`
	AddedBy     string `json:"added_by"`
	AddedAt     string `json:"added_at"`
}

// AddDeidWord adds a word or phrase to the project's list (or changes the
// replacement of one already there). Listed words are replaced wherever
// they occur (whole words, as written) when text is rendered for export.
func (s *Store) AddDeidWord(ctx context.Context, text, replacement, kind string) (DeidWord, error) {
	text, replacement = corpus.NormalizeLine(text), corpus.NormalizeLine(replacement)
	if text == "" || replacement == "" {
		return DeidWord{}, errors.New("a listed word needs the text and its replacement (--replace)")
	}
	if kind == "" {
		kind = deid.KindListed
	}
	w := DeidWord{ID: uuid.NewString(), Text: text, Replacement: replacement, Kind: kind}
	err := s.InTx(ctx, func(tx *Tx) error {
		w.AddedBy, w.AddedAt = tx.actor, tx.now
		var old DeidWord
		err := tx.QueryRow(`SELECT id, replacement, kind FROM deid_words WHERE text = ?`, text).Scan(&old.ID, &old.Replacement, &old.Kind)
		switch {
		case err == nil:
			if old.Replacement == replacement && old.Kind == kind {
				w.ID = old.ID
				return nil
			}
			w.ID = old.ID
			if _, err := tx.Exec(`UPDATE deid_words SET replacement = ?, kind = ? WHERE id = ?`, replacement, kind, old.ID); err != nil {
				return err
			}
			return tx.Event(Change{Kind: event.DeidWordChanged, EntityID: old.ID,
				Before: map[string]any{"text": text, "replacement": old.Replacement, "kind": old.Kind},
				After:  map[string]any{"text": text, "replacement": replacement, "kind": kind}})
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		if _, err := tx.Exec(`INSERT INTO deid_words(id, text, replacement, kind, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?)`,
			w.ID, text, replacement, kind, tx.actor, tx.now); err != nil {
			return err
		}
		return tx.Event(Change{Kind: event.DeidWordAdded, EntityID: w.ID, After: map[string]any{"text": text, "replacement": replacement, "kind": kind}})
	})
	return w, err
}

// RemoveDeidWord takes a word off the project's list.
func (s *Store) RemoveDeidWord(ctx context.Context, text string) error {
	return s.InTx(ctx, func(tx *Tx) error {
		var w DeidWord
		err := tx.QueryRow(`SELECT id, text, replacement, kind FROM deid_words WHERE text = ?`, corpus.NormalizeLine(text)).Scan(&w.ID, &w.Text, &w.Replacement, &w.Kind)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%q is not on the word list (see `focal deid words list`): %w", text, ErrNotFound)
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`DELETE FROM deid_words WHERE id = ?`, w.ID); err != nil {
			return err
		}
		return tx.Event(Change{Kind: event.DeidWordRemoved, EntityID: w.ID, Before: map[string]any{"text": w.Text, "replacement": w.Replacement, "kind": w.Kind}})
	})
}

// DeidWords lists the project's word list.
func (s *Store) DeidWords(ctx context.Context) ([]DeidWord, error) {
	rows, err := s.rd.QueryContext(ctx, `SELECT id, text, replacement, kind, added_by, added_at FROM deid_words ORDER BY text`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []DeidWord{}
	for rows.Next() {
		var w DeidWord
		if err := rows.Scan(&w.ID, &w.Text, &w.Replacement, &w.Kind, &w.AddedBy, &w.AddedAt); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// DeidAllowance is a reviewed exception of the gate.
type DeidAllowance struct {
	ID      string `json:"id"`
	Word    string `json:"word"`
	Phrase  string `json:"phrase,omitempty"`
	Reason  string `json:"reason"`
	AddedBy string `json:"added_by"`
	AddedAt string `json:"added_at"`
}

// AllowDeidWord records that a word the gate would refuse (a name that is
// also a common word) was reviewed and may appear, everywhere or only
// inside phrase. A reason is required.
func (s *Store) AllowDeidWord(ctx context.Context, word, phrase, reason string) (DeidAllowance, error) {
	word, phrase, reason = corpus.NormalizeLine(word), corpus.NormalizeLine(phrase), strings.TrimSpace(reason)
	if word == "" {
		return DeidAllowance{}, errors.New("name the word to allow")
	}
	if reason == "" {
		return DeidAllowance{}, errors.New("say why the word may appear (--reason): the allow-list records reviewed exceptions")
	}
	if phrase != "" && !strings.Contains(phrase, word) {
		return DeidAllowance{}, fmt.Errorf("the phrase %q does not contain %q", phrase, word)
	}
	a := DeidAllowance{ID: uuid.NewString(), Word: word, Phrase: phrase, Reason: reason}
	err := s.InTx(ctx, func(tx *Tx) error {
		a.AddedBy, a.AddedAt = tx.actor, tx.now
		var n int
		if err := tx.QueryRow(`SELECT count(*) FROM deid_allowed WHERE word = ? AND phrase = ?`, word, phrase).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("%q is already allowed there (see `focal deid allowed`)", word)
		}
		if _, err := tx.Exec(`INSERT INTO deid_allowed(id, word, phrase, reason, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?)`,
			a.ID, word, phrase, reason, tx.actor, tx.now); err != nil {
			return err
		}
		return tx.Event(Change{Kind: event.DeidAllowed, EntityID: a.ID, Reason: reason, After: map[string]any{"word": word, "phrase": phrase}})
	})
	return a, err
}

// DisallowDeidWord removes an exception from the allow-list.
func (s *Store) DisallowDeidWord(ctx context.Context, word, phrase string) error {
	return s.InTx(ctx, func(tx *Tx) error {
		var id string
		err := tx.QueryRow(`SELECT id FROM deid_allowed WHERE word = ? AND phrase = ?`, corpus.NormalizeLine(word), corpus.NormalizeLine(phrase)).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%q is not on the allow-list with that phrase (see `focal deid allowed`): %w", word, ErrNotFound)
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`DELETE FROM deid_allowed WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.Event(Change{Kind: event.DeidDisallowed, EntityID: id, Before: map[string]any{"word": word, "phrase": phrase}})
	})
}

// DeidAllowed lists the allow-list.
func (s *Store) DeidAllowed(ctx context.Context) ([]DeidAllowance, error) {
	rows, err := s.rd.QueryContext(ctx, `SELECT id, word, phrase, reason, added_by, added_at FROM deid_allowed ORDER BY word, phrase`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []DeidAllowance{}
	for rows.Next() {
		var a DeidAllowance
		if err := rows.Scan(&a.ID, &a.Word, &a.Phrase, &a.Reason, &a.AddedBy, &a.AddedAt); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// DeidApplyResult says what writing replacements into a source's text did.
type DeidApplyResult struct {
	Source     string           `json:"source"`
	Replaced   int              `json:"replaced"`
	Stale      []string         `json:"stale"`
	Correction CorrectionResult `json:"correction"`
}

// ApplyDeidInText writes the accepted replacements of one source into its
// stored text, as a correction: codings and the other findings are
// re-anchored, codings whose own words changed are flagged for review, and
// the findings become "applied". units computes the unit boundaries of the
// corrected text. Speaker labels are not findings and stay as they are.
func (s *Store) ApplyDeidInText(ctx context.Context, sourceRef string, units UnitFunc) (DeidApplyResult, error) {
	out := DeidApplyResult{Stale: []string{}}
	err := s.InTx(ctx, func(tx *Tx) error {
		src, oldText, _, err := loadForCorrection(tx, sourceRef)
		if err != nil {
			return err
		}
		out.Source = src.name
		accepted, err := queryDeidFindings(tx, "f.source_id = ? AND f.status = ?", src.id, DeidAccepted)
		if err != nil {
			return err
		}
		if len(accepted) == 0 {
			return nil
		}
		reps := make([]deid.Replacement, 0, len(accepted))
		for _, f := range accepted {
			if f.Replacement == "" || strings.ContainsAny(f.Replacement, "\n\r") {
				return fmt.Errorf("finding %s (%q) has no usable replacement; accept it with --replace TEXT", shortID(f.ID), f.Text)
			}
			reps = append(reps, deid.Replacement{Span: corpus.Span{Start: f.Start, End: f.End}, Text: f.Text, With: f.Replacement})
		}
		newText, stale := deid.Apply(oldText, reps)
		staleSet := map[corpus.Span]bool{}
		for _, r := range stale {
			staleSet[r.Span] = true
			out.Stale = append(out.Stale, r.Text)
		}
		if newText == oldText {
			return nil
		}
		res, err := applyCorrection(tx, Correction{Source: src.id, NewText: newText, Units: units,
			Reason: fmt.Sprintf("de-identification: %d accepted replacements written into the text", len(reps)-len(stale))})
		if err != nil {
			return err
		}
		out.Correction = res
		// Every finding of the source moves with the text; applied ones now
		// cover their replacement.
		all, err := queryDeidFindings(tx, "f.source_id = ?", src.id)
		if err != nil {
			return err
		}
		spans := make([]corpus.Span, len(all))
		for i, f := range all {
			spans[i] = corpus.Span{Start: f.Start, End: f.End}
		}
		moved, err := coding.Reanchor(oldText, newText, spans)
		if err != nil {
			return err
		}
		// Place every finding at a temporary position first: the new places
		// may swap with old ones under the unique index.
		if _, err := tx.Exec(`UPDATE deid_findings SET start = -2 * rowid - 2, end = -2 * rowid - 1 WHERE source_id = ?`, src.id); err != nil {
			return err
		}
		idx := corpus.NewPositionIndex(newText)
		used := map[corpus.Span]bool{}
		for i, f := range all {
			sp := moved[i].Span
			status := f.Status
			if f.Status == DeidAccepted && !staleSet[corpus.Span{Start: f.Start, End: f.End}] {
				status = DeidApplied
				out.Replaced++
			}
			if sp.Len() <= 0 || used[sp] {
				sp = widenEmpty(sp, idx.Len())
				for used[sp] && sp.End < idx.Len() {
					sp = corpus.Span{Start: sp.Start + 1, End: sp.End + 1}
				}
			}
			used[sp] = true
			if _, err := tx.Exec(`UPDATE deid_findings SET start = ?, end = ?, status = ? WHERE id = ?`, sp.Start, sp.End, status, f.ID); err != nil {
				return err
			}
		}
		return tx.Event(Change{Kind: event.DeidApplied, EntityID: src.id,
			After: map[string]any{"replaced": out.Replaced, "stale": out.Stale, "reanchored_codings": res.Reanchored, "flagged_codings": len(res.Flagged)}})
	})
	return out, err
}

// SetPseudonym gives a participant a chosen pseudonym. It must be unique,
// one line, and not another participant's id.
func (s *Store) SetPseudonym(ctx context.Context, participant, pseudonym string) (before string, err error) {
	pseudonym = corpus.NormalizeLine(pseudonym)
	if pseudonym == "" {
		return "", errors.New("a pseudonym cannot be empty")
	}
	err = s.InTx(ctx, func(tx *Tx) error {
		var id string
		if err := tx.QueryRow(`SELECT id, pseudonym FROM participants WHERE name = ?`, participant).Scan(&id, &before); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("no participant %q (see `focal participant list`): %w", participant, ErrNotFound)
			}
			return err
		}
		if before == pseudonym {
			return nil
		}
		var other string
		err := tx.QueryRow(`SELECT name FROM participants WHERE (pseudonym = ? OR name = ?) AND id <> ?`, pseudonym, pseudonym, id).Scan(&other)
		switch {
		case err == nil:
			return fmt.Errorf("%q is already the id or pseudonym of participant %s; choose another", pseudonym, other)
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		if _, err := tx.Exec(`UPDATE participants SET pseudonym = ? WHERE id = ?`, pseudonym, id); err != nil {
			return err
		}
		return tx.Event(Change{Kind: event.ParticipantPseudonymSet, EntityID: id,
			Before: map[string]any{"participant": participant, "pseudonym": before}, After: map[string]any{"participant": participant, "pseudonym": pseudonym}})
	})
	return before, err
}

// Withdrawal is a participant who withdrew from the study.
type Withdrawal struct {
	Participant string `json:"participant"`
	Pseudonym   string `json:"pseudonym"`
	Reason      string `json:"reason,omitempty"`
	WithdrawnBy string `json:"withdrawn_by"`
	WithdrawnAt string `json:"withdrawn_at"`
}

// WithdrawParticipant records that a participant withdrew as a whole: none
// of their words appears in any later export. It reports whether the
// participant had already withdrawn.
func (s *Store) WithdrawParticipant(ctx context.Context, participant, reason string) (already bool, err error) {
	err = s.InTx(ctx, func(tx *Tx) error {
		var id, pseudonym string
		if err := tx.QueryRow(`SELECT id, pseudonym FROM participants WHERE name = ?`, participant).Scan(&id, &pseudonym); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("no participant %q (see `focal participant list`): %w", participant, ErrNotFound)
			}
			return err
		}
		var n int
		if err := tx.QueryRow(`SELECT count(*) FROM withdrawals WHERE participant_id = ?`, id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			already = true
			return nil
		}
		if _, err := tx.Exec(`INSERT INTO withdrawals(participant_id, reason, withdrawn_by, withdrawn_at) VALUES (?, ?, ?, ?)`, id, reason, tx.actor, tx.now); err != nil {
			return err
		}
		return tx.Event(Change{Kind: event.ParticipantWithdrawn, EntityID: id, Reason: reason, After: map[string]any{"participant": participant, "pseudonym": pseudonym}})
	})
	return already, err
}

// Withdrawals lists the participants who withdrew.
func (s *Store) Withdrawals(ctx context.Context) ([]Withdrawal, error) {
	rows, err := s.rd.QueryContext(ctx, `SELECT p.name, p.pseudonym, w.reason, w.withdrawn_by, w.withdrawn_at
		FROM withdrawals w JOIN participants p ON p.id = w.participant_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Withdrawal{}
	for rows.Next() {
		var w Withdrawal
		if err := rows.Scan(&w.Participant, &w.Pseudonym, &w.Reason, &w.WithdrawnBy, &w.WithdrawnAt); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	sort.Slice(out, func(i, j int) bool { return naturalLess(out[i].Participant, out[j].Participant) })
	return out, rows.Err()
}

// KeyEntry is one line of the study's key file: a participant's pseudonym
// and the real names the project knows them by.
type KeyEntry struct {
	Participant string   `json:"participant"`
	Pseudonym   string   `json:"pseudonym"`
	Names       []string `json:"names"`
}

// DeidKey lists every participant with their pseudonym and the names their
// speakers carry in the transcripts.
func (s *Store) DeidKey(ctx context.Context) ([]KeyEntry, error) {
	ps, err := s.Participants(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.rd.QueryContext(ctx, `SELECT DISTINCT p.name, k.name FROM speakers k JOIN participants p ON p.id = k.participant_id ORDER BY k.name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	names := map[string][]string{}
	for rows.Next() {
		var p, name string
		if err := rows.Scan(&p, &name); err != nil {
			return nil, err
		}
		names[p] = append(names[p], name)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]KeyEntry, 0, len(ps))
	for _, p := range ps {
		n := names[p.Name]
		if n == nil {
			n = []string{}
		}
		out = append(out, KeyEntry{Participant: p.Name, Pseudonym: p.Pseudonym, Names: n})
	}
	return out, nil
}
