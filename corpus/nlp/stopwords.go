package nlp

// StopWords returns the frequent function words of a language (lower
// case, as written), which word counts leave out: articles, pronouns,
// conjunctions, common verbs and discourse markers of speech ("um",
// "yeah"). For a language without a table it returns those of every
// language known. The map is new on each call; the caller may keep it.
func StopWords(lang string) map[string]bool {
	base := baseLanguage(lang)
	out := map[string]bool{}
	found := false
	for _, t := range langTables {
		if t.code == base {
			found = true
			for _, w := range t.function {
				out[w] = true
			}
		}
	}
	if !found {
		for _, t := range langTables {
			for _, w := range t.function {
				out[w] = true
			}
		}
	}
	return out
}
