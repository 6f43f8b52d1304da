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
	"github.com/focalqda/focal/coding/event"
	"github.com/focalqda/focal/corpus"
)

// ProjectData is a project, or the part of one that an interchange file
// brings, in the shape exchange formats need: coders, the code tree,
// sources with their text, codings, themes, memos and participants, each
// with its UUID. ExportProject fills it from the project; ImportProject
// adds one to the project. IDs inside link the parts; on import they are
// kept where they are valid UUIDs not yet used.
type ProjectData struct {
	Project      Project
	Coders       []DataCoder
	Codes        []DataCode // parents before children
	Sources      []DataSource
	Codings      []DataCoding
	Themes       []DataTheme
	Memos        []DataMemo
	Participants []DataParticipant
}

// DataCoder is a coder in ProjectData.
type DataCoder struct {
	ID   string
	Name string
	Role string // coder, pi or consensus
}

// DataCode is a code in ProjectData.
type DataCode struct {
	ID           string
	ParentID     string
	Name         string
	Definition   string
	WhenToUse    string
	WhenNotToUse string
	Example      string
	Color        string
	CreatedAt    string
}

// DataSource is a source in ProjectData.
type DataSource struct {
	ID           string
	Name         string
	Group        string
	Format       string
	OriginalFile string
	Language     string
	ImportedAt   string
	// Text is the stored text (export).
	Text string
	// Moderators are the labels of the speakers whose role is moderator.
	Moderators []string
	// Draft and Units are the stored form and its units (import).
	Draft *corpus.Draft
	Units map[string][]corpus.Span
}

// DataCoding is a coding in ProjectData. An empty CoderID means the
// person importing.
type DataCoding struct {
	ID        string
	SourceID  string
	CodeID    string
	CoderID   string
	Start     int
	End       int
	Memo      string
	Flagged   string
	CreatedAt string
}

// DataTheme is a theme in ProjectData, named by its path.
type DataTheme struct {
	ID         string
	Path       string
	Definition string
	Summaries  map[string]string
	CodeIDs    []string
}

// DataMemo is a memo in ProjectData. For a memo on a turn, TargetID is the
// source and Span the turn (export) or a span inside it (import).
type DataMemo struct {
	ID        string
	Kind      string
	TargetID  string
	Span      corpus.Span
	AuthorID  string
	Title     string
	Body      string
	CreatedAt string
	UpdatedAt string
}

// DataParticipant is a participant in ProjectData.
type DataParticipant struct {
	ID         string
	Name       string
	Pseudonym  string
	Attributes map[string]string
	Speakers   []DataSpeaker
}

// DataSpeaker names a speaker of a source.
type DataSpeaker struct {
	SourceID string
	Speaker  string
}

// snapshotReader reads inside one read transaction on one connection, so
// that an export sees one consistent state of the project while others
// keep writing.
type snapshotReader struct {
	conn reader
	ctx  context.Context
}

func (r snapshotReader) Query(query string, args ...any) (*sql.Rows, error) {
	return r.conn.QueryContext(r.ctx, query, args...)
}

func (r snapshotReader) QueryRow(query string, args ...any) *sql.Row {
	return r.conn.QueryRowContext(r.ctx, query, args...)
}

// readSnapshot runs fn in a deferred (read) transaction: unlike InTx it
// takes no write lock.
func (s *Store) readSnapshot(ctx context.Context, fn func(q snapshotReader) error) error {
	return s.Snapshot(ctx, func(snap *Store) error {
		return fn(snapshotReader{conn: snap.rd, ctx: ctx})
	})
}

// ExportOptions choose what ExportProject reads.
type ExportOptions struct {
	// Viewer is the acting coder; under blinding the export holds only the
	// viewer's codings.
	Viewer string
	// Coder keeps one coder's codings (a name, or "consensus"); "" or
	// "all" keeps every coder's.
	Coder string
}

// Export is a project read for an interchange file, with what such a
// file cannot hold counted so that the export can say so.
type Export struct {
	ProjectData
	// Layer says whose codings the export holds: "all coders" or a name.
	Layer string
	// LastChange is the time of the project's last event: exports stamp
	// their files with it, so an unchanged project exports the same bytes.
	LastChange string
	// Left counts what is in the project but not in ProjectData.
	Left Unexported
}

// Unexported counts what an interchange file cannot hold.
type Unexported struct {
	CodebookVersions   []string `json:"codebook_versions"`
	RetiredCodes       int      `json:"retired_codes"`
	ConsensusCodings   int      `json:"consensus_codings"`
	ConsensusDecisions int      `json:"consensus_decisions"`
	ConsensusStatuses  int      `json:"consensus_statuses"`
	FlaggedCodings     int      `json:"flagged_codings"`
	MemberCheckAnswers int      `json:"member_check_answers"`
	Events             int      `json:"events"`
	DoneMarks          int      `json:"done_marks"`
	TimedTurns         int      `json:"timed_turns"`
	// HiddenCodings are codings left out because of blinding or --coder.
	HiddenCodings int `json:"hidden_codings"`
	// HiddenMemos are memos on codings left out, or on retired codes.
	HiddenMemos int `json:"hidden_memos"`
}

