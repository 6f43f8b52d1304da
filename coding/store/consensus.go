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

	"github.com/focalqda/focal/coding/event"
	"github.com/focalqda/focal/corpus"
)

// Consensus statuses of a source.
const (
	ConsensusNone     = "none"
	ConsensusPartial  = "partial"
	ConsensusComplete = "complete"
)

// ConsensusState is a source's consensus status.
type ConsensusState struct {
	Source string   `json:"source"`
	Status string   `json:"status"`
	Coders []string `json:"coders"`
	SetBy  string   `json:"set_by,omitempty"`
	SetAt  string   `json:"set_at,omitempty"`
	// Codings and Stale count the consensus codings and those a coder's
	// later edit may have affected.
	Codings   int `json:"codings"`
	Stale     int `json:"stale"`
	Decisions int `json:"decisions"`
}

// ConsensusStates lists every source's consensus status. Its counts start
// from the consensus (CROSS JOIN fixes the order): from the codings, they
// would look up every coder's coding of the source.
func (s *Store) ConsensusStates(ctx context.Context) ([]ConsensusState, error) {
	rows, err := s.rd.QueryContext(ctx, `SELECT s.name, coalesce(c.status, 'none'), coalesce(c.coders, '[]'), coalesce(c.set_by, ''), coalesce(c.set_at, ''),
		(SELECT count(*) FROM coders k CROSS JOIN codings g ON g.source_id = s.id AND g.coder_id = k.id WHERE k.role = 'consensus'),
		(SELECT count(*) FROM consensus_provenance p CROSS JOIN codings g ON g.id = p.coding_id WHERE p.stale <> '' AND g.source_id = s.id),
		(SELECT count(*) FROM consensus_decisions d WHERE d.source_id = s.id)
		FROM sources s LEFT JOIN consensus_status c ON c.source_id = s.id ORDER BY s.grp, s.name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ConsensusState
	for rows.Next() {
		var st ConsensusState
		var coders string
		if err := rows.Scan(&st.Source, &st.Status, &coders, &st.SetBy, &st.SetAt, &st.Codings, &st.Stale, &st.Decisions); err != nil {
			return nil, err
		}
		json.Unmarshal([]byte(coders), &st.Coders)
		if st.Coders == nil {
			st.Coders = []string{}
		}
		if st.Status == ConsensusNone && st.Codings > 0 {
			st.Status = ConsensusPartial
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// ensureConsensusCoder returns the reserved consensus coder, creating it.
func ensureConsensusCoder(tx *Tx) (Coder, error) {
	c, err := findCoder(tx, ConsensusCoder)
	if err == nil {
		return c, nil
	}
	c = Coder{ID: uuid.NewString(), Name: ConsensusCoder, Role: "consensus", CreatedAt: tx.now}
	if _, err := tx.Exec(`INSERT INTO coders(id, name, role, created_at) VALUES (?, ?, 'consensus', ?)`, c.ID, c.Name, tx.now); err != nil {
		return c, err
	}
	return c, tx.Event(Change{Kind: event.CoderAdded, EntityID: c.ID, After: map[string]any{"name": c.Name, "role": "consensus"}})
}

// consensusWork checks what every consensus step needs: a named person who
// decides, blinding off (the team sees each other's codings), the source.
func consensusWork(tx *Tx, sourceRef string) (Coder, string, string, error) {
	me, err := actingCoder(tx)
	if err != nil {
		return me, "", "", err
	}
	b, err := blindingIn(tx)
	if err != nil {
		return me, "", "", err
	}
	if b.On {
		return me, "", "", errors.New("blind coding is on; consensus work compares everyone's codings, so a PI must switch blinding off first (`focal blind off`)")
	}
	var id, name string
	if err := tx.QueryRow(`SELECT id, name FROM sources WHERE name = ? OR id = ?`, sourceRef, sourceRef).Scan(&id, &name); err != nil {
		return me, "", "", fmt.Errorf("no source named %q (see `focal source list`)", sourceRef)
	}
	return me, id, name, nil
}

// consensusCodingsOf reads the compared coders' codings of one source,
// grouped by code.
func consensusCodingsOf(tx *Tx, sourceID string, coders []string) (map[string][][]codingRef, error) {
	index := map[string]int{}
	for i, c := range coders {
		if c == ConsensusCoder {
			return nil, errors.New("compare coders, not the consensus layer itself")
		}
		if _, err := findCoder(tx, c); err != nil {
			return nil, err
		}
		index[c] = i
	}
	rows, err := tx.Query(`SELECT g.id, k.name, g.start, g.end, g.code_id FROM codings g JOIN coders k ON k.id = g.coder_id
		WHERE g.source_id = ? AND k.name IN (`+placeholders(len(coders))+`) ORDER BY g.start, g.end`, append([]any{sourceID}, anySlice(coders)...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][][]codingRef{}
	for rows.Next() {
		var r codingRef
		var codeID string
		if err := rows.Scan(&r.ID, &r.Coder, &r.Start, &r.End, &codeID); err != nil {
			return nil, err
		}
		if out[codeID] == nil {
			out[codeID] = make([][]codingRef, len(coders))
		}
		out[codeID][index[r.Coder]] = append(out[codeID][index[r.Coder]], r)
	}
	return out, rows.Err()
}

func anySlice(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// addConsensusCoding writes one consensus coding with its provenance.
func addConsensusCoding(tx *Tx, consensus Coder, sourceID, codeID string, span corpus.Span, method string, from []codingRef, coders []string, decidedBy string) (bool, error) {
	var existing string
	err := tx.QueryRow(`SELECT id FROM codings WHERE source_id = ? AND code_id = ? AND coder_id = ? AND start = ? AND end = ?`,
		sourceID, codeID, consensus.ID, span.Start, span.End).Scan(&existing)
	if err == nil {
		return false, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return false, err
	}
	version := ""
	tx.QueryRow(`SELECT name FROM codebook_versions ORDER BY created_at DESC, rowid DESC LIMIT 1`).Scan(&version)
	id := uuid.NewString()
	if _, err := tx.Exec(`INSERT INTO codings(id, source_id, code_id, coder_id, start, end, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		id, sourceID, codeID, consensus.ID, span.Start, span.End, tx.now); err != nil {
		return false, err
	}
	fromJSON, _ := json.Marshal(nonNil(from))
	codersJSON, _ := json.Marshal(coders)
	if _, err := tx.Exec(`INSERT INTO consensus_provenance(coding_id, method, from_codings, from_coders, decided_by, decided_at, codebook_version) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		id, method, string(fromJSON), string(codersJSON), decidedBy, tx.now, version); err != nil {
		return false, err
	}
	return true, tx.Event(Change{Kind: event.ConsensusAdded, EntityID: id, After: map[string]any{"id": id, "source_id": sourceID, "code_id": codeID,
		"start": span.Start, "end": span.End, "method": method, "from": nonNil(from), "coders": coders, "codebook_version": version}})
}

// SeedResult says what seeding added.
type SeedResult struct {
	Identical int `json:"identical"`
	Overlap   int `json:"overlap"`
}

// SeedConsensus starts a source's consensus from what all compared coders
// agree on: spans every coder coded identically with a code, and — when
// minOverlap is above 0 — places where each coder's coding of the code
// overlaps the others by at least that share (intersection over union),
// taken as the part they all coded.
func (s *Store) SeedConsensus(ctx context.Context, sourceRef string, coders []string, minOverlap float64) (SeedResult, error) {
	var res SeedResult
	if len(coders) < 2 {
		return res, errors.New("seeding needs at least two coders to agree")
	}
	err := s.InTx(ctx, func(tx *Tx) error {
		me, sourceID, _, err := consensusWork(tx, sourceRef)
		if err != nil {
			return err
		}
		consensus, err := ensureConsensusCoder(tx)
		if err != nil {
			return err
		}
		byCode, err := consensusCodingsOf(tx, sourceID, coders)
		if err != nil {
			return err
		}
		codeIDs := make([]string, 0, len(byCode))
		for id := range byCode {
			codeIDs = append(codeIDs, id)
		}
		sort.Strings(codeIDs)
		for _, codeID := range codeIDs {
			per := byCode[codeID]
			for _, first := range per[0] {
				group := []codingRef{first}
				span := corpus.Span{Start: first.Start, End: first.End}
				union := span
				identical := true
				for _, other := range per[1:] {
					best, share := bestMatch(first, other)
					if share <= 0 {
						group = nil
						break
					}
					group = append(group, best)
					identical = identical && best.Start == first.Start && best.End == first.End
					span = corpus.Span{Start: max(span.Start, best.Start), End: min(span.End, best.End)}
					union = corpus.Span{Start: min(union.Start, best.Start), End: max(union.End, best.End)}
				}
				if group == nil || span.Len() <= 0 {
					continue
				}
				method := "seeded-identical"
				if !identical {
					if minOverlap <= 0 || float64(span.Len())/float64(union.Len()) < minOverlap {
						continue
					}
					method = "seeded-overlap"
				}
				added, err := addConsensusCoding(tx, consensus, sourceID, codeID, span, method, group, coders, me.Name)
				if err != nil {
					return err
				}
				if added && identical {
					res.Identical++
				} else if added {
					res.Overlap++
				}
			}
		}
		return setStatusPartial(tx, sourceID, coders, me.Name)
	})
	return res, err
}

// bestMatch finds the coding among others that overlaps c the most, and
// the share of that overlap (intersection over union).
func bestMatch(c codingRef, others []codingRef) (codingRef, float64) {
	var best codingRef
	bestShare := 0.0
	for _, o := range others {
		inter := min(c.End, o.End) - max(c.Start, o.Start)
		if inter <= 0 {
			continue
		}
		union := max(c.End, o.End) - min(c.Start, o.Start)
		if share := float64(inter) / float64(union); share > bestShare {
			best, bestShare = o, share
		}
	}
	return best, bestShare
}

func setStatusPartial(tx *Tx, sourceID string, coders []string, by string) error {
	codersJSON, _ := json.Marshal(coders)
	_, err := tx.Exec(`INSERT INTO consensus_status(source_id, status, coders, set_by, set_at) VALUES (?, 'partial', ?, ?, ?)
		ON CONFLICT(source_id) DO UPDATE SET coders = excluded.coders`, sourceID, string(codersJSON), by, tx.now)
	return err
}

// Decisions on a place where coders differ.
const (
	DecisionTake    = "take"    // one coder's codings
	DecisionBoth    = "both"    // every coder's codings, merged
	DecisionOverlap = "overlap" // only what all coders coded
	DecisionSpan    = "span"    // boundaries set by the team
	DecisionDrop    = "drop"    // no consensus coding here
)

// Resolution is the team's decision on one place where coders differ.
type Resolution struct {
	Source   string
	Code     string
	Place    corpus.Span // the place as `focal disagreements` lists it
	Coders   []string    // the compared coders
	Decision string
	Take     string      // with DecisionTake: whose codings
	Span     corpus.Span // with DecisionSpan: the agreed boundaries
}

// ResolvePlace records a decision and writes the consensus codings it
// implies, each with its provenance.
func (s *Store) ResolvePlace(ctx context.Context, r Resolution) ([]corpus.Span, error) {
	var written []corpus.Span
	err := s.InTx(ctx, func(tx *Tx) error {
		me, sourceID, _, err := consensusWork(tx, r.Source)
		if err != nil {
			return err
		}
		cb, err := loadCodeTree(tx)
		if err != nil {
			return err
		}
		code, err := cb.resolve(r.Code)
		if err != nil {
			return err
		}
		consensus, err := ensureConsensusCoder(tx)
		if err != nil {
			return err
		}
		byCode, err := consensusCodingsOf(tx, sourceID, r.Coders)
		if err != nil {
			return err
		}
		var inPlace []codingRef
		perCoder := map[string][]codingRef{}
		for _, list := range byCode[code.ID] {
			for _, g := range list {
				if g.Start < r.Place.End && r.Place.Start < g.End {
					inPlace = append(inPlace, g)
					perCoder[g.Coder] = append(perCoder[g.Coder], g)
				}
			}
		}
		if len(inPlace) == 0 && r.Decision != DecisionSpan {
			return fmt.Errorf("no coding of %s by %s at %d–%d; see `focal disagreements`", code.Path, strings.Join(r.Coders, ", "), r.Place.Start, r.Place.End)
		}
		var spans []corpus.Span
		from := inPlace
		switch r.Decision {
		case DecisionTake:
			if perCoder[r.Take] == nil {
				return fmt.Errorf("%s has no coding of %s here; take one of: %s", r.Take, code.Path, strings.Join(sortedKeys(perCoder), ", "))
			}
			from = perCoder[r.Take]
			for _, g := range from {
				spans = append(spans, corpus.Span{Start: g.Start, End: g.End})
			}
		case DecisionBoth:
			for _, g := range inPlace {
				spans = append(spans, corpus.Span{Start: g.Start, End: g.End})
			}
			spans = corpus.Union(spans)
		case DecisionOverlap:
			if len(perCoder) < len(r.Coders) {
				return errors.New("not every coder coded here, so there is no overlap; take one coder's codings or drop it")
			}
			spans = intersectAll(perCoder)
			if len(spans) == 0 {
				return errors.New("the coders' codings here do not overlap")
			}
		case DecisionSpan:
			var chars int
			tx.QueryRow(`SELECT chars FROM sources WHERE id = ?`, sourceID).Scan(&chars)
			if r.Span.Start < 0 || r.Span.End > chars || r.Span.Len() <= 0 {
				return fmt.Errorf("span %d–%d is not inside the source (0–%d) or is empty", r.Span.Start, r.Span.End, chars)
			}
			spans = []corpus.Span{r.Span}
		case DecisionDrop:
		default:
			return fmt.Errorf("unknown decision %q: take, both, overlap, span or drop", r.Decision)
		}
		for _, sp := range spans {
			if _, err := addConsensusCoding(tx, consensus, sourceID, code.ID, sp, r.Decision, from, r.Coders, me.Name); err != nil {
				return err
			}
		}
		codersJSON, _ := json.Marshal(r.Coders)
		if _, err := tx.Exec(`INSERT INTO consensus_decisions(id, source_id, code_id, start, end, decision, coders, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT(source_id, code_id, start, end) DO UPDATE SET decision = excluded.decision, decided_by = excluded.decided_by, decided_at = excluded.decided_at`,
			uuid.NewString(), sourceID, code.ID, r.Place.Start, r.Place.End, r.Decision, string(codersJSON), me.Name, tx.now); err != nil {
			return err
		}
		written = spans
		if err := setStatusPartial(tx, sourceID, r.Coders, me.Name); err != nil {
			return err
		}
		return tx.Event(Change{Kind: event.ConsensusDecided, EntityID: sourceID, After: map[string]any{"code": code.Path, "place": r.Place,
			"decision": r.Decision, "take": r.Take, "spans": nonNil(spans)}})
	})
	return written, err
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// intersectAll returns the stretches every coder covered.
func intersectAll(perCoder map[string][]codingRef) []corpus.Span {
	var acc []corpus.Span
	first := true
	for _, coder := range sortedKeys(perCoder) {
		var mine []corpus.Span
		for _, g := range perCoder[coder] {
			mine = append(mine, corpus.Span{Start: g.Start, End: g.End})
		}
		mine = corpus.Union(mine)
		if first {
			acc, first = mine, false
			continue
		}
		var next []corpus.Span
		for _, a := range acc {
			for _, b := range mine {
				if lo, hi := max(a.Start, b.Start), min(a.End, b.End); lo < hi {
					next = append(next, corpus.Span{Start: lo, End: hi})
				}
			}
		}
		acc = next
	}
	return acc
}

// DecidedPlaces returns the places of a source already decided, keyed by
// "code-id:start:end".
func (s *Store) DecidedPlaces(ctx context.Context, sourceID string) (map[string]string, error) {
	rows, err := s.rd.QueryContext(ctx, `SELECT code_id, start, end, decision FROM consensus_decisions WHERE source_id = ?`, sourceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var codeID, decision string
		var start, end int
		if err := rows.Scan(&codeID, &start, &end, &decision); err != nil {
			return nil, err
		}
		out[fmt.Sprintf("%s:%d:%d", codeID, start, end)] = decision
	}
	return out, rows.Err()
}

// CompletionCheck runs inside the transaction that completes a source's
// consensus, after the write lock is taken, so what it reads is exactly
// what the completion is based on. It gets the coders the consensus
// compares and returns a reason to record with the event, or an error to
// refuse. The application core decides; the store only records.
type CompletionCheck func(coders []string) (reason string, err error)

// SetConsensusComplete marks a source's consensus complete (exports then
// use it) or reopens it. check, when not nil, runs inside the transaction
// before a completion is written.
func (s *Store) SetConsensusComplete(ctx context.Context, sourceRef string, complete bool, check CompletionCheck) error {
	return s.InTx(ctx, func(tx *Tx) error {
		me, sourceID, name, err := consensusWork(tx, sourceRef)
		if err != nil {
			return err
		}
		status := ConsensusComplete
		if !complete {
			status = ConsensusPartial
		}
		var n int
		var codersJSON string
		tx.QueryRow(`SELECT count(*), coalesce(max(coders), '[]') FROM consensus_status WHERE source_id = ?`, sourceID).Scan(&n, &codersJSON)
		if n == 0 {
			return fmt.Errorf("%s has no consensus yet; seed it with `focal consensus seed --source %s`", name, name)
		}
		reason := ""
		if complete && check != nil {
			var coders []string
			json.Unmarshal([]byte(codersJSON), &coders)
			if reason, err = check(coders); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(`UPDATE consensus_status SET status = ?, set_by = ?, set_at = ? WHERE source_id = ?`, status, me.Name, tx.now, sourceID); err != nil {
			return err
		}
		kind := event.ConsensusComplete
		if !complete {
			kind = event.ConsensusPartial
		}
		return tx.Event(Change{Kind: kind, EntityID: sourceID, After: map[string]any{"source": name, "status": status}, Reason: reason})
	})
}

// markConsensusStale flags the consensus codings of a code that a coder's
// edit at span touches: the consensus itself is not changed.
func markConsensusStale(tx *Tx, coder Coder, sourceID, codeID string, span corpus.Span, what string) error {
	if coder.Role == "consensus" {
		return nil
	}
	_, err := tx.Exec(`UPDATE consensus_provenance SET stale = ? WHERE stale = '' AND coding_id IN (
		SELECT g.id FROM codings g JOIN coders k ON k.id = g.coder_id
		WHERE k.role = 'consensus' AND g.source_id = ? AND g.code_id = ? AND g.start < ? AND g.end > ?)`,
		fmt.Sprintf("%s %s a coding here on %s", coder.Name, what, tx.now[:10]), sourceID, codeID, span.End, span.Start)
	return err
}

// ConsensusCoding is a consensus coding with its provenance.
type ConsensusCoding struct {
	Coding
	Method          string          `json:"method"`
	From            json.RawMessage `json:"from_codings"`
	FromCoders      []string        `json:"from_coders"`
	DecidedBy       string          `json:"decided_by"`
	DecidedAt       string          `json:"decided_at"`
	CodebookVersion string          `json:"codebook_version"`
	Stale           string          `json:"stale"`
}

// ConsensusCodings lists a source's consensus codings with provenance.
func (s *Store) ConsensusCodings(ctx context.Context, sourceRef string) ([]ConsensusCoding, error) {
	src, err := s.Source(ctx, sourceRef)
	if err != nil {
		return nil, err
	}
	rows, err := s.rd.QueryContext(ctx, `SELECT g.id, g.code_id, g.start, g.end, g.created_at, coalesce(p.method, ''), coalesce(p.from_codings, '[]'), coalesce(p.from_coders, '[]'), coalesce(p.decided_by, ''), coalesce(p.decided_at, ''), coalesce(p.codebook_version, ''), coalesce(p.stale, '')
		FROM codings g JOIN coders k ON k.id = g.coder_id LEFT JOIN consensus_provenance p ON p.coding_id = g.id
		WHERE g.source_id = ? AND k.role = 'consensus' ORDER BY g.start, g.end`, src.ID)
	if err != nil {
		return nil, err
	}
	cb, err := loadCodeTree(dbQueryer{s.rd, ctx})
	if err != nil {
		rows.Close()
		return nil, err
	}
	var out []ConsensusCoding
	var plain []Coding
	for rows.Next() {
		var c ConsensusCoding
		var from, coders string
		if err := rows.Scan(&c.ID, &c.CodeID, &c.Start, &c.End, &c.CreatedAt, &c.Method, &from, &coders, &c.DecidedBy, &c.DecidedAt, &c.CodebookVersion, &c.Stale); err != nil {
			rows.Close()
			return nil, err
		}
		c.Source, c.SourceID, c.Coder = src.Name, src.ID, ConsensusCoder
		if code := cb.byID[c.CodeID]; code != nil {
			c.Code = code.Path
		}
		c.From = json.RawMessage(from)
		json.Unmarshal([]byte(coders), &c.FromCoders)
		out = append(out, c)
		plain = append(plain, c.Coding)
	}
	rows.Close()
	if err := s.fillCodingContext(ctx, plain); err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Coding = plain[i]
	}
	return out, nil
}

// RemoveConsensusCoding deletes one consensus coding (the team changed its
// mind); the event keeps it with its provenance.
func (s *Store) RemoveConsensusCoding(ctx context.Context, id string) (Coding, error) {
	var removed Coding
	err := s.InTx(ctx, func(tx *Tx) error {
		c, err := findCoding(tx, id)
		if err != nil {
			return err
		}
		if c.Coder != ConsensusCoder {
			return fmt.Errorf("coding %s is %s's, not a consensus coding", shortID(c.ID), c.Coder)
		}
		if _, _, _, err := consensusWork(tx, c.SourceID); err != nil {
			return err
		}
		var prov string
		tx.QueryRow(`SELECT coalesce((SELECT json_object('method', method, 'from', json(from_codings), 'coders', json(from_coders), 'decided_by', decided_by) FROM consensus_provenance WHERE coding_id = ?), '{}')`, c.ID).Scan(&prov)
		if _, err := tx.Exec(`DELETE FROM codings WHERE id = ?`, c.ID); err != nil {
			return err
		}
		removed = c
		data := codingEventData(c)
		data.Provenance = json.RawMessage(prov)
		return tx.Event(Change{Kind: event.ConsensusRemoved, EntityID: c.ID, Before: data})
	})
	return removed, err
}
