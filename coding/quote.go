package coding

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/focalqda/focal/corpus"
)

// FindQuote locates the exact words of a quote in a source's stored text,
// searching only inside the given spans (the utterances, or one turn's), so
// that a coder can code by quoting instead of counting characters. The
// quote must occur exactly once.
func FindQuote(text string, within []corpus.Span, quote string) (corpus.Span, error) {
	quote = norm.NFC.String(strings.TrimSpace(quote))
	if quote == "" {
		return corpus.Span{}, fmt.Errorf("the quote is empty")
	}
	idx := corpus.NewPositionIndex(text)
	var found []corpus.Span
	for _, w := range within {
		a, err := idx.ByteOffset(w.Start)
		if err != nil {
			return corpus.Span{}, err
		}
		b, err := idx.ByteOffset(w.End)
		if err != nil {
			return corpus.Span{}, err
		}
		hay := text[a:b]
		for off := 0; ; {
			i := strings.Index(hay[off:], quote)
			if i < 0 {
				break
			}
			start := w.Start + utf8.RuneCountInString(hay[:off+i])
			found = append(found, corpus.Span{Start: start, End: start + utf8.RuneCountInString(quote)})
			_, size := utf8.DecodeRuneInString(hay[off+i:])
			off += i + size
			if len(found) > 1 {
				break
			}
		}
		if len(found) > 1 {
			break
		}
	}
	switch len(found) {
	case 0:
		return corpus.Span{}, fmt.Errorf("quote %q is not in the text (it must match exactly, within one turn)", clip(quote, 60))
	case 1:
		return found[0], nil
	default:
		return corpus.Span{}, fmt.Errorf("quote %q occurs more than once; add --turn K or quote more words", clip(quote, 60))
	}
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
