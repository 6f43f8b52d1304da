package pack

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// Write writes a pack as JSON Lines: the header, then one event per line,
// each a compact JSON object with its keys in a fixed order, so that two
// packs of the same copy differ only where the work does. The header's
// event count is set from the events. A pack that breaks the format's
// rules is refused, and nothing is written.
func Write(w io.Writer, p *Pack) error {
	h := p.Header
	h.Events = len(p.Events)
	if h.Sources == nil {
		h.Sources = []Source{}
	}
	events := make([]Event, len(p.Events))
	for i, e := range p.Events {
		var err error
		if e.Before, err = normalizeRaw(e.Before); err != nil {
			return fmt.Errorf("write pack: event %s: its data is not JSON", eventName(e))
		}
		if e.After, err = normalizeRaw(e.After); err != nil {
			return fmt.Errorf("write pack: event %s: its data is not JSON", eventName(e))
		}
		events[i] = e
	}
	if err := (&Pack{Header: h, Events: events}).Validate(); err != nil {
		return fmt.Errorf("write pack: %w", err)
	}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	// Memos quote participants; "<" and "&" stay readable in a diff.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(h); err != nil {
		return fmt.Errorf("write pack: %w", err)
	}
	for _, e := range events {
		if err := enc.Encode(e); err != nil {
			return fmt.Errorf("write pack: %w", err)
		}
	}
	return bw.Flush()
}

// utf8BOM is dropped from the first line: an editor may have added it.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// Read reads and checks a pack. Every rule of the format is applied (see
// Validate); the first problem found is returned with its line number.
// Blank lines and Windows line ends are tolerated.
func Read(r io.Reader) (*Pack, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), MaxLine)
	var p Pack
	var v *validator
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if line == 1 {
			b = bytes.TrimPrefix(b, utf8BOM)
		}
		b = bytes.TrimSuffix(b, []byte("\r"))
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		if !utf8.Valid(b) {
			return nil, fmt.Errorf("line %d is not UTF-8 text: this is not a Focal pack, or it is damaged", line)
		}
		if v == nil {
			if err := json.Unmarshal(b, &p.Header); err != nil {
				return nil, fmt.Errorf("line %d is not a Focal pack header: %s", line, oneLine(err.Error()))
			}
			var err error
			if v, err = newValidator(p.Header); err != nil {
				return nil, fmt.Errorf("line %d (header): %w", line, err)
			}
			continue
		}
		var e Event
		if err := json.Unmarshal(b, &e); err != nil {
			return nil, fmt.Errorf("line %d is not an event: %s", line, oneLine(err.Error()))
		}
		var err error
		if e.Before, err = normalizeRaw(e.Before); err != nil {
			return nil, fmt.Errorf("line %d: its data is not JSON", line)
		}
		if e.After, err = normalizeRaw(e.After); err != nil {
			return nil, fmt.Errorf("line %d: its data is not JSON", line)
		}
		if len(p.Events) == p.Header.Events {
			return nil, fmt.Errorf("line %d: the header promises %d events, but there are more", line, p.Header.Events)
		}
		if err := v.event(e); err != nil {
			return nil, fmt.Errorf("line %d: event %s: %w", line, eventName(e), err)
		}
		p.Events = append(p.Events, e)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("line %d is longer than %d MiB: this is not a Focal pack, or it is damaged", line+1, MaxLine>>20)
		}
		return nil, err
	}
	if v == nil {
		return nil, errors.New("the file is empty: it is not a Focal pack")
	}
	if len(p.Events) != p.Header.Events {
		return nil, fmt.Errorf("the pack ends after %d of its %d events: the file was cut short; ask for it again", len(p.Events), p.Header.Events)
	}
	return &p, nil
}
