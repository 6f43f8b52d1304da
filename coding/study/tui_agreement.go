package study

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"sort"

	"github.com/focalqda/focal/coding/agreement"
	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/corpus"
)

// ErrBlindComparison refuses what shows every coder's work side by side
// (the agreement dashboard, the compare view) while blind coding is on.
var ErrBlindComparison = errors.New("blind coding is on: comparing shows everyone's codings, so a PI must switch blinding off first (`focal blind off`)")

// TeamAgreement is the input of agreement between everyone who has coded,
// over every source, finished or not: what the terminal's agreement
// dashboard computes from. It is read with the same assembly as
// AgreementInput (the same sources, turns and coded spans).
type TeamAgreement struct {
	// Coders are the coders with codings in the project (the consensus
	// layer aside), in the project's order.
	Coders []string
	// Codes are the paths of the codes they used, sorted.
	Codes []string
	// Sources are every source in the project's order, with the coders'
	// codings in the order of Coders, each coder's spans in text order.
	Sources []agreement.Source
	// Listed are the same sources as the project lists them.
	Listed []corpus.Source
	// CodedBy lists, per source, the coders with codings there, in the
	// project's order: whom a comparison of that source compares.
	CodedBy [][]string
}

// TeamAgreement reads the agreement of everyone who has coded, as p, in
// one snapshot (see Snapshot). It shows every coder's work, so it is
// refused while blind coding is on (ErrBlindComparison).
func (st *Study) TeamAgreement(ctx context.Context, p Person) (t *TeamAgreement, err error) {
	err = st.Snapshot(ctx, func(snap *Study) error {
		t, err = snap.teamAgreement(ctx, p)
		return err
	})
	return t, err
}

func (st *Study) teamAgreement(ctx context.Context, p Person) (*TeamAgreement, error) {
	if err := st.MayCompare(ctx, p); err != nil {
		return nil, err
	}
	s := st.store
	people, err := s.Coders(ctx)
	if err != nil {
		return nil, err
	}
	var everyone []string
	for _, c := range people {
		if c.Role != "consensus" && c.Name != store.ConsensusCoder {
			everyone = append(everyone, c.Name)
		}
	}
	codebook, err := s.CurrentCodebook(ctx)
	if err != nil {
		return nil, err
	}
	pathOf := map[string]string{}
	for _, c := range codebook.Codes {
		pathOf[c.ID] = c.Path
	}
	sources, err := s.Sources(ctx)
	if err != nil {
		return nil, err
	}
	t := &TeamAgreement{Listed: sources}
	used := map[string]bool{}
	all := func(string) bool { return true }
	coded := make([]bool, len(everyone))
	for _, src := range sources {
		as, _, err := st.agreementSource(ctx, src, everyone, all, pathOf, used)
		if err != nil {
			return nil, err
		}
		here := make([]bool, len(everyone))
		for _, per := range as.Codings {
			for i, spans := range per {
				if len(spans) > 0 {
					here[i], coded[i] = true, true
				}
			}
		}
		var by []string
		for i, name := range everyone {
			if here[i] {
				by = append(by, name)
			}
		}
		t.CodedBy = append(t.CodedBy, by)
		t.Sources = append(t.Sources, as)
	}
	// Keep the coders who coded anything, and each one's spans in text
	// order (the order the coding listings give).
	var keep []int
	for i, name := range everyone {
		if coded[i] {
			keep = append(keep, i)
			t.Coders = append(t.Coders, name)
		}
	}
	for _, as := range t.Sources {
		for path, per := range as.Codings {
			kept := make([][]corpus.Span, len(keep))
			for j, i := range keep {
				if i < len(per) {
					kept[j] = per[i]
					slices.SortStableFunc(kept[j], func(a, b corpus.Span) int {
						return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
					})
				}
			}
			as.Codings[path] = kept
		}
	}
	for path := range used {
		t.Codes = append(t.Codes, path)
	}
	sort.Strings(t.Codes)
	return t, nil
}
