package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
)

// snapshotMemo keeps, for the life of one snapshot, what large reads of
// the whole project read once: a snapshot's read transaction sees one
// state of the project, so what it read once it may hand out again. The
// workbook and report read the codings and the agreement input from one
// snapshot; without it they read the 100,000 codings of a large project
// twice.
type snapshotMemo struct {
	mu sync.Mutex
	// spans holds every coding of the project, every layer, by source
	// id, each source's in the order spanOrder gives.
	spans map[string][]CodedSpan
	// spansWithoutIDs says that spans were read without the codings' ids
	// (ReadProjectCodingsWithoutIDs): a read that needs them reads the
	// codings again.
	spansWithoutIDs bool
	// layerCoders names the coders of the consensus layer (role
	// consensus), read with spans.
	layerCoders map[string]bool
	// turns holds every source's turns by source id, in order.
	turns map[string][]Turn
	// coders is the team with their codings counted.
	coders []Coder
	// texts holds the sources' texts read so far, by source id.
	texts map[string]string
}

// CodingIDs says whether a read of every coding keeps each coding's id.
type CodingIDs bool

// What a read of every coding keeps of the ids.
const (
	// WithCodingIDs reads each coding's id.
	WithCodingIDs CodingIDs = true
	// WithoutCodingIDs leaves the ids empty: agreement does not use them,
	// and they are a quarter of what the read asks of SQLite.
	WithoutCodingIDs CodingIDs = false
)

