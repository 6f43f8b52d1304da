package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/focalqda/focal/coding/event"
	"github.com/focalqda/focal/coding/pack"
	"github.com/focalqda/focal/corpus"
)

// Offline exchange (docs/PACKS.md): a coder works in a copy of the master
// project, `focal pack` reads their events from the copy's log, and
// `focal merge` applies them to the master in one transaction. Identity is
// by UUID throughout, and every event keeps its id, so a merge knows what
// it has already taken.

// CopyTo writes a consistent copy of the project to path with SQLite's
// VACUUM INTO, which reads one snapshot while others may keep writing. The
// copy is readable only by its owner; an existing file is never replaced.
func (s *Store) CopyTo(ctx context.Context, path string) error {
	if abs, err := filepath.Abs(path); err == nil {
		if own, err := filepath.Abs(s.path); err == nil && abs == own {
			return fmt.Errorf("%s is the project itself; name a new file for the copy", path)
		}
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s already exists; choose another name or remove it first", path)
		}
		return err
	}
	f.Close()
	// VACUUM INTO fills an empty file, keeping the mode it was created with.
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		os.Remove(path)
		return fmt.Errorf("copy the project to %s: %w", path, friendlyDBError(err))
	}
	if _, err := inspect(ctx, path); err != nil {
		os.Remove(path)
		return fmt.Errorf("copy the project to %s: the copy cannot be read back: %w", path, err)
	}
	return nil
}

// PackRequest says whose work a pack carries and from when.
type PackRequest struct {
	// Coder names the coder whose work the pack carries.
	Coder string
	// Since is the base as pack.ParseBase reads it: "" for every event of
	// the coder, an event number or id for the events after it, a date or
	// time for the events from then on.
	Since string
	// WorkOnly leaves the coder's changes to the codebook and the project
	// out of the pack and lists them in its header instead, so that the
	// master can take the rest.
	WorkOnly bool
}

// packClass says what an event of the log is to a coder's pack.
type packClass int

const (
	notInPack    packClass = iota // someone else's, or nothing to merge
	coderWork                     // the coder's own work: a merge applies it
	masterChange                  // the coder changed the codebook or the project
)

// loggedPackEvent is an event of the log as MakePack reads it.
type loggedPackEvent struct {
	pack.Event
	action string
}

// packReader holds what MakePack needs to classify the log's events.
type packReader struct {
	q         snapshotReader
	coder     Coder
	codeMaker map[string]string // code id → the coder id that created it
	codes     map[string]bool   // codes that exist in the copy now
}

// class says whether an event belongs in the coder's pack, and how.
func (r *packReader) class(e pack.Event) packClass {
	switch e.Kind {
	case event.CodingAdded, event.CodingRemoved:
		if c, err := e.Coding(); err == nil && c.Coder == r.coder.Name {
			return coderWork
		}
		return notInPack
	case event.SourceDone, event.SourceUndone:
		if d, err := e.Done(); err == nil && d.Coder == r.coder.Name {
			return coderWork
		}
		return notInPack
	case event.CodeCreated:
		if e.Actor == r.coder.Name || r.codeMaker[e.EntityID] == r.coder.ID {
			return coderWork
		}
		return notInPack
	case event.MemoAdded:
		if m, err := e.Memo(); err == nil && m.AuthorID == r.coder.ID {
			return coderWork
		}
		return notInPack
	case event.MemoEdited:
		if e.Actor == r.coder.Name {
			return coderWork
		}
		return notInPack
	case event.SuggestionRejected:
		if x, err := e.SuggestionReject(); err == nil && x.Coder == r.coder.Name {
			return coderWork
		}
		return notInPack
	case event.Undo, event.Redo, event.ProjectCreated, event.CoderAdded, event.TeamAdded, event.TeamRemoved:
		// Undo is resolved into what it reversed, and a redo travels as the
		// events it made again; the coder travels in the header; the
		// project, its other coders and the team's keys are the master's.
		return notInPack
	}
	if e.Actor == r.coder.Name {
		return masterChange
	}
	return notInPack
}

// MakePack reads one coder's events since a base from the project's log,
// in one consistent snapshot: codings of theirs added and removed, codes
// they created, their memos and memo edits, their done marks, and any
// change they made to the codebook or the project (which a merge refuses;
// see PackRequest.WorkOnly). An undo cancels what it reversed when both
// lie after the base; when the reversed action lies before the base, the
// pack carries its inverse where one exists.
func (s *Store) MakePack(ctx context.Context, req PackRequest) (*pack.Pack, error) {
	base, err := pack.ParseBase(req.Since)
	if err != nil {
		return nil, err
	}
	var p pack.Pack
	err = s.readSnapshot(ctx, func(q snapshotReader) error {
		r := &packReader{q: q, codeMaker: map[string]string{}, codes: map[string]bool{}}
		var err error
		if r.coder, err = findCoder(q, strings.TrimSpace(req.Coder)); err != nil {
			return err
		}
		if r.coder.Role == "consensus" {
			return errors.New("the consensus layer is built in the master with `focal consensus`; it has no pack")
		}
		h := pack.Header{Format: pack.Version, Coder: pack.Coder{ID: r.coder.ID, Name: r.coder.Name, Role: r.coder.Role}, MadeAt: s.timestamp()}
		if err := q.QueryRow(`SELECT id, title FROM project`).Scan(&h.Project.ID, &h.Project.Title); err != nil {
			return err
		}
		if base.Since == pack.SinceEvent {
			err := q.QueryRow(`SELECT seq FROM events WHERE id = ?`, base.Event).Scan(&base.Seq)
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("--since %s: no such event in this project (see `focal log --json`)", base.Event)
			}
			if err != nil {
				return err
			}
		}
		h.Base = base
		if err := r.loadCodes(); err != nil {
			return err
		}
		if err := q.QueryRow(`SELECT coalesce(max(seq), 0) FROM events`).Scan(&h.Until); err != nil {
			return err
		}
		events, err := readPackLog(q, r.coder.Name)
		if err != nil {
			return err
		}
		p.Events, h.LeftOut, err = r.pick(events, base, req.WorkOnly)
		if err != nil {
			return err
		}
		if h.Sources, err = r.sources(p.Events); err != nil {
			return err
		}
		p.Header = h
		p.Header.Events = len(p.Events)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("pack %s's work: %w", req.Coder, err)
	}
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("pack %s's work: %w", req.Coder, err)
	}
	return &p, nil
}

