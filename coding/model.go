package coding

// The study's analytic records as every part of Focal reads them: coders,
// codes, codings, themes and memos. coding/store fills them from the
// project file; the application core (coding/study) and the front ends
// pass them on.

// Coder is a person who codes; a PI may also switch blinding.
type Coder struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Role      string `json:"role"`
	CreatedAt string `json:"created_at"`
	Codings   int    `json:"codings"`
}

// Code is one code of the codebook with its place in the tree.
type Code struct {
	CodeSnapshot
	Color     string `json:"color,omitempty"`
	CreatedBy string `json:"created_by"`
	CreatedAt string `json:"created_at"`
	RetiredAt string `json:"retired_at,omitempty"`
	// Codings counts the codings the viewer may see.
	Codings int `json:"codings"`
}

// Coding is a coded span with what users need to read it.
type Coding struct {
	ID          string `json:"id"`
	Source      string `json:"source"`
	SourceID    string `json:"-"`
	Coder       string `json:"coder"`
	Code        string `json:"code"`
	CodeID      string `json:"code_id"`
	Start       int    `json:"start"`
	End         int    `json:"end"`
	Text        string `json:"text"`
	Turn        int    `json:"turn"`
	Speaker     string `json:"speaker"`
	Participant string `json:"participant"`
	Memo        string `json:"memo"`
	Flagged     string `json:"flagged,omitempty"`
	CreatedAt   string `json:"created_at"`
}

// Theme is a node of the theme tree: a pattern of meaning the team builds
// from codes. A code may serve several themes.
type Theme struct {
	ID       string `json:"id"`
	ParentID string `json:"parent_id"`
	Name     string `json:"name"`
	Path     string `json:"path"`
	// Definition says what the theme means, for researchers.
	Definition string `json:"definition"`
	// Summaries holds plain-language summaries for participants, by
	// language tag ("en", "es", "pt-BR").
	Summaries map[string]string `json:"summaries"`
	// Codes are the codes assigned to the theme, by path.
	Codes []ThemeCode `json:"codes"`
	// Codings counts the codings of the theme's own codes the viewer may see
	// (subthemes not included).
	Codings   int    `json:"codings"`
	CreatedBy string `json:"created_by"`
	CreatedAt string `json:"created_at"`
}

// ThemeCode is a code assigned to a theme with the codings the viewer may
// see.
type ThemeCode struct {
	ID      string `json:"id"`
	Path    string `json:"path"`
	Codings int    `json:"codings"`
}

// Memo is a researcher's Markdown note on the project or on one source,
// turn, code, coding or theme.
type Memo struct {
	ID         string `json:"id"`
	TargetKind string `json:"target_kind"`
	TargetID   string `json:"target_id"`
	// Target is the reference a researcher would type for the thing, such
	// as "fg01:12" for a turn; it is empty for the project.
	Target    string `json:"target"`
	Author    string `json:"author"`
	Title     string `json:"title"`
	Body      string `json:"body"`
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
}
