package study

import (
	"errors"
	"strings"
	"testing"
)

// Whose codings an export reads: under blinding only the person's own.
func TestExportLayerFollowsBlinding(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, who, asked string
		unblind          bool
		want             string
		refused          string
	}{
		{name: "a coder's default under blinding", who: "ben", want: "ben"},
		{name: "a coder names themself", who: "ben", asked: "ben", want: "ben"},
		{name: "every coder under blinding", who: "ben", asked: "all", refused: "every coder's codings"},
		{name: "the consensus under blinding", who: "amara", asked: "consensus", refused: "the consensus layer"},
		{name: "another coder under blinding", who: "amara", asked: "ben", refused: "ben's codings"},
		{name: "nobody named under blinding", refused: ErrNoCoder.Error()},
		{name: "the default without blinding", unblind: true, want: "all"},
		{name: "another coder without blinding", who: "amara", asked: "ben", unblind: true, want: "ben"},
		{name: "the consensus without blinding", asked: "consensus", unblind: true, want: "consensus"},
		{name: "someone not in the project", asked: "zoe", unblind: true, refused: "--coder"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newProject(t)
			if tc.unblind {
				p.unblind(t)
			}
			layer, err := p.st.ExportLayer(t.Context(), As(tc.who), tc.asked)
			if tc.refused != "" {
				if err == nil || !strings.Contains(err.Error(), tc.refused) {
					t.Fatalf("%q exports %q: %+v, %v; want a refusal saying %q", tc.who, tc.asked, layer, err, tc.refused)
				}
				if tc.who == "" && !tc.unblind && !errors.Is(err, ErrNoCoder) {
					t.Errorf("refusal without a name: %v, want ErrNoCoder", err)
				}
				return
			}
			if err != nil || layer.Choice != tc.want || layer.Blind == tc.unblind {
				t.Errorf("%q exports %q: %+v, %v; want %q (blind %v)", tc.who, tc.asked, layer, err, tc.want, !tc.unblind)
			}
		})
	}
}
