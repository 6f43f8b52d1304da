package membercheck

import (
	"errors"
	"strings"
	"testing"
)

func TestParseAnswer(t *testing.T) {
	cases := []struct {
		item, cell, want string
		ok               bool
	}{
		{"theme", "Yes", Yes, true},
		{"theme", " sí ", Yes, true},
		{"theme", "SI", Yes, true},
		{"theme", "Parcialmente", Partly, true},
		{"theme", "partly.", Partly, true},
		{"theme", "No", No, true},
		{"theme", "", "", true},
		{"theme", "\u00a0", "", true},
		{"theme", "Maybe", "", false},
		{"theme", "=1+1", "", false},
		{"theme", "Yes No", "", false},
		{"quote", "Quitar", Remove, true},
		{"quote", "mantener", Keep, true},
		{"quote", "EDITAR", Edit, true},
		{"quote", "Edit", Edit, true},
		{"quote", "Yes", "", false},
		{"theme", "Keep", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.item+"/"+tc.cell, func(t *testing.T) {
			got, err := ParseAnswer(tc.item, tc.cell, "es")
			if (err == nil) != tc.ok || got != tc.want {
				t.Errorf("ParseAnswer(%q, %q) = %q, %v; want %q, ok %v", tc.item, tc.cell, got, err, tc.want, tc.ok)
			}
			if err != nil && !strings.Contains(err.Error(), "allowed: ") {
				t.Errorf("the refusal does not list the choices: %v", err)
			}
		})
	}
}

// Every word a packet offers, in every language, reads back as its value.
func TestChoicesReadBack(t *testing.T) {
	for _, lang := range Languages() {
		w := WordingFor(lang)
		for item, values := range map[string][]string{"theme": ThemeAnswers, "quote": QuoteAnswers} {
			for _, v := range values {
				for _, other := range Languages() {
					got, err := ParseAnswer(item, w.Choice(v), other)
					if err != nil || got != v {
						t.Errorf("%s %q (%s) read in a %s packet: %q, %v", item, w.Choice(v), lang, other, got, err)
					}
				}
			}
		}
	}
}

func TestKeySignAndVerify(t *testing.T) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	k := Key{Project: "p", Packet: "k", Participant: "P07", Item: "quote", Coding: "c", Source: "s", Start: 3, End: 9, SHA256: "ab", Lang: "es"}
	s, err := Sign(k, secret)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Verify(s, secret)
	if err != nil || got != k {
		t.Fatalf("Verify = %+v, %v", got, err)
	}
	if _, err := Verify(s, []byte("another secret of the same size!")); !errors.Is(err, ErrBadSignature) {
		t.Errorf("another project's secret verified: %v", err)
	}
	// Change one character of the payload: the key no longer verifies.
	b := []byte(s)
	b[8] ^= 1
	if _, err := Verify(string(b), secret); err == nil {
		t.Error("a changed key verified")
	}
	if _, err := Sign(k, []byte("short")); err == nil {
		t.Error("a short secret was accepted")
	}
}

func TestCleanComment(t *testing.T) {
	got, err := CleanComment("  Line one\r\nline  two\x07\n\n")
	if err != nil || got != "Line one\nline two" {
		t.Errorf("CleanComment = %q, %v", got, err)
	}
	if _, err := CleanComment(strings.Repeat("a", MaxCommentLength+1)); err == nil {
		t.Error("an over-long comment was accepted")
	}
}

func TestDatesAreWrittenInThePacketsLanguage(t *testing.T) {
	for _, c := range []struct{ lang, date, want string }{
		{"en", "2027-01-31", "31 January 2027"},
		{"es", "2027-01-31", "31 de enero de 2027"},
		{"es-MX", "2027-12-05", "5 de diciembre de 2027"},
		{"pt", "2027-06-01", "1 June 2027"}, // English wording
		{"en", "2027-13-01", "2027-13-01"},  // not a date: as it is
		{"es", "31/01/2027", "31/01/2027"},
		{"en", "2027-02-31", "2027-02-31"},
	} {
		if got := WordingFor(c.lang).Date(c.date); got != c.want {
			t.Errorf("%s %s = %q, want %q", c.lang, c.date, got, c.want)
		}
	}
}
