// Package dataset is the shared data model of Focal's exports for
// investigators (workbook, CSV, report): the project read once, resolved to
// the layer each source is exported from, clipped to the turns of the
// people who spoke, and filtered by the one function that decides what may
// leave the project (Policy.Admit).
//
// The command line fills an Input from the project file; Build turns it
// into a Dataset, and the export packages only read a Dataset. Nothing here
// speaks SQL or knows the store.
package dataset
