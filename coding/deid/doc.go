// Package deid finds what may identify someone in a study's transcripts,
// renders text with the replacements researchers accepted, and gates
// exports: a gate refuses text in which a known real name or an accepted
// identifier still appears.
//
// It is pure logic: the store keeps findings and decisions, the command
// line feeds them in. Named-entity recognition is optional and comes in
// through [EntityFinder] (corpus/nlp/names implements it with prose for
// English); everything else here works on any language.
//
// Positions that leave the package are code points into a source's stored
// text (corpus.Span); byte offsets stay inside.
//
// The gate protects against what the project knows: the names of speakers
// and participants, the identifiers researchers accepted and the project's
// word list. A name nobody recorded, a nickname, or a description that
// identifies someone without naming them passes it.
package deid
