package dashboard

import (
	"context"
	"errors"
	"fmt"
	"sort"

	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/coding/agreement"
	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
)

// Store is what the dashboard reads of a project file; *store.Store is
// one. It only reads.
type Store interface {
	Coders(ctx context.Context) ([]store.Coder, error)
	Blinding(ctx context.Context) (store.Blinding, error)
	Sources(ctx context.Context) ([]store.Source, error)
	Turns(ctx context.Context, sourceID string) ([]store.Turn, error)
	SourceText(ctx context.Context, sourceID string) (string, error)
	Codings(ctx context.Context, f store.CodingFilter) ([]store.Coding, error)
}

// The real project file is a Store.
var _ Store = (*store.Store)(nil)

// OpenPlaces is the application core's one list of the places a team has
// not decided yet (enter on a code opens the first). *study.Study is one.
type OpenPlaces interface {
	OpenPlaces(ctx context.Context, p study.Person, source string, coders []string, code string) (study.Places, error)
}

// ErrBlind is the refusal under blinding, the same as the compare view's.
var ErrBlind = errors.New("blind coding is on: comparing shows everyone's codings, so a PI must switch blinding off first (`focal blind off`)")

// Data is what the dashboard shows: agreement per code over every source,
// as `focal agree --unit char --scope participants --include-unfinished`
// computes it.
type Data struct {
	Coders  []string
	Sources int
	Report  agreement.Report

	// What the report was computed from, kept for the unitizing and
	// segment-overlap modes (computed when first shown) and for finding a
	// code's first open disagreement.
	inputs []agreement.Source
	codes  []string
	reads  []sourceRead
}

// sourceRead is one source as the store gave it: its codings and the
// coders with codings in it, in project order (whom the compare view
// compares there by default).
type sourceRead struct {
	src     store.Source
	codings []store.Coding
	coders  []string
}