// ExportProject reads the whole project for an interchange file in one
// consistent snapshot: coders, the active codebook in tree order, sources
// with their stored text, the chosen codings, themes, memos and
// participants. While blind coding is on, the export holds only the
// viewer's codings.
func (s *Store) ExportProject(ctx context.Context, opts ExportOptions) (*Export, error) {
	out := &Export{Layer: "all coders"}
	err := s.readSnapshot(ctx, func(q snapshotReader) error {
		coderID, err := exportLayer(q, opts, out)
		if err != nil {
			return err
		}
		return readExport(q, coderID, opts.Viewer, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// exportLayer decides whose codings an export holds ("" for everyone's).
func exportLayer(q snapshotReader, opts ExportOptions, out *Export) (string, error) {
	coderID := ""
	if name := strings.TrimSpace(opts.Coder); name != "" && name != "all" {
		c, err := findCoder(q, name)
		if err != nil {
			return "", err
		}
		coderID, out.Layer = c.ID, c.Name
	}
	b, err := blindingIn(q)
	if err != nil {
		return "", err
	}
	if !b.On {
		return coderID, nil
	}
	if opts.Viewer == "" {
		return "", fmt.Errorf("blind coding is on, so an export holds only your own codings: %w", ErrNoCoder)
	}
	v, err := findCoder(q, opts.Viewer)
	if err != nil {
		return "", err
	}
	if coderID != "" && coderID != v.ID {
		return "", fmt.Errorf("blind coding is on: you can export only your own codings, not %s's; a PI can switch blinding off with `focal blind off`", out.Layer)
	}
	out.Layer = v.Name
	return v.ID, nil
}

func readExport(q snapshotReader, coderID, viewer string, out *Export) error {
	d := &out.ProjectData
	if err := q.QueryRow(`SELECT id, title, created_at FROM project`).Scan(&d.Project.ID, &d.Project.Title, &d.Project.CreatedAt); err != nil {
		return err
	}
	if err := q.QueryRow(`SELECT count(*), coalesce(max(at), '') FROM events`).Scan(&out.Left.Events, &out.LastChange); err != nil {
		return err
	}
	// Coders (the consensus layer only when its codings are exported).
	rows, err := q.Query(`SELECT id, name, role FROM coders c WHERE role <> 'consensus'
		OR EXISTS (SELECT 1 FROM codings g WHERE g.coder_id = c.id AND (? = '' OR g.coder_id = ?)) ORDER BY created_at, name`, coderID, coderID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var c DataCoder
		if err := rows.Scan(&c.ID, &c.Name, &c.Role); err != nil {
			rows.Close()
			return err
		}
		d.Coders = append(d.Coders, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	cb, err := loadCodebook(q)
	if err != nil {
		return err
	}
	exported := map[string]bool{}
	for _, c := range treeOrder(cb) {
		if c.Retired {
			out.Left.RetiredCodes++
			continue
		}
		exported[c.ID] = true
		d.Codes = append(d.Codes, DataCode{ID: c.ID, ParentID: c.ParentID, Name: c.Name, Definition: c.Definition,
			WhenToUse: c.WhenToUse, WhenNotToUse: c.WhenNotToUse, Example: c.Example, Color: c.Color, CreatedAt: c.CreatedAt})
	}
	if err := readExportSources(q, d); err != nil {
		return err
	}
	codingIDs, err := readExportCodings(q, coderID, exported, out)
	if err != nil {
		return err
	}
	tt, err := loadThemeTree(q)
	if err != nil {
		return err
	}
	if err := fillThemeDetails(q, tt, ""); err != nil {
		return err
	}
	for _, th := range tt.treeOrder() {
		dt := DataTheme{ID: th.ID, Path: th.Path, Definition: th.Definition, Summaries: th.Summaries}
		for _, c := range th.Codes {
			if exported[c.ID] {
				dt.CodeIDs = append(dt.CodeIDs, c.ID)
			}
		}
		d.Themes = append(d.Themes, dt)
	}
	if err := readExportMemos(q, codingIDs, exported, viewer, coderID != "", out); err != nil {
		return err
	}
	if err := readExportParticipants(q, d); err != nil {
		return err
	}
	return readUnexported(q, out)
}

func readExportSources(q snapshotReader, d *ProjectData) error {
	rows, err := q.Query(`SELECT id, name, grp, format, original_file, language, text, imported_at FROM sources ORDER BY grp, name`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var s DataSource
		if err := rows.Scan(&s.ID, &s.Name, &s.Group, &s.Format, &s.OriginalFile, &s.Language, &s.Text, &s.ImportedAt); err != nil {
			rows.Close()
			return err
		}
		d.Sources = append(d.Sources, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	index := map[string]int{}
	for i, s := range d.Sources {
		index[s.ID] = i
	}
	rows, err = q.Query(`SELECT source_id, name FROM speakers WHERE role = 'moderator' ORDER BY source_id, rowid`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		if i, ok := index[id]; ok {
			d.Sources[i].Moderators = append(d.Sources[i].Moderators, name)
		}
	}
	return rows.Err()
}

// readExportCodings reads the chosen layer's codings of exported codes and
// returns their ids.
func readExportCodings(q snapshotReader, coderID string, exported map[string]bool, out *Export) (map[string]bool, error) {
	rows, err := q.Query(`SELECT g.id, g.source_id, g.code_id, g.coder_id, g.start, g.end, g.memo, g.flagged, g.created_at, k.role
		FROM codings g JOIN coders k ON k.id = g.coder_id JOIN sources s ON s.id = g.source_id
		ORDER BY s.grp, s.name, g.start, g.end, k.name, g.code_id, g.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := map[string]bool{}
	// Sources, codes and coders repeat across a large project's codings:
	// one copy of each id keeps the export's memory to what is distinct.
	same := map[string]string{}
	once := func(s *string) {
		if v, ok := same[*s]; ok {
			*s = v
		} else {
			same[*s] = *s
		}
	}
	for rows.Next() {
		var c DataCoding
		var role string
		if err := rows.Scan(&c.ID, &c.SourceID, &c.CodeID, &c.CoderID, &c.Start, &c.End, &c.Memo, &c.Flagged, &c.CreatedAt, &role); err != nil {
			return nil, err
		}
		once(&c.SourceID)
		once(&c.CodeID)
		once(&c.CoderID)
		if (coderID != "" && c.CoderID != coderID) || !exported[c.CodeID] {
			out.Left.HiddenCodings++
			continue
		}
		if role == "consensus" {
			out.Left.ConsensusCodings++
		}
		if c.Flagged != "" {
			out.Left.FlaggedCodings++
		}
		ids[c.ID] = true
		out.Codings = append(out.Codings, c)
	}
	return ids, rows.Err()
}

// readExportMemos reads the memos whose targets are exported. A memo on a
// coding goes with its coding; when one coder's layer is exported, only
// that coder's own memos on codings go with it, as blinding would show.
func readExportMemos(q snapshotReader, codingIDs, codes map[string]bool, viewer string, ownOnly bool, out *Export) error {
	viewerID := ""
	if ownOnly && viewer != "" {
		if c, err := findCoder(q, viewer); err == nil {
			viewerID = c.ID
		}
	}
	rows, err := q.Query(`SELECT m.id, m.target_kind, m.target_id, m.author, m.title, m.body, m.created_at, m.updated_at,
			coalesce(t.source_id, ''), coalesce(t.label_start, 0), coalesce(t.end, 0)
		FROM memos m LEFT JOIN turns t ON m.target_kind = 'turn' AND t.id = m.target_id ORDER BY m.created_at, m.rowid`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var m DataMemo
		var turnSource string
		var turnStart, turnEnd int
		if err := rows.Scan(&m.ID, &m.Kind, &m.TargetID, &m.AuthorID, &m.Title, &m.Body, &m.CreatedAt, &m.UpdatedAt,
			&turnSource, &turnStart, &turnEnd); err != nil {
			return err
		}
		switch m.Kind {
		case MemoOnCoding:
			if !codingIDs[m.TargetID] || (viewerID != "" && m.AuthorID != viewerID) {
				out.Left.HiddenMemos++
				continue
			}
		case MemoOnCode:
			if !codes[m.TargetID] {
				out.Left.HiddenMemos++
				continue
			}
		case MemoOnTurn:
			if turnSource == "" {
				out.Left.HiddenMemos++
				continue
			}
			m.TargetID, m.Span = turnSource, corpus.Span{Start: turnStart, End: turnEnd}
		}
		out.Memos = append(out.Memos, m)
	}
	return rows.Err()
}

func readExportParticipants(q snapshotReader, d *ProjectData) error {
	rows, err := q.Query(`SELECT id, name, pseudonym FROM participants`)
	if err != nil {
		return err
	}
	for rows.Next() {
		p := DataParticipant{Attributes: map[string]string{}}
		if err := rows.Scan(&p.ID, &p.Name, &p.Pseudonym); err != nil {
			rows.Close()
			return err
		}
		d.Participants = append(d.Participants, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	sort.Slice(d.Participants, func(i, j int) bool { return naturalLess(d.Participants[i].Name, d.Participants[j].Name) })
	byID := map[string]*DataParticipant{}
	for i := range d.Participants {
		byID[d.Participants[i].ID] = &d.Participants[i]
	}
	rows, err = q.Query(`SELECT participant_id, key, value FROM participant_attributes`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, k, v string
		if err := rows.Scan(&id, &k, &v); err != nil {
			rows.Close()
			return err
		}
		if p := byID[id]; p != nil {
			p.Attributes[k] = v
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = q.Query(`SELECT k.participant_id, k.source_id, k.name FROM speakers k JOIN sources s ON s.id = k.source_id
		WHERE k.participant_id IS NOT NULL ORDER BY s.grp, s.name, k.name`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var k DataSpeaker
		if err := rows.Scan(&id, &k.SourceID, &k.Speaker); err != nil {
			return err
		}
		if p := byID[id]; p != nil {
			p.Speakers = append(p.Speakers, k)
		}
	}
	return rows.Err()
}

// readUnexported counts what no interchange file holds.
func readUnexported(q snapshotReader, out *Export) error {
	left := &out.Left
	rows, err := q.Query(`SELECT name FROM codebook_versions ORDER BY created_at, rowid`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return err
		}
		left.CodebookVersions = append(left.CodebookVersions, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if err := q.QueryRow(`SELECT (SELECT count(*) FROM source_done), (SELECT count(*) FROM turns WHERE start_ms IS NOT NULL OR end_ms IS NOT NULL),
		(SELECT count(*) FROM consensus_decisions), (SELECT count(*) FROM consensus_status)`).
		Scan(&left.DoneMarks, &left.TimedTurns, &left.ConsensusDecisions, &left.ConsensusStatuses); err != nil {
		return err
	}
	// Member-check answers live in tables that later schemas add; count
	// whatever table holds them, if any.
	tables, err := q.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'member%check%'`)
	if err != nil {
		return err
	}
	var names []string
	for tables.Next() {
		var name string
		if err := tables.Scan(&name); err != nil {
			tables.Close()
			return err
		}
		names = append(names, name)
	}
	tables.Close()
	for _, name := range names {
		var n int
		if err := q.QueryRow(`SELECT count(*) FROM "` + strings.ReplaceAll(name, `"`, `""`) + `"`).Scan(&n); err != nil {
			return err
		}
		left.MemberCheckAnswers += n
	}
	return nil
}

// ImportOptions describe the file an import comes from, for the log.
type ImportOptions struct {
	File   string
	Format string // e.g. "qdpx", "qdc"
	Origin string // the program that wrote it
	// Report holds the reader's lines on what was left out or changed; the
	// log keeps them with the import.
	Report []string
	// AllowDuplicate imports a source whose stored text is already in the
	// project as a new source, instead of adding its codings to the one
	// there.
	AllowDuplicate bool
	// DryRun runs the whole import, every check and refusal included, and
	// rolls it back: the result says what the import would do.
	DryRun bool
}

// ImportResult says what ImportProject did.
type ImportResult struct {
	Sources          []ImportedSource `json:"sources"`
	CodersAdded      []string         `json:"coders_added"`
	CodersMatched    []string         `json:"coders_matched"`
	CodesAdded       int              `json:"codes_added"`
	CodesMatched     int              `json:"codes_matched"`
	Codings          int              `json:"codings"`
	CodingsExisting  int              `json:"codings_existing"`
	ThemesAdded      int              `json:"themes_added"`
	ThemesMatched    int              `json:"themes_matched"`
	Memos            int              `json:"memos"`
	MemosExisting    int              `json:"memos_existing"`
	ParticipantsNew  int              `json:"participants_added"`
	ParticipantsSeen int              `json:"participants_updated"`
	SpeakersLinked   int              `json:"speakers_linked"`
	// Notes say what was matched or renamed.
	Notes []string `json:"notes"`
}

// ImportedSource is one source of an import: added, or matched to a
// source with the same stored text.
type ImportedSource struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Matched bool   `json:"matched"`
}

// ImportProject adds an interchange file's project to this one in one
// transaction, logging every coder, code, source, coding, theme, memo and
// participant it adds: it is all there or not at all. Coders are matched
// by name, codes by id (following merges) or by path, sources by the hash
// of their stored text, themes by path and participants by name; what
// matches is reused, not duplicated. Codings identical to existing ones are
// skipped. A coding with no coder goes to the person importing.
func (s *Store) ImportProject(ctx context.Context, data ProjectData, opts ImportOptions) (ImportResult, error) {
	res := ImportResult{Sources: []ImportedSource{}, CodersAdded: []string{}, CodersMatched: []string{}, Notes: []string{}}
	err := s.InTx(ctx, func(tx *Tx) error {
		im := &importer{tx: tx, res: &res, data: &data, separate: opts.AllowDuplicate, coders: map[string]Coder{}, codes: map[string]string{},
			sources: map[string]importedSource{}, codings: map[string]string{}, themes: map[string]string{}}
		defer im.close()
		// A large import inserts into indexes keyed by random UUIDs; a
		// bigger page cache for this connection keeps them from thrashing.
		var cache int
		if err := tx.QueryRow(`PRAGMA cache_size`).Scan(&cache); err != nil {
			return err
		}
		if _, err := tx.Exec(`PRAGMA cache_size = -131072`); err != nil {
			return err
		}
		defer tx.Exec(fmt.Sprintf(`PRAGMA cache_size = %d`, cache))
		blindBefore, err := blindingIn(tx)
		if err != nil {
			return err
		}
		steps := []func() error{im.importCoders, im.importCodes, im.importSources, im.importCodings, im.importThemes,
			im.importMemos, im.importParticipants}
		for _, step := range steps {
			if err := step(); err != nil {
				return err
			}
		}
		if err := im.flushEvents(); err != nil {
			return err
		}
		if err := im.holdBlinding(blindBefore); err != nil {
			return err
		}
		if err := tx.Event(Change{Kind: event.InterchangeImported, After: map[string]any{
			"file": opts.File, "format": opts.Format, "origin": opts.Origin, "result": res, "report": nonNil(opts.Report)}}); err != nil {
			return err
		}
		if opts.DryRun {
			return errDryRun
		}
		return nil
	})
	if opts.DryRun && errors.Is(err, errDryRun) {
		return res, nil
	}
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// holdBlinding keeps blinding off when the coders an import brings would
// have switched it on ("auto" with two coders or more): an import never
// switches blinding on by itself; a PI decides, with focal blind on.
func (im *importer) holdBlinding(before Blinding) error {
	after, err := blindingIn(im.tx)
	if err != nil {
		return err
	}
	if before.On || !after.On || before.Setting != "auto" {
		return nil
	}
	if _, err := im.tx.Exec(`INSERT INTO settings(key, value) VALUES ('blinding', 'off') ON CONFLICT(key) DO UPDATE SET value = excluded.value`); err != nil {
		return err
	}
	if err := im.tx.Event(Change{Kind: event.BlindingOff, Before: before, After: map[string]any{"setting": "off"}}); err != nil {
		return err
	}
	im.note("blinding stays off: the file brought the project to %d coders, and an import never switches blinding on; a PI switches it on with `focal blind on`", after.Coders)
	return nil
}

// importer holds one import's state: what each of the file's ids became.
type importer struct {
	tx       *Tx
	res      *ImportResult
	data     *ProjectData
	separate bool // AllowDuplicate

	coders    map[string]Coder  // file coder id → coder
	codes     map[string]string // file code id → code id
	codePaths map[string]string // code id → path
	sources   map[string]importedSource
	codings   map[string]string // file coding id → coding id
	themes    map[string]string // file theme id → theme id
	events    *sql.Stmt         // a full batch of events
	pending   []any             // events not yet written, eventColumns values each
}

func (im *importer) close() {
	if im.events != nil {
		im.events.Close()
	}
}

type importedSource struct {
	id, name string
	chars    int
	matched  bool
}

// keepID returns id in canonical form when it is a UUID not yet used in
// table, else a new UUID.
func (im *importer) keepID(table, id string) (string, error) {
	u, err := uuid.Parse(strings.Trim(strings.TrimSpace(id), "{}"))
	if err != nil {
		return uuid.NewString(), nil
	}
	var n int
	if err := im.tx.QueryRow(`SELECT count(*) FROM `+table+` WHERE id = ?`, u.String()).Scan(&n); err != nil {
		return "", err
	}
	if n > 0 {
		return uuid.NewString(), nil
	}
	return u.String(), nil
}

// eventBatch is how many events one INSERT writes: an import of 100,000
// codings writes as many events, and one statement per event would cost
// more than the rows themselves.
const eventBatch = 128

// event appends an event without a "before".
func (im *importer) event(kind, entity string, after any) error {
	return im.change(kind, entity, nil, after)
}

// change appends an event with the state before and after. Events are
// written in batches, in order; flushEvents writes the rest.
func (im *importer) change(kind, entity string, before, after any) error {
	b, err := jsonOrNull(before)
	if err != nil {
		return err
	}
	a, err := json.Marshal(after)
	if err != nil {
		return err
	}
	im.pending = append(im.pending, uuid.NewString(), im.tx.action, im.tx.now, im.tx.actor, kind, entity, b, string(a))
	if len(im.pending) == eventBatch*eventColumns {
		return im.flushEvents()
	}
	return nil
}

const eventColumns = 8

func eventInsert(rows int) string {
	return `INSERT INTO events(id, action, at, actor, kind, entity_id, before, after) VALUES ` +
		strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?),", rows), ",")
}

// flushEvents writes the events not yet written.
func (im *importer) flushEvents() error {
	rows := len(im.pending) / eventColumns
	if rows == 0 {
		return nil
	}
	var err error
	if rows == eventBatch {
		if im.events == nil {
			if im.events, err = im.tx.tx.PrepareContext(im.tx.ctx, eventInsert(eventBatch)); err != nil {
				return err
			}
		}
		_, err = im.events.ExecContext(im.tx.ctx, im.pending...)
	} else {
		_, err = im.tx.Exec(eventInsert(rows), im.pending...)
	}
	im.pending = im.pending[:0]
	return err
}

func (im *importer) note(format string, args ...any) {
	im.res.Notes = append(im.res.Notes, fmt.Sprintf(format, args...))
}

func (im *importer) importCoders() error {
	for _, dc := range im.data.Coders {
		name := strings.TrimSpace(dc.Name)
		if name == "" {
			name = "user " + shortID(dc.ID)
		}
		if strings.EqualFold(name, ConsensusCoder) {
			name = ConsensusCoder + " (imported)"
			im.note("the file's %q user became the coder %q: Focal's consensus layer is built with its own provenance", dc.Name, name)
		}
		var c Coder
		err := im.tx.QueryRow(`SELECT id, name, role, created_at FROM coders WHERE name = ?`, name).Scan(&c.ID, &c.Name, &c.Role, &c.CreatedAt)
		if err == nil {
			im.coders[dc.ID] = c
			im.res.CodersMatched = append(im.res.CodersMatched, c.Name)
			continue
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		id, err := im.keepID("coders", dc.ID)
		if err != nil {
			return err
		}
		c = Coder{ID: id, Name: name, Role: "coder", CreatedAt: im.tx.now}
		if _, err := im.tx.Exec(`INSERT INTO coders(id, name, role, created_at) VALUES (?, ?, ?, ?)`, c.ID, c.Name, c.Role, c.CreatedAt); err != nil {
			return err
		}
		if err := im.event("coder.added", c.ID, map[string]any{"name": c.Name, "role": c.Role}); err != nil {
			return err
		}
		im.coders[dc.ID] = c
		im.res.CodersAdded = append(im.res.CodersAdded, c.Name)
	}
	return nil
}

// coder resolves a file coder id; "" is the person importing.
func (im *importer) coder(id string) (Coder, error) {
	if c, ok := im.coders[id]; ok {
		return c, nil
	}
	if id != "" {
		return Coder{}, fmt.Errorf("the file names user %s, who is not among its users", id)
	}
	c, err := actingCoder(im.tx)
	if err != nil {
		return Coder{}, fmt.Errorf("some codings in the file name no coder, so they would be yours, but: %w", err)
	}
	im.coders[""] = c
	return c, nil
}

func (im *importer) importCodes() error {
	cb, err := loadCodebook(im.tx)
	if err != nil {
		return err
	}
	im.codePaths = map[string]string{}
	for _, c := range cb.codes {
		im.codePaths[c.ID] = c.Path
	}
	pending := im.data.Codes
	for len(pending) > 0 {
		var later []DataCode
		for _, dc := range pending {
			parent := ""
			if dc.ParentID != "" {
				p, ok := im.codes[dc.ParentID]
				if !ok {
					later = append(later, dc)
					continue
				}
				parent = p
			}
			id, err := im.importCode(cb, dc, parent)
			if err != nil {
				return err
			}
			im.codes[dc.ID] = id
		}
		if len(later) == len(pending) {
			return fmt.Errorf("code %q has a parent that is not in the file", later[0].Name)
		}
		pending = later
	}
	return nil
}

// importCode finds the code dc stands for, or creates it.
func (im *importer) importCode(cb *codebook, dc DataCode, parent string) (string, error) {
	if c := cb.byID[dc.ID]; c != nil {
		// The same code, exported from this project: follow merges.
		for seen := 0; c != nil && c.Retired && c.MergedInto != "" && seen < 1000; seen++ {
			c = cb.byID[c.MergedInto]
		}
		if c != nil && !c.Retired {
			im.res.CodesMatched++
			return c.ID, nil
		}
	}
	name := strings.TrimSpace(dc.Name)
	if err := validCodeName(name); err != nil {
		return "", err
	}
	if c := findSibling(cb, parent, name); c != nil {
		im.res.CodesMatched++
		return c.ID, nil
	}
	id, err := im.keepID("codes", dc.ID)
	if err != nil {
		return "", err
	}
	created := dc.CreatedAt
	if created == "" {
		created = im.tx.now
	}
	c := Code{CodeSnapshot: coding.CodeSnapshot{ID: id, ParentID: parent, Name: name, Definition: strings.TrimSpace(dc.Definition),
		WhenToUse: strings.TrimSpace(dc.WhenToUse), WhenNotToUse: strings.TrimSpace(dc.WhenNotToUse), Example: strings.TrimSpace(dc.Example)},
		Color: dc.Color, CreatedAt: created}
	if _, err := im.tx.Exec(`INSERT INTO codes(id, parent_id, name, definition, when_to_use, when_not_to_use, example, color, created_by, created_at)
		VALUES (?, nullif(?, ''), ?, ?, ?, ?, ?, ?, NULL, ?)`, c.ID, c.ParentID, c.Name, c.Definition, c.WhenToUse, c.WhenNotToUse, c.Example, c.Color, created); err != nil {
		return "", err
	}
	c.Path = name
	if parent != "" {
		c.Path = im.codePaths[parent] + "/" + name
	}
	im.codePaths[id] = c.Path
	cb.codes = append(cb.codes, c)
	cb.byID = make(map[string]*Code, len(cb.codes))
	for i := range cb.codes {
		cb.byID[cb.codes[i].ID] = &cb.codes[i]
	}
	im.res.CodesAdded++
	return id, im.event("code.created", id, c.CodeSnapshot)
}

func (im *importer) importSources() error {
	names := map[string]bool{}
	rows, err := im.tx.Query(`SELECT name FROM sources`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return err
		}
		names[n] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, ds := range im.data.Sources {
		d := ds.Draft
		if d == nil {
			return fmt.Errorf("source %q has no stored text", ds.Name)
		}
		var existing importedSource
		err := sql.ErrNoRows
		if !im.separate {
			err = im.tx.QueryRow(`SELECT id, name, chars FROM sources WHERE sha256 = ? ORDER BY imported_at LIMIT 1`, d.SHA256).
				Scan(&existing.id, &existing.name, &existing.chars)
		}
		if err == nil {
			existing.matched = true
			im.sources[ds.ID] = existing
			im.res.Sources = append(im.res.Sources, ImportedSource{ID: existing.id, Name: existing.name, Matched: true})
			if existing.name != ds.Name {
				im.note("source %q has the same text as %q in the project; its codings were added there", ds.Name, existing.name)
			}
			continue
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		name := strings.TrimSpace(ds.Name)
		if name == "" {
			name = "source"
		}
		base := name
		for i := 2; names[name]; i++ {
			name = fmt.Sprintf("%s (%d)", base, i)
		}
		if name != base {
			im.note("a source named %q is already in the project with another text; the file's is %q", base, name)
		}
		names[name] = true
		id, err := im.keepID("sources", ds.ID)
		if err != nil {
			return err
		}
		if err := im.insertSource(id, name, ds); err != nil {
			return fmt.Errorf("source %q: %w", name, err)
		}
		im.sources[ds.ID] = importedSource{id: id, name: name, chars: d.Chars}
		im.res.Sources = append(im.res.Sources, ImportedSource{ID: id, Name: name})
	}
	return nil
}

// insertSource saves one new source with its speakers, turns and units,
// as ImportSource does, inside the import's transaction.
func (im *importer) insertSource(id, name string, ds DataSource) error {
	tx, d := im.tx, ds.Draft
	if _, err := tx.Exec(`INSERT INTO sources(id, name, grp, format, original_file, language, text, sha256, chars, imported_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, name, ds.Group, ds.Format, ds.OriginalFile, ds.Language, d.Text, d.SHA256, d.Chars, tx.now); err != nil {
		return err
	}
	speakerIDs := map[string]string{}
	for _, sp := range d.Speakers {
		sid := uuid.NewString()
		speakerIDs[sp] = sid
		if _, err := tx.Exec(`INSERT INTO speakers(id, source_id, name) VALUES (?, ?, ?)`, sid, id, sp); err != nil {
			return err
		}
	}
	stmt, err := tx.tx.PrepareContext(tx.ctx, `INSERT INTO turns(id, source_id, seq, speaker_id, label, label_start, label_end, start, end, start_ms, end_ms)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, t := range d.Turns {
		var speaker any
		if t.Speaker != "" {
			speaker = speakerIDs[t.Speaker]
		}
		if _, err := stmt.ExecContext(tx.ctx, uuid.NewString(), id, t.Seq, speaker, t.Label, t.LabelSpan.Start, t.LabelSpan.End,
			t.Start, t.End, msOrNull(t.StartMS), msOrNull(t.EndMS)); err != nil {
			return err
		}
	}
	kinds := make([]string, 0, len(ds.Units))
	for kind := range ds.Units {
		kinds = append(kinds, kind)
	}
	sort.Strings(kinds)
	for _, kind := range kinds {
		if _, err := tx.Exec(`INSERT INTO units(source_id, kind, count, spans) VALUES (?, ?, ?, ?)`,
			id, kind, len(ds.Units[kind]), encodeSpans(ds.Units[kind])); err != nil {
			return err
		}
	}
	if err := im.event("source.imported", id, map[string]any{
		"name": name, "group": ds.Group, "format": ds.Format, "original_file": ds.OriginalFile,
		"sha256": d.SHA256, "turns": len(d.Turns), "chars": d.Chars, "speakers": nonNil(d.Speakers)}); err != nil {
		return err
	}
	for _, m := range ds.Moderators {
		sid, ok := speakerIDs[m]
		if !ok {
			continue
		}
		if _, err := tx.Exec(`UPDATE speakers SET role = 'moderator' WHERE id = ?`, sid); err != nil {
			return err
		}
		if err := im.event("speaker.role-set", sid, map[string]any{"role": "moderator"}); err != nil {
			return err
		}
	}
	return nil
}

func (im *importer) importCodings() error {
	insert, err := im.tx.tx.PrepareContext(im.tx.ctx, `INSERT OR IGNORE INTO codings(id, source_id, code_id, coder_id, start, end, memo, flagged, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, '', ?)`)
	if err != nil {
		return err
	}
	defer insert.Close()
	same, err := im.tx.tx.PrepareContext(im.tx.ctx, `SELECT id FROM codings WHERE source_id = ? AND code_id = ? AND coder_id = ? AND start = ? AND end = ?`)
	if err != nil {
		return err
	}
	defer same.Close()
	for _, dc := range im.data.Codings {
		src, ok := im.sources[dc.SourceID]
		if !ok {
			return fmt.Errorf("coding %s is on a source that is not in the file", dc.ID)
		}
		codeID, ok := im.codes[dc.CodeID]
		if !ok {
			return fmt.Errorf("coding %s uses a code that is not in the file", dc.ID)
		}
		coder, err := im.coder(dc.CoderID)
		if err != nil {
			return err
		}
		if dc.Start < 0 || dc.End > src.chars || dc.Start >= dc.End {
			return fmt.Errorf("a coding of %s runs from %d to %d, outside the text (0–%d) or empty", src.name, dc.Start, dc.End, src.chars)
		}
		id := dc.ID
		if u, err := uuid.Parse(id); err == nil {
			id = u.String()
		} else {
			id = uuid.NewString()
		}
		created := dc.CreatedAt
		if created == "" {
			created = im.tx.now
		}
		memo := strings.TrimSpace(dc.Memo)
		existing := ""
		for attempt := 0; ; attempt++ {
			r, err := insert.ExecContext(im.tx.ctx, id, src.id, codeID, coder.ID, dc.Start, dc.End, memo, created)
			if err != nil {
				return err
			}
			if n, _ := r.RowsAffected(); n == 1 {
				break
			}
			err = same.QueryRowContext(im.tx.ctx, src.id, codeID, coder.ID, dc.Start, dc.End).Scan(&existing)
			if err == nil {
				break
			}
			if !errors.Is(err, sql.ErrNoRows) || attempt > 2 {
				return fmt.Errorf("coding %s could not be saved: %v", dc.ID, err)
			}
			id = uuid.NewString() // the file's id is taken by another coding
		}
		if existing != "" {
			im.codings[dc.ID] = existing
			im.res.CodingsExisting++
			continue
		}
		im.codings[dc.ID] = id
		if src.matched {
			// As when a coder adds it: consensus codings it touches may be stale.
			if err := markConsensusStale(im.tx, coder, src.id, codeID, corpus.Span{Start: dc.Start, End: dc.End}, "imported"); err != nil {
				return err
			}
		}
		// An import of 100,000 codings spends much of its time encoding
		// these: a struct, not a map.
		rec := event.CodingRecord{Code: im.codePaths[codeID], CodeID: codeID, Coder: coder.Name, End: dc.End, ID: id, Memo: memo,
			Source: src.name, SourceID: src.id, Start: dc.Start}
		if err := im.event(event.CodingAdded, id, rec); err != nil {
			return err
		}
		im.res.Codings++
	}
	return nil
}

func (im *importer) importThemes() error {
	tt, err := loadThemeTree(im.tx)
	if err != nil {
		return err
	}
	creator := actingCreator(im.tx)
	createdBy := ""
	if creator != "" {
		createdBy = im.tx.actor
	}
	for _, dt := range im.data.Themes {
		parts := themePathParts(dt.Path)
		for _, part := range parts {
			if err := validThemeName(part); err != nil {
				return err
			}
		}
		parentID, themeID, created := "", "", false
		for i, part := range parts {
			last := i == len(parts)-1
			if existing := tt.child(parentID, part); existing != nil {
				parentID, themeID = existing.ID, existing.ID
				continue
			}
			id := uuid.NewString()
			definition := ""
			if last {
				if id, err = im.keepID("themes", dt.ID); err != nil {
					return err
				}
				definition = strings.TrimSpace(dt.Definition)
			}
			if _, err := im.tx.Exec(`INSERT INTO themes(id, parent_id, name, definition, created_by, created_at) VALUES (?, nullif(?, ''), ?, ?, ?, ?)`,
				id, parentID, part, definition, creator, im.tx.now); err != nil {
				return err
			}
			tt.themes = append(tt.themes, Theme{ID: id, ParentID: parentID, Name: part, Definition: definition, CreatedBy: createdBy,
				CreatedAt: im.tx.now, Summaries: map[string]string{}, Codes: []ThemeCode{}})
			tt.index()
			if !last {
				rec, err := themeRecordOf(im.tx, tt, id)
				if err != nil {
					return err
				}
				if err := im.event("theme.created", id, rec); err != nil {
					return err
				}
			}
			parentID, themeID, created = id, id, last
		}
		if created {
			langs := make([]string, 0, len(dt.Summaries))
			for lang := range dt.Summaries {
				langs = append(langs, lang)
			}
			sort.Strings(langs)
			for _, lang := range langs {
				text := strings.TrimSpace(dt.Summaries[lang])
				if text == "" || !validLanguageTag(lang) {
					continue
				}
				if _, err := im.tx.Exec(`INSERT INTO theme_summaries(theme_id, language, summary) VALUES (?, ?, ?)`, themeID, lang, text); err != nil {
					return err
				}
			}
		}
		var added []themeCodeRef
		for _, fileCode := range dt.CodeIDs {
			codeID, ok := im.codes[fileCode]
			if !ok {
				return fmt.Errorf("theme %q names a code that is not in the file", dt.Path)
			}
			r, err := im.tx.Exec(`INSERT OR IGNORE INTO theme_codes(theme_id, code_id) VALUES (?, ?)`, themeID, codeID)
			if err != nil {
				return err
			}
			if n, _ := r.RowsAffected(); n == 1 {
				added = append(added, themeCodeRef{ID: codeID, Path: im.codePaths[codeID]})
			}
		}
		im.themes[dt.ID] = themeID
		switch {
		case created:
			im.res.ThemesAdded++
			rec, err := themeRecordOf(im.tx, tt, themeID)
			if err != nil {
				return err
			}
			if err := im.event("theme.created", themeID, rec); err != nil {
				return err
			}
		case len(added) > 0:
			im.res.ThemesMatched++
			if err := im.event("theme.assigned", themeID, map[string]any{"theme": tt.byID[themeID].Path, "codes": added}); err != nil {
				return err
			}
		default:
			im.res.ThemesMatched++
		}
	}
	return nil
}

// turnAt finds the turn of a source in which a position lies.
func (im *importer) turnAt(sourceID string, pos int) (string, error) {
	var id string
	err := im.tx.QueryRow(`SELECT id FROM turns WHERE source_id = ? AND label_start <= ? ORDER BY seq DESC LIMIT 1`, sourceID, pos).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = im.tx.QueryRow(`SELECT id FROM turns WHERE source_id = ? ORDER BY seq LIMIT 1`, sourceID).Scan(&id)
	}
	return id, err
}

func (im *importer) importMemos() error {
	for _, dm := range im.data.Memos {
		body := cleanMemoBody(dm.Body)
		if body == "" {
			continue
		}
		kind, target := dm.Kind, ""
		found := true
		switch dm.Kind {
		case "", MemoOnProject:
			kind = MemoOnProject
		case MemoOnSource, MemoOnTurn:
			var src importedSource
			src, found = im.sources[dm.TargetID]
			target = src.id
			if found && kind == MemoOnTurn {
				id, err := im.turnAt(src.id, dm.Span.Start)
				if err != nil {
					return fmt.Errorf("a memo on %s: %w", src.name, err)
				}
				target = id
			}
		case MemoOnCode:
			target, found = im.codes[dm.TargetID]
		case MemoOnCoding:
			target, found = im.codings[dm.TargetID]
		case MemoOnTheme:
			target, found = im.themes[dm.TargetID]
		default:
			return fmt.Errorf("memo %s is on a %q, which Focal does not know", dm.ID, dm.Kind)
		}
		if !found {
			return fmt.Errorf("memo %s is about a %s that is not in the file", dm.ID, dm.Kind)
		}
		if u, err := uuid.Parse(dm.ID); err == nil {
			var n int
			if err := im.tx.QueryRow(`SELECT count(*) FROM memos WHERE id = ? AND body = ?`, u.String(), body).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				im.res.MemosExisting++
				continue
			}
		}
		id, err := im.keepID("memos", dm.ID)
		if err != nil {
			return err
		}
		author := Coder{}
		if dm.AuthorID != "" {
			if author, err = im.coder(dm.AuthorID); err != nil {
				return err
			}
		}
		m := Memo{ID: id, TargetKind: kind, TargetID: target, Author: author.Name, Title: strings.Join(strings.Fields(dm.Title), " "),
			Body: body, CreatedAt: orNow(dm.CreatedAt, im.tx.now), UpdatedAt: orNow(dm.UpdatedAt, orNow(dm.CreatedAt, im.tx.now))}
		if _, err := im.tx.Exec(`INSERT INTO memos(id, target_kind, target_id, author, title, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			m.ID, m.TargetKind, m.TargetID, author.ID, m.Title, m.Body, m.CreatedAt, m.UpdatedAt); err != nil {
			return err
		}
		if err := im.event("memo.added", m.ID, memoEventData(m, author.ID)); err != nil {
			return err
		}
		im.res.Memos++
	}
	return nil
}

func orNow(t, now string) string {
	if t == "" {
		return now
	}
	return t
}

func (im *importer) importParticipants() error {
	for _, dp := range im.data.Participants {
		name := strings.TrimSpace(dp.Name)
		if name == "" {
			continue
		}
		var pid string
		err := im.tx.QueryRow(`SELECT id FROM participants WHERE name = ?`, name).Scan(&pid)
		switch {
		case err == nil:
			im.res.ParticipantsSeen++
		case errors.Is(err, sql.ErrNoRows):
			if pid, err = im.keepID("participants", dp.ID); err != nil {
				return err
			}
			pseudonym := strings.TrimSpace(dp.Pseudonym)
			var taken int
			if err := im.tx.QueryRow(`SELECT count(*) FROM participants WHERE pseudonym = ?`, pseudonym).Scan(&taken); err != nil {
				return err
			}
			if pseudonym == "" || taken > 0 {
				if pseudonym, err = nextPseudonym(im.tx, name); err != nil {
					return err
				}
			}
			if _, err := im.tx.Exec(`INSERT INTO participants(id, name, pseudonym, created_at) VALUES (?, ?, ?, ?)`, pid, name, pseudonym, im.tx.now); err != nil {
				return err
			}
			if err := im.event("participant.created", pid, map[string]any{"participant": name, "pseudonym": pseudonym}); err != nil {
				return err
			}
			im.res.ParticipantsNew++
		default:
			return err
		}
		if err := im.setAttributes(pid, dp.Attributes); err != nil {
			return err
		}
		for _, k := range dp.Speakers {
			src, ok := im.sources[k.SourceID]
			if !ok {
				continue
			}
			var sid, current, role string
			err := im.tx.QueryRow(`SELECT k.id, coalesce(p.name, ''), k.role FROM speakers k LEFT JOIN participants p ON p.id = k.participant_id
				WHERE k.source_id = ? AND k.name = ?`, src.id, k.Speaker).Scan(&sid, &current, &role)
			if errors.Is(err, sql.ErrNoRows) || current == name {
				continue
			}
			if err != nil {
				return err
			}
			if current != "" {
				im.note("speaker %s in %s stays linked to %s; the file links it to %s", k.Speaker, src.name, current, name)
				continue
			}
			if _, err := im.tx.Exec(`UPDATE speakers SET participant_id = ?, role = 'participant' WHERE id = ?`, pid, sid); err != nil {
				return err
			}
			if err := im.change("speaker.linked", sid, map[string]any{"participant": current, "role": role},
				map[string]any{"participant": name, "role": "participant"}); err != nil {
				return err
			}
			im.res.SpeakersLinked++
		}
	}
	return nil
}

// setAttributes sets a participant's attributes from a file, logging the
// ones that change.
func (im *importer) setAttributes(pid string, attrs map[string]string) error {
	keys := make([]string, 0, len(attrs))
	for k := range attrs {
		if strings.TrimSpace(k) != "" && attrs[k] != "" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	before, after := map[string]any{}, map[string]string{}
	for _, key := range keys {
		var old string
		err := im.tx.QueryRow(`SELECT value FROM participant_attributes WHERE participant_id = ? AND key = ?`, pid, key).Scan(&old)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if old == attrs[key] {
			continue
		}
		if _, err := im.tx.Exec(`INSERT INTO participant_attributes(participant_id, key, value) VALUES (?, ?, ?)
			ON CONFLICT(participant_id, key) DO UPDATE SET value = excluded.value`, pid, key, attrs[key]); err != nil {
			return err
		}
		before[key], after[key] = old, attrs[key]
	}
	if len(after) == 0 {
		return nil
	}
	return im.change("participant.attributes-set", pid, before, after)
}
