package study

import (
	"context"
	"fmt"
	"strings"

	"github.com/focalqda/focal/coding/store"
)

// ExportProject reads the whole project for an interchange file in one
// consistent snapshot: coders, the active codebook in tree order, sources
// with their stored text, the chosen codings, themes, memos and
// participants. While blind coding is on, the export holds only the
// viewer's codings, and what it says it left out counts only what the
// viewer may see: no count of other coders' codings or coding memos, of
// the consensus meeting's work, and of the log only the events the viewer
// sees (Log), whose latest time is the file's time of last change.
func (st *Study) ExportProject(ctx context.Context, opts store.ExportOptions) (ex *store.Export, err error) {
	err = st.Snapshot(ctx, func(snap *Study) error {
		if ex, err = snap.store.ExportProject(ctx, opts); err != nil {
			return err
		}
		sight, err := snap.SightOf(ctx, As(opts.Viewer))
		if err != nil || !sight.Blind {
			return err
		}
		left := &ex.Left
		left.HiddenCodings, left.HiddenMemos = 0, 0
		left.ConsensusDecisions, left.ConsensusStatuses = 0, 0
		seen, err := snap.Log(ctx, As(opts.Viewer), LogFilter{})
		if err != nil {
			return err
		}
		left.Events, ex.LastChange = len(seen), ""
		if len(seen) > 0 {
			ex.LastChange = seen[len(seen)-1].At
		}
		return nil
	})
	return ex, err
}

// ImportProject adds an interchange file's project to this one in one
// transaction, logging every coder, code, source, coding, theme, memo and
// participant it adds: it is all there or not at all. Coders are matched
// by name, codes by id (following merges) or by path, sources by the hash
// of their stored text, themes by path and participants by name; what
// matches is reused, not duplicated. Codings identical to existing ones are
// skipped. A coding with no coder goes to the person importing.
//
// Users that are the other tool itself (ATLAS.ti's "ATLAS.ti", NVivo's
// system users) are not people: they do not become coders, their codings
// and memos go to the person importing, and a note says so. An import
// never switches blinding on by itself: when the coders it brings would,
// blinding is set off, with a note, for a PI to decide.
func (st *Study) ImportProject(ctx context.Context, p Person, data store.ProjectData, opts store.ImportOptions) (store.ImportResult, error) {
	if err := p.mayAct(); err != nil {
		var z0 store.ImportResult
		return z0, err
	}
	data, notes := withoutPseudoUsers(data, p.Name)
	res, err := st.store.ImportProject(p.ctx(ctx), data, opts)
	if err != nil {
		return res, err
	}
	res.Notes = append(notes, res.Notes...)
	return res, nil
}

// IsPseudoUser reports a user name that is a QDA program rather than a
// person: "ATLAS.ti", "ATLAS.ti 24", "NVivo", "MAXQDA", "QualCoder",
// "System", "SYSTEM".
func IsPseudoUser(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	for _, tool := range []string{"atlas.ti", "atlasti", "nvivo", "maxqda", "qualcoder", "quirkos", "dedoose", "taguette", "transana", "f4analyse"} {
		if n == tool || strings.HasPrefix(n, tool+" ") {
			return true
		}
	}
	switch n {
	case "system", "system user", "nvivo system", "(system)", "<system>":
		return true
	}
	return false
}

// withoutPseudoUsers drops the users that are programs, giving their
// codings and memos to the person importing.
func withoutPseudoUsers(data store.ProjectData, importer string) (store.ProjectData, []string) {
	pseudo := map[string]string{}
	var coders []store.DataCoder
	for _, c := range data.Coders {
		if IsPseudoUser(c.Name) {
			pseudo[c.ID] = c.Name
			continue
		}
		coders = append(coders, c)
	}
	if len(pseudo) == 0 {
		return data, nil
	}
	original := data.Coders
	data.Coders = coders
	codings := map[string]int{}
	data.Codings = append([]store.DataCoding(nil), data.Codings...)
	for i, c := range data.Codings {
		if _, ok := pseudo[c.CoderID]; ok {
			codings[c.CoderID]++
			data.Codings[i].CoderID = ""
		}
	}
	memos := map[string]int{}
	data.Memos = append([]store.DataMemo(nil), data.Memos...)
	for i, m := range data.Memos {
		if _, ok := pseudo[m.AuthorID]; ok {
			memos[m.AuthorID]++
			data.Memos[i].AuthorID = ""
		}
	}
	who := importer
	if who == "" {
		who = "the person importing"
	}
	var notes []string
	for _, c := range original {
		id, name := c.ID, c.Name
		if _, ok := pseudo[id]; !ok {
			continue
		}
		n := fmt.Sprintf("the file's user %q is the program, not a person: not made a coder", name)
		if codings[id] > 0 || memos[id] > 0 {
			n += fmt.Sprintf("; its %d codings and %d memos go to %s", codings[id], memos[id], who)
		}
		notes = append(notes, n)
	}
	return data, notes
}