// Load reads every source and computes agreement per code between every
// coder with codings (the consensus layer aside). Blinding must be off.
func Load(ctx context.Context, s Store, viewer string) (Data, error) {
	var d Data
	b, err := s.Blinding(ctx)
	if err != nil {
		return d, err
	}
	if b.On {
		return d, ErrBlind
	}
	people, err := s.Coders(ctx)
	if err != nil {
		return d, err
	}
	sources, err := s.Sources(ctx)
	if err != nil {
		return d, err
	}
	has := map[string]bool{}
	for _, src := range sources {
		cs, err := s.Codings(ctx, store.CodingFilter{Viewer: viewer, Source: src.ID})
		if err != nil {
			return d, err
		}
		here := map[string]bool{}
		for _, c := range cs {
			has[c.Coder], here[c.Coder] = true, true
		}
		r := sourceRead{src: src, codings: cs}
		for _, c := range people {
			if c.Role != "consensus" && c.Name != store.ConsensusCoder && here[c.Name] {
				r.coders = append(r.coders, c.Name)
			}
		}
		d.reads = append(d.reads, r)
	}
	index := map[string]int{}
	for _, c := range people {
		if c.Role != "consensus" && c.Name != store.ConsensusCoder && has[c.Name] {
			index[c.Name] = len(d.Coders)
			d.Coders = append(d.Coders, c.Name)
		}
	}
	if len(d.Coders) < 2 {
		return d, nil
	}
	used := map[string]bool{}
	var all []agreement.Source
	for _, r := range d.reads {
		text, err := s.SourceText(ctx, r.src.ID)
		if err != nil {
			return d, err
		}
		turns, err := s.Turns(ctx, r.src.ID)
		if err != nil {
			return d, err
		}
		as := agreement.Source{Name: r.src.Name, Text: text, Codings: map[string][][]corpus.Span{}}
		for _, t := range turns {
			as.Turns = append(as.Turns, agreement.Turn{Seq: t.Seq, Speaker: t.Speaker, Moderator: t.Role == "moderator", Label: t.LabelSpan, Utterance: t.Utterance()})
		}
		for _, c := range r.codings {
			i, ok := index[c.Coder]
			if !ok {
				continue
			}
			per := as.Codings[c.Code]
			if per == nil {
				per = make([][]corpus.Span, len(d.Coders))
				as.Codings[c.Code] = per
			}
			per[i] = append(per[i], corpus.Span{Start: c.Start, End: c.End})
			used[c.Code] = true
		}
		all = append(all, as)
	}
	codes := make([]string, 0, len(used))
	for c := range used {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	d.Sources = len(all)
	d.inputs, d.codes = all, codes
	if len(codes) == 0 {
		return d, nil
	}
	d.Report, err = agreement.Compute(all, codes, d.Coders, agreement.Options{Unit: agreement.UnitChar, Scope: agreement.ScopeParticipants})
	return d, err
}

// domainName names the one domain the unitizing mode compares.
const domainName = "every code used"

// unitized computes Krippendorff's unitizing alphas on what Load read:
// each code alone (|u-alpha), and every code used as the values of one
// variable (u-alpha, |u-alpha, cu-alpha, and each code's (k)u-alpha), over
// the participants' turns. It is `focal agree --unitized
// --include-unfinished` with every code used listed as one --domain.
func unitized(d Data) (agreement.UnitizedReport, error) {
	domain := agreement.Domain{Name: domainName, Kind: "codes", Codes: d.codes}
	return agreement.ComputeUnitized(d.inputs, d.codes, []agreement.Domain{domain}, d.Coders, agreement.ScopeParticipants)
}

// overlap computes MAXQDA-style segment agreement on what Load read, as
// `focal agree --overlap SHARE --include-unfinished` does.
func overlap(d Data, share float64) (agreement.OverlapReport, error) {
	return agreement.ComputeOverlap(d.inputs, d.codes, d.Coders, agreement.ScopeParticipants, share)
}

// firstOpen finds the first source, in the project's order, with a place
// on code that the team has not decided yet, as the application core
// lists them for the coders the compare view would compare there. found
// is false when no source has one.
func firstOpen(ctx context.Context, core OpenPlaces, viewer string, d Data, code string) (src store.Source, found bool, err error) {
	for _, r := range d.reads {
		if len(r.coders) < 2 {
			continue
		}
		coded := false
		for _, c := range r.codings {
			if c.Code == code {
				coded = true
				break
			}
		}
		if !coded {
			continue
		}
		places, err := core.OpenPlaces(ctx, study.As(viewer), r.src.ID, r.coders, code)
		if err != nil {
			return src, false, fmt.Errorf("disagreements on %s in %s: %w", code, r.src.Name, err)
		}
		if len(places.Open) > 0 {
			return r.src, true, nil
		}
	}
	return src, false, nil
}

// Messages of the dashboard.
type (
	loadedMsg struct {
		gen  int
		data Data
		err  error
	}
	// unitizedMsg carries the unitizing alphas of the data of load gen.
	unitizedMsg struct {
		gen    int
		report agreement.UnitizedReport
		err    error
	}
	// overlapMsg carries segment agreement at an overlap share (in
	// percent) of the data of load gen.
	overlapMsg struct {
		gen, percent int
		report       agreement.OverlapReport
		err          error
	}
	// noOpenMsg says that no source has an open disagreement on a code
	// (or why it could not be found).
	noOpenMsg struct {
		code string
		err  error
	}
	// CloseMsg asks the workspace to go back to coding.
	CloseMsg struct{}
	// CompareMsg asks the workspace for the compare view of Source,
	// positioned at the first open disagreement on Code there (see
	// compare.Model.FocusCode). Source is the first source, in the
	// project's order, with an open disagreement on the code.
	CompareMsg struct {
		Code   string
		Source store.Source
	}
)

// Owns reports whether a message belongs to the dashboard.
func Owns(msg tea.Msg) bool {
	switch msg.(type) {
	case loadedMsg, unitizedMsg, overlapMsg, noOpenMsg:
		return true
	}
	return false
}

func (m Model) load() tea.Cmd {
	ctx, s, viewer, gen := m.ctx, m.store, m.viewer, m.gen
	return func() tea.Msg {
		d, err := Load(ctx, s, viewer)
		return loadedMsg{gen: gen, data: d, err: err}
	}
}

func (m Model) computeUnitized() tea.Cmd {
	d, gen := m.data, m.gen
	return func() tea.Msg {
		r, err := unitized(d)
		return unitizedMsg{gen: gen, report: r, err: err}
	}
}

func (m Model) computeOverlap(percent int) tea.Cmd {
	d, gen := m.data, m.gen
	return func() tea.Msg {
		r, err := overlap(d, float64(percent)/100)
		return overlapMsg{gen: gen, percent: percent, report: r, err: err}
	}
}

// compareAt finds where the compare view should open for code.
func (m Model) compareAt(code string) tea.Cmd {
	ctx, core, viewer, d := m.ctx, m.core, m.viewer, m.data
	return func() tea.Msg {
		src, found, err := firstOpen(ctx, core, viewer, d, code)
		if err != nil || !found {
			return noOpenMsg{code: code, err: err}
		}
		return CompareMsg{Code: code, Source: src}
	}
}
