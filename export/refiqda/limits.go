package refiqda

import (
	"strconv"
	"unicode/utf8"

	"github.com/focalqda/focal/coding"
)

// checkLimits refuses a parsed project that is over a limit before any of
// its texts is read: each text's size (as the archive or the file system
// states it, or inside the XML), the total read with the project file
// (projectBytes), and the bytes of every name and memo the file holds.
func checkLimits(x *xProject, files fileSource, projectBytes int64) error {
	c := limitCheck{files: files, total: projectBytes, seen: map[string]bool{}}
	c.name("project", x.Name, "")
	c.memo("the project's description", x.Description)
	if x.Users != nil {
		for _, u := range x.Users.Users {
			c.name("user", u.Name, u.GUID)
		}
	}
	if x.CodeBook != nil && x.CodeBook.Codes != nil {
		c.codes(x.CodeBook.Codes.Codes)
	}
	if x.Variables != nil {
		for _, v := range x.Variables.Variables {
			c.name("variable", v.Name, v.GUID)
			c.memo("variable "+label(v.Name, v.GUID)+"'s description", v.Description)
		}
	}
	if x.Cases != nil {
		for _, k := range x.Cases.Cases {
			c.name("case", k.Name, k.GUID)
			c.memo("case "+label(k.Name, k.GUID)+"'s description", k.Description)
			for _, v := range k.Values {
				if v.TextValue != nil && len(*v.TextValue) > coding.MaxNameBytes {
					c.fail("case %s: a variable value is %s; a value may be at most %s", label(k.Name, k.GUID),
						coding.SizeText(int64(len(*v.TextValue))), coding.SizeText(coding.MaxNameBytes))
				}
			}
		}
	}
	if x.Sets != nil {
		for _, s := range x.Sets.Sets {
			c.name("set", s.Name, s.GUID)
			c.memo("set "+label(s.Name, s.GUID)+"'s description", s.Description)
		}
	}
	if x.Sources != nil {
		for i := range x.Sources.Text {
			c.text("source", &x.Sources.Text[i], MaxTextBytes)
		}
		for i := range x.Sources.PDF {
			p := &x.Sources.PDF[i]
			c.name("source", p.Name, p.GUID)
			if p.Representation != nil {
				c.text("source", p.Representation, MaxTextBytes)
			}
		}
		for _, group := range [][]xMediaSource{x.Sources.Picture, x.Sources.Audio, x.Sources.Video} {
			for _, m := range group {
				c.name("source", m.Name, m.GUID)
			}
		}
	}
	if x.Notes != nil {
		for i := range x.Notes.Notes {
			c.text("note", &x.Notes.Notes[i], coding.MaxMemoBytes)
		}
	}
	return c.err
}

// limitCheck gathers the first limit a project is over.
type limitCheck struct {
	files fileSource
	total int64
	seen  map[string]bool // texts counted in total, by file
	err   error
}

func (c *limitCheck) fail(format string, args ...any) {
	if c.err == nil {
		c.err = limitError(format, args...)
	}
}

// label names an element in a message: its name, shortened, else its GUID.
func label(name, guid string) string {
	if name == "" {
		return "with GUID " + strconv.Quote(oneLine(truncate(guid, 40)))
	}
	return strconv.Quote(oneLine(truncate(name, 40)))
}

// truncate shortens s to at most n bytes on a character boundary, marking
// the cut with "…".
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func (c *limitCheck) name(kind, name, guid string) {
	if len(name) > coding.MaxNameBytes {
		c.fail("a %s's name is %s (%s); a name may be at most %s", kind, coding.SizeText(int64(len(name))), label(name, guid), coding.SizeText(coding.MaxNameBytes))
	}
}

func (c *limitCheck) memo(what string, text *string) {
	if text != nil && len(*text) > coding.MaxMemoBytes {
		c.fail("%s is %s; a memo or description may be at most %s", what, coding.SizeText(int64(len(*text))), coding.SizeText(coding.MaxMemoBytes))
	}
}

func (c *limitCheck) codes(codes []xCode) {
	for _, k := range codes {
		c.name("code", k.Name, k.GUID)
		c.memo("code "+label(k.Name, k.GUID)+"'s description", k.Description)
		c.codes(k.Codes)
	}
}

// text checks a source's or note's name, description, selections and
// text: its size (at most max), counted once into the total read.
func (c *limitCheck) text(kind string, ts *xTextSource, max int64) {
	c.name(kind, ts.Name, ts.GUID)
	c.memo(kind+" "+label(ts.Name, ts.GUID)+"'s description", ts.Description)
	for _, sel := range ts.Selections {
		c.name("selection", sel.Name, sel.GUID)
		c.memo("the description of selection "+label(sel.Name, sel.GUID)+" in "+kind+" "+label(ts.Name, ts.GUID), sel.Description)
	}
	var size int64
	what := kind + " " + label(ts.Name, ts.GUID)
	switch name := internalName(ts.PlainTextPath); {
	case name != "" && c.files != nil:
		key, n, found := c.files.stat(name)
		if found {
			size = n
			what += " (" + strconv.Quote(name) + ")"
			if c.seen[key] {
				n = 0
			}
			c.seen[key] = true
			c.total += n
			break
		}
		fallthrough
	default:
		if ts.PlainTextContent != nil {
			size = int64(len(*ts.PlainTextContent))
		}
	}
	switch {
	case size > max && kind == "note":
		c.fail("the text of %s is %s; a note may be at most %s", what, coding.SizeText(size), coding.SizeText(max))
	case size > max:
		c.fail("the text of %s is %s; a source's text may be at most %s", what, coding.SizeText(size), coding.SizeText(max))
	case c.total > MaxReadBytes:
		c.fail("the project file and the texts it names come to more than %s; a REFI-QDA file may hold at most %s of them", coding.SizeText(MaxReadBytes), coding.SizeText(MaxReadBytes))
	}
}
