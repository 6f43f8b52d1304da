package study

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/focalqda/focal/coding/agree"
	"github.com/focalqda/focal/coding/agreement"
	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/corpus"
)

// AgreementQuery chooses what agreement is computed over. Empty fields
// mean: every coder, every code in use, every source.
type AgreementQuery struct {
	Unit, Scope string
	// Version limits the codes to those of a frozen codebook version.
	Version string
	// Coders to compare; "ana+ben" is a group (their codings together),
	// "consensus" the consensus layer.
	Coders  []string
	Codes   []string
	Sources []string
	// IncludeUnfinished also uses sources that not every compared coder
	// marked done.
	IncludeUnfinished bool
	// WithoutCodingIDs reads the codings without their ids, which
	// agreement does not use: for a snapshot that nothing else reads
	// (focal agree, focal disagreements). An export reading its snapshot
	// for more than agreement leaves it false, or its codings would be
	// read a second time, with the ids.
	WithoutCodingIDs bool
}

// ExcludedSource is a source left out of agreement because some compared
// coders have not marked it done.
type ExcludedSource struct {
	Source  string   `json:"source"`
	NotDone []string `json:"not_done_by"`
}

// AgreementInput is the one assembly of what agreement, disagreements,
// open consensus places and the exports compute from: the compared
// coders, the codes (paths), each source's text, turns, units and codings.
type AgreementInput struct {
	Coders   []string
	Codes    []string
	Sources  []agreement.Source
	Excluded []ExcludedSource
	Options  agreement.Options
	// LeftOutCodes lists the active codes of the codebook that are not in
	// Codes: not chosen (--code, --version) or unused by the compared
	// coders in the compared sources.
	LeftOutCodes []agreement.LeftOutCode
	// LeftOutCoders lists the coders of the project not compared, and why.
	LeftOutCoders []LeftOutCoder
}

// LeftOutCoder is a coder of the project that agreement does not compare:
// Reason is "not chosen" (--coders named others) or "no codings".
type LeftOutCoder struct {
	Coder  string `json:"coder"`
	Reason string `json:"reason"`
}

// QueryError is a mistake in what was asked (an unknown unit or scope), as
// opposed to a refusal or a failure: front ends report it as a usage error.
type QueryError struct{ Err error }

func (e QueryError) Error() string { return e.Err.Error() }
func (e QueryError) Unwrap() error { return e.Err }

// AgreementInput gathers the input of agreement for q, as p. It holds the
// spans of every compared coder, and even a figure computed from it tells
// of their codings (code a turn, run agreement again, and the change shows
// whether a colleague coded it), so it is refused while blind coding is
// on, to everyone, PIs included (MayCompare).
func (st *Study) AgreementInput(ctx context.Context, p Person, q AgreementQuery) (in *AgreementInput, err error) {
	err = st.Snapshot(ctx, func(snap *Study) error {
		if err := snap.MayCompare(ctx, p); err != nil {
			return err
		}
		in, err = snap.agreementInput(ctx, q)
		return err
	})
	return in, err
}

// MayCompare is the one answer to "may p compare coders' work": agreement
// figures, disagreements, the agreement dashboard and consensus work all
// show, or let one work out, what the compared coders coded. It is
// refused with ErrBlindComparison while blind coding is on, to everyone
// (blinding holds for PIs too), named or not: a PI must switch it off.
func (st *Study) MayCompare(ctx context.Context, p Person) error {
	sight, err := st.SightOrNobody(ctx, p)
	if err != nil {
		return err
	}
	if sight.Blind {
		return ErrBlindComparison
	}
	return nil
}

