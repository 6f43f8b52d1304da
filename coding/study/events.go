package study

import "context"

// LastChange is the number of the newest event in the log (0 for none):
// a workspace compares it to see whether anyone changed the project. It
// says nothing of what changed, so blinding has nothing to hide in it.
func (st *Study) LastChange(ctx context.Context) (int64, error) {
	events, err := st.store.Events(ctx, "", "", 1)
	if err != nil || len(events) == 0 {
		return 0, err
	}
	return events[len(events)-1].Seq, nil
}
