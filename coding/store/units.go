package store

import (
	"encoding/binary"
	"errors"

	"github.com/focalqda/focal/corpus"
)

// encodeSpans packs ordered spans as uvarint deltas: each start relative to
// the previous end, each end relative to its start. Word units of a long
// transcript take a few bytes each this way instead of a row each.
func encodeSpans(spans []corpus.Span) []byte {
	buf := make([]byte, 0, len(spans)*3)
	prev := 0
	for _, s := range spans {
		buf = binary.AppendUvarint(buf, uint64(s.Start-prev))
		buf = binary.AppendUvarint(buf, uint64(s.End-s.Start))
		prev = s.End
	}
	return buf
}

var errCorruptUnits = errors.New("stored unit boundaries are damaged")

func decodeSpans(buf []byte, count int) ([]corpus.Span, error) {
	spans := make([]corpus.Span, 0, count)
	prev := 0
	for len(buf) > 0 {
		gap, n := binary.Uvarint(buf)
		if n <= 0 {
			return nil, errCorruptUnits
		}
		buf = buf[n:]
		length, m := binary.Uvarint(buf)
		if m <= 0 {
			return nil, errCorruptUnits
		}
		buf = buf[m:]
		start := prev + int(gap)
		spans = append(spans, corpus.Span{Start: start, End: start + int(length)})
		prev = start + int(length)
	}
	if len(spans) != count {
		return nil, errCorruptUnits
	}
	return spans, nil
}
