package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/google/uuid"

	"github.com/focalqda/focal/coding/event"
)

// Settings keys of member checking.
const (
	memberCheckSecretKey   = "membercheck.secret"
	memberCheckTemplateKey = "membercheck.template."
)

// MemberCheckSecret returns the project's secret for signing member-check
// packets (HMAC-SHA256), creating it the first time. It never leaves the
// project file; the log records only that it was created.
func (s *Store) MemberCheckSecret(ctx context.Context) ([]byte, error) {
	var value string
	err := s.rd.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, memberCheckSecretKey).Scan(&value)
	if err == nil {
		return hex.DecodeString(value)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	err = s.InTx(ctx, func(tx *Tx) error {
		// Another process may have created it meanwhile.
		if err := tx.QueryRow(`SELECT value FROM settings WHERE key = ?`, memberCheckSecretKey).Scan(&value); err == nil {
			return nil
		}
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return err
		}
		value = hex.EncodeToString(b)
		if _, err := tx.Exec(`INSERT INTO settings(key, value) VALUES (?, ?)`, memberCheckSecretKey, value); err != nil {
			return err
		}
		return tx.Event(Change{Kind: event.MemberCheckSecretCreated, After: map[string]any{"algorithm": "HMAC-SHA256", "bytes": len(b)}})
	})
	if err != nil {
		return nil, err
	}
	return hex.DecodeString(value)
}

// StoredMemberCheckSecret returns the project's secret for signing
// member-check packets without creating it; ok is false when the project
// has none (it never wrote a packet, or it is a copy, which never holds
// the master's secret).
func (s *Store) StoredMemberCheckSecret(ctx context.Context) (secret []byte, ok bool, err error) {
	var value string
	err = s.rd.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, memberCheckSecretKey).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	secret, err = hex.DecodeString(value)
	return secret, err == nil, err
}

// MemberCheckTemplate returns the project's introduction for packets in a
// language; ok is false when the project has none (the built-in one is
// used).
func (s *Store) MemberCheckTemplate(ctx context.Context, lang string) (text string, ok bool, err error) {
	err = s.rd.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, memberCheckTemplateKey+lang).Scan(&text)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return text, err == nil, err
}

