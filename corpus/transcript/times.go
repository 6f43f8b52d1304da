package transcript

import (
	"fmt"
	"strings"
)

// maxHourDigits bounds the hour field of a clock time, so that no input can
// overflow int64 milliseconds (a six-digit hour is over a century).
const maxHourDigits = 6

// parseClock reads a clock time: "h:mm:ss", "hh:mm:ss", "mm:ss" (minutes and
// seconds may be unpadded, as Microsoft Teams writes "0:0:0.570"), with an
// optional fraction of one to three digits after "." or ",".
// It returns the time in milliseconds and the fraction separator (0 when
// there is no fraction). Minutes and seconds must be below 60.
func parseClock(s string) (ms int64, fracSep byte, ok bool) {
	body := s
	if i := strings.IndexAny(s, ".,"); i >= 0 {
		frac := s[i+1:]
		if len(frac) == 0 || len(frac) > 3 || !allDigits(frac) {
			return 0, 0, false
		}
		fracSep = s[i]
		body = s[:i]
		n, _ := atoiDigits(frac)
		for k := len(frac); k < 3; k++ {
			n *= 10
		}
		ms = n
	}
	var fields [3]string
	count := 0
	for {
		head, tail, found := strings.Cut(body, ":")
		if count == len(fields) {
			return 0, 0, false
		}
		fields[count] = head
		count++
		if !found {
			break
		}
		body = tail
	}
	if count < 2 {
		return 0, 0, false
	}
	var hours int64
	minutesField, secondsField := fields[0], fields[1]
	if count == 3 {
		if len(fields[0]) == 0 || len(fields[0]) > maxHourDigits {
			return 0, 0, false
		}
		h, good := atoiDigits(fields[0])
		if !good {
			return 0, 0, false
		}
		hours = h
		minutesField, secondsField = fields[1], fields[2]
	}
	minutes, good := twoDigits(minutesField)
	if !good || minutes >= 60 {
		return 0, 0, false
	}
	seconds, good := twoDigits(secondsField)
	if !good || seconds >= 60 {
		return 0, 0, false
	}
	ms += ((hours*60+minutes)*60 + seconds) * 1000
	return ms, fracSep, true
}

// twoDigits reads a field of one or two ASCII digits.
func twoDigits(s string) (int64, bool) {
	if len(s) == 0 || len(s) > 2 {
		return 0, false
	}
	return atoiDigits(s)
}

// atoiDigits reads a short run of ASCII digits; callers bound the length.
func atoiDigits(s string) (int64, bool) {
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, len(s) > 0
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) > 0
}

// formatClock renders milliseconds as "hh:mm:ss.mmm" for notes.
func formatClock(ms int64) string {
	if ms < 0 {
		return "unknown"
	}
	h := ms / 3_600_000
	m := ms / 60_000 % 60
	s := ms / 1000 % 60
	return fmt.Sprintf("%02d:%02d:%02d.%03d", h, m, s, ms%1000)
}

// parseBracketedClock reads a clock time alone or inside "[...]" or "(...)",
// as written in "[00:01:02]" markers and "## [00:02:47]" headings.
func parseBracketedClock(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && (s[0] == '[' && s[len(s)-1] == ']' || s[0] == '(' && s[len(s)-1] == ')') {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	ms, _, ok := parseClock(s)
	return ms, ok
}

// cutLeadingClock removes a clock time in brackets or parentheses at the
// start of s ("[00:02:47] rest"), returning the time and the rest trimmed.
// Bare times at the start of a line are not cut here: "10:30 is when we met"
// is text.
func cutLeadingClock(s string) (ms int64, rest string, ok bool) {
	if len(s) < 2 || (s[0] != '[' && s[0] != '(') {
		return 0, s, false
	}
	closing := byte(']')
	if s[0] == '(' {
		closing = ')'
	}
	end := strings.IndexByte(s, closing)
	if end < 0 {
		return 0, s, false
	}
	ms, _, ok = parseClock(strings.TrimSpace(s[1:end]))
	if !ok {
		return 0, s, false
	}
	return ms, strings.TrimSpace(s[end+1:]), true
}
