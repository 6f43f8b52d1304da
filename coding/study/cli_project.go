package study

import (
	"context"
	"time"
)

// CreateAs makes a new project file, as Create does, with the person who
// creates it named in the log's first event.
func CreateAs(ctx context.Context, p Person, path, title string) (*Study, error) {
	if err := p.mayAct(); err != nil {
		return nil, err
	}
	return Create(p.ctx(ctx), path, title)
}

// SetClock makes the project stamp what it records from now on with the
// times now gives, instead of the time of day: the demo project tells its
// story on invented dates.
func (st *Study) SetClock(now func() time.Time) { st.store.Now = now }