// SetMemberCheckTemplate sets the project's introduction for packets in a
// language; an empty text goes back to the built-in one. It reports
// whether anything changed.
func (s *Store) SetMemberCheckTemplate(ctx context.Context, lang, text string) (changed bool, err error) {
	if !validLanguageTag(lang) {
		return false, fmt.Errorf("%q is not a language tag such as en, es or pt-BR", lang)
	}
	err = s.InTx(ctx, func(tx *Tx) error {
		var old string
		err := tx.QueryRow(`SELECT value FROM settings WHERE key = ?`, memberCheckTemplateKey+lang).Scan(&old)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if old == text {
			return nil
		}
		if text == "" {
			_, err = tx.Exec(`DELETE FROM settings WHERE key = ?`, memberCheckTemplateKey+lang)
		} else {
			_, err = tx.Exec(`INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, memberCheckTemplateKey+lang, text)
		}
		if err != nil {
			return err
		}
		changed = true
		return tx.Event(Change{Kind: event.MemberCheckTemplateSet, EntityID: lang,
			Before: map[string]any{"language": lang, "text": old}, After: map[string]any{"language": lang, "text": text}})
	})
	return changed, err
}

// Packet is a member-check packet written for a participant.
type Packet struct {
	ID          string   `json:"id"`
	Participant string   `json:"participant"`
	Language    string   `json:"language"`
	Themes      int      `json:"themes"`
	Quotes      int      `json:"quotes"`
	Files       []string `json:"files"`
	CreatedBy   string   `json:"created_by"`
	CreatedAt   string   `json:"created_at"`
}

// RecordPacket notes that a packet was written for a participant.
func (s *Store) RecordPacket(ctx context.Context, p Packet) error {
	files, err := json.Marshal(p.Files)
	if err != nil {
		return err
	}
	return s.InTx(ctx, func(tx *Tx) error {
		pid, err := participantID(tx, p.Participant)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO participant_packets(id, participant_id, language, themes, quotes, files, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, p.ID, pid, p.Language, p.Themes, p.Quotes, string(files), tx.actor, tx.now); err != nil {
			return err
		}
		return tx.Event(Change{Kind: event.MemberCheckPacketWritten, EntityID: p.ID,
			After: map[string]any{"participant": p.Participant, "language": p.Language, "themes": p.Themes, "quotes": p.Quotes, "files": p.Files}})
	})
}

// Packets lists the packets written, oldest first.
func (s *Store) Packets(ctx context.Context) ([]Packet, error) {
	rows, err := s.rd.QueryContext(ctx, `SELECT k.id, p.name, k.language, k.themes, k.quotes, k.files, k.created_by, k.created_at
		FROM participant_packets k JOIN participants p ON p.id = k.participant_id ORDER BY k.created_at, k.rowid`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Packet{}
	for rows.Next() {
		var p Packet
		var files string
		if err := rows.Scan(&p.ID, &p.Participant, &p.Language, &p.Themes, &p.Quotes, &files, &p.CreatedBy, &p.CreatedAt); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(files), &p.Files); err != nil {
			p.Files = []string{}
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func participantID(tx *Tx, name string) (string, error) {
	var id string
	err := tx.QueryRow(`SELECT id FROM participants WHERE name = ?`, name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("no participant %q (see `focal participant list`): %w", name, ErrNotFound)
	}
	return id, err
}

// ClearQuotes marks codings whose words may be shown, unattributed, to
// other participants in the group summary of their packets (clear false
// takes the clearance back). Codings are named by id or unique prefix. It
// returns the full ids of the codings that changed.
func (s *Store) ClearQuotes(ctx context.Context, ids []string, clear bool) ([]string, error) {
	var changed []string
	err := s.InTx(ctx, func(tx *Tx) error {
		for _, ref := range ids {
			c, err := findCoding(tx, ref)
			if err != nil {
				return err
			}
			var n int
			if err := tx.QueryRow(`SELECT count(*) FROM quote_clearances WHERE coding_id = ?`, c.ID).Scan(&n); err != nil {
				return err
			}
			if (n > 0) == clear {
				continue
			}
			kind := event.MemberCheckQuoteCleared
			if clear {
				_, err = tx.Exec(`INSERT INTO quote_clearances(coding_id, cleared_by, cleared_at) VALUES (?, ?, ?)`, c.ID, tx.actor, tx.now)
			} else {
				kind = event.MemberCheckQuoteUncleared
				_, err = tx.Exec(`DELETE FROM quote_clearances WHERE coding_id = ?`, c.ID)
			}
			if err != nil {
				return err
			}
			if err := tx.Event(Change{Kind: kind, EntityID: c.ID, After: map[string]any{"source": c.Source, "start": c.Start, "end": c.End}}); err != nil {
				return err
			}
			changed = append(changed, c.ID)
		}
		return nil
	})
	return changed, err
}

// ClearedCodings returns the ids of the codings cleared for group
// summaries.
func (s *Store) ClearedCodings(ctx context.Context) (map[string]bool, error) {
	rows, err := s.rd.QueryContext(ctx, `SELECT coding_id FROM quote_clearances`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// Member-check answer values.
var (
	themeAnswers = map[string]bool{"": true, "yes": true, "partly": true, "no": true}
	quoteAnswers = map[string]bool{"": true, "keep": true, "remove": true, "edit": true}
)

// MemberCheckAnswer is a participant's current answer to one item of their
// packet.
type MemberCheckAnswer struct {
	ID          string `json:"id"`
	Participant string `json:"participant"`
	// Item is "theme" or "quote".
	Item    string `json:"item"`
	ThemeID string `json:"theme_id,omitempty"`
	// For quotes: the coding, its source, the quote's span (code points),
	// the SHA-256 of the source text when the packet was written, and the
	// quote as the participant saw it.
	CodingID     string `json:"coding_id,omitempty"`
	SourceID     string `json:"source_id,omitempty"`
	Source       string `json:"source,omitempty"`
	Start        int    `json:"start,omitempty"`
	End          int    `json:"end,omitempty"`
	SourceSHA256 string `json:"source_sha256,omitempty"`
	Quote        string `json:"quote,omitempty"`
	// Answer is yes, partly or no (themes); keep, remove or edit (quotes).
	Answer string `json:"answer"`
	// Comment is what the participant would change or add (themes), or
	// their corrected wording (quotes).
	Comment    string `json:"comment,omitempty"`
	PacketID   string `json:"packet_id,omitempty"`
	Via        string `json:"via"`
	ReceivedAt string `json:"received_at"`
	RecordedBy string `json:"recorded_by"`
}

// MemberCheckRecorded says what RecordMemberCheckAnswers changed.
type MemberCheckRecorded struct {
	Changed   int `json:"changed"`
	Unchanged int `json:"unchanged"`
}

// RecordMemberCheckAnswers records answers in one transaction, one event
// per answer that is new or differs from the current one; an answer equal
// to the current one changes nothing (importing a file twice is
// harmless). ReceivedAt defaults to now.
func (s *Store) RecordMemberCheckAnswers(ctx context.Context, answers []MemberCheckAnswer) (MemberCheckRecorded, error) {
	var res MemberCheckRecorded
	for _, a := range answers {
		if err := validAnswer(a); err != nil {
			return res, err
		}
	}
	err := s.InTx(ctx, func(tx *Tx) error {
		res = MemberCheckRecorded{}
		for _, a := range answers {
			pid, err := participantID(tx, a.Participant)
			if err != nil {
				return err
			}
			if a.Item == "quote" {
				a.ThemeID = ""
			}
			if a.ReceivedAt == "" {
				a.ReceivedAt = tx.now
			}
			var old MemberCheckAnswer
			err = tx.QueryRow(`SELECT id, answer, comment, via, received_at FROM member_check_answers
				WHERE participant_id = ? AND item = ? AND theme_id = ? AND coding_id = ? AND start = ? AND end = ?`,
				pid, a.Item, a.ThemeID, a.CodingID, a.Start, a.End).Scan(&old.ID, &old.Answer, &old.Comment, &old.Via, &old.ReceivedAt)
			switch {
			case err == nil:
				if old.Answer == a.Answer && old.Comment == a.Comment {
					res.Unchanged++
					continue
				}
				_, err = tx.Exec(`UPDATE member_check_answers SET answer = ?, comment = ?, packet_id = ?, via = ?, received_at = ?, recorded_by = ?, quote = ?, source_sha256 = ? WHERE id = ?`,
					a.Answer, a.Comment, a.PacketID, a.Via, a.ReceivedAt, tx.actor, a.Quote, a.SourceSHA256, old.ID)
				a.ID = old.ID
			case errors.Is(err, sql.ErrNoRows):
				old = MemberCheckAnswer{}
				a.ID = uuid.NewString()
				_, err = tx.Exec(`INSERT INTO member_check_answers(id, participant_id, item, theme_id, coding_id, source_id, start, end, source_sha256, quote,
					answer, comment, packet_id, via, received_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
					a.ID, pid, a.Item, a.ThemeID, a.CodingID, a.SourceID, a.Start, a.End, a.SourceSHA256, a.Quote,
					a.Answer, a.Comment, a.PacketID, a.Via, a.ReceivedAt, tx.actor)
			}
			if err != nil {
				return err
			}
			res.Changed++
			after := map[string]any{"participant": a.Participant, "item": a.Item, "answer": a.Answer, "comment": a.Comment,
				"via": a.Via, "received_at": a.ReceivedAt, "packet": a.PacketID}
			if a.Item == "theme" {
				after["theme_id"] = a.ThemeID
			} else {
				after["coding_id"], after["source_id"], after["start"], after["end"] = a.CodingID, a.SourceID, a.Start, a.End
			}
			var before any
			if old.ID != "" {
				before = map[string]any{"answer": old.Answer, "comment": old.Comment, "via": old.Via, "received_at": old.ReceivedAt}
			}
			if err := tx.Event(Change{Kind: event.MemberCheckAnswered, EntityID: a.ID, Before: before, After: after}); err != nil {
				return err
			}
		}
		return nil
	})
	return res, err
}

