package workspace

import (
	"context"
	"errors"
	"reflect"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/tui/internal/fixture"
)

// onlyBen is the project file as a front end not yet moved onto the core
// passes it, listing one coder (as the team server lists a session's).
type onlyBen struct{ *store.Store }

func (o onlyBen) Coders(ctx context.Context) ([]coding.Coder, error) {
	c, err := o.Coder(ctx, fixture.Coder)
	return []coding.Coder{c}, err
}

func TestRunTakesTheStudyOrTheFileWithTheCore(t *testing.T) {
	p := fixture.Small(t)
	ctx := t.Context()

	st, err := studyOf(p.Study, nil)
	if err != nil || st != Study(p.Study) {
		t.Errorf("a Study is used as it is: %v, %v", st, err)
	}
	if _, err := studyOf(p.Study.Store(), nil); !errors.Is(err, errNoStudy) {
		t.Errorf("the file without the core: %v, want errNoStudy", err)
	}

	// The file with the core: the coders are the file's list, the rest
	// the core's.
	st, err = studyOf(onlyBen{p.Study.Store()}, p.Study)
	if err != nil {
		t.Fatal(err)
	}
	coders, err := st.Coders(ctx)
	if err != nil || len(coders) != 1 || coders[0].Name != fixture.Coder {
		t.Errorf("coders %+v, %v; want ben alone", coders, err)
	}
	all, _ := p.Study.Sources(ctx)
	got, err := st.Sources(ctx)
	if err != nil || !reflect.DeepEqual(got, all) {
		t.Errorf("sources %+v, %v; want the core's %+v", got, err, all)
	}
	// Opened without --as, such a workspace offers to work as ben alone.
	m := New(ctx, st, Options{})
	m = run(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	m = runCmd(t, m, m.Init())
	if m.prompt != promptCoder || len(m.coders) != 1 || m.coders[0].Name != fixture.Coder {
		t.Errorf("prompt %d, coders %+v; want the choice of ben alone", m.prompt, m.coders)
	}
}
