package corpus

import "testing"

func TestNameMapReplace(t *testing.T) {
	m := NewNameMap(map[string]string{"Ana": "P01", "Ana María": "P02", "Zoë": "P03", "Dr. Whitfield": "Dr. W"})
	cases := []struct{ in, want string }{
		{"Ana said hi", "P01 said hi"},
		{"Ana María y Ana", "P02 y P01"},
		{"Banana and Anabel", "Banana and Anabel"},
		{"ask Zoë, then Zoëtrope", "ask P03, then Zoëtrope"},
		{"(Dr. Whitfield)", "(Dr. W)"},
		{"ana is lower case", "ana is lower case"},
	}
	for _, tc := range cases {
		if got := m.Replace(tc.in); got != tc.want {
			t.Errorf("Replace(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if p, ok := m.Lookup("Zoe\u0308"); !ok || p != "P03" {
		t.Errorf("Lookup of decomposed Zoë = %q, %v", p, ok)
	}
}
