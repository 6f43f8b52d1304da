package membercheck

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/focalqda/focal/coding/membercheck"
)

// FuzzMemberCheckAnswer feeds the importer's reading of a returned row
// (the choice cell, the free-text cell, and the row key) with arbitrary
// cell contents. Invariants: no panic; an accepted choice is one of the
// allowed values and reads back from its label in every language; Edit
// always comes with wording and Keep or Remove never does; accepted text
// is valid UTF-8 without control characters other than line breaks and
// tabs, and cleaning it again changes nothing; a key that decodes has a
// known item, and only a key signed with the secret verifies.
func FuzzMemberCheckAnswer(f *testing.F) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	signed, _ := membercheck.Sign(membercheck.Key{Project: "p", Packet: "k", Participant: "P07", Item: "theme", Theme: "t"}, secret)
	for _, seed := range []struct{ item, answer, comment, key string }{
		{"theme", "Yes", "", signed},
		{"theme", "Sí", "más noches", signed},
		{"quote", "", "my words", signed},
		{"quote", "Editar", "", ""},
		{"quote", "Keep", "x", "fmc1.eyJpIjoicXVvdGUifQ.AAAA"},
		{"theme", "=HYPERLINK(\"x\")", "\x00\r\n", "fmc1.."},
		{"quote", "parcialmente", "\u2028", "fmc1.!!!.x"},
	} {
		f.Add(seed.item, seed.answer, seed.comment, seed.key, "es")
	}
	f.Fuzz(func(t *testing.T, item, answer, comment, key, lang string) {
		if item != "theme" {
			item = "quote"
		}
		value, text, problem := ReadAnswer(item, lang, answer, comment)
		if problem != "" {
			if value != "" || text != "" {
				t.Fatalf("a refused row returned %q, %q", value, text)
			}
		} else {
			allowed := membercheck.ThemeAnswers
			if item == "quote" {
				allowed = membercheck.QuoteAnswers
			}
			if value != "" && !slices.Contains(allowed, value) {
				t.Fatalf("accepted %q for a %s", value, item)
			}
			for _, l := range membercheck.Languages() {
				if value == "" {
					break
				}
				if back, err := membercheck.ParseAnswer(item, membercheck.WordingFor(l).Choice(value), lang); err != nil || back != value {
					t.Fatalf("%q does not read back in %s: %q, %v", value, l, back, err)
				}
			}
			if item == "quote" {
				if value == membercheck.Edit && text == "" || (value == membercheck.Keep || value == membercheck.Remove) && text != "" {
					t.Fatalf("quote %q with wording %q accepted", value, text)
				}
			}
			if !utf8.ValidString(text) || strings.IndexFunc(text, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }) >= 0 {
				t.Fatalf("accepted text %q holds control characters", text)
			}
			if again, err := membercheck.CleanComment(text); err != nil || again != text {
				t.Fatalf("cleaning %q again gives %q, %v", text, again, err)
			}
		}
		if k, err := membercheck.Decode(key); err == nil {
			if k.Item != "packet" && k.Item != "theme" && k.Item != "quote" {
				t.Fatalf("decoded a key with item %q", k.Item)
			}
		}
		if _, err := membercheck.Verify(key, secret); err == nil && strings.TrimSpace(key) != signed {
			// Only the signed key verifies (base64 may allow other
			// spellings of the same bytes, so compare decoded).
			k1, _ := membercheck.Decode(key)
			k2, _ := membercheck.Decode(signed)
			if k1 != k2 {
				t.Fatalf("a key that was not signed verifies: %q", key)
			}
		}
	})
}

// FuzzReturnedPacket feeds arbitrary bytes, starting from real packets, to
// the reader of returned workbooks. Invariants: no panic; a refusal is one
// line; an accepted packet's every answer carries a key signed with the
// secret for the packet's participant, and a value allowed for its item.
func FuzzReturnedPacket(f *testing.F) {
	for _, lang := range []string{"en", "es"} {
		p := p2PacketFor(f, lang)
		var buf bytes.Buffer
		if err := WriteWorkbook(&buf, p, testSecret); err != nil {
			f.Fatal(err)
		}
		f.Add(buf.Bytes())
	}
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := bytes.NewReader(data)
		checked, err := ReadReturned(r, r.Size(), "proj", testSecret)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("a refusal spans lines: %q", err)
			}
			return
		}
		for _, a := range checked.Answers {
			if a.Key.Participant != checked.Packet.Participant || a.Key.Packet != checked.Packet.Packet {
				t.Fatalf("an answer of another packet was accepted: %+v", a.Key)
			}
			allowed := membercheck.ThemeAnswers
			if a.Key.Item == "quote" {
				allowed = membercheck.QuoteAnswers
			}
			if a.Value != "" && !slices.Contains(allowed, a.Value) {
				t.Fatalf("accepted %q for a %s", a.Value, a.Key.Item)
			}
		}
	})
}
