package corpus

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// NameMap replaces names by pseudonyms: whole words only, case-sensitive,
// longest name first so "Ana María" wins over "Ana".
type NameMap struct {
	names  []string
	target map[string]string
}

// NewNameMap builds a replacement map from name → pseudonym. Names are
// normalised like stored text.
func NewNameMap(pairs map[string]string) *NameMap {
	m := &NameMap{target: map[string]string{}}
	for name, pseudonym := range pairs {
		name = NormalizeLine(name)
		if name == "" {
			continue
		}
		m.target[name] = NormalizeLine(pseudonym)
		m.names = append(m.names, name)
	}
	sort.Slice(m.names, func(i, j int) bool {
		if len(m.names[i]) != len(m.names[j]) {
			return len(m.names[i]) > len(m.names[j])
		}
		return m.names[i] < m.names[j]
	})
	return m
}

// Lookup returns the pseudonym of an exact name.
func (m *NameMap) Lookup(name string) (string, bool) {
	p, ok := m.target[NormalizeLine(name)]
	return p, ok
}

// Replace rewrites every whole-word occurrence of a known name in text.
func (m *NameMap) Replace(text string) string {
	if len(m.names) == 0 {
		return text
	}
	var b strings.Builder
	i := 0
	last := 0
	for i < len(text) {
		if i > 0 && isWordRune(lastRune(text[:i])) {
			_, size := utf8.DecodeRuneInString(text[i:])
			i += size
			continue
		}
		matched := ""
		for _, name := range m.names {
			if strings.HasPrefix(text[i:], name) {
				end := i + len(name)
				if end < len(text) {
					r, _ := utf8.DecodeRuneInString(text[end:])
					if isWordRune(r) {
						continue
					}
				}
				matched = name
				break
			}
		}
		if matched == "" {
			_, size := utf8.DecodeRuneInString(text[i:])
			i += size
			continue
		}
		b.WriteString(text[last:i])
		b.WriteString(m.target[matched])
		i += len(matched)
		last = i
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// IsWordRune reports whether r belongs to a word for whole-word matching of
// names: a letter, a digit or a combining mark, as NameMap uses it.
func IsWordRune(r rune) bool { return isWordRune(r) }

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}
