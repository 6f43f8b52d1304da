package pack

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// The kinds of base a pack starts from.
const (
	SinceAll   = "all"   // every event of the coder
	SinceSeq   = "seq"   // events after the event with this sequence number
	SinceEvent = "event" // events after the event with this id
	SinceTime  = "time"  // events at or after this time
)

// Base is where a pack starts: every event of the coder, or only those
// after an event (named by its sequence number or id) or from a time on.
type Base struct {
	Since string `json:"since"`
	Seq   int64  `json:"seq,omitempty"`
	Event string `json:"event,omitempty"`
	Time  string `json:"time,omitempty"`
}

// ParseBase reads a --since value: empty or "all" for everything, a
// number for the events after that sequence number, a UUID for the events
// after that event, a date (2026-03-05, midnight UTC) or an RFC 3339 time
// for the events from then on.
func ParseBase(s string) (Base, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == SinceAll {
		return Base{Since: SinceAll}, nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		if n < 0 {
			return Base{}, fmt.Errorf("--since %s: an event number is 0 or more", s)
		}
		return Base{Since: SinceSeq, Seq: n}, nil
	}
	if u, err := uuid.Parse(s); err == nil && len(s) == 36 {
		return Base{Since: SinceEvent, Event: u.String()}, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return Base{Since: SinceTime, Time: t.UTC().Format(TimeFormat)}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return Base{Since: SinceTime, Time: t.UTC().Format(TimeFormat)}, nil
	}
	return Base{}, fmt.Errorf("--since %q is not an event number (see `focal log`), an event id, a date (2026-03-05) or a time (2026-03-05T14:00:00Z)", s)
}

// String says where the base is, for people.
func (b Base) String() string {
	switch b.Since {
	case SinceSeq:
		return fmt.Sprintf("after event %d", b.Seq)
	case SinceEvent:
		if b.Seq > 0 {
			return fmt.Sprintf("after event %d (%s)", b.Seq, b.Event)
		}
		return "after event " + b.Event
	case SinceTime:
		return "from " + b.Time
	}
	return "from the beginning"
}

func (b Base) validate() error {
	switch b.Since {
	case SinceAll:
		return nil
	case SinceSeq:
		if b.Seq < 0 {
			return fmt.Errorf("base event number %d is negative", b.Seq)
		}
		return nil
	case SinceEvent:
		if !canonicalUUID(b.Event) {
			return fmt.Errorf("base event %q is not an event id", b.Event)
		}
		if b.Seq < 0 {
			return fmt.Errorf("base event number %d is negative", b.Seq)
		}
		return nil
	case SinceTime:
		if _, err := time.Parse(time.RFC3339Nano, b.Time); err != nil {
			return fmt.Errorf("base time %q is not an RFC 3339 time", b.Time)
		}
		return nil
	}
	return fmt.Errorf("base %q is not all, seq, event or time", b.Since)
}
