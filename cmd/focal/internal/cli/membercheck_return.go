package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"regexp"
	"strings"

	"github.com/focalqda/focal/coding/membercheck"
	"github.com/focalqda/focal/coding/study"
)

// returnFlags are what `membercheck export` is told about returning
// packets: whom to contact, by when, and how (per language).
type returnFlags struct {
	contact  string
	returnBy string
	// returnHow holds TEXT (every language) or LANG=TEXT (one language).
	returnHow []string
}

// given reports whether any of the flags was given.
func (r returnFlags) given() bool {
	return r.contact != "" || r.returnBy != "" || len(r.returnHow) > 0
}

// languagePrefix is the LANG= a --return-how text may start with.
var languagePrefix = regexp.MustCompile(`^([a-z]{2,3})(?:-[A-Za-z0-9]+)?=`)

// apply puts the flags given over what the project has.
func (r returnFlags) apply(cur study.MemberCheckReturn) study.MemberCheckReturn {
	next := study.MemberCheckReturn{Contact: cur.Contact, By: cur.By, How: maps.Clone(cur.How)}
	if r.contact != "" {
		next.Contact = r.contact
	}
	if r.returnBy != "" {
		next.By = r.returnBy
	}
	for _, h := range r.returnHow {
		lang := ""
		// Only the languages packets are written in: any other "xx=" is
		// part of the text.
		if m := languagePrefix.FindStringSubmatch(h); m != nil && membercheck.HasWording(m[1]) {
			lang, h = m[1], h[len(m[0]):]
		}
		if next.How == nil {
			next.How = map[string]string{}
		}
		next.How[lang] = h
	}
	return next
}

// returnFlagOf is the flag that gives each part of what packets say about
// returning them, and what it asks for.
var returnFlagOf = map[string]struct{ flag, ask string }{
	"contact":    {"--contact TEXT", "Whom should participants contact with questions (name, email or telephone)? "},
	"return-by":  {"--return-by YYYY-MM-DD", "By what date should participants return their packet (YYYY-MM-DD)? "},
	"return-how": {"--return-how TEXT", "How should participants return the page or workbook (e.g. by email to …, or by post to …)? "},
}

// settleReturn stores what the flags say about returning packets, then
// makes sure packets in langs have a contact, a date that has not passed
// and how to return them: it asks for what is missing when ask is set
// (standard input is a terminal), else it fails saying which flag to
// give. It returns what the packets will say.
func settleReturn(ctx context.Context, app *App, st *study.Study, flags returnFlags, langs []string, ask bool) (study.MemberCheckReturn, error) {
	cur, err := st.MemberCheckReturn(ctx)
	if err != nil {
		return cur, err
	}
	if flags.given() {
		if _, err := st.SetMemberCheckReturn(ctx, app.person(), flags.apply(cur)); err != nil {
			return cur, err
		}
	}
	lines := bufio.NewScanner(app.Stdin)
	for {
		gaps, err := st.ReturnGaps(ctx, langs)
		if err != nil {
			return cur, err
		}
		if len(gaps) == 0 {
			return st.MemberCheckReturn(ctx)
		}
		g := gaps[0]
		if !ask {
			why := "packets must say " + map[string]string{"contact": "whom to contact", "return-by": "by when to return them", "return-how": "how to return them"}[g.Field]
			if g.Why != "" {
				why = "the date to return packets by, " + g.Why
			}
			return cur, fmt.Errorf("%s; give %s (no packet was written)", why, returnFlagOf[g.Field].flag)
		}
		answer, err := askReturn(lines, app.Stderr, g)
		if err != nil {
			return cur, err
		}
		if cur, err = st.MemberCheckReturn(ctx); err != nil {
			return cur, err
		}
		// An answer that cannot be used is said, and asked for again.
		if _, err := st.SetMemberCheckReturn(ctx, app.person(), answer.apply(cur)); err != nil {
			fmt.Fprintf(app.Stderr, "%v\n", err)
		}
	}
}

// askReturn asks, on out, for one part of what packets say about
// returning them, and reads the answer, one line, from lines. An empty
// answer asks again; the end of the input stops.
func askReturn(lines *bufio.Scanner, out io.Writer, g study.ReturnGap) (returnFlags, error) {
	var got returnFlags
	for {
		if g.Why != "" {
			fmt.Fprintf(out, "(the date %s) ", g.Why)
		}
		fmt.Fprint(out, returnFlagOf[g.Field].ask)
		if !lines.Scan() {
			if err := lines.Err(); err != nil {
				return got, err
			}
			return got, errors.New("no answer; give " + returnFlagOf[g.Field].flag + " (no packet was written)")
		}
		answer := strings.TrimSpace(lines.Text())
		if answer == "" {
			continue
		}
		switch g.Field {
		case "contact":
			got.contact = answer
		case "return-by":
			got.returnBy = answer
		case "return-how":
			got.returnHow = append(got.returnHow, answer)
		}
		return got, nil
	}
}

// packetReturn is what a packet in lang says about returning it.
func packetReturn(r study.MemberCheckReturn, lang string) (contact, by, how string) {
	return r.Contact, r.By, study.ReturnHowIn(r, membercheck.BaseLanguage(lang))
}
