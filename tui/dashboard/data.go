package dashboard

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/coding/agreement"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
)

// Study is what the dashboard asks of Focal's application core
// (coding/study); *study.Study is one. It only reads.
type Study interface {
	// TeamAgreement is the agreement input of everyone who has coded,
	// refused while blind coding is on.
	TeamAgreement(ctx context.Context, p study.Person) (*study.TeamAgreement, error)
	// OpenPlaces is the one list of the places a team has not decided yet
	// (enter on a code opens the first).
	OpenPlaces(ctx context.Context, p study.Person, source string, coders []string, code string) (study.Places, error)
}

// The application core is the dashboard's Study.
var _ Study = (*study.Study)(nil)

// ErrBlind is the refusal under blinding, the same as the compare view's.
var ErrBlind = study.ErrBlindComparison

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

// sourceRead is one source as the core gave it: its agreement input (the
// coders' codings) and the coders with codings in it, in project order
// (whom the compare view compares there by default).
type sourceRead struct {
	src    corpus.Source
	input  agreement.Source
	coders []string
}

// Load reads every source and computes agreement per code between every
// coder with codings (the consensus layer aside). Blinding must be off.
func Load(ctx context.Context, st Study, viewer string) (Data, error) {
	var d Data
	t, err := st.TeamAgreement(ctx, study.As(viewer))
	if err != nil {
		return d, err
	}
	for i, src := range t.Listed {
		d.reads = append(d.reads, sourceRead{src: src, input: t.Sources[i], coders: t.CodedBy[i]})
	}
	d.Coders = t.Coders
	if len(d.Coders) < 2 {
		return d, nil
	}
	d.Sources = len(t.Sources)
	d.inputs, d.codes = t.Sources, t.Codes
	if len(d.codes) == 0 {
		return d, nil
	}
	d.Report, err = agreement.Compute(d.inputs, d.codes, d.Coders, agreement.Options{Unit: agreement.UnitChar, Scope: agreement.ScopeParticipants})
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
func firstOpen(ctx context.Context, core Study, viewer string, d Data, code string) (src corpus.Source, found bool, err error) {
	for _, r := range d.reads {
		if len(r.coders) < 2 || !codedWith(r.input, code) {
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

// codedWith reports whether anyone coded text of a source with code.
func codedWith(src agreement.Source, code string) bool {
	for _, spans := range src.Codings[code] {
		if len(spans) > 0 {
			return true
		}
	}
	return false
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
		Source corpus.Source
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
	ctx, st, viewer, gen := m.ctx, m.study, m.viewer, m.gen
	return func() tea.Msg {
		d, err := Load(ctx, st, viewer)
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
	ctx, core, viewer, d := m.ctx, m.study, m.viewer, m.data
	return func() tea.Msg {
		src, found, err := firstOpen(ctx, core, viewer, d, code)
		if err != nil || !found {
			return noOpenMsg{code: code, err: err}
		}
		return CompareMsg{Code: code, Source: src}
	}
}
