package workbook

import (
	"github.com/focalqda/focal/export/dataset"
)

// memberChecking writes the participants' member-check answers, when
// there are any: one row per answer to a theme or a quote. Quotes the
// participant removed are shown without their words.
func (wb *Workbook) memberChecking(d *dataset.Dataset) error {
	if len(d.MemberCheck) == 0 {
		return nil
	}
	cols := []column{{header: "participant", width: 12}, {header: "pseudonym", width: 12}, {header: "item", width: 8},
		{header: "theme", width: 30}, {header: "source", width: 22}, {header: "start", width: 8}, {header: "quote", kind: wrapped, width: 60},
		{header: "answer", width: 10}, {header: "comment or corrected wording", kind: wrapped, width: 60}, {header: "via", width: 10},
		{header: "received at", width: 24}}
	return wb.sheet(sheetSpec{name: "member checking", columns: cols, keys: 6, part: -1, filter: true}, func(add func(...any) error) error {
		for _, a := range d.MemberCheck {
			var start any
			if a.Item == "quote" {
				start = a.Start
			}
			if err := add(a.Participant, a.Pseudonym, a.Item, a.Theme, a.Source, start, a.Quote, a.Answer, a.Comment, a.Via, a.ReceivedAt); err != nil {
				return err
			}
		}
		return nil
	})
}
