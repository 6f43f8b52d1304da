package deid

import (
	"testing"
)

func TestListedNamesAreReplacedAndGatedWhateverTheirCase(t *testing.T) {
	names := []ListedName{
		{Name: "Emeka", Participant: "P04", Kind: KindName},
		{Name: "Springfield General", Kind: KindOrganisation},
		{Name: "Hope", Kind: KindPlace, Replacement: "[town]"}, // also a common word
	}
	pseudonym := func(p string) string { return map[string]string{"P04": "Obi"}[p] }
	vocab := NewVocabulary()
	text := "emeka and ÉMEKA went from springfield general to Hope; we hope so."
	got := Render(text, nil, NameWords(names, vocab, pseudonym)).String()
	if want := "Obi and Obi went from [institution] to [town]; we hope so."; got != want {
		t.Errorf("rendered %q, want %q", got, want)
	}
	gate := NewGate(NameTerms(names, vocab), nil)
	vs := gate.Check("quote", text)
	var found []string
	for _, v := range vs {
		found = append(found, v.Found)
	}
	if len(found) != 4 || found[0] != "emeka" || found[1] != "ÉMEKA" || found[2] != "springfield general" || found[3] != "Hope" {
		t.Errorf("the gate found %q, want emeka, ÉMEKA, springfield general and Hope (not the verb hope)", found)
	}
	if vs[0].What != "listed name of participant P04" {
		t.Errorf("what = %q", vs[0].What)
	}
	if vs := gate.Check("quote", got); len(vs) != 0 {
		t.Errorf("the rendered text still holds %v", vs)
	}
}

func TestInstitutionDetector(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{"I was at Springfield General for years.", []string{"Springfield General"}},
		{"Then St. Mary's Hospital called.", []string{"St. Mary's Hospital"}},
		{"Estudié en la Universidad de Chile y luego…", []string{"Universidad de Chile"}},
		{"Me mandaron al Centro de Salud Los Olivos.", []string{"Centro de Salud Los Olivos"}},
		// The town after the name goes with it: replacing more is the safe side.
		{"El Hospital San Juan de Dios de Santiago.", []string{"Hospital San Juan de Dios de Santiago"}},
		{"The Surgeon General spoke.", nil},
		{"In general the hospital was fine.", nil},
		{"The University made us pay.", nil},
		{"Generally the Riverside Generals win.", nil},
		{"The Monday Clinic is busy.", nil},
	}
	for _, tc := range cases {
		var got []string
		for _, c := range resolve(institutionCandidates(tc.text, "en")) {
			got = append(got, tc.text[c.start:c.end])
			if c.kind != KindOrganisation || c.replacement != "[institution]" {
				t.Errorf("%q: kind %s, replacement %s", tc.text, c.kind, c.replacement)
			}
		}
		if len(got) != len(tc.want) || len(got) > 0 && got[0] != tc.want[0] {
			t.Errorf("in %q found %q, want %q", tc.text, got, tc.want)
		}
	}
}
