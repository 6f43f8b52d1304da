package cli

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/focalqda/focal/coding/store"
)

// Transitional: what commands not yet moved into the core still use.
// Delete this file once no command calls app.Store or app.ctx.

// Store is the project file's adapter for commands not yet moved into the
// core; a command that touches a rule of the study (blinding, the
// consensus, de-identification) uses Study instead.
func (a *App) Store(ctx context.Context) (*store.Store, error) {
	st, err := a.Study(ctx)
	if err != nil {
		return nil, err
	}
	return st.Store(), nil
}

// ctx tags the context with the acting person for the event log.
func (a *App) ctx(cmd *cobra.Command) context.Context {
	return store.WithActor(cmd.Context(), a.actor())
}