func validAnswer(a MemberCheckAnswer) error {
	switch a.Item {
	case "theme":
		if a.ThemeID == "" {
			return errors.New("a theme answer needs its theme")
		}
		if !themeAnswers[a.Answer] {
			return fmt.Errorf("%q is not an answer to a theme (yes, partly or no)", a.Answer)
		}
	case "quote":
		if a.CodingID == "" || a.SourceID == "" || a.End <= a.Start {
			return errors.New("a quote answer needs its coding, source and span")
		}
		if !quoteAnswers[a.Answer] {
			return fmt.Errorf("%q is not an answer to a quote (keep, remove or edit)", a.Answer)
		}
		if a.Answer == "edit" && strings.TrimSpace(a.Comment) == "" {
			return errors.New("an edited quote needs the corrected wording")
		}
	default:
		return fmt.Errorf("a member-check item is a theme or a quote, not %q", a.Item)
	}
	return nil
}

// MemberCheckAnswers lists the current answers by participant.
func (s *Store) MemberCheckAnswers(ctx context.Context) ([]MemberCheckAnswer, error) {
	rows, err := s.rd.QueryContext(ctx, `SELECT a.id, p.name, a.item, a.theme_id, a.coding_id, a.source_id, coalesce(s.name, ''), a.start, a.end,
		a.source_sha256, a.quote, a.answer, a.comment, a.packet_id, a.via, a.received_at, a.recorded_by
		FROM member_check_answers a JOIN participants p ON p.id = a.participant_id LEFT JOIN sources s ON s.id = a.source_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []MemberCheckAnswer{}
	for rows.Next() {
		var a MemberCheckAnswer
		if err := rows.Scan(&a.ID, &a.Participant, &a.Item, &a.ThemeID, &a.CodingID, &a.SourceID, &a.Source, &a.Start, &a.End,
			&a.SourceSHA256, &a.Quote, &a.Answer, &a.Comment, &a.PacketID, &a.Via, &a.ReceivedAt, &a.RecordedBy); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Participant != out[j].Participant {
			return naturalLess(out[i].Participant, out[j].Participant)
		}
		if out[i].Item != out[j].Item {
			return out[i].Item > out[j].Item // themes first
		}
		if out[i].Source != out[j].Source {
			return out[i].Source < out[j].Source
		}
		return out[i].Start < out[j].Start
	})
	return out, rows.Err()
}

// CodingSpan is where a coding is now.
type CodingSpan struct {
	SourceID   string
	Start, End int
}

// CodingSpans returns the current span of each named coding that still
// exists, whoever coded it: exports use it to find withdrawn quotes after
// a correction, and show none of the codings themselves.
func (s *Store) CodingSpans(ctx context.Context, ids []string) (map[string]CodingSpan, error) {
	out := map[string]CodingSpan{}
	for start := 0; start < len(ids); start += 500 {
		batch := ids[start:min(start+500, len(ids))]
		args := make([]any, len(batch))
		for i, id := range batch {
			args[i] = id
		}
		rows, err := s.rd.QueryContext(ctx, `SELECT id, source_id, start, end FROM codings WHERE id IN (`+placeholders(len(batch))+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id string
			var c CodingSpan
			if err := rows.Scan(&id, &c.SourceID, &c.Start, &c.End); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = c
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
