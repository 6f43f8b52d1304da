package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/google/uuid"

	"github.com/focalqda/focal/coding/event"
)

// themeTree is every theme loaded in one query, like the codebook: themes
// are few, so names resolve in memory.
type themeTree struct {
	themes []Theme
	byID   map[string]*Theme
}

func loadThemeTree(q interface {
	Query(string, ...any) (*sql.Rows, error)
}) (*themeTree, error) {
	rows, err := q.Query(`SELECT t.id, coalesce(t.parent_id, ''), t.name, t.definition, coalesce(k.name, t.created_by), t.created_at
		FROM themes t LEFT JOIN coders k ON k.id = t.created_by ORDER BY t.created_at, t.rowid`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	tt := &themeTree{}
	for rows.Next() {
		var th Theme
		if err := rows.Scan(&th.ID, &th.ParentID, &th.Name, &th.Definition, &th.CreatedBy, &th.CreatedAt); err != nil {
			return nil, err
		}
		th.Summaries = map[string]string{}
		th.Codes = []ThemeCode{}
		tt.themes = append(tt.themes, th)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	tt.index()
	return tt, nil
}

func (tt *themeTree) index() {
	tt.byID = make(map[string]*Theme, len(tt.themes))
	for i := range tt.themes {
		tt.byID[tt.themes[i].ID] = &tt.themes[i]
	}
	for i := range tt.themes {
		tt.themes[i].Path = tt.path(tt.themes[i].ID)
	}
}

func (tt *themeTree) path(id string) string {
	var parts []string
	for seen := 0; id != "" && seen < 1000; seen++ {
		th := tt.byID[id]
		if th == nil {
			break
		}
		parts = append(parts, th.Name)
		id = th.ParentID
	}
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, "/")
}

// themePathParts splits "parent / child" into trimmed names.
func themePathParts(ref string) []string {
	parts := strings.Split(strings.Trim(strings.TrimSpace(ref), "/"), "/")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// resolve finds a theme by path ("belonging/being heard"), by a bare name
// when it is unambiguous, or by id.
func (tt *themeTree) resolve(ref string) (*Theme, error) {
	if th, ok := tt.byID[strings.TrimSpace(ref)]; ok {
		return th, nil
	}
	path := strings.Join(themePathParts(ref), "/")
	if path == "" {
		return nil, errors.New("name a theme (see `focal theme list`)")
	}
	var byName []*Theme
	for i := range tt.themes {
		th := &tt.themes[i]
		if th.Path == path {
			return th, nil
		}
		if th.Name == path {
			byName = append(byName, th)
		}
	}
	switch len(byName) {
	case 1:
		return byName[0], nil
	case 0:
		return nil, fmt.Errorf("no theme %q (see `focal theme list`): %w", path, ErrNotFound)
	}
	var paths []string
	for _, th := range byName {
		paths = append(paths, th.Path)
	}
	sort.Strings(paths)
	return nil, fmt.Errorf("theme name %q is ambiguous; name it by its path: %s", path, strings.Join(paths, ", "))
}

func (tt *themeTree) child(parentID, name string) *Theme {
	for i := range tt.themes {
		if th := &tt.themes[i]; th.ParentID == parentID && th.Name == name {
			return th
		}
	}
	return nil
}

func (tt *themeTree) hasChildren(id string) bool {
	for _, th := range tt.themes {
		if th.ParentID == id {
			return true
		}
	}
	return false
}

// subtree lists a theme and all its descendants, deepest first, the order
// in which they can be deleted.
func (tt *themeTree) subtree(id string) []*Theme {
	out := []*Theme{tt.byID[id]}
	for i := 0; i < len(out); i++ {
		for j := range tt.themes {
			if tt.themes[j].ParentID == out[i].ID {
				out = append(out, &tt.themes[j])
			}
		}
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// treeOrder lists themes depth-first, siblings by name.
func (tt *themeTree) treeOrder() []Theme {
	children := map[string][]*Theme{}
	for i := range tt.themes {
		th := &tt.themes[i]
		children[th.ParentID] = append(children[th.ParentID], th)
	}
	var out []Theme
	var walk func(parent string)
	walk = func(parent string) {
		kids := children[parent]
		sort.SliceStable(kids, func(i, j int) bool { return strings.ToLower(kids[i].Name) < strings.ToLower(kids[j].Name) })
		for _, th := range kids {
			out = append(out, *th)
			walk(th.ID)
		}
	}
	walk("")
	return out
}

// fillThemeDetails adds summaries, codes and the codings of those codes
// that the coder visibleCoderID may see ("" for everyone's; the consensus
// layer is never counted, as in the codebook's counts).
func fillThemeDetails(q interface {
	Query(string, ...any) (*sql.Rows, error)
}, tt *themeTree, visibleCoderID string) error {
	return fillThemeDetailsCounted(q, tt, visibleCoderID, nil)
}

// fillThemeDetailsCounted is fillThemeDetails taking each code's codings
// from counts (as the table would count them for the viewer) when it is
// not nil.
func fillThemeDetailsCounted(q interface {
	Query(string, ...any) (*sql.Rows, error)
}, tt *themeTree, visibleCoderID string, counts map[string]int) error {
	rows, err := q.Query(`SELECT theme_id, language, summary FROM theme_summaries`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, lang, text string
		if err := rows.Scan(&id, &lang, &text); err != nil {
			rows.Close()
			return err
		}
		if th := tt.byID[id]; th != nil {
			th.Summaries[lang] = text
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	cb, err := loadCodebook(q)
	if err != nil {
		return err
	}
	// The codings of every code are counted in one pass over the table:
	// counting them code by code through the code index fetches each
	// coding's row from a different place in the file.
	if counts != nil {
		rows, err = q.Query(`SELECT theme_id, code_id, 0 FROM theme_codes`)
	} else {
		rows, err = q.Query(`SELECT tc.theme_id, tc.code_id, coalesce(n.codings, 0) FROM theme_codes tc
		LEFT JOIN (SELECT g.code_id AS code_id, count(*) AS codings FROM codings g NOT INDEXED JOIN coders k ON k.id = g.coder_id
			WHERE k.role <> 'consensus' AND (? = '' OR g.coder_id = ?) GROUP BY g.code_id) n ON n.code_id = tc.code_id`, visibleCoderID, visibleCoderID)
	}
	if err != nil {
		return err
	}
	for rows.Next() {
		var themeID string
		var tc ThemeCode
		if err := rows.Scan(&themeID, &tc.ID, &tc.Codings); err != nil {
			rows.Close()
			return err
		}
		if counts != nil {
			tc.Codings = counts[tc.ID]
		}
		th := tt.byID[themeID]
		if th == nil {
			continue
		}
		if c := cb.byID[tc.ID]; c != nil {
			tc.Path = c.Path
		}
		th.Codes = append(th.Codes, tc)
		th.Codings += tc.Codings
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range tt.themes {
		codes := tt.themes[i].Codes
		sort.Slice(codes, func(a, b int) bool { return codes[a].Path < codes[b].Path })
	}
	return nil
}

// themeCodeRef names a code in the event log.
type themeCodeRef struct {
	ID   string `json:"id"`
	Path string `json:"path"`
}

// memoRow is a memo as stored, kept in the log when its theme is removed.
type memoRow struct {
	ID         string `json:"id"`
	TargetKind string `json:"target_kind"`
	TargetID   string `json:"target_id"`
	AuthorID   string `json:"author_id"`
	Title      string `json:"title"`
	Body       string `json:"body"`
	CreatedAt  string `json:"created_at"`
	UpdatedAt  string `json:"updated_at"`
}

// themeRecord is what the log keeps of a theme: enough to restore it.
type themeRecord struct {
	ID          string            `json:"id"`
	ParentID    string            `json:"parent_id"`
	Name        string            `json:"name"`
	Path        string            `json:"path"`
	Definition  string            `json:"definition"`
	Summaries   map[string]string `json:"summaries"`
	Codes       []themeCodeRef    `json:"codes"`
	CreatedByID string            `json:"created_by_id"`
	CreatedAt   string            `json:"created_at"`
	// Memos are kept only when the theme is removed with its memos.
	Memos []memoRow `json:"memos,omitempty"`
}

// themeRecordOf reads one theme's stored state.
func themeRecordOf(tx *Tx, tt *themeTree, id string) (themeRecord, error) {
	th := tt.byID[id]
	r := themeRecord{ID: id, ParentID: th.ParentID, Name: th.Name, Path: th.Path, Definition: th.Definition,
		Summaries: map[string]string{}, Codes: []themeCodeRef{}, CreatedAt: th.CreatedAt}
	if err := tx.QueryRow(`SELECT created_by FROM themes WHERE id = ?`, id).Scan(&r.CreatedByID); err != nil {
		return r, err
	}
	rows, err := tx.Query(`SELECT language, summary FROM theme_summaries WHERE theme_id = ?`, id)
	if err != nil {
		return r, err
	}
	for rows.Next() {
		var lang, text string
		if err := rows.Scan(&lang, &text); err != nil {
			rows.Close()
			return r, err
		}
		r.Summaries[lang] = text
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return r, err
	}
	cb, err := loadCodebook(tx)
	if err != nil {
		return r, err
	}
	rows, err = tx.Query(`SELECT code_id FROM theme_codes WHERE theme_id = ?`, id)
	if err != nil {
		return r, err
	}
	for rows.Next() {
		var ref themeCodeRef
		if err := rows.Scan(&ref.ID); err != nil {
			rows.Close()
			return r, err
		}
		ref.Path = cb.path(ref.ID)
		r.Codes = append(r.Codes, ref)
	}
	rows.Close()
	sort.Slice(r.Codes, func(a, b int) bool { return r.Codes[a].Path < r.Codes[b].Path })
	return r, rows.Err()
}

func validThemeName(name string) error {
	switch {
	case strings.TrimSpace(name) == "":
		return errors.New("a theme needs a name")
	case strings.Contains(name, "/"):
		return fmt.Errorf("theme name %q contains '/', which separates parent and child in a path", name)
	case strings.ContainsAny(name, "\r\n\t"):
		return fmt.Errorf("theme name %q must be one line", name)
	case len([]rune(name)) > 120:
		return fmt.Errorf("theme name %q is longer than 120 characters", name)
	}
	return nil
}

// NewTheme describes a theme to create.
type NewTheme struct {
	// Name is the theme's name, or a path "parent/child" whose missing
	// parents are created.
	Name string
	// Parent names an existing theme to put it under; "" for the top level.
	Parent     string
	Definition string
}

// actingCreator is the acting coder's id for created_by columns, or "" when
// the actor is not a registered coder.
func actingCreator(tx *Tx) string {
	if tx.actor == "" {
		return ""
	}
	c, err := findCoder(tx, tx.actor)
	if err != nil {
		return ""
	}
	return c.ID
}

// AddTheme creates a theme. Names are unique among siblings; missing
// parents in a path are created and logged too.
func (s *Store) AddTheme(ctx context.Context, nt NewTheme) (Theme, error) {
	parts := themePathParts(nt.Name)
	for _, part := range parts {
		if err := validThemeName(part); err != nil {
			return Theme{}, err
		}
	}
	var out Theme
	err := s.InTx(ctx, func(tx *Tx) error {
		tt, err := loadThemeTree(tx)
		if err != nil {
			return err
		}
		parentID := ""
		if strings.Trim(strings.TrimSpace(nt.Parent), "/") != "" {
			p, err := tt.resolve(nt.Parent)
			if err != nil {
				return fmt.Errorf("parent: %w", err)
			}
			parentID = p.ID
		}
		creator := actingCreator(tx)
		for i, part := range parts {
			last := i == len(parts)-1
			if existing := tt.child(parentID, part); existing != nil {
				if last {
					return fmt.Errorf("theme %q already exists; describe it with `focal theme describe`, or choose another name", existing.Path)
				}
				parentID = existing.ID
				continue
			}
			th := Theme{ID: uuid.NewString(), ParentID: parentID, Name: part, CreatedAt: tx.now,
				Summaries: map[string]string{}, Codes: []ThemeCode{}}
			if creator != "" {
				th.CreatedBy = tx.actor
			}
			if last {
				th.Definition = strings.TrimSpace(nt.Definition)
			}
			if _, err := tx.Exec(`INSERT INTO themes(id, parent_id, name, definition, created_by, created_at) VALUES (?, nullif(?, ''), ?, ?, ?, ?)`,
				th.ID, th.ParentID, th.Name, th.Definition, creator, tx.now); err != nil {
				return err
			}
			tt.themes = append(tt.themes, th)
			tt.index()
			rec, err := themeRecordOf(tx, tt, th.ID)
			if err != nil {
				return err
			}
			if err := tx.Event(Change{Kind: event.ThemeCreated, EntityID: th.ID, After: rec}); err != nil {
				return err
			}
			parentID = th.ID
			out = *tt.byID[th.ID]
		}
		return nil
	})
	return out, err
}

// ThemeFilter narrows a theme listing.
type ThemeFilter struct {
	// Viewer is the acting coder, for blinding: counts are of the codings
	// the viewer may see.
	Viewer string
}

// Themes lists the theme tree depth-first with each theme's definition,
// summaries, codes and codings counted for the viewer.
func (s *Store) Themes(ctx context.Context, f ThemeFilter) ([]Theme, error) {
	visible, err := s.visibleCoder(ctx, f.Viewer)
	if err != nil {
		return nil, err
	}
	q := dbQueryer{s.rd, ctx}
	tt, err := loadThemeTree(q)
	if err != nil {
		return nil, err
	}
	// Inside a snapshot that read every coding already, they are counted
	// from what it read.
	counts, err := s.memoCodeCounts(ctx, visible)
	if err != nil {
		return nil, err
	}
	if err := fillThemeDetailsCounted(q, tt, visible, counts); err != nil {
		return nil, err
	}
	return tt.treeOrder(), nil
}

// Theme finds one theme by path, name or id, with its definition,
// summaries and codes counted for the viewer.
func (s *Store) Theme(ctx context.Context, viewer, ref string) (Theme, error) {
	visible, err := s.visibleCoder(ctx, viewer)
	if err != nil {
		return Theme{}, err
	}
	q := dbQueryer{s.rd, ctx}
	tt, err := loadThemeTree(q)
	if err != nil {
		return Theme{}, err
	}
	th, err := tt.resolve(ref)
	if err != nil {
		return Theme{}, err
	}
	if err := fillThemeDetails(q, tt, visible); err != nil {
		return Theme{}, err
	}
	return *th, nil
}

// ThemeCodesChange says what AssignCodes or UnassignCodes did.
type ThemeCodesChange struct {
	// Theme is the theme's path.
	Theme string `json:"theme"`
	// Changed lists the codes assigned (or unassigned) now, by path.
	Changed []string `json:"changed"`
	// Unchanged lists the codes that already were (or were not) assigned.
	Unchanged []string `json:"unchanged"`
}

// themeCodes resolves a theme and codes for assignment, refusing the whole
// action when any name is wrong, and reads which codes the theme has.
func themeCodes(tx *Tx, themeRef string, codeRefs []string) (*Theme, []*Code, map[string]bool, error) {
	if len(codeRefs) == 0 {
		return nil, nil, nil, errors.New("name at least one code (see `focal code list`)")
	}
	tt, err := loadThemeTree(tx)
	if err != nil {
		return nil, nil, nil, err
	}
	th, err := tt.resolve(themeRef)
	if err != nil {
		return nil, nil, nil, err
	}
	cb, err := loadCodebook(tx)
	if err != nil {
		return nil, nil, nil, err
	}
	var codes []*Code
	seen := map[string]bool{}
	for _, ref := range codeRefs {
		c, err := cb.resolve(ref)
		if err != nil {
			return nil, nil, nil, err
		}
		if !seen[c.ID] {
			seen[c.ID] = true
			codes = append(codes, c)
		}
	}
	assigned := map[string]bool{}
	rows, err := tx.Query(`SELECT code_id FROM theme_codes WHERE theme_id = ?`, th.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, nil, nil, err
		}
		assigned[id] = true
	}
	return th, codes, assigned, rows.Err()
}

// AssignCodes assigns codes to a theme; a code may serve several themes.
// Codes already assigned are reported, not refused.
func (s *Store) AssignCodes(ctx context.Context, themeRef string, codeRefs []string) (ThemeCodesChange, error) {
	out := ThemeCodesChange{Changed: []string{}, Unchanged: []string{}}
	err := s.InTx(ctx, func(tx *Tx) error {
		th, codes, assigned, err := themeCodes(tx, themeRef, codeRefs)
		if err != nil {
			return err
		}
		out.Theme = th.Path
		var refs []themeCodeRef
		for _, c := range codes {
			if assigned[c.ID] {
				out.Unchanged = append(out.Unchanged, c.Path)
				continue
			}
			if _, err := tx.Exec(`INSERT INTO theme_codes(theme_id, code_id) VALUES (?, ?)`, th.ID, c.ID); err != nil {
				return err
			}
			out.Changed = append(out.Changed, c.Path)
			refs = append(refs, themeCodeRef{ID: c.ID, Path: c.Path})
		}
		if len(refs) == 0 {
			return nil
		}
		return tx.Event(Change{Kind: event.ThemeAssigned, EntityID: th.ID, After: map[string]any{"theme": th.Path, "codes": refs}})
	})
	return out, err
}

// UnassignCodes takes codes out of a theme; the codes and their codings
// stay. Codes that were not assigned are reported, not refused.
func (s *Store) UnassignCodes(ctx context.Context, themeRef string, codeRefs []string) (ThemeCodesChange, error) {
	out := ThemeCodesChange{Changed: []string{}, Unchanged: []string{}}
	err := s.InTx(ctx, func(tx *Tx) error {
		th, codes, assigned, err := themeCodes(tx, themeRef, codeRefs)
		if err != nil {
			return err
		}
		out.Theme = th.Path
		var refs []themeCodeRef
		for _, c := range codes {
			if !assigned[c.ID] {
				out.Unchanged = append(out.Unchanged, c.Path)
				continue
			}
			if _, err := tx.Exec(`DELETE FROM theme_codes WHERE theme_id = ? AND code_id = ?`, th.ID, c.ID); err != nil {
				return err
			}
			out.Changed = append(out.Changed, c.Path)
			refs = append(refs, themeCodeRef{ID: c.ID, Path: c.Path})
		}
		if len(refs) == 0 {
			return nil
		}
		return tx.Event(Change{Kind: event.ThemeUnassigned, EntityID: th.ID, Before: map[string]any{"theme": th.Path, "codes": refs}})
	})
	return out, err
}

// ThemeDescription holds what `theme describe` may change.
type ThemeDescription struct {
	// Definition replaces the definition when not nil.
	Definition *string
	// Summaries sets plain-language summaries by language tag; an empty
	// text removes that language's summary.
	Summaries map[string]string
}

// validLanguageTag accepts BCP 47-like tags such as "en", "es", "pt-BR" or
// "zh-Hant".
func validLanguageTag(tag string) bool {
	parts := strings.Split(tag, "-")
	for i, p := range parts {
		n := len(p)
		if (i == 0 && (n < 2 || n > 3)) || n < 1 || n > 8 {
			return false
		}
		for _, r := range p {
			letter := (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
			if !letter && (i == 0 || r < '0' || r > '9') {
				return false
			}
		}
	}
	return true
}

// DescribeTheme changes a theme's definition and its summaries for
// participants. changed is false, and nothing is logged, when everything
// already read so.
func (s *Store) DescribeTheme(ctx context.Context, ref string, d ThemeDescription) (th Theme, changed bool, err error) {
	for lang := range d.Summaries {
		if !validLanguageTag(lang) {
			return Theme{}, false, fmt.Errorf("%q is not a language tag; use one such as en, es or pt-BR", lang)
		}
	}
	err = s.InTx(ctx, func(tx *Tx) error {
		tt, err := loadThemeTree(tx)
		if err != nil {
			return err
		}
		t, err := tt.resolve(ref)
		if err != nil {
			return err
		}
		before, err := themeRecordOf(tx, tt, t.ID)
		if err != nil {
			return err
		}
		if d.Definition != nil {
			if _, err := tx.Exec(`UPDATE themes SET definition = ? WHERE id = ?`, strings.TrimSpace(*d.Definition), t.ID); err != nil {
				return err
			}
			t.Definition = strings.TrimSpace(*d.Definition)
		}
		for lang, text := range d.Summaries {
			text = strings.TrimSpace(text)
			if text == "" {
				_, err = tx.Exec(`DELETE FROM theme_summaries WHERE theme_id = ? AND language = ?`, t.ID, lang)
			} else {
				_, err = tx.Exec(`INSERT INTO theme_summaries(theme_id, language, summary) VALUES (?, ?, ?)
					ON CONFLICT(theme_id, language) DO UPDATE SET summary = excluded.summary`, t.ID, lang, text)
			}
			if err != nil {
				return err
			}
		}
		after, err := themeRecordOf(tx, tt, t.ID)
		if err != nil {
			return err
		}
		th = *t
		th.Summaries = after.Summaries
		if before.Definition == after.Definition && sameSummaries(before.Summaries, after.Summaries) {
			return nil
		}
		changed = true
		return tx.Event(Change{Kind: event.ThemeDescribed, EntityID: t.ID, Before: before, After: after})
	})
	return th, changed, err
}

func sameSummaries(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for lang, text := range a {
		if other, ok := b[lang]; !ok || other != text {
			return false
		}
	}
	return true
}

// RenameTheme gives a theme a new name among its siblings.
func (s *Store) RenameTheme(ctx context.Context, ref, newName string) (Theme, error) {
	newName = strings.TrimSpace(newName)
	if err := validThemeName(newName); err != nil {
		return Theme{}, err
	}
	var out Theme
	err := s.InTx(ctx, func(tx *Tx) error {
		tt, err := loadThemeTree(tx)
		if err != nil {
			return err
		}
		th, err := tt.resolve(ref)
		if err != nil {
			return err
		}
		if th.Name == newName {
			return fmt.Errorf("theme %s is already named %q; nothing changed", th.Path, newName)
		}
		if sibling := tt.child(th.ParentID, newName); sibling != nil {
			return fmt.Errorf("theme %q already exists; choose another name", sibling.Path)
		}
		before, err := themeRecordOf(tx, tt, th.ID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE themes SET name = ? WHERE id = ?`, newName, th.ID); err != nil {
			return err
		}
		th.Name = newName
		tt.index()
		after, err := themeRecordOf(tx, tt, th.ID)
		if err != nil {
			return err
		}
		out = *tt.byID[th.ID]
		return tx.Event(Change{Kind: event.ThemeRenamed, EntityID: th.ID, Before: before, After: after})
	})
	return out, err
}

// ThemeRemoval says what RemoveTheme removed.
type ThemeRemoval struct {
	// Themes lists the removed themes by path, subthemes first.
	Themes []string `json:"themes"`
	// Memos counts the memos on them that were removed with them.
	Memos int `json:"memos"`
}

// RemoveTheme deletes a theme. Its codes and their codings stay; only the
// grouping goes. A theme with subthemes or memos is kept unless force is
// set, which removes the subthemes and the memos too. Each removed theme
// is logged with everything needed to restore it, memos included.
func (s *Store) RemoveTheme(ctx context.Context, ref string, force bool) (ThemeRemoval, error) {
	out := ThemeRemoval{Themes: []string{}}
	err := s.InTx(ctx, func(tx *Tx) error {
		tt, err := loadThemeTree(tx)
		if err != nil {
			return err
		}
		th, err := tt.resolve(ref)
		if err != nil {
			return err
		}
		doomed := tt.subtree(th.ID)
		var records []themeRecord
		for _, d := range doomed {
			rec, err := themeRecordOf(tx, tt, d.ID)
			if err != nil {
				return err
			}
			if rec.Memos, err = memoRowsOn(tx, MemoOnTheme, d.ID); err != nil {
				return err
			}
			out.Memos += len(rec.Memos)
			records = append(records, rec)
		}
		if !force {
			if len(doomed) > 1 {
				return fmt.Errorf("theme %s has %s; remove them first, or use --force to remove them with it (`focal undo` restores them)",
					th.Path, countOf(len(doomed)-1, "subtheme"))
			}
			if out.Memos > 0 {
				return fmt.Errorf("theme %s has %s; use --force to remove them with it (the log keeps them and `focal undo` restores them)",
					th.Path, countOf(out.Memos, "memo"))
			}
		}
		for _, rec := range records {
			if _, err := tx.Exec(`DELETE FROM memos WHERE target_kind = 'theme' AND target_id = ?`, rec.ID); err != nil {
				return err
			}
			// Summaries and code assignments go with the theme (ON DELETE CASCADE).
			if _, err := tx.Exec(`DELETE FROM themes WHERE id = ?`, rec.ID); err != nil {
				return err
			}
			if err := tx.Event(Change{Kind: event.ThemeRemoved, EntityID: rec.ID, Before: rec}); err != nil {
				return err
			}
			out.Themes = append(out.Themes, rec.Path)
		}
		return nil
	})
	return out, err
}

// memoRowsOn reads the stored memos on one thing.
func memoRowsOn(tx *Tx, kind, id string) ([]memoRow, error) {
	rows, err := tx.Query(`SELECT id, target_kind, target_id, author, title, body, created_at, updated_at
		FROM memos WHERE target_kind = ? AND target_id = ? ORDER BY created_at, rowid`, kind, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []memoRow
	for rows.Next() {
		var m memoRow
		if err := rows.Scan(&m.ID, &m.TargetKind, &m.TargetID, &m.AuthorID, &m.Title, &m.Body, &m.CreatedAt, &m.UpdatedAt); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// countOf renders a count with its noun: "1 memo", "2 memos".
func countOf(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
