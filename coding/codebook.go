package coding

// CodeSnapshot is one code as it stood when a codebook version was frozen.
type CodeSnapshot struct {
	ID           string `json:"id"`
	ParentID     string `json:"parent_id,omitempty"`
	Name         string `json:"name"`
	Path         string `json:"path"`
	Definition   string `json:"definition,omitempty"`
	WhenToUse    string `json:"when_to_use,omitempty"`
	WhenNotToUse string `json:"when_not_to_use,omitempty"`
	Example      string `json:"example,omitempty"`
	Retired      bool   `json:"retired,omitempty"`
	// MergedInto is the id of the code this one was merged into, if any.
	MergedInto string `json:"merged_into,omitempty"`
	// SplitFrom is the id of the code this one was split from, if any.
	SplitFrom string `json:"split_from,omitempty"`
}

// CodebookSnapshot is the whole codebook at one moment, as frozen in a
// version (e.g. "v1").
type CodebookSnapshot struct {
	Codes []CodeSnapshot `json:"codes"`
}
