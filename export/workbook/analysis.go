package workbook

import (
	"fmt"
	"strings"

	"github.com/focalqda/focal/coding/analysis"
	"github.com/focalqda/focal/export/dataset"
)

// analysisSheetGuide says what the analysis sheets hold (SheetGuide).
func analysisSheetGuide() [][2]string {
	return [][2]string{
		{"saturation", "thematic saturation by Guest, Namey & Chen (2020): per group in import order, codes, new codes, cumulative, a bar of new codes; then the runs, the result and a sentence for the methods section"},
		{"code spread", "each code: in how many groups it appears and where first (the code-frequency view of saturation)"},
		{"talk", "per group, each participant's (and moderator's) turns and words, their shares, and the group's Gini coefficients"},
		{"turn transitions", "per group, how often each speaker spoke right after each other one"},
		{"theme carriers", "each theme and code: passages, the participants they come from (with their passages), groups, and the caution rule"},
	}
}

// analysisSheets writes the saturation, code spread, talk, turn
// transitions and theme carriers sheets.
func (wb *Workbook) analysisSheets(d *dataset.Dataset) error {
	units, err := d.SaturationUnits(dataset.SaturationChoice{By: dataset.ByGroup, Order: dataset.OrderImport})
	if err != nil {
		return err
	}
	s, err := analysis.ComputeSaturation(units, analysis.DefaultSaturation())
	if err != nil {
		return err
	}
	for _, step := range []func() error{
		func() error { return wb.saturation(d, s) },
		func() error { return wb.codeSpread(units, s) },
		func() error { return wb.talk(d) },
		func() error { return wb.transitions(d) },
		func() error { return wb.carriers(d) },
	} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

func (wb *Workbook) saturation(d *dataset.Dataset, s analysis.Saturation) error {
	cols := []column{{header: "#"}, {header: "group"}, {header: "codes"}, {header: "new"}, {header: "cumulative"},
		{header: "part"}, {header: "new codes", kind: wrapped, width: 50}, {header: "new codes (bar)", width: 32}}
	most := 1
	for _, st := range s.Steps {
		most = max(most, len(st.New))
	}
	return wb.sheet(sheetSpec{name: "saturation", columns: cols, keys: 2, part: -1}, func(add func(...any) error) error {
		for i, st := range s.Steps {
			part := ""
			switch {
			case i < s.Options.Base:
				part = "base"
			case s.Reached && i+1 >= s.Confirming.First && i+1 <= s.Confirming.Last:
				part = "confirming run"
			}
			if s.Reached && i+1 == s.Point {
				part = strings.TrimPrefix(part+"; saturation reached", "; ")
			}
			if err := add(i+1, st.Name, st.Codes, len(st.New), st.Cumulative, part, strings.Join(st.New, "\n"), bars(len(st.New), most, 30)); err != nil {
				return err
			}
		}
		o := s.Options
		notes := []string{fmt.Sprintf("method: Guest, Namey & Chen (2020), PLOS ONE 15(5): e0232076; base size %d, run length %d, new-information threshold ≤%s, rolling runs, groups in import order (focal saturation computes other choices)",
			o.Base, o.Run, analysis.Percent(o.Threshold))}
		for _, r := range s.Runs {
			verdict := "over the threshold"
			if r.Saturated {
				verdict = "at or under the threshold"
			}
			notes = append(notes, fmt.Sprintf("run %s: %d new %s, %s of the base's %d codes, %s", analysis.Range("group", r.First, r.Last), r.New, plural(r.New, "code"), analysis.Percent(r.Ratio), s.BaseCodes, verdict))
		}
		if s.Reached {
			notes = append(notes, fmt.Sprintf("result: saturation reached at %s", analysis.Count(s.Point, "group")))
		} else {
			notes = append(notes, "result: "+s.Short)
		}
		notes = append(notes, "methods section: "+s.Sentence("focus group", d.LayerWords()))
		for _, n := range notes {
			if err := add("note: " + n); err != nil {
				return err
			}
		}
		return nil
	})
}

func plural(n int, noun string) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}

