package corpus

// The corpus as every part of Focal reads it once it is saved: sources,
// their speakers, and the participants behind them. coding/store fills
// these from the project file.

// Source summarises a saved transcript.
type Source struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Group        string `json:"group"`
	Format       string `json:"format"`
	Language     string `json:"language"`
	Turns        int    `json:"turns"`
	Speakers     int    `json:"speakers"`
	Chars        int    `json:"chars"`
	SHA256       string `json:"sha256"`
	OriginalFile string `json:"original_file"`
	ImportedAt   string `json:"imported_at"`
}

// Speaker is a voice in one source, possibly linked to a participant.
type Speaker struct {
	ID          string `json:"id"`
	Source      string `json:"source"`
	Name        string `json:"name"`
	Role        string `json:"role"`
	Participant string `json:"participant"`
	Turns       int    `json:"turns"`
}

// Participant is a person across sources, with attributes such as
// training year or site.
type Participant struct {
	ID         string            `json:"id"`
	Name       string            `json:"participant"`
	Pseudonym  string            `json:"pseudonym"`
	Attributes map[string]string `json:"attributes"`
	Speakers   []string          `json:"speakers"`
}