func (st *Study) agreementInput(ctx context.Context, q AgreementQuery) (*AgreementInput, error) {
	s := st.store
	unit, err := agreement.ParseUnit(q.Unit)
	if err != nil {
		return nil, QueryError{err}
	}
	scope, err := agreement.ParseScope(q.Scope)
	if err != nil {
		return nil, QueryError{err}
	}
	d := &AgreementInput{Coders: q.Coders, Options: agreement.Options{Unit: unit, Scope: scope}}
	var prepared func() map[string]agreement.Source
	if len(q.Sources) != 1 {
		// The sources' texts and turns are read first and made ready for
		// agreement on another core while SQLite reads the codings.
		prepared = st.prepareSources(ctx, q.Sources, d.Options)
		// Agreement over several sources reads every coding: read once,
		// they also count the team's codings below.
		read := s.ReadProjectCodings
		if q.WithoutCodingIDs {
			read = s.ReadProjectCodingsWithoutIDs
		}
		if err := read(ctx); err != nil {
			return nil, err
		}
	}
	// team is every coder of the project with their codings, read once.
	var team []store.Coder
	if len(d.Coders) == 0 {
		// By default, the coders who coded: a PI who only reviews, or a
		// coder who has not started, has nothing to agree on.
		if team, err = s.Coders(ctx); err != nil {
			return nil, err
		}
		for _, c := range team {
			if c.Codings > 0 {
				d.Coders = append(d.Coders, c.Name)
			}
		}
	}
	// A coder named twice would be compared with themself, or lose their
	// codings from one of the comparisons: refused. A coder may belong to
	// two groups (ana+cy,ben+cy): their codings count in both.
	entries := map[string]bool{}
	for _, entry := range d.Coders {
		inGroup := map[string]bool{}
		var names []string
		for _, name := range strings.Split(entry, "+") {
			name = strings.TrimSpace(name)
			if inGroup[name] {
				return nil, QueryError{fmt.Errorf("%s is named twice in the group %s; name each coder once", name, entry)}
			}
			inGroup[name] = true
			names = append(names, name)
		}
		slices.Sort(names)
		key := strings.Join(names, "+")
		if entries[key] {
			return nil, QueryError{fmt.Errorf("%s is named twice in --coders; name each coder or group once", entry)}
		}
		entries[key] = true
	}
	for _, entry := range d.Coders {
		for _, name := range strings.Split(entry, "+") {
			if _, err := s.Coder(ctx, strings.TrimSpace(name)); err != nil {
				return nil, err
			}
		}
	}
	if len(d.Coders) < 2 {
		if len(q.Coders) == 0 {
			return nil, fmt.Errorf("agreement needs at least two coders who coded; %d have codings (see `focal coder list`)", len(d.Coders))
		}
		return nil, errors.New("agreement needs at least two coders (see `focal coder list`)")
	}
	// Codes: chosen, or those of a frozen version, or every active code.
	codebook, err := s.CurrentCodebook(ctx)
	if err != nil {
		return nil, err
	}
	pathOf := map[string]string{}
	for _, c := range codebook.Codes {
		pathOf[c.ID] = c.Path
	}
	allowed := map[string]bool{}
	switch {
	case len(q.Codes) > 0:
		for _, ref := range q.Codes {
			c, err := s.Code(ctx, ref)
			if err != nil {
				return nil, err
			}
			allowed[c.ID] = true
		}
	case q.Version != "":
		v, err := s.CodebookVersion(ctx, q.Version)
		if err != nil {
			return nil, err
		}
		for _, c := range v.Snapshot.Codes {
			if !c.Retired {
				allowed[c.ID] = true
			}
		}
	}
	sources, err := s.Sources(ctx)
	if err != nil {
		return nil, err
	}
	if len(q.Sources) > 0 {
		want := map[string]bool{}
		for _, ref := range q.Sources {
			src, err := s.Source(ctx, ref)
			if err != nil {
				return nil, err
			}
			want[src.ID] = true
		}
		kept := sources[:0]
		for _, src := range sources {
			if want[src.ID] {
				kept = append(kept, src)
			}
		}
		sources = kept
	}
	done, err := s.DoneMarks(ctx)
	if err != nil {
		return nil, err
	}
	used := map[string]bool{}
	keep := func(codeID string) bool { return len(allowed) == 0 || allowed[codeID] }
	var comparing []store.Source
	for _, src := range sources {
		if !q.IncludeUnfinished {
			if missing := notDone(d.Coders, done[src.Name]); len(missing) > 0 {
				d.Excluded = append(d.Excluded, ExcludedSource{Source: src.Name, NotDone: missing})
				continue
			}
		}
		comparing = append(comparing, src)
	}
	// Several sources: every coding is read in one pass rather than source
	// by source through the index, which on a large project fetches each
	// row from a different place in the file.
	var bulk map[string][]store.CodedSpan
	if len(comparing) > 1 {
		_, members := coderGroups(d.Coders)
		ids := store.WithCodingIDs
		if q.WithoutCodingIDs {
			ids = store.WithoutCodingIDs
		}
		if bulk, err = s.ProjectCodedSpans(ctx, members, ids); err != nil {
			return nil, err
		}
		if err := s.ReadProjectTurns(ctx); err != nil {
			return nil, err
		}
	}
	var ready map[string]agreement.Source
	if prepared != nil && bulk != nil {
		ready = prepared()
	}
	for _, src := range comparing {
		as, ok := ready[src.ID]
		if ok {
			addCodings(&as, bulk[src.ID], d.Coders, keep, pathOf, used, false)
		} else if as, _, err = st.agreementSourceWith(ctx, src, d.Coders, keep, pathOf, used, unit, bulk, false); err != nil {
			return nil, err
		}
		d.Sources = append(d.Sources, as)
	}
	for _, c := range codebook.Codes {
		if c.Retired {
			continue
		}
		if (len(allowed) > 0 && allowed[c.ID]) || (len(allowed) == 0 && used[c.Path]) {
			d.Codes = append(d.Codes, c.Path)
		}
	}
	sort.Strings(d.Codes)
	d.LeftOutCodes, d.LeftOutCoders = []agreement.LeftOutCode{}, []LeftOutCoder{}
	for _, c := range codebook.Codes {
		if c.Retired || slices.Contains(d.Codes, c.Path) {
			continue
		}
		why := agreement.CodeUnused
		if len(allowed) > 0 {
			why = agreement.CodeNotChosen
		}
		d.LeftOutCodes = append(d.LeftOutCodes, agreement.LeftOutCode{Code: c.Path, Reason: why})
	}
	sort.Slice(d.LeftOutCodes, func(i, j int) bool { return d.LeftOutCodes[i].Code < d.LeftOutCodes[j].Code })
	if team == nil {
		// Counting everyone's codings is slow on a large project: only
		// when --coders chose, and the list is not at hand yet.
		if team, err = s.Coders(ctx); err != nil {
			return nil, err
		}
	}
	compared := map[string]bool{}
	for _, entry := range d.Coders {
		for _, name := range strings.Split(entry, "+") {
			compared[strings.TrimSpace(name)] = true
		}
	}
	for _, c := range team {
		switch {
		case compared[c.Name]:
		case len(q.Coders) > 0:
			d.LeftOutCoders = append(d.LeftOutCoders, LeftOutCoder{Coder: c.Name, Reason: "not chosen"})
		default:
			d.LeftOutCoders = append(d.LeftOutCoders, LeftOutCoder{Coder: c.Name, Reason: "no codings"})
		}
	}
	return d, nil
}

