// Package refiqda reads and writes the REFI-QDA interchange formats that
// NVivo, ATLAS.ti, MAXQDA and QualCoder share: the project exchange file
// (.qdpx, a zip holding project.qde and the source texts) and the codebook
// exchange file (.qdc).
//
// The package speaks no SQL. It translates between the XML of the standard
// (QDA-XML 1.0, urn:QDA-XML:project:1.0) and a Project in Focal's terms:
// coders, a code tree, sources in stored form, codings in code points,
// themes, memos and participants. Reading detects, per source, whether the
// file counts positions in code points (as REFI-QDA 1.5 §10.2 asks) or in
// UTF-16 units (as NVivo writes them), normalises each text into Focal's
// stored form and maps every selection through that change. Everything the
// file holds that Focal cannot take is listed in the Report, never dropped
// silently. docs/REFIQDA.md explains the choices.
package refiqda
