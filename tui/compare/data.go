package compare

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/tui/internal/turnlabel"
	"github.com/focalqda/focal/tui/transcript"
)

// Study is what the compare view asks of Focal's application core
// (coding/study): reads of the source and of the codings as the viewer may
// see them, the one list of open places, and the operations that alone
// write the consensus layer, each as the person who decides.
// *study.Study is one.
type Study interface {
	Coders(ctx context.Context) ([]coding.Coder, error)
	Blinding(ctx context.Context) (study.Blinding, error)
	Turns(ctx context.Context, sourceID string) ([]corpus.Turn, error)
	SourceText(ctx context.Context, sourceID string) (string, error)
	Units(ctx context.Context, sourceID, kind string) ([]corpus.Span, error)
	Codes(ctx context.Context, p study.Person, f study.CodeFilter) ([]coding.Code, error)
	Codings(ctx context.Context, p study.Person, f study.CodingFilter) ([]coding.Coding, error)
	ConsensusCodings(ctx context.Context, sourceRef string) ([]study.ConsensusCoding, error)
	ConsensusStates(ctx context.Context) ([]study.ConsensusState, error)

	OpenPlaces(ctx context.Context, p study.Person, source string, coders []string, code string) (study.Places, error)
	SeedConsensus(ctx context.Context, p study.Person, source string, coders []string, minOverlap float64) (study.SeedResult, error)
	ResolvePlace(ctx context.Context, p study.Person, r study.Resolution) ([]corpus.Span, error)
	CompleteConsensus(ctx context.Context, p study.Person, source string, force bool) (int, error)
	ReopenConsensus(ctx context.Context, p study.Person, source string) error
}

// The application core is the compare view's Study.
var _ Study = (*study.Study)(nil)

// Place is one open disagreement: a stretch where the compared coders'
// codings of one code differ and the team has not decided yet.
type Place = study.Place

// Data is everything the compare view shows of one source, read in one
// command.
type Data struct {
	Source    corpus.Source
	Document  transcript.Document
	Codes     []coding.Code
	Available []string // coders with codings in the source, in project order
	Compared  []string // the coders being compared
	Codings   []coding.Coding
	Consensus []study.ConsensusCoding
	State     study.ConsensusState
	Open      []Place
	Decided   int
}

// Load reads a source for comparing: its text, the codings of every coder
// (or of the coders named), the consensus layer and the open places.
// Blinding must be off.
func Load(ctx context.Context, s Study, src corpus.Source, viewer string, coders []string) (Data, error) {
	d := Data{Source: src}
	p := study.As(viewer)
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
	if err != nil && !errors.Is(err, study.ErrNotFound) {
		return d, err
	}
	sentences, err := s.Units(ctx, src.ID, "sentence")
	if err != nil && !errors.Is(err, study.ErrNotFound) {
		return d, err
	}
	d.Document = toDocument(text, turns, words, sentences)
	if d.Codes, err = s.Codes(ctx, p, study.CodeFilter{}); err != nil {
		return d, err
	}
	all, err := s.Codings(ctx, p, study.CodingFilter{Source: src.ID})
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
		if c.Role != "consensus" && c.Name != study.ConsensusCoder && has[c.Name] {
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
	d.State = study.ConsensusState{Source: src.Name, Status: study.ConsensusNone}
	for _, st := range states {
		if st.Source == src.Name {
			d.State = st
		}
	}
	if len(d.Compared) < 2 {
		return d, nil
	}
	places, err := s.OpenPlaces(ctx, p, src.ID, d.Compared, "")
	d.Open, d.Decided = places.Open, places.Decided
	return d, err
}

// toDocument turns stored turns into the transcript's.
func toDocument(text string, turns []corpus.Turn, words, sentences []corpus.Span) transcript.Document {
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
	ctx, st, src, viewer, coders, gen := m.ctx, m.study, m.source, m.viewer, m.want, m.gen
	return func() tea.Msg {
		d, err := Load(ctx, st, src, viewer, coders)
		return loadedMsg{gen: gen, data: d, err: err}
	}
}

// errReadOnly is the refusal of a write in a read-only view.
var errReadOnly = errors.New("read-only: a review saves no decision")

// save runs one consensus step.
func (m Model) save(label string, fn func(ctx context.Context, core Study, p study.Person) error) tea.Cmd {
	ctx, core, p := m.ctx, m.study, study.As(m.viewer)
	if m.readOnly {
		return func() tea.Msg { return savedMsg{err: errReadOnly} }
	}
	return func() tea.Msg { return savedMsg{label: label, err: fn(ctx, core, p)} }
}