// notDone lists the compared coders (group members included) who have not
// marked a source done.
func notDone(coders, done []string) []string {
	have := map[string]bool{}
	for _, c := range done {
		have[c] = true
	}
	var missing []string
	for _, entry := range coders {
		for _, c := range strings.Split(entry, "+") {
			if c = strings.TrimSpace(c); !have[c] {
				missing = append(missing, c)
			}
		}
	}
	return missing
}

// agreementSource reads one source's text, turns, units and the compared
// coders' codings; it also returns the codings themselves, with their ids.
func (st *Study) agreementSource(ctx context.Context, src store.Source, coders []string, keep func(string) bool, pathOf map[string]string, used map[string]bool) (agreement.Source, []store.CodedSpan, error) {
	return st.agreementSourceWith(ctx, src, coders, keep, pathOf, used, "", nil, true)
}

// coderGroups says which compared entries each coder belongs to (a coder
// may be in two groups), and lists the coders in the order first named.
func coderGroups(coders []string) (map[string][]int, []string) {
	groupsOf := map[string][]int{}
	var members []string
	for i, entry := range coders {
		for _, name := range strings.Split(entry, "+") {
			name = strings.TrimSpace(name)
			if groupsOf[name] == nil {
				members = append(members, name)
			}
			groupsOf[name] = append(groupsOf[name], i)
		}
	}
	return groupsOf, members
}

// agreementSourceWith is agreementSource reading the stored words only for
// word units and the sentences only for sentence units ("" reads both):
// a large project's words are most of what it stores. The coded spans
// are taken from bulk (the compared coders' codings by source id, as
// ProjectCodedSpans reads them) when it is not nil. The codings used are
// returned only when withCodings asks for them.
func (st *Study) agreementSourceWith(ctx context.Context, src store.Source, coders []string, keep func(string) bool, pathOf map[string]string, used map[string]bool, unit agreement.Unit, bulk map[string][]store.CodedSpan, withCodings bool) (agreement.Source, []store.CodedSpan, error) {
	parts, err := st.readSourceParts(ctx, src, unit)
	if err != nil {
		return parts.source(), nil, err
	}
	as := parts.source()
	spans := bulk[src.ID]
	if bulk == nil {
		_, members := coderGroups(coders)
		if spans, err = st.store.CodedSpans(ctx, src.ID, members); err != nil {
			return as, nil, err
		}
	}
	return as, addCodings(&as, spans, coders, keep, pathOf, used, withCodings), nil
}

// sourceParts is what agreement reads of a source besides its codings.
type sourceParts struct {
	src              store.Source
	text             string
	turns            []store.Turn
	words, sentences []corpus.Span
}

