package study

import "time"

// Now is the project's clock: what exports stamp as the time they were
// made (tests set the store's clock to fix it).
func (st *Study) Now() time.Time { return st.store.Now() }
