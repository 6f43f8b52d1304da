package study

import (
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/store"
)

func TestPackFollowsBlinding(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	p.code(t, "ben", "isolation", p.span(t, "Say more."))
	ctx := t.Context()
	for _, tc := range []struct {
		who, want string
	}{
		{"ben", ""},        // their own work
		{"", ""},           // in ben's copy, whoever packs ben's work is ben
		{"amara", "blind"}, // a PI codes blind too
		{"carl", "blind"},
	} {
		_, err := p.st.MakePack(ctx, As(tc.who), store.PackRequest{Coder: "ben"})
		if (tc.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%q packs ben's work: %v", tc.who, err)
		}
	}
	p.unblind(t)
	if _, err := p.st.MakePack(ctx, As("amara"), store.PackRequest{Coder: "ben"}); err != nil {
		t.Errorf("a PI packs ben's work without blinding: %v", err)
	}
}