// readSourceParts reads a source's text and turns, its stored words only
// for word units and its sentences only for sentence units ("" reads
// both): a large project's words are most of what it stores. What was
// read before an error is returned with it.
func (st *Study) readSourceParts(ctx context.Context, src store.Source, unit agreement.Unit) (sourceParts, error) {
	s := st.store
	parts := sourceParts{src: src}
	var err error
	if parts.text, err = s.SourceText(ctx, src.ID); err != nil {
		return sourceParts{src: src}, err
	}
	if parts.turns, err = s.Turns(ctx, src.ID); err != nil {
		return sourceParts{src: src}, err
	}
	if unit == "" || unit == agreement.UnitWord {
		if parts.words, err = s.Units(ctx, src.ID, "word"); err != nil && !errors.Is(err, store.ErrNotFound) {
			return parts, err
		}
	}
	if unit == "" || unit == agreement.UnitSentence {
		if parts.sentences, err = s.Units(ctx, src.ID, "sentence"); err != nil && !errors.Is(err, store.ErrNotFound) {
			return parts, err
		}
	}
	return parts, nil
}

// source is the agreement source of the parts, with no codings yet.
func (parts sourceParts) source() agreement.Source {
	as := agreement.Source{Name: parts.src.Name, Text: parts.text, Codings: map[string][][]corpus.Span{},
		Words: parts.words, Sentences: parts.sentences}
	for _, t := range parts.turns {
		as.Turns = append(as.Turns, agreement.Turn{Seq: t.Seq, Speaker: t.Speaker, Moderator: t.Role == "moderator", Label: t.LabelSpan, Utterance: t.Utterance()})
	}
	return as
}

// addCodings adds to as the coded spans (one source's, ordered as
// CodedSpans orders them) of the compared coders whose code keep keeps,
// under each code's path, and marks the paths used. It returns the
// codings added when withCodings asks for them.
func addCodings(as *agreement.Source, spans []store.CodedSpan, coders []string, keep func(string) bool, pathOf map[string]string, used map[string]bool, withCodings bool) []store.CodedSpan {
	// groupsOf[name] lists the compared entries a coder belongs to (a coder
	// may be in two groups).
	groupsOf, _ := coderGroups(coders)
	var kept []store.CodedSpan
	if withCodings {
		kept = make([]store.CodedSpan, 0, len(spans))
	}
	for _, cs := range spans {
		if !keep(cs.CodeID) {
			continue
		}
		path := pathOf[cs.CodeID]
		per := as.Codings[path]
		if per == nil {
			per = make([][]corpus.Span, len(coders))
			as.Codings[path] = per
		}
		for _, i := range groupsOf[cs.Coder] {
			per[i] = append(per[i], cs.Span)
		}
		used[path] = true
		if withCodings {
			kept = append(kept, cs)
		}
	}
	return kept
}

// prepareSources reads the texts and turns of the sources refs names
// (every source when none), and makes each an agreement source, with no
// codings yet, on another goroutine, so that the work overlaps the reading
// of the codings that follows; the function returned waits for them, by
// source id. The white space of each text is found there too (what
// agreement.Layout spends most of its time on), except under the nvivo
// scope, whose units take no account of it.
//
// Only the reading is done here (one connection holds the snapshot); the
// goroutine reads nothing. It returns nil, having made nothing, when a
// source is not found or a read fails: agreementInput then reads each
// source as before and reports the error where it always did.
func (st *Study) prepareSources(ctx context.Context, refs []string, opts agreement.Options) func() map[string]agreement.Source {
	s := st.store
	sources, err := s.Sources(ctx)
	if err != nil {
		return nil
	}
	if len(refs) > 0 {
		want := map[string]bool{}
		for _, ref := range refs {
			src, err := s.Source(ctx, ref)
			if err != nil {
				return nil
			}
			want[src.ID] = true
		}
		sources = slices.DeleteFunc(sources, func(src store.Source) bool { return !want[src.ID] })
	}
	if len(sources) < 2 {
		return nil
	}
	if err := s.ReadProjectTurns(ctx); err != nil {
		return nil
	}
	parts := make([]sourceParts, len(sources))
	for i, src := range sources {
		if parts[i], err = st.readSourceParts(ctx, src, opts.Unit); err != nil {
			return nil
		}
	}
	out := make(map[string]agreement.Source, len(parts))
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, p := range parts {
			as := p.source()
			if opts.Scope != agreement.ScopeNVivo {
				blanks := agree.BlankRunes(as.Text)
				as.Blanks = &blanks
			}
			out[p.src.ID] = as
		}
	}()
	return func() map[string]agreement.Source {
		<-done
		return out
	}
}
