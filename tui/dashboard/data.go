package dashboard

import (
	"context"
	"errors"
	"sort"

	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/coding/agreement"
	"github.com/focalqda/focal/coding/store"
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

// ErrBlind is the refusal under blinding, the same as the compare view's.
var ErrBlind = errors.New("blind coding is on: comparing shows everyone's codings, so a PI must switch blinding off first (`focal blind off`)")

// Data is what the dashboard shows: agreement per code over every source,
// as `focal agree --unit char --scope participants --include-unfinished`
// computes it.
type Data struct {
	Coders  []string
	Sources int
	Report  agreement.Report
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
	type read struct {
		src     store.Source
		codings []store.Coding
	}
	var reads []read
	has := map[string]bool{}
	for _, src := range sources {
		cs, err := s.Codings(ctx, store.CodingFilter{Viewer: viewer, Source: src.ID})
		if err != nil {
			return d, err
		}
		for _, c := range cs {
			has[c.Coder] = true
		}
		reads = append(reads, read{src, cs})
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
	for _, r := range reads {
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
	if len(codes) == 0 {
		return d, nil
	}
	d.Report, err = agreement.Compute(all, codes, d.Coders, agreement.Options{Unit: agreement.UnitChar, Scope: agreement.ScopeParticipants})
	return d, err
}

// Messages of the dashboard.
type (
	loadedMsg struct {
		gen  int
		data Data
		err  error
	}
	// CloseMsg asks the workspace to go back to coding.
	CloseMsg struct{}
	// CompareMsg asks the workspace for the compare view at a code.
	CompareMsg struct{ Code string }
)

// Owns reports whether a message belongs to the dashboard.
func Owns(msg tea.Msg) bool {
	_, ok := msg.(loadedMsg)
	return ok
}

func (m Model) load() tea.Cmd {
	ctx, s, viewer, gen := m.ctx, m.store, m.viewer, m.gen
	return func() tea.Msg {
		d, err := Load(ctx, s, viewer)
		return loadedMsg{gen: gen, data: d, err: err}
	}
}