func (r *packReader) loadCodes() error {
	rows, err := r.q.Query(`SELECT id, coalesce(created_by, '') FROM codes`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, by string
		if err := rows.Scan(&id, &by); err != nil {
			return err
		}
		r.codeMaker[id] = by
		r.codes[id] = true
	}
	return rows.Err()
}

// readPackLog reads, in order, the events that may belong in a coder's
// pack: those of the kinds of work (whoever's), those the coder made, and
// every undo. Undo needs the events of the action it reversed, which may
// lie before the base; they are among these, since an action's events all
// have its actor.
func readPackLog(q snapshotReader, coder string) ([]loggedPackEvent, error) {
	rows, err := q.Query(`SELECT seq, id, action, at, actor, kind, entity_id, coalesce(before, ''), coalesce(after, ''), reason FROM events
		WHERE kind IN (?, ?, ?, ?, ?, ?, ?, ?) OR actor = ? OR kind = 'undo' ORDER BY seq`,
		pack.KindCodingAdded, pack.KindCodingRemoved, pack.KindCodeCreated, pack.KindMemoAdded, pack.KindMemoEdited,
		pack.KindSourceDone, pack.KindSourceUndone, pack.KindSuggestionRejected, coder)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []loggedPackEvent
	for rows.Next() {
		var e loggedPackEvent
		var before, after string
		if err := rows.Scan(&e.Seq, &e.ID, &e.action, &e.At, &e.Actor, &e.Kind, &e.EntityID, &before, &after, &e.Reason); err != nil {
			return nil, err
		}
		if before != "" {
			e.Before = json.RawMessage(before)
		}
		if after != "" {
			e.After = json.RawMessage(after)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// select_ picks the coder's events after the base, resolving undo: an undo
// and what it reversed cancel out when both are in the pack; an undo of an
// action before the base becomes the inverse events.
func (r *packReader) pick(events []loggedPackEvent, base pack.Base, workOnly bool) ([]pack.Event, []pack.LeftOut, error) {
	inRange := func(e pack.Event) bool {
		switch base.Since {
		case pack.SinceSeq, pack.SinceEvent:
			return e.Seq > base.Seq
		case pack.SinceTime:
			return e.At >= base.Time
		}
		return true
	}
	byAction := map[string][]int{}
	for i, e := range events {
		if e.action != "" {
			byAction[e.action] = append(byAction[e.action], i)
		}
	}
	dropped := map[int]bool{}
	inverses := map[int][]pack.Event{} // undo event index → inverse events
	for i, u := range events {
		if u.Kind != event.Undo || !inRange(u.Event) {
			continue
		}
		var undo struct {
			Action string `json:"action"`
		}
		if json.Unmarshal(u.After, &undo) != nil || undo.Action == "" {
			continue
		}
		undone := byAction[undo.Action]
		// Undo reverses an action's events last first.
		for k := len(undone) - 1; k >= 0; k-- {
			j := undone[k]
			x := events[j]
			if j >= i || x.Kind == event.Undo {
				continue
			}
			// A code created in passing stays when others use it: only a
			// code that is gone from the copy was undone.
			if x.Kind == pack.KindCodeCreated && r.codes[x.EntityID] {
				continue
			}
			class := r.class(x.Event)
			if class == notInPack {
				continue
			}
			if inRange(x.Event) {
				dropped[j] = true
				continue
			}
			inv, err := inverse(x.Event, u.Event)
			if err != nil {
				return nil, nil, err
			}
			inverses[i] = append(inverses[i], inv)
		}
	}
	var out []pack.Event
	var left []pack.LeftOut
	for i, e := range events {
		if e.Kind == event.Undo {
			out = append(out, inverses[i]...)
			continue
		}
		if dropped[i] || !inRange(e.Event) {
			continue
		}
		switch r.class(e.Event) {
		case coderWork:
			out = append(out, e.Event)
		case masterChange:
			if workOnly {
				left = append(left, pack.LeftOut{Seq: e.Seq, ID: e.ID, Kind: e.Kind, EntityID: e.EntityID, What: pack.Describe(e.Event)})
			} else {
				out = append(out, e.Event)
			}
		}
	}
	return out, left, nil
}

// inverse is the event that reverses x, as undo u did in the copy, for an
// action that lies before the pack's base. Its id is derived from both, so
// that packing again gives the same id.
func inverse(x, u pack.Event) (pack.Event, error) {
	inv := pack.Event{Seq: u.Seq, ID: uuid.NewSHA1(uuid.MustParse(u.ID), []byte(x.ID)).String(), At: u.At, Actor: u.Actor,
		EntityID: x.EntityID, Reason: fmt.Sprintf("reverses event %d (%s), undone in the copy by event %d", x.Seq, x.Kind, u.Seq)}
	switch x.Kind {
	case pack.KindCodingAdded:
		inv.Kind, inv.Before = pack.KindCodingRemoved, x.After
	case pack.KindCodingRemoved:
		inv.Kind, inv.After = pack.KindCodingAdded, x.Before
	case pack.KindSourceDone:
		inv.Kind, inv.After = pack.KindSourceUndone, x.After
	case pack.KindSourceUndone:
		inv.Kind, inv.After = pack.KindSourceDone, x.After
	case pack.KindMemoEdited:
		before, after, err := x.MemoEdit()
		if err != nil {
			return inv, err
		}
		b, _ := json.Marshal(map[string]any{"body": after.Body, "updated_at": after.UpdatedAt})
		a, _ := json.Marshal(map[string]any{"body": before.Body, "updated_at": u.At, "target_kind": after.TargetKind, "target_id": after.TargetID})
		inv.Kind, inv.Before, inv.After = pack.KindMemoEdited, b, a
	default:
		return inv, fmt.Errorf("event %d undid %s (event %d), which lies before the base and cannot be sent as its reverse: make the pack with --since %d or earlier, or without --since",
			u.Seq, pack.Describe(x), x.Seq, x.Seq-1)
	}
	return inv, nil
}

// sources lists the sources the events refer to with the hash of their
// stored text, sorted by name.
func (r *packReader) sources(events []pack.Event) ([]pack.Source, error) {
	ids := map[string]string{} // source id → the name the events give
	codingSource := map[string]string{}
	for _, e := range events {
		switch e.Kind {
		case pack.KindCodingAdded, pack.KindCodingRemoved:
			if c, err := e.Coding(); err == nil {
				ids[c.SourceID] = c.Source
				codingSource[c.ID] = c.SourceID
			}
		case pack.KindSourceDone, pack.KindSourceUndone:
			d, _ := e.Done()
			ids[e.EntityID] = d.Source
		case pack.KindSuggestionRejected:
			if x, err := e.SuggestionReject(); err == nil {
				ids[x.SourceID] = x.Source
			}
		}
	}
	for _, e := range events {
		kind, target := "", ""
		switch e.Kind {
		case pack.KindMemoAdded:
			if m, err := e.Memo(); err == nil {
				kind, target = m.TargetKind, m.TargetID
			}
		case pack.KindMemoEdited:
			if _, after, err := e.MemoEdit(); err == nil {
				kind, target = after.TargetKind, after.TargetID
			}
		}
		var id string
		switch kind {
		case MemoOnSource:
			id = target
		case MemoOnTurn:
			r.q.QueryRow(`SELECT source_id FROM turns WHERE id = ?`, target).Scan(&id)
		case MemoOnCoding:
			if id = codingSource[target]; id == "" {
				r.q.QueryRow(`SELECT source_id FROM codings WHERE id = ?`, target).Scan(&id)
			}
		}
		if id != "" {
			if _, ok := ids[id]; !ok {
				ids[id] = ""
			}
		}
	}
	out := []pack.Source{}
	for id, named := range ids {
		src := pack.Source{ID: id}
		err := r.q.QueryRow(`SELECT name, sha256 FROM sources WHERE id = ?`, id).Scan(&src.Name, &src.SHA256)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("source %q (%s), which the work refers to, has been removed from this copy; a pack needs the text its positions count in", named, id)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, src)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// ErrPackRefused marks a pack that a merge refuses as a whole: nothing of
// it was merged.
var ErrPackRefused = errors.New("pack refused")

// errDryRun rolls back a merge made only to see what it would do.
var errDryRun = errors.New("dry run")

// MergeOptions choose how MergePack treats a pack.
type MergeOptions struct {
	// File is the pack's file name, for the log and the report.
	File string
	// MergeSameName merges each code the pack created under a path the
	// master already has into the master's code (as `focal code merge`
	// does, one action per code) right after the pack is merged. A code
	// merge that fails is reported in SameNameCode.Error.
	MergeSameName bool
	// CoderByName takes the pack's coder to be the master's coder of the
	// same name when their ids differ (both were added separately).
	CoderByName bool
	// DryRun reports what a merge would do and changes nothing.
	DryRun bool
	// Unsigned says that the pack carries no signature and the person
	// merging took it anyway (merge --unsigned); the merge's event says so.
	Unsigned bool
}

// MergeReport says what MergePack did.
type MergeReport struct {
	File       string `json:"file"`
	Coder      string `json:"coder"`
	CoderAdded bool   `json:"coder_added"`
	Base       string `json:"base"`
	Until      int64  `json:"until"`
	DryRun     bool   `json:"dry_run"`
	// Signed is false for a pack taken unsigned (MergeOptions.Unsigned).
	Signed bool `json:"signed"`
	// Events is how many events the pack carries; Applied were merged now,
	// AlreadyMerged were in the master's log before, Unchanged found their
	// effect already there, Skipped were reported in Notes and not merged.
	Events         int `json:"events"`
	Applied        int `json:"applied"`
	AlreadyMerged  int `json:"already_merged"`
	Unchanged      int `json:"unchanged"`
	Skipped        int `json:"skipped"`
	CodingsAdded   int `json:"codings_added"`
	CodingsRemoved int `json:"codings_removed"`
	CodesCreated   int `json:"codes_created"`
	MemosAdded     int `json:"memos_added"`
	MemosEdited    int `json:"memos_edited"`
	DoneMarks      int `json:"done_marks"`
	// SuggestionsRejected counts the passages the coder rejected as
	// suggestions for a code in the copy, now rejected here too.
	SuggestionsRejected int `json:"suggestions_rejected"`
	// SameName lists codes the pack created under a path the master
	// already had for another code.
	SameName []SameNameCode `json:"same_name"`
	// LeftOut lists the coder's codebook and project changes that the pack
	// names but does not carry and that the master does not have.
	LeftOut []pack.LeftOut `json:"left_out"`
	Notes   []MergeNote    `json:"notes"`
}

// SameNameCode is a code created in a copy under a path that the master
// already has for another code: two coders invented it independently.
type SameNameCode struct {
	Path     string `json:"path"`
	MasterID string `json:"master_id"`
	PackID   string `json:"pack_id"`
	// KeptAs is the path the pack's code has in the master.
	KeptAs string `json:"kept_as"`
	// Command makes the two one code.
	Command string `json:"command"`
	Merged  bool   `json:"merged"`
	Error   string `json:"error,omitempty"`
}

// MergeNote is something a merge reports about one event of the pack.
type MergeNote struct {
	Seq  int64      `json:"seq"`
	ID   string     `json:"id"`
	Kind event.Kind `json:"kind"`
	Note string     `json:"note"`
}

// MergePack applies a coder's pack to this project in one transaction,
// writing the rows and events the coder's own actions would have written,
// with the pack's UUIDs for codings, codes, memos and events. Events the
// master already has (by id) are skipped, so merging a pack twice changes
// nothing. A pack of another project, one that changes the codebook or
// the project, or one whose sources' texts differ from the master's is
// refused with ErrPackRefused and nothing changes.
func (s *Store) MergePack(ctx context.Context, p *pack.Pack, opts MergeOptions) (MergeReport, error) {
	rep := MergeReport{File: opts.File, Coder: p.Header.Coder.Name, Base: p.Header.Base.String(), Until: p.Header.Until,
		Events: len(p.Events), DryRun: opts.DryRun, Signed: !opts.Unsigned, SameName: []SameNameCode{}, LeftOut: []pack.LeftOut{}, Notes: []MergeNote{}}
	if err := p.Validate(); err != nil {
		return rep, fmt.Errorf("%w: %w", ErrPackRefused, err)
	}
	err := s.InTx(ctx, func(tx *Tx) error {
		m := &merger{tx: tx, p: p, opts: opts, rep: &rep, alias: map[string]string{}}
		steps := []func() error{m.checkProject, m.findKnown, m.refuseMasterChanges, m.checkSources, m.findCoder, m.loadCodebook, m.apply, m.logMerge}
		for _, step := range steps {
			if err := step(); err != nil {
				return err
			}
		}
		if opts.DryRun {
			return errDryRun
		}
		return nil
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return rep, err
	}
	if !opts.MergeSameName || opts.DryRun {
		return rep, nil
	}
	// Each code merge is its own action, as `focal code merge` makes it; one
	// that fails leaves its error in the report, and the pack stays merged.
	for i := range rep.SameName {
		sn := &rep.SameName[i]
		if _, err := s.MergeCode(ctx, sn.PackID, sn.MasterID); err != nil {
			sn.Error = err.Error()
			continue
		}
		sn.Merged = true
	}
	return rep, nil
}

// merger is one merge in progress.
type merger struct {
	tx    *Tx
	p     *pack.Pack
	opts  MergeOptions
	rep   *MergeReport
	known map[string]bool // event ids the master's log already has
	coder Coder
	cb    *codebook
	// alias maps a pack coding to the master's identical coding.
	alias map[string]string
}

func (m *merger) refuse(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrPackRefused, fmt.Sprintf(format, args...))
}

func (m *merger) name() string {
	if m.opts.File != "" {
		return filepath.Base(m.opts.File)
	}
	return m.p.Header.Coder.Name + "'s pack"
}

// othersLayer refuses a pack that acts on another coder's work: a pack
// writes only its own coder's layer. The message does not say whose.
func (m *merger) othersLayer(e pack.Event, format string, args ...any) error {
	return m.refuse("%s: event %d (%s) acts on %s, which is not %s's here: a pack writes only its own coder's codings and memos",
		m.name(), e.Seq, e.Kind, fmt.Sprintf(format, args...), m.p.Header.Coder.Name)
}

func (m *merger) note(e pack.Event, format string, args ...any) {
	m.rep.Notes = append(m.rep.Notes, MergeNote{Seq: e.Seq, ID: e.ID, Kind: e.Kind, Note: fmt.Sprintf(format, args...)})
}

func (m *merger) checkProject() error {
	var id, title string
	if err := m.tx.QueryRow(`SELECT id, title FROM project`).Scan(&id, &title); err != nil {
		return err
	}
	if h := m.p.Header.Project; h.ID != id {
		return m.refuse("%s comes from another project (%q, %s), not from this one (%q, %s): a pack merges only into the project its copy was made from",
			m.name(), h.Title, h.ID, title, id)
	}
	return nil
}

// findKnown looks up which of the pack's events the master already has.
func (m *merger) findKnown() error {
	m.known = map[string]bool{}
	ids := make([]string, 0, len(m.p.Events)+len(m.p.Header.LeftOut))
	for _, e := range m.p.Events {
		ids = append(ids, e.ID)
	}
	for _, l := range m.p.Header.LeftOut {
		ids = append(ids, l.ID)
	}
	for len(ids) > 0 {
		n := min(len(ids), 500)
		args := make([]any, n)
		for i, id := range ids[:n] {
			args[i] = id
		}
		ids = ids[n:]
		rows, err := m.tx.Query(`SELECT id FROM events WHERE id IN (`+placeholders(n)+`)`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			m.known[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	for _, l := range m.p.Header.LeftOut {
		if !m.known[l.ID] {
			m.rep.LeftOut = append(m.rep.LeftOut, l)
		}
	}
	return nil
}

// refuseMasterChanges refuses a pack that carries changes to the codebook
// or the project that the master does not have yet.
func (m *merger) refuseMasterChanges() error {
	var changes []string
	for _, e := range m.p.MasterChanges() {
		if !m.known[e.ID] {
			changes = append(changes, fmt.Sprintf("%s (event %d of the copy)", pack.Describe(e), e.Seq))
		}
	}
	if len(changes) == 0 {
		return nil
	}
	if len(changes) > 5 {
		changes = append(changes[:5], fmt.Sprintf("and %d more", len(changes)-5))
	}
	who := m.p.Header.Coder.Name
	return m.refuse("%s carries changes to the codebook or the project, which belong to the master copy: %s. "+
		"Make the changes that the team agrees on here (focal code rename, merge, move, describe …), and ask %s to make the pack again with `focal pack --coder %s --work-only`; "+
		"codings keep their codes by identity, so they survive a rename",
		m.name(), strings.Join(changes, "; "), who, who)
}

// checkSources refuses a pack whose work refers to a source the master
// lacks or whose stored text differs: positions would point at other words.
func (m *merger) checkSources() error {
	need := map[string]bool{}
	for _, e := range m.p.Events {
		if m.known[e.ID] {
			continue
		}
		switch e.Kind {
		case pack.KindCodingAdded, pack.KindCodingRemoved:
			c, _ := e.Coding()
			need[c.SourceID] = true
		case pack.KindSourceDone, pack.KindSourceUndone:
			need[e.EntityID] = true
		case pack.KindSuggestionRejected:
			x, _ := e.SuggestionReject()
			need[x.SourceID] = true
		case pack.KindMemoAdded:
			if memo, _ := e.Memo(); memo.TargetKind == MemoOnSource {
				need[memo.TargetID] = true
			}
		}
	}
	for _, src := range m.p.Header.Sources {
		if !need[src.ID] {
			continue
		}
		var name, sha string
		err := m.tx.QueryRow(`SELECT name, sha256 FROM sources WHERE id = ?`, src.ID).Scan(&name, &sha)
		if errors.Is(err, sql.ErrNoRows) {
			return m.refuse("source %s (%s), on which %s coded, is not in the master: it was removed here, or imported only in the copy; import it here first, then make a fresh copy",
				src.Name, src.ID, m.p.Header.Coder.Name)
		}
		if err != nil {
			return err
		}
		if sha != src.SHA256 {
			return m.refuse("the text of source %s differs between %s's copy (sha256 %s…) and the master (%s…): a correction was made in one of them, so the pack's positions would point at other words; "+
				"make the same correction in both (`focal source edit %s`) or send %s a fresh copy, then pack again",
				name, m.p.Header.Coder.Name, src.SHA256[:12], shortHash(sha), name, m.p.Header.Coder.Name)
		}
	}
	return nil
}

func shortHash(s string) string {
	if len(s) > 12 {
		return s[:12]
	}
	return s
}

// findCoder matches the pack's coder by id (or by name when asked), else
// adds them.
func (m *merger) findCoder() error {
	h := m.p.Header.Coder
	if !m.pending() {
		return nil // nothing to apply, so nobody to match
	}
	err := m.tx.QueryRow(`SELECT id, name, role, created_at FROM coders WHERE id = ?`, h.ID).Scan(&m.coder.ID, &m.coder.Name, &m.coder.Role, &m.coder.CreatedAt)
	if err == nil {
		if m.coder.Role == "consensus" {
			return m.refuse("the pack's coder is the consensus layer")
		}
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	other, err := findCoder(m.tx, h.Name)
	if err == nil {
		if !m.opts.CoderByName || other.Role == "consensus" {
			return m.refuse("the pack's coder %s (%s) is not in the master, and the master's coder %s has another id (%s): the two were added separately. "+
				"If they are the same person, merge with --coder-by-name", h.Name, h.ID, other.Name, other.ID)
		}
		m.coder = other
		return nil
	}
	if strings.EqualFold(h.Name, ConsensusCoder) {
		return m.refuse("%q is reserved for the consensus layer", h.Name)
	}
	// A coder comes in as a coder: only the master makes PIs.
	m.coder = Coder{ID: h.ID, Name: h.Name, Role: "coder", CreatedAt: m.tx.now}
	if _, err := m.tx.Exec(`INSERT INTO coders(id, name, role, created_at) VALUES (?, ?, ?, ?)`, m.coder.ID, m.coder.Name, m.coder.Role, m.tx.now); err != nil {
		return err
	}
	m.rep.CoderAdded = true
	return m.tx.Event(Change{Kind: event.CoderAdded, EntityID: m.coder.ID, After: map[string]any{"name": m.coder.Name, "role": m.coder.Role},
		Reason: "merged from " + m.name()})
}

// pending reports whether the master lacks any of the pack's events.
func (m *merger) pending() bool {
	for _, e := range m.p.Events {
		if !m.known[e.ID] {
			return true
		}
	}
	return false
}

func (m *merger) loadCodebook() error {
	cb, err := loadCodebook(m.tx)
	m.cb = cb
	return err
}

// apply applies the events the master does not have yet, in order.
func (m *merger) apply() error {
	for _, e := range m.p.Events {
		if m.known[e.ID] {
			m.rep.AlreadyMerged++
			continue
		}
		var err error
		switch e.Kind {
		case pack.KindCodingAdded:
			err = m.codingAdded(e)
		case pack.KindCodingRemoved:
			err = m.codingRemoved(e)
		case pack.KindCodeCreated:
			err = m.codeCreated(e)
		case pack.KindMemoAdded:
			err = m.memoAdded(e)
		case pack.KindMemoEdited:
			err = m.memoEdited(e)
		case pack.KindSourceDone, pack.KindSourceUndone:
			err = m.done(e)
		case pack.KindSuggestionRejected:
			err = m.suggestionRejected(e)
		default:
			err = m.refuse("event %d is a %s, which a merge does not apply", e.Seq, e.Kind)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// event logs what one pack event did, under the pack event's own id so
// that a later merge knows it has it, stamped with this transaction's time
// and action and the copy's actor.
func (m *merger) event(e pack.Event, kind event.Kind, entity string, before, after any) error {
	b, err := jsonOrNull(before)
	if err != nil {
		return err
	}
	a, err := jsonOrNull(after)
	if err != nil {
		return err
	}
	reason := fmt.Sprintf("merged from %s: event %d of %s's copy, at %s", m.name(), e.Seq, m.p.Header.Coder.Name, e.At)
	if e.Reason != "" {
		reason += "; " + e.Reason
	}
	_, err = m.tx.Exec(`INSERT INTO events(id, action, at, actor, kind, entity_id, before, after, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, m.tx.action, m.tx.now, e.Actor, kind, entity, b, a, reason)
	if err != nil {
		return err
	}
	m.rep.Applied++
	return nil
}

func (m *merger) skip(e pack.Event, format string, args ...any) {
	m.rep.Skipped++
	m.note(e, format, args...)
}

// activeCode finds the master's code for a pack's code id, following
// merges made in the master; ok is false when it is missing or retired.
func (m *merger) activeCode(e pack.Event, id, path string) (code *Code, ok bool, err error) {
	c := m.cb.byID[id]
	if c == nil {
		return nil, false, m.refuse("%s uses the code %s (%s), which is neither in the master nor created in this pack: make the pack with an earlier --since, or without it",
			pack.Describe(e), path, id)
	}
	for hops := 0; c.Retired && c.MergedInto != "" && hops < 1000; hops++ {
		into := m.cb.byID[c.MergedInto]
		if into == nil {
			break
		}
		c = into
	}
	if c.Retired {
		m.skip(e, "%s uses the code %s, which the master has retired: not merged", pack.Describe(e), m.cb.byID[id].Path)
		return nil, false, nil
	}
	if c.ID != id {
		what := "coding"
		if e.Kind == pack.KindSuggestionRejected {
			what = "rejection"
		}
		m.note(e, "the code %s was merged into %s in the master; the %s goes there", m.cb.byID[id].Path, c.Path, what)
	}
	return c, true, nil
}

func (m *merger) codingAdded(e pack.Event) error {
	c, err := e.Coding()
	if err != nil {
		return err
	}
	var coderID string
	err = m.tx.QueryRow(`SELECT coder_id FROM codings WHERE id = ?`, c.ID).Scan(&coderID)
	if err == nil {
		if coderID != m.coder.ID {
			return m.othersLayer(e, "coding %s", shortID(c.ID))
		}
		m.rep.Unchanged++
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	code, ok, err := m.activeCode(e, c.CodeID, c.Code)
	if err != nil || !ok {
		return err
	}
	var srcName string
	var chars int
	if err := m.tx.QueryRow(`SELECT name, chars FROM sources WHERE id = ?`, c.SourceID).Scan(&srcName, &chars); err != nil {
		return fmt.Errorf("source %s of coding %s: %w", c.Source, c.ID, err)
	}
	if c.End > chars {
		return m.refuse("coding %s runs to %d, past the end of %s (%d)", c.ID, c.End, srcName, chars)
	}
	var same string
	err = m.tx.QueryRow(`SELECT id FROM codings WHERE source_id = ? AND code_id = ? AND coder_id = ? AND start = ? AND end = ?`,
		c.SourceID, code.ID, m.coder.ID, c.Start, c.End).Scan(&same)
	if err == nil {
		m.alias[c.ID] = same
		m.rep.Unchanged++
		m.note(e, "%s %d–%d %s is already coded by %s here (coding %s)", srcName, c.Start, c.End, code.Path, m.coder.Name, shortID(same))
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	row := Coding{ID: c.ID, Source: srcName, SourceID: c.SourceID, Coder: m.coder.Name, Code: code.Path, CodeID: code.ID,
		Start: c.Start, End: c.End, Memo: strings.TrimSpace(c.Memo)}
	// The coding keeps the time it was made in the copy.
	if _, err := m.tx.Exec(`INSERT INTO codings(id, source_id, code_id, coder_id, start, end, memo, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		row.ID, row.SourceID, row.CodeID, m.coder.ID, row.Start, row.End, row.Memo, e.At); err != nil {
		return err
	}
	if err := markConsensusStale(m.tx, m.coder, row.SourceID, row.CodeID, corpus.Span{Start: row.Start, End: row.End}, "added"); err != nil {
		return err
	}
	m.rep.CodingsAdded++
	return m.event(e, pack.KindCodingAdded, row.ID, nil, codingEventData(row))
}

func (m *merger) codingRemoved(e pack.Event) error {
	c, err := e.Coding()
	if err != nil {
		return err
	}
	id := c.ID
	if a, ok := m.alias[id]; ok {
		id = a
	}
	found, err := findCoding(m.tx, id)
	if errors.Is(err, ErrNotFound) || (err == nil && found.ID != id) {
		m.skip(e, "removal of coding %s (%s %d–%d, %s), which the master never had or no longer has: nothing to remove", shortID(c.ID), c.Source, c.Start, c.End, c.Code)
		return nil
	}
	if err != nil {
		return err
	}
	if found.Coder != m.coder.Name {
		return m.othersLayer(e, "coding %s", shortID(id))
	}
	if code := m.cb.byID[found.CodeID]; code != nil {
		found.Code = code.Path
	}
	if _, err := m.tx.Exec(`DELETE FROM codings WHERE id = ?`, found.ID); err != nil {
		return err
	}
	if err := markConsensusStale(m.tx, m.coder, found.SourceID, found.CodeID, corpus.Span{Start: found.Start, End: found.End}, "removed"); err != nil {
		return err
	}
	m.rep.CodingsRemoved++
	return m.event(e, pack.KindCodingRemoved, found.ID, codingEventData(found), nil)
}

func (m *merger) codeCreated(e pack.Event) error {
	c, err := e.Code()
	if err != nil {
		return err
	}
	if m.cb.byID[c.ID] != nil {
		m.rep.Unchanged++
		return nil
	}
	parentID := c.ParentID
	if parentID != "" {
		parent := m.cb.byID[parentID]
		if parent == nil {
			return m.refuse("the code %s created in the copy is under a code (%s) that is neither in the master nor created in this pack: make the pack with an earlier --since, or without it",
				c.Path, parentID)
		}
		for hops := 0; parent.Retired && parent.MergedInto != "" && hops < 1000 && m.cb.byID[parent.MergedInto] != nil; hops++ {
			parent = m.cb.byID[parent.MergedInto]
		}
		if parent.Retired {
			return m.refuse("the code %s created in the copy is under %s, which the master has retired; bring that code back or move the work in the copy, then pack again",
				c.Path, m.cb.byID[parentID].Path)
		}
		if parent.ID != parentID {
			m.note(e, "the parent of %s was merged into %s in the master; the new code goes under it", c.Path, parent.Path)
		}
		parentID = parent.ID
	}
	name := c.Name
	same := findSibling(m.cb, parentID, name)
	if same != nil {
		name = freeSiblingName(m.cb, parentID, c.Name, m.coder.Name)
	}
	if _, err := m.tx.Exec(`INSERT INTO codes(id, parent_id, name, definition, when_to_use, when_not_to_use, example, color, created_by, created_at)
		VALUES (?, nullif(?, ''), ?, ?, ?, ?, ?, '', ?, ?)`, c.ID, parentID, name, c.Definition, c.WhenToUse, c.WhenNotToUse, c.Example, m.coder.ID, e.At); err != nil {
		return err
	}
	if err := m.loadCodebook(); err != nil {
		return err
	}
	if same != nil {
		kept := m.cb.byID[c.ID].Path
		m.rep.SameName = append(m.rep.SameName, SameNameCode{Path: same.Path, MasterID: same.ID, PackID: c.ID, KeptAs: kept,
			Command: "focal code merge " + shellQuote(kept) + " " + shellQuote(same.Path)})
		m.note(e, "%s created %s independently of the master's %s; it is kept as %s", m.coder.Name, c.Path, same.Path, kept)
	}
	m.rep.CodesCreated++
	return m.event(e, pack.KindCodeCreated, c.ID, nil, m.cb.snapshot(c.ID))
}

// freeSiblingName names a code that clashes with a sibling after its
// coder: "mentor-ship (ben)", then "mentor-ship (ben 2)".
func freeSiblingName(cb *codebook, parentID, name, coder string) string {
	for n := 1; ; n++ {
		suffix := " (" + coder + ")"
		if n > 1 {
			suffix = fmt.Sprintf(" (%s %d)", coder, n)
		}
		base := name
		for utf8.RuneCountInString(base+suffix) > 120 && base != "" {
			_, size := utf8.DecodeLastRuneInString(base)
			base = base[:len(base)-size]
		}
		if findSibling(cb, parentID, base+suffix) == nil {
			return base + suffix
		}
	}
}

// shellQuote quotes a code path for a command line when it needs it.
func shellQuote(s string) string {
	safe := s != ""
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("/_.-+:@,", r) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func (m *merger) memoAdded(e pack.Event) error {
	r, err := e.Memo()
	if err != nil {
		return err
	}
	body := cleanMemoBody(r.Body)
	var existing, author string
	err = m.tx.QueryRow(`SELECT body, author FROM memos WHERE id = ?`, r.ID).Scan(&existing, &author)
	if err == nil {
		if author != m.coder.ID {
			return m.othersLayer(e, "memo %s", shortID(r.ID))
		}
		if existing == body {
			m.rep.Unchanged++
		} else {
			m.skip(e, "memo %s is in the master with other text (edited here since?); the master's text is kept", shortID(r.ID))
		}
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	targetID, label, ok, err := m.memoTarget(e, r.TargetKind, r.TargetID)
	if err != nil {
		return err
	}
	if !ok {
		m.skip(e, "memo %s is on a %s (%s) that the master does not have: not merged", shortID(r.ID), r.TargetKind, orText(r.Target, r.TargetID))
		return nil
	}
	memo := Memo{ID: r.ID, TargetKind: r.TargetKind, TargetID: targetID, Target: label, Author: m.coder.Name,
		Title: strings.Join(strings.Fields(r.Title), " "), Body: body, CreatedAt: orNow(r.CreatedAt, e.At), UpdatedAt: orNow(r.UpdatedAt, orNow(r.CreatedAt, e.At))}
	if _, err := m.tx.Exec(`INSERT INTO memos(id, target_kind, target_id, author, title, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		memo.ID, memo.TargetKind, memo.TargetID, m.coder.ID, memo.Title, memo.Body, memo.CreatedAt, memo.UpdatedAt); err != nil {
		return err
	}
	m.rep.MemosAdded++
	return m.event(e, pack.KindMemoAdded, memo.ID, nil, memoEventData(memo, m.coder.ID))
}

func orText(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// memoTarget finds the thing a memo is on in the master and names it as
// AddMemo would; ok is false when the master does not have it.
// A memo on another coder's coding is refused.
func (m *merger) memoTarget(e pack.Event, kind, id string) (targetID, label string, ok bool, err error) {
	var row *sql.Row
	switch kind {
	case MemoOnProject:
		return "", "", true, nil
	case MemoOnSource:
		row = m.tx.QueryRow(`SELECT id, name FROM sources WHERE id = ?`, id)
	case MemoOnTurn:
		row = m.tx.QueryRow(`SELECT t.id, s.name || ':' || t.seq FROM turns t JOIN sources s ON s.id = t.source_id WHERE t.id = ?`, id)
	case MemoOnCode:
		if c := m.cb.byID[id]; c != nil {
			return c.ID, c.Path, true, nil
		}
		return "", "", false, nil
	case MemoOnCoding:
		if a, found := m.alias[id]; found {
			id = a
		}
		var coderID string
		err := m.tx.QueryRow(`SELECT id, coder_id FROM codings WHERE id = ?`, id).Scan(&targetID, &coderID)
		if errors.Is(err, sql.ErrNoRows) {
			return "", "", false, nil
		}
		if err == nil && coderID != m.coder.ID {
			return "", "", false, m.othersLayer(e, "coding %s", shortID(targetID))
		}
		return targetID, shortID(targetID), err == nil, err
	case MemoOnTheme:
		tt, err := loadThemeTree(m.tx)
		if err != nil {
			return "", "", false, err
		}
		if th := tt.byID[id]; th != nil {
			return th.ID, th.Path, true, nil
		}
		return "", "", false, nil
	default:
		return "", "", false, nil
	}
	err = row.Scan(&targetID, &label)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", false, nil
	}
	return targetID, label, err == nil, err
}

func (m *merger) memoEdited(e pack.Event) error {
	before, after, err := e.MemoEdit()
	if err != nil {
		return err
	}
	var body, author, kind, target, updated string
	err = m.tx.QueryRow(`SELECT body, author, target_kind, target_id, updated_at FROM memos WHERE id = ?`, e.EntityID).Scan(&body, &author, &kind, &target, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		m.skip(e, "edit of memo %s, which the master does not have: not merged", shortID(e.EntityID))
		return nil
	}
	if err != nil {
		return err
	}
	newBody := cleanMemoBody(after.Body)
	switch {
	case author != m.coder.ID:
		return m.othersLayer(e, "memo %s", shortID(e.EntityID))
	case body == newBody:
		m.rep.Unchanged++
		return nil
	case body != cleanMemoBody(before.Body):
		m.skip(e, "memo %s was changed in the master since the copy was made; the master's text is kept, and the copy's edit (%q) is not merged",
			shortID(e.EntityID), clipText(newBody, 60))
		return nil
	}
	at := orNow(after.UpdatedAt, e.At)
	if _, err := m.tx.Exec(`UPDATE memos SET body = ?, updated_at = ? WHERE id = ?`, newBody, at, e.EntityID); err != nil {
		return err
	}
	m.rep.MemosEdited++
	return m.event(e, pack.KindMemoEdited, e.EntityID, map[string]any{"body": body, "updated_at": updated},
		map[string]any{"body": newBody, "updated_at": at, "target_kind": kind, "target_id": target})
}

func clipText(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func (m *merger) done(e pack.Event) error {
	var name string
	if err := m.tx.QueryRow(`SELECT name FROM sources WHERE id = ?`, e.EntityID).Scan(&name); err != nil {
		return fmt.Errorf("source %s: %w", e.EntityID, err)
	}
	var res sql.Result
	var err error
	if e.Kind == pack.KindSourceDone {
		res, err = m.tx.Exec(`INSERT OR IGNORE INTO source_done(source_id, coder_id, done_at) VALUES (?, ?, ?)`, e.EntityID, m.coder.ID, e.At)
	} else {
		res, err = m.tx.Exec(`DELETE FROM source_done WHERE source_id = ? AND coder_id = ?`, e.EntityID, m.coder.ID)
	}
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		m.rep.Unchanged++
		return nil
	}
	m.rep.DoneMarks++
	return m.event(e, e.Kind, e.EntityID, nil, map[string]any{"source": name, "coder": m.coder.Name})
}

// logMerge closes the merge with one event that says what came in, unless
// nothing did: merging a pack again writes nothing at all.
func (m *merger) logMerge() error {
	if m.rep.Applied == 0 && !m.rep.CoderAdded {
		return nil
	}
	h := m.p.Header
	return m.tx.Event(Change{Kind: event.PackMerged, EntityID: m.coder.ID, After: map[string]any{
		"file": m.name(), "signed": !m.opts.Unsigned, "coder": m.coder.Name, "coder_id": m.coder.ID, "base": h.Base, "until": h.Until, "made_at": h.MadeAt,
		"events": m.rep.Events, "applied": m.rep.Applied, "already_merged": m.rep.AlreadyMerged, "unchanged": m.rep.Unchanged,
		"skipped": m.rep.Skipped, "codings_added": m.rep.CodingsAdded, "codings_removed": m.rep.CodingsRemoved,
		"codes_created": m.rep.CodesCreated, "memos_added": m.rep.MemosAdded, "memos_edited": m.rep.MemosEdited,
		"done_marks": m.rep.DoneMarks, "suggestions_rejected": m.rep.SuggestionsRejected, "same_name": m.rep.SameName, "left_out": m.rep.LeftOut}})
}

// suggestionRejected takes a passage the coder rejected as a suggestion in
// the copy: it is not suggested to them again here. The rejection keeps its
// id and the time it was made in the copy; it is the coder's own, like a
// coding, and a pack that names another coder's rejection is refused.
func (m *merger) suggestionRejected(e pack.Event) error {
	x, err := e.SuggestionReject()
	if err != nil {
		return err
	}
	var coderID string
	err = m.tx.QueryRow(`SELECT coder_id FROM suggestion_rejects WHERE id = ?`, x.ID).Scan(&coderID)
	if err == nil {
		if coderID != m.coder.ID {
			return m.othersLayer(e, "rejected suggestion %s", shortID(x.ID))
		}
		m.rep.Unchanged++
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	code, ok, err := m.activeCode(e, x.CodeID, x.Code)
	if err != nil || !ok {
		return err
	}
	var srcName string
	var chars int
	if err := m.tx.QueryRow(`SELECT name, chars FROM sources WHERE id = ?`, x.SourceID).Scan(&srcName, &chars); err != nil {
		return fmt.Errorf("source %s of rejected suggestion %s: %w", x.Source, x.ID, err)
	}
	if x.End > chars {
		return m.refuse("rejected suggestion %s runs to %d, past the end of %s (%d)", x.ID, x.End, srcName, chars)
	}
	// The same passage rejected for the same code already (in the master,
	// or in another pack of the coder's): nothing to add.
	var same string
	err = m.tx.QueryRow(`SELECT id FROM suggestion_rejects WHERE code_id = ? AND source_id = ? AND coder_id = ? AND start = ? AND end = ?`,
		code.ID, x.SourceID, m.coder.ID, x.Start, x.End).Scan(&same)
	if err == nil {
		m.rep.Unchanged++
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	at := orNow(x.At, e.At)
	if _, err := m.tx.Exec(`INSERT INTO suggestion_rejects(id, code_id, source_id, coder_id, start, end, rejected_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		x.ID, code.ID, x.SourceID, m.coder.ID, x.Start, x.End, at); err != nil {
		return err
	}
	m.rep.SuggestionsRejected++
	row := SuggestionReject{ID: x.ID, Code: code.Path, CodeID: code.ID, Source: srcName, SourceID: x.SourceID, Coder: m.coder.Name,
		Start: x.Start, End: x.End, At: at}
	return m.event(e, pack.KindSuggestionRejected, row.ID, nil, row)
}
