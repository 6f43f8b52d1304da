package dataset

import "fmt"

// Texts calls fn with every piece of text an export of the dataset may
// show, each with where it would appear, so that a check (the
// de-identification gate) sees everything the workbook, the CSV files and
// the report are made from.
func (d *Dataset) Texts(fn func(where, text string)) {
	fn("project title", d.Title)
	for _, n := range d.Notes {
		fn("note", n)
	}
	for _, s := range d.Sources {
		fn("source name", s.Name)
		fn("group of "+s.Name, s.Group)
		seen := map[string]bool{}
		for _, t := range s.Turns {
			if !seen[t.Speaker] {
				seen[t.Speaker] = true
				fn(fmt.Sprintf("speaker of %s turn %d", s.Name, t.Seq), t.Speaker)
			}
		}
	}
	for _, v := range d.Voices {
		fn("participant label", v.Label)
		fn("speaker "+v.Label, v.Speaker)
		fn("pseudonym of "+v.Label, v.Pseudonym)
		for k, val := range v.Attributes {
			fn(fmt.Sprintf("attribute %s of %s", k, v.Label), val)
		}
	}
	for _, c := range d.Codes {
		where := "code " + c.Path
		fn(where, c.Path)
		fn(where+" definition", c.Definition)
		fn(where+" when to use", c.WhenToUse)
		fn(where+" when not to use", c.WhenNotToUse)
		fn(where+" example", c.Example)
	}
	for _, t := range d.Themes {
		where := "theme " + t.Path
		fn(where, t.Path)
		fn(where+" definition", t.Definition)
		for _, s := range t.Summaries {
			fn(where+" summary ("+s.Language+")", s.Text)
		}
	}
	for _, v := range d.Versions {
		fn("codebook version "+v.Name, v.Note)
	}
	for _, h := range d.History {
		fn("codebook history "+h.At, h.Detail)
		fn("codebook history "+h.At+" reason", h.Reason)
	}
	for i := range d.Codings {
		c := &d.Codings[i]
		src := &d.Sources[c.Source]
		for _, p := range c.Passages {
			fn(fmt.Sprintf("coding %s (%s, turn %d)", shortID(c.ID), src.Name, src.Turns[p.Turn].Seq), p.Text)
		}
	}
	for _, qs := range [][][]Quote{d.themePassages, d.codePassages} {
		for _, list := range qs {
			for _, q := range list {
				if q.joined {
					fn(fmt.Sprintf("passage (%s, turn %d)", d.Sources[q.Source].Name, d.Sources[q.Source].Turns[q.Turn].Seq), q.Text)
				}
			}
		}
	}
	for _, a := range d.MemberCheck {
		where := fmt.Sprintf("member-check answer of %s", a.Participant)
		fn(where, a.Quote)
		fn(where, a.Comment)
	}
}

func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}
