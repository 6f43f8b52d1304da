package study

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/focalqda/focal/coding/membercheck"
	"github.com/focalqda/focal/coding/store"
)

// MemberCheckReturn is what every packet tells participants about giving
// it back: whom to contact, how to return it and by when.
type MemberCheckReturn = store.MemberCheckReturn

// Limits of what a packet says about returning it: one line of contact,
// a short paragraph of instructions.
const (
	maxReturnContact = 300
	maxReturnHow     = 1000
)

// ReturnGap is something a packet cannot go out without: Field is
// "contact", "return-by" or "return-how"; Why says what is wrong when it
// is set but unusable (a date that has passed).
type ReturnGap struct {
	Field string
	Why   string
}

// MemberCheckReturn returns what packets tell participants about
// returning them.
func (st *Study) MemberCheckReturn(ctx context.Context) (MemberCheckReturn, error) {
	return st.store.MemberCheckReturn(ctx)
}

// SetMemberCheckReturn sets what packets tell participants about
// returning them, as a whole: the contact (one line), the date to return
// by (YYYY-MM-DD, not before today) and how to return the page or
// workbook, by language (key "" for every language without its own). It
// reports whether anything changed.
func (st *Study) SetMemberCheckReturn(ctx context.Context, p Person, r MemberCheckReturn) (changed bool, err error) {
	if err := p.mayAct(); err != nil {
		return false, err
	}
	r, err = cleanReturn(r, st.Now())
	if err != nil {
		return false, err
	}
	return st.store.SetMemberCheckReturn(p.ctx(ctx), r)
}

// ReturnGaps lists what packets in the given languages cannot go out
// without: a contact, a date to return by that has not passed, and how
// to return them in each language (or for every language). Nothing is
// missing when it is empty.
func (st *Study) ReturnGaps(ctx context.Context, langs []string) ([]ReturnGap, error) {
	r, err := st.store.MemberCheckReturn(ctx)
	if err != nil {
		return nil, err
	}
	var gaps []ReturnGap
	if strings.TrimSpace(r.Contact) == "" {
		gaps = append(gaps, ReturnGap{Field: "contact"})
	}
	switch by, err := time.Parse(time.DateOnly, r.By); {
	case r.By == "":
		gaps = append(gaps, ReturnGap{Field: "return-by"})
	case err != nil:
		gaps = append(gaps, ReturnGap{Field: "return-by", Why: fmt.Sprintf("%q is not a date", r.By)})
	case by.Before(today(st.Now())):
		gaps = append(gaps, ReturnGap{Field: "return-by", Why: fmt.Sprintf("%s has passed", r.By)})
	}
	for _, l := range langs {
		if ReturnHowIn(r, l) == "" {
			gaps = append(gaps, ReturnGap{Field: "return-how"})
			break
		}
	}
	return gaps, nil
}

// ReturnHowIn is how to return a packet in a language: the text for the
// language, else the one for every language.
func ReturnHowIn(r MemberCheckReturn, lang string) string {
	if h := r.How[membercheck.BaseLanguage(lang)]; h != "" {
		return h
	}
	return r.How[""]
}

var baseLanguageTag = regexp.MustCompile(`^[a-z]{2,3}$`)

// cleanReturn trims and checks what a packet says about returning it.
func cleanReturn(r MemberCheckReturn, now time.Time) (MemberCheckReturn, error) {
	out := MemberCheckReturn{Contact: strings.TrimSpace(r.Contact), By: strings.TrimSpace(r.By)}
	if strings.ContainsAny(out.Contact, "\r\n") {
		return out, fmt.Errorf("the contact must be one line (a name, an email address or a telephone number)")
	}
	if n := len([]rune(out.Contact)); n > maxReturnContact {
		return out, fmt.Errorf("the contact is %d characters long; at most %d fit a packet", n, maxReturnContact)
	}
	if out.By != "" {
		by, err := time.Parse(time.DateOnly, out.By)
		if err != nil {
			return out, fmt.Errorf("the date to return packets by, %q, is not a date written YYYY-MM-DD (such as 2027-01-31)", out.By)
		}
		if by.Before(today(now)) {
			return out, fmt.Errorf("the date to return packets by, %s, has passed; give a later one", out.By)
		}
	}
	for lang, how := range r.How {
		how = strings.TrimSpace(strings.ReplaceAll(how, "\r\n", "\n"))
		if how == "" {
			continue
		}
		base := ""
		if strings.TrimSpace(lang) != "" {
			base = membercheck.BaseLanguage(lang)
			if !baseLanguageTag.MatchString(base) {
				return out, fmt.Errorf("%q is not a language tag such as en or es", lang)
			}
		}
		if n := len([]rune(how)); n > maxReturnHow {
			return out, fmt.Errorf("how to return packets is %d characters long; at most %d fit a packet", n, maxReturnHow)
		}
		if out.How == nil {
			out.How = map[string]string{}
		}
		out.How[base] = how
	}
	return out, nil
}

// today is the start of now's day in UTC: a date to return by is kept
// through its whole day.
func today(now time.Time) time.Time {
	y, m, d := now.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