// bars draws n of most as a bar of block characters (a chart inside the
// cells, which every spreadsheet shows).
func bars(n, most, width int) string {
	if n <= 0 || most <= 0 {
		return ""
	}
	return strings.Repeat("█", max(1, n*width/most))
}

func (wb *Workbook) codeSpread(units []analysis.SaturationUnit, s analysis.Saturation) error {
	cols := []column{{header: "code"}, {header: "groups"}, {header: "of groups"}, {header: "first in"}, {header: "groups (bar)", width: 24}}
	return wb.sheet(sheetSpec{name: "code spread", columns: cols, keys: 1, part: -1, filter: true, freeze: 1}, func(add func(...any) error) error {
		for _, sp := range analysis.Spread(units) {
			first := ""
			if sp.First > 0 && sp.First <= len(s.Steps) {
				first = s.Steps[sp.First-1].Name
			}
			if err := add(sp.Code, sp.Units, len(units), first, bars(sp.Units, len(units), 20)); err != nil {
				return err
			}
		}
		return nil
	})
}

func (wb *Workbook) talk(d *dataset.Dataset) error {
	cols := []column{{header: "group"}, {header: "speaker"}, {header: "role"}, {header: "turns"}, {header: "share of turns", kind: decimal},
		{header: "words"}, {header: "share of words", kind: decimal}, {header: "Gini of words (group)", kind: decimal}, {header: "Gini of turns (group)", kind: decimal}}
	return wb.sheet(sheetSpec{name: "talk", columns: cols, keys: 2, part: -1, filter: true, freeze: 2}, func(add func(...any) error) error {
		for _, g := range d.TalkOfGroups() {
			gw, gt := gini(g.GiniWords), gini(g.GiniTurns)
			for _, s := range g.Participants {
				if err := add(g.Name, s.Voice, "participant", s.Turns, s.TurnShare, s.Words, s.WordShare, gw, gt); err != nil {
					return err
				}
			}
			for _, s := range g.Moderators {
				if err := add(g.Name, s.Voice, "moderator (shares of everyone's)", s.Turns, s.TurnShare, s.Words, s.WordShare, nil, nil); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func gini(v analysis.Value) any {
	if !v.Defined {
		return "undefined: " + v.Reason
	}
	return v.V
}

func (wb *Workbook) transitions(d *dataset.Dataset) error {
	cols := []column{{header: "group"}, {header: "speaker"}, {header: "next speaker"}, {header: "times"}}
	return wb.sheet(sheetSpec{name: "turn transitions", columns: cols, keys: 3, part: -1, filter: true}, func(add func(...any) error) error {
		for _, g := range d.TalkOfGroups() {
			tr := g.Transitions
			for i, from := range tr.Voices {
				for j, to := range tr.Voices {
					if n := tr.Counts[i][j]; n > 0 {
						if err := add(g.Name, from, to, n); err != nil {
							return err
						}
					}
				}
			}
		}
		return nil
	})
}

func (wb *Workbook) carriers(d *dataset.Dataset) error {
	cols := []column{{header: "theme or code"}, {header: "kind"}, {header: "passages"}, {header: "participants"},
		{header: "participants (passages)", kind: wrapped, width: 50}, {header: "groups", kind: wrapped, width: 30}, {header: "caution", kind: wrapped, width: 40}}
	return wb.sheet(sheetSpec{name: "theme carriers", columns: cols, keys: 2, part: -1, filter: true, freeze: 1}, func(add func(...any) error) error {
		for _, c := range d.Carriers() {
			name, kind, caution := "", "theme", ""
			if c.Theme >= 0 {
				name, caution = d.Themes[c.Theme].Path, d.Caution(c.Theme, true)
			} else {
				name, kind = d.Codes[c.Code].Path, "code"
			}
			if err := add(name, kind, c.Passages, len(c.Voices), dataset.VoicesText(c.Voices), strings.Join(c.Groups, "\n"), caution); err != nil {
				return err
			}
		}
		return nil
	})
}
