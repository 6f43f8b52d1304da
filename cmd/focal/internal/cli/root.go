package cli

import (
	"github.com/spf13/cobra"
)

func newRootCmd(app *App) *cobra.Command {
	root := &cobra.Command{
		Use:   "focal",
		Short: "Thematic analysis of focus groups in the terminal",
		Long: `Focal imports focus-group transcripts, lets a team code them (blind, each on
their own), compares coders, builds themes and exports the results. A project
is one file (study.focal); every change is kept in its event log.

The project is found with -p/--project FILE, else $FOCAL_PROJECT, else the only
*.focal file in the current directory.`,
		Example: `  focal demo                       # build and explore a demo project
  focal init study.focal --title "Belonging in residency"
  focal import fg01.vtt fg02.docx --group site-north
  focal source list`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().StringVarP(&app.projectFlag, "project", "p", "", "project file (default $FOCAL_PROJECT or the only *.focal here)")
	root.PersistentFlags().StringVar(&app.asFlag, "as", "", "act as this coder (default $FOCAL_CODER)")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(
		newInitCmd(app),
		newImportCmd(app),
		newSourceCmd(app),
		newSpeakerCmd(app),
		newParticipantCmd(app),
		newCoderCmd(app),
		newBlindCmd(app),
		newProgressCmd(app),
		newTUICmd(app),
		newReviewCmd(app),
		newExportCmd(app),
		newCodeCmd(app),
		newCodebookCmd(app),
		newCodingCmd(app),
		newSearchCmd(app),
		newQueryCmd(app),
		newTurnCmd(app),
		newAgreeCmd(app),
		newDisagreementsCmd(app),
		newConsensusCmd(app),
		newDeidCmd(app),
		newMembercheckCmd(app),
		newMemoCmd(app),
		newThemeCmd(app),
		newSuggestCmd(app),
		newSaturationCmd(app),
		newVoicesCmd(app),
		newServeCmd(app),
		newTeamCmd(app),
		newCopyCmd(app),
		newPackCmd(app),
		newMergeCmd(app),
		newUndoCmd(app),
		newRedoCmd(app),
		newLogCmd(app),
		newDemoCmd(app),
		newVersionCmd(app),
	)
	return root
}
