package compare

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/tui/internal/turnlabel"
	"github.com/focalqda/focal/tui/transcript"
)

// Store is what the compare view reads of a project file; *store.Store is
// one.
type Store interface {
	Coders(ctx context.Context) ([]store.Coder, error)
	Blinding(ctx context.Context) (store.Blinding, error)
	Turns(ctx context.Context, sourceID string) ([]store.Turn, error)
	SourceText(ctx context.Context, sourceID string) (string, error)
	Units(ctx context.Context, sourceID, kind string) ([]corpus.Span, error)
	Codes(ctx context.Context, f store.CodeFilter) ([]store.Code, error)
	Codings(ctx context.Context, f store.CodingFilter) ([]store.Coding, error)
	ConsensusCodings(ctx context.Context, sourceRef string) ([]store.ConsensusCoding, error)
	ConsensusStates(ctx context.Context) ([]store.ConsensusState, error)
}

// The real project file is a Store.
var _ Store = (*store.Store)(nil)

// Consensus is the application core's consensus work: the one list of
// open places, and the operations that alone write the consensus layer,
// each as the person who decides. *study.Study is one.
type Consensus interface {
	OpenPlaces(ctx context.Context, p study.Person, source string, coders []string, code string) (study.Places, error)
	SeedConsensus(ctx context.Context, p study.Person, source string, coders []string, minOverlap float64) (store.SeedResult, error)
	ResolvePlace(ctx context.Context, p study.Person, r store.Resolution) ([]corpus.Span, error)
	CompleteConsensus(ctx context.Context, p study.Person, source string, force bool) (int, error)
	ReopenConsensus(ctx context.Context, p study.Person, source string) error
}

// The application core is the Consensus.
var _ Consensus = (*study.Study)(nil)

// Place is one open disagreement: a stretch where the compared coders'
// codings of one code differ and the team has not decided yet.
type Place = study.Place

// Data is everything the compare view shows of one source, read in one
// command.
type Data struct {
	Source    store.Source
	Document  transcript.Document
	Codes     []store.Code
	Available []string // coders with codings in the source, in project order
	Compared  []string // the coders being compared
	Codings   []store.Coding
	Consensus []store.ConsensusCoding
	State     store.ConsensusState
	Open      []Place
	Decided   int
}

// Load reads a source for comparing: its text, the codings of every coder
// (or of the coders named), the consensus layer and the open places.
// Blinding must be off.
func Load(ctx context.Context, s Store, core Consensus, src store.Source, viewer string, coders []string) (Data, error) {
	d := Data{Source: src}
	b, err := s.Blinding(ctx)
	if err != nil {
		return d, err
	}
	if b.On {
		return d, errors.New("blind coding is on; comparing shows everyone's codings, so a PI must switch blinding off first (`focal blind off`)")
	}
	text, err := s.SourceText(ctx, src.ID)
	if err != nil {
		return d, err
	}
	turns, err := s.Turns(ctx, src.ID)
	if err != nil {
		return d, err
	}
	words, err := s.Units(ctx, src.ID, "word")
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return d, err
	}
	sentences, err := s.Units(ctx, src.ID, "sentence")
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return d, err
	}
	d.Document = toDocument(text, turns, words, sentences)
	if d.Codes, err = s.Codes(ctx, store.CodeFilter{Viewer: viewer}); err != nil {
		return d, err
	}
	all, err := s.Codings(ctx, store.CodingFilter{Viewer: viewer, Source: src.ID})
	if err != nil {
		return d, err
	}
	people, err := s.Coders(ctx)
	if err != nil {
		return d, err
	}
	has := map[string]bool{}
	for _, c := range all {
		has[c.Coder] = true
	}
	for _, c := range people {
		if c.Role != "consensus" && c.Name != store.ConsensusCoder && has[c.Name] {
			d.Available = append(d.Available, c.Name)
		}
	}
	d.Compared = coders
	if len(d.Compared) == 0 {
		d.Compared = d.Available
	}
	compared := map[string]int{}
	for i, c := range d.Compared {
		compared[c] = i
	}
	for _, c := range all {
		if _, ok := compared[c.Coder]; ok {
			d.Codings = append(d.Codings, c)
		}
	}
	if d.Consensus, err = s.ConsensusCodings(ctx, src.ID); err != nil {
		return d, err
	}
	states, err := s.ConsensusStates(ctx)
	if err != nil {
		return d, err
	}
	d.State = store.ConsensusState{Source: src.Name, Status: store.ConsensusNone}
	for _, st := range states {
		if st.Source == src.Name {
			d.State = st
		}
	}
	if len(d.Compared) < 2 {
		return d, nil
	}
	places, err := core.OpenPlaces(ctx, study.As(viewer), src.ID, d.Compared, "")
	d.Open, d.Decided = places.Open, places.Decided
	return d, err
}

// toDocument turns stored turns into the transcript's.
func toDocument(text string, turns []store.Turn, words, sentences []corpus.Span) transcript.Document {
	d := transcript.Document{Text: text, Words: words, Sentences: sentences}
	for _, t := range turns {
		ms := int64(-1)
		if t.StartMS != nil {
			ms = *t.StartMS
		}
		d.Turns = append(d.Turns, transcript.Turn{Seq: t.Seq, Label: turnlabel.Short(t), Speaker: turnlabel.Name(t),
			Start: t.Start, End: t.End, StartMS: ms})
	}
	return d
}

// Messages that carry the results of commands back to Update.
type (
	// loadedMsg carries a source read for comparing.
	loadedMsg struct {
		gen  int
		data Data
		err  error
	}
	// savedMsg says a consensus step was saved (or why not).
	savedMsg struct {
		label string
		err   error
	}
)

// CloseMsg asks the workspace to go back to coding.
type CloseMsg struct{}

// Owns reports whether a message belongs to the compare view, so that the
// workspace knows to route it here.
func Owns(msg tea.Msg) bool {
	switch msg.(type) {
	case loadedMsg, savedMsg:
		return true
	}
	return false
}

func (m Model) load() tea.Cmd {
	ctx, s, core, src, viewer, coders, gen := m.ctx, m.store, m.core, m.source, m.viewer, m.want, m.gen
	return func() tea.Msg {
		d, err := Load(ctx, s, core, src, viewer, coders)
		return loadedMsg{gen: gen, data: d, err: err}
	}
}

// errReadOnly is the refusal of a write in a read-only view.
var errReadOnly = errors.New("read-only: opened with --read-only, so no decision is saved")

// save runs one consensus step.
func (m Model) save(label string, fn func(ctx context.Context, core Consensus, p study.Person) error) tea.Cmd {
	ctx, core, p := m.ctx, m.core, study.As(m.viewer)
	if m.readOnly {
		return func() tea.Msg { return savedMsg{err: errReadOnly} }
	}
	return func() tea.Msg { return savedMsg{label: label, err: fn(ctx, core, p)} }
}