// allCodedSpans reads every coding of the project, every layer, as coded
// spans by source id, each source's ordered by start, end and coder name,
// then as stored; each coding's id only when ids asks for them. Inside a
// snapshot it is read once, and again only when the ids are asked for
// after a read without them.
//
// The table is read whole in its stored order and grouped here: walking
// the source index fetches every row from a different place in the file,
// and letting SQLite sort 100,000 rows spills to temporary files; both
// were several times slower on a large project.
func (s *Store) allCodedSpans(ctx context.Context, ids CodingIDs) (map[string][]CodedSpan, error) {
	if s.memo != nil {
		s.memo.mu.Lock()
		defer s.memo.mu.Unlock()
		if s.memo.spans != nil && !(ids == WithCodingIDs && s.memo.spansWithoutIDs) {
			return s.memo.spans, nil
		}
	}
	names := map[string]string{}
	consensus := map[string]bool{}
	rows, err := s.rd.QueryContext(ctx, `SELECT id, name, role FROM coders`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id, name, role string
		if err := rows.Scan(&id, &name, &role); err != nil {
			rows.Close()
			return nil, err
		}
		names[id] = name
		if role == "consensus" {
			consensus[name] = true
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out, ok, err := s.codedSpansPacked(ctx, names, packRows, ids)
	if err != nil {
		return nil, err
	}
	if !ok {
		if out, err = s.codedSpansRows(ctx, names, ids); err != nil {
			return nil, err
		}
	}
	sortEachSource(out, slices.Collect(maps.Values(names)))
	if s.memo != nil {
		s.memo.spans, s.memo.layerCoders, s.memo.spansWithoutIDs = out, consensus, ids == WithoutCodingIDs
	}
	return out, nil
}

// packedCodings packs every coding's source, code, coder, start and end,
// and its id when ids asks for it, last (see eachPack).
func packedCodings(ids CodingIDs) packedQuery {
	fields := []string{"source_id", "code_id", "coder_id", "start", "end"}
	if ids == WithCodingIDs {
		fields = append(fields, "id")
	}
	return packedQuery{table: "codings", fields: fields}
}

// codedSpansPacked reads every coding as coded spans by source id, in the
// order stored, in packs of size codings, with their ids when ids asks for
// them; ok is false when that cannot be done (see eachPack) and the
// codings must be read row by row. names gives each coder's name by id.
func (s *Store) codedSpansPacked(ctx context.Context, names map[string]string, size int, ids CodingIDs) (out map[string][]CodedSpan, ok bool, err error) {
	out = map[string][]CodedSpan{}
	// A few hundred codes serve 100,000 codings: each code id is kept
	// once, so that looking codings up by code finds the same string
	// rather than a copy somewhere in a pack.
	codes := map[string]string{}
	ok, err = s.eachPack(ctx, packedCodings(ids), size, func(p packedRows) error {
		return p.each(func(f []string) error {
			var c CodedSpan
			if ids == WithCodingIDs {
				c.ID = f[5]
			}
			if c.CodeID = codes[f[1]]; c.CodeID == "" {
				c.CodeID, codes[f[1]] = f[1], f[1]
			}
			name, ok := names[f[2]]
			if !ok {
				return unknownCoder(c.ID)
			}
			c.Coder = name
			var bad error
			if c.Span.Start, bad = packedInt("start", f[3]); bad != nil {
				return bad
			}
			if c.Span.End, bad = packedInt("end", f[4]); bad != nil {
				return bad
			}
			out[f[0]] = append(out[f[0]], c)
			return nil
		})
	})
	if !ok {
		return nil, false, err
	}
	return out, true, nil
}

// unknownCoder says that a coding names a coder the project does not
// have; id is the coding's, "" when it was not read.
func unknownCoder(id string) error {
	if id == "" {
		return errors.New("a coding names an unknown coder")
	}
	return fmt.Errorf("coding %s names an unknown coder", id)
}

// codedSpansRows is codedSpansPacked reading row by row.
func (s *Store) codedSpansRows(ctx context.Context, names map[string]string, ids CodingIDs) (map[string][]CodedSpan, error) {
	id := "''"
	if ids == WithCodingIDs {
		id = "id"
	}
	rows, err := s.rd.QueryContext(ctx, `SELECT `+id+`, source_id, code_id, coder_id, start, end FROM codings NOT INDEXED`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]CodedSpan{}
	// A few hundred codes serve 100,000 codings: each code id is kept
	// once.
	codes := map[string]string{}
	var sourceID, coderID, codeID string
	for rows.Next() {
		var c CodedSpan
		if err := rows.Scan(&c.ID, &sourceID, &codeID, &coderID, &c.Span.Start, &c.Span.End); err != nil {
			return nil, err
		}
		if c.CodeID = codes[codeID]; c.CodeID == "" {
			c.CodeID, codes[codeID] = codeID, codeID
		}
		name, ok := names[coderID]
		if !ok {
			return nil, unknownCoder(c.ID)
		}
		c.Coder = name
		out[sourceID] = append(out[sourceID], c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// sortEachSource orders each source's coded spans as spanOrder does,
// keeping the stored order of spans it holds equal, on every core the
// process may use. coders names every coder of the spans.
//
// Rather than move the spans about as a stable sort does, it sorts small
// keys (start, end, the coder's place in alphabetical order, and the
// place in the stored order, which makes the order total) and puts the
// spans in place once.
func sortEachSource(bySource map[string][]CodedSpan, coders []string) {
	slices.Sort(coders)
	rank := make(map[string]int32, len(coders))
	for i, name := range coders {
		rank[name] = int32(i)
	}
	type key struct {
		start, end int
		coder, at  int32
	}
	ids := slices.Collect(maps.Keys(bySource))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(ids)) {
		wg.Go(func() {
			var keys []key
			for {
				i := int(next.Add(1) - 1)
				if i >= len(ids) {
					return
				}
				spans := bySource[ids[i]]
				if slices.IsSortedFunc(spans, spanOrder) {
					continue
				}
				keys = keys[:0]
				for at, c := range spans {
					keys = append(keys, key{c.Span.Start, c.Span.End, rank[c.Coder], int32(at)})
				}
				slices.SortFunc(keys, func(a, b key) int {
					if a.start != b.start {
						return cmp.Compare(a.start, b.start)
					}
					if a.end != b.end {
						return cmp.Compare(a.end, b.end)
					}
					if a.coder != b.coder {
						return cmp.Compare(a.coder, b.coder)
					}
					return cmp.Compare(a.at, b.at)
				})
				sorted := make([]CodedSpan, len(spans))
				for j, k := range keys {
					sorted[j] = spans[k.at]
				}
				copy(spans, sorted)
			}
		})
	}
	wg.Wait()
}

// spanOrder orders a source's coded spans by start, end and coder name.
func spanOrder(a, b CodedSpan) int {
	if a.Span.Start != b.Span.Start {
		return a.Span.Start - b.Span.Start
	}
	if a.Span.End != b.Span.End {
		return a.Span.End - b.Span.End
	}
	if a.Coder < b.Coder {
		return -1
	}
	if a.Coder > b.Coder {
		return 1
	}
	return 0
}

// ProjectCodedSpans returns the codings of every source by the named
// coders (the consensus layer included when named), by source id, each
// source's ordered by start, end and coder: CodedSpans for every source at
// once, read in one pass. Like CodedSpans it ignores blinding on purpose
// (agreement reports counts and statistics); the application core decides
// who may have them. The lists are shared: callers must not change them.
// The codings' ids are left empty unless ids asks for them (a snapshot
// that read the codings without them then reads them again).
func (s *Store) ProjectCodedSpans(ctx context.Context, coders []string, ids CodingIDs) (map[string][]CodedSpan, error) {
	all, err := s.allCodedSpans(ctx, ids)
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, c := range coders {
		want[c] = true
	}
	out := make(map[string][]CodedSpan, len(all))
	for id, spans := range all {
		if kept := spansOf(spans, func(c string) bool { return want[c] }); kept != nil {
			out[id] = kept
		}
	}
	return out, nil
}

// LayerSpans lists the codings of every source that f selects, by source
// id, each source's ordered by start, end and coder name: what an export
// needs of them (no text, turn or memo), read in one pass. It applies the
// same rules as Codings: under blinding the viewer has only their own, and
// asking for another coder's is refused. f.Code, f.Subtree and f.Flagged
// are not supported.
func (s *Store) LayerSpans(ctx context.Context, f CodingFilter) (map[string][]CodedSpan, error) {
	if f.Code != "" || f.Flagged {
		return nil, fmt.Errorf("layer spans are not filtered by code or flag")
	}
	visible, err := s.visibleCoder(ctx, f.Viewer)
	if err != nil {
		return nil, err
	}
	source := ""
	if f.Source != "" {
		src, err := s.Source(ctx, f.Source)
		if err != nil {
			return nil, err
		}
		source = src.ID
	}
	coder := ""
	if visible != "" {
		c, err := s.coderByID(ctx, visible)
		if err != nil {
			return nil, err
		}
		coder = c
	}
	if f.Coder != "" {
		c, err := s.Coder(ctx, f.Coder)
		if err != nil {
			return nil, err
		}
		if visible != "" && c.ID != visible {
			return nil, fmt.Errorf("blind coding is on: you can list only your own codings, not %s's", c.Name)
		}
		coder = c.Name
	}
	all, err := s.allCodedSpans(ctx, WithCodingIDs)
	if err != nil {
		return nil, err
	}
	out := map[string][]CodedSpan{}
	for id, spans := range all {
		if source != "" && id != source {
			continue
		}
		if kept := spansOf(spans, func(c string) bool { return coder == "" || c == coder }); kept != nil {
			out[id] = kept
		}
	}
	return out, nil
}

// coderByID returns a coder's name.
func (s *Store) coderByID(ctx context.Context, id string) (string, error) {
	var name string
	err := s.rd.QueryRowContext(ctx, `SELECT name FROM coders WHERE id = ?`, id).Scan(&name)
	return name, err
}

// spansOf returns the spans of the coders keep keeps: spans itself when it
// keeps them all, nil when none.
func spansOf(spans []CodedSpan, keep func(coder string) bool) []CodedSpan {
	n := 0
	for _, c := range spans {
		if keep(c.Coder) {
			n++
		}
	}
	switch n {
	case 0:
		return nil
	case len(spans):
		return spans
	}
	kept := make([]CodedSpan, 0, n)
	for _, c := range spans {
		if keep(c.Coder) {
			kept = append(kept, c)
		}
	}
	return kept
}

// projectTurns reads the turns of every source, by source id, each
// source's in order, as Turns reads one source's: the table is read whole
// and the speakers and participants are looked up here rather than joined
// row by row. Inside a snapshot it is read once, and Turns then answers
// from it.
func (s *Store) projectTurns(ctx context.Context) (map[string][]Turn, error) {
	if s.memo != nil {
		s.memo.mu.Lock()
		defer s.memo.mu.Unlock()
		if s.memo.turns != nil {
			return s.memo.turns, nil
		}
	}
	speakers := map[string]speaker{}
	rows, err := s.rd.QueryContext(ctx, `SELECT k.id, k.name, k.role, coalesce(p.name, '')
		FROM speakers k LEFT JOIN participants p ON p.id = k.participant_id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id string
		var k speaker
		if err := rows.Scan(&id, &k.name, &k.role, &k.participant); err != nil {
			rows.Close()
			return nil, err
		}
		speakers[id] = k
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out, ok, err := s.turnsPacked(ctx, speakers, packRows)
	if err != nil {
		return nil, err
	}
	if !ok {
		if out, err = s.turnsRows(ctx, speakers); err != nil {
			return nil, err
		}
	}
	for _, turns := range out {
		slices.SortFunc(turns, func(a, b Turn) int { return a.Seq - b.Seq })
	}
	if s.memo != nil {
		s.memo.turns = out
	}
	return out, nil
}

// speaker is what a turn shows of its speaker.
type speaker struct{ name, role, participant string }

// packedTurns packs every turn's source, id, seq, speaker, label, label
// start and end, start, end and times ("" when not known) (see eachPack).
func packedTurns() packedQuery {
	return packedQuery{table: "turns", fields: []string{"source_id", "id", "seq", "coalesce(speaker_id, '')", "label",
		"label_start", "label_end", "start", "end", "coalesce(start_ms, '')", "coalesce(end_ms, '')"}}
}

// turnsPacked reads every turn by source id, in the order stored, in
// packs of size turns; ok is false when that cannot be done (see
// eachPack) and the turns must be read row by row.
func (s *Store) turnsPacked(ctx context.Context, speakers map[string]speaker, size int) (out map[string][]Turn, ok bool, err error) {
	out = map[string][]Turn{}
	var ints [5]int
	ok, err = s.eachPack(ctx, packedTurns(), size, func(p packedRows) error {
		return p.each(func(f []string) error {
			t := Turn{ID: f[1], Label: f[4]}
			for i, j := range [5]int{2, 5, 6, 7, 8} {
				n, bad := packedInt("turn field", f[j])
				if bad != nil {
					return bad
				}
				ints[i] = n
			}
			t.Seq, t.LabelSpan.Start, t.LabelSpan.End, t.Start, t.End = ints[0], ints[1], ints[2], ints[3], ints[4]
			// A turn whose speaker is missing reads as one without a
			// speaker, as the outer join in Turns reads it.
			k := speakers[f[3]]
			t.Speaker, t.Role, t.Participant = k.name, k.role, k.participant
			for i, to := range [2]**int64{&t.StartMS, &t.EndMS} {
				if f[9+i] == "" {
					continue
				}
				n, bad := strconv.ParseInt(f[9+i], 10, 64)
				if bad != nil {
					return errPacked{"turn time", f[9+i]}
				}
				*to = &n
			}
			out[f[0]] = append(out[f[0]], t)
			return nil
		})
	})
	if !ok {
		return nil, false, err
	}
	return out, true, nil
}

// turnsRows is turnsPacked reading row by row.
func (s *Store) turnsRows(ctx context.Context, speakers map[string]speaker) (map[string][]Turn, error) {
	rows, err := s.rd.QueryContext(ctx, `SELECT source_id, id, seq, coalesce(speaker_id, ''), label, label_start, label_end, start, end, start_ms, end_ms
		FROM turns NOT INDEXED`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]Turn{}
	var sourceID, speakerID string
	for rows.Next() {
		var t Turn
		var startMS, endMS sql.NullInt64
		if err := rows.Scan(&sourceID, &t.ID, &t.Seq, &speakerID, &t.Label, &t.LabelSpan.Start, &t.LabelSpan.End,
			&t.Start, &t.End, &startMS, &endMS); err != nil {
			return nil, err
		}
		// A turn whose speaker is missing reads as one without a speaker,
		// as the outer join in Turns reads it.
		k := speakers[speakerID]
		t.Speaker, t.Role, t.Participant = k.name, k.role, k.participant
		if startMS.Valid {
			t.StartMS = &startMS.Int64
		}
		if endMS.Valid {
			t.EndMS = &endMS.Int64
		}
		out[sourceID] = append(out[sourceID], t)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// ReadProjectTurns reads the turns of every source at once, so that Turns
// answers from them for the rest of a snapshot: for a read of every
// source, one pass instead of one query per source. Outside a snapshot it
// does nothing.
func (s *Store) ReadProjectTurns(ctx context.Context) error {
	if s.memo == nil {
		return nil
	}
	_, err := s.projectTurns(ctx)
	return err
}

// memoTurns returns a source's turns read by ReadProjectTurns, a copy the
// caller may change; ok is false when they were not read.
func (s *Store) memoTurns(sourceID string) (turns []Turn, ok bool) {
	if s.memo == nil {
		return nil, false
	}
	s.memo.mu.Lock()
	defer s.memo.mu.Unlock()
	if s.memo.turns == nil {
		return nil, false
	}
	return slices.Clone(s.memo.turns[sourceID]), true
}

// memoCodeCounts counts, from the codings a snapshot has already read
// (nil when it has not), each code's codings by the team (the consensus
// layer left out), or only the coder's when coderID is not empty: what
// fillThemeDetails would otherwise count with a pass over the table.
func (s *Store) memoCodeCounts(ctx context.Context, coderID string) (map[string]int, error) {
	if s.memo == nil {
		return nil, nil
	}
	s.memo.mu.Lock()
	spans, layer := s.memo.spans, s.memo.layerCoders
	s.memo.mu.Unlock()
	if spans == nil {
		return nil, nil
	}
	coder := ""
	if coderID != "" {
		name, err := s.coderByID(ctx, coderID)
		if err != nil {
			return nil, err
		}
		coder = name
	}
	counts := map[string]int{}
	for _, list := range spans {
		for _, c := range list {
			if !layer[c.Coder] && (coder == "" || c.Coder == coder) {
				counts[c.CodeID]++
			}
		}
	}
	return counts, nil
}

// ReadProjectCodings reads every coding of the project once for the rest
// of a snapshot (outside one it does nothing): the agreement input, an
// export's codings, the team's and the themes' counts are then taken from
// it instead of each reading the table.
func (s *Store) ReadProjectCodings(ctx context.Context) error {
	if s.memo == nil {
		return nil
	}
	_, err := s.allCodedSpans(ctx, WithCodingIDs)
	return err
}

// ReadProjectCodingsWithoutIDs is ReadProjectCodings leaving out the
// codings' ids, for a snapshot whose readers need none (agreement): a
// quarter less for SQLite to read and pack. A read that needs the ids
// later in the snapshot (LayerSpans, ProjectCodedSpans asking for them)
// reads the codings again, with them.
func (s *Store) ReadProjectCodingsWithoutIDs(ctx context.Context) error {
	if s.memo == nil {
		return nil
	}
	_, err := s.allCodedSpans(ctx, WithoutCodingIDs)
	return err
}

// memoCoderCounts counts each coder's codings from the codings a snapshot
// has already read; nil when it has not.
func (s *Store) memoCoderCounts() map[string]int {
	if s.memo == nil {
		return nil
	}
	s.memo.mu.Lock()
	spans := s.memo.spans
	s.memo.mu.Unlock()
	if spans == nil {
		return nil
	}
	counts := map[string]int{}
	for _, list := range spans {
		for _, c := range list {
			counts[c.Coder]++
		}
	}
	return counts
}
