package study

import (
	"context"
	"fmt"
	"strings"

	"github.com/focalqda/focal/coding/deid"
	"github.com/focalqda/focal/coding/store"
)

// DeidNameInput is a name to put on the project's name list.
type DeidNameInput struct {
	// Name is the name as it is usually written ("Emeka", "Springfield
	// General"); it is matched whatever its case and accents.
	Name string
	// Kind is person, place or organisation ("institution" and
	// "organization" are taken for organisation); empty means person, or
	// the participant's name when Participant is set.
	Kind string
	// Participant is the participant whose nickname or other name it is:
	// their pseudonym replaces it.
	Participant string
	// Replacement replaces it instead of the pseudonym or placeholder.
	Replacement string
}

// DeidNameAdded is what adding a name did.
type DeidNameAdded struct {
	Name store.DeidName `json:"name"`
	// Changed is false when the list already had the name so.
	Changed bool `json:"changed"`
	// CommonWord is set for a one-word name that is also a common word
	// ("Hope"): it is matched only as written.
	CommonWord bool `json:"common_word"`
}

// AddDeidName puts a name on the project's name list, or changes the entry
// of the same name (whatever its case and accents). Listed names are
// found by every scan (detector name-list), replaced wherever they occur
// when text is rendered for export, and refused by the gate, whatever
// their case and accents; a one-word name that is also a common word is
// matched only as written. A participant's id or pseudonym cannot be
// listed: pseudonyms are what replaces names.
func (st *Study) AddDeidName(ctx context.Context, p Person, in DeidNameInput) (DeidNameAdded, error) {
	if err := p.mayAct(); err != nil {
		return DeidNameAdded{}, err
	}
	in.Name = strings.TrimSpace(in.Name)
	in.Participant = strings.TrimSpace(in.Participant)
	folded := deid.FoldName(in.Name)
	if folded == "" {
		return DeidNameAdded{}, fmt.Errorf("%q is no name: give a name with letters, e.g. Emeka", in.Name)
	}
	switch kind := strings.ToLower(strings.TrimSpace(in.Kind)); kind {
	case "":
		in.Kind = deid.KindPerson
		if in.Participant != "" {
			in.Kind = deid.KindName
		}
	case deid.KindPerson, deid.KindPlace:
		in.Kind = kind
	case deid.KindOrganisation, "organization", "institution":
		in.Kind = deid.KindOrganisation
	case deid.KindName:
		if in.Participant == "" {
			return DeidNameAdded{}, fmt.Errorf("kind name is a participant's name: say whose with --participant, or use person")
		}
		in.Kind = kind
	default:
		return DeidNameAdded{}, fmt.Errorf("kind %q is not one of person, place, organisation (or name, with --participant)", in.Kind)
	}
	if in.Participant != "" && in.Kind != deid.KindName {
		return DeidNameAdded{}, fmt.Errorf("a name with --participant is that participant's name (kind name), not a %s", in.Kind)
	}
	participants, err := st.store.Participants(ctx)
	if err != nil {
		return DeidNameAdded{}, err
	}
	for _, pt := range participants {
		if folded == deid.FoldName(pt.Name) || folded == deid.FoldName(pt.Pseudonym) {
			return DeidNameAdded{}, fmt.Errorf("%q is participant %s's id or pseudonym, which replace names; list real names only", in.Name, pt.Name)
		}
	}
	n, changed, err := st.store.AddDeidName(p.ctx(ctx), store.NewDeidName{Name: in.Name, Kind: in.Kind, Participant: in.Participant, Replacement: in.Replacement})
	if err != nil {
		return DeidNameAdded{}, err
	}
	return DeidNameAdded{Name: n, Changed: changed, CommonWord: deid.NewVocabulary().IsCommonWord(n.Name)}, nil
}

// RemoveDeidName takes a name off the list (found whatever its case and
// accents). Findings already made of it keep their decisions.
func (st *Study) RemoveDeidName(ctx context.Context, p Person, name string) (store.DeidName, error) {
	if err := p.mayAct(); err != nil {
		return store.DeidName{}, err
	}
	return st.store.RemoveDeidName(p.ctx(ctx), name)
}

// DeidNames lists the project's name list.
func (st *Study) DeidNames(ctx context.Context) ([]store.DeidName, error) {
	return st.store.DeidNames(ctx)
}

// listedNames reads the name list for the deid package, with a function
// giving each participant's pseudonym.
func (st *Study) listedNames(ctx context.Context) ([]deid.ListedName, func(string) string, error) {
	names, err := st.store.DeidNames(ctx)
	if err != nil {
		return nil, nil, err
	}
	out := make([]deid.ListedName, 0, len(names))
	pseudonyms := map[string]string{}
	for _, n := range names {
		out = append(out, deid.ListedName{Name: n.Name, Kind: n.Kind, Participant: n.Participant, Replacement: n.Replacement})
		if n.Participant != "" {
			pseudonyms[n.Participant] = n.Pseudonym
		}
	}
	return out, func(p string) string { return pseudonyms[p] }, nil
}
