// Package corpus holds the transcripts of a study: sources, their stored
// text, turns, speakers and participants, and the positions that every other
// part of Focal uses to point into a transcript.
//
// The stored text of a source follows ../docs/DATA.md: UTF-8, NFC, LF line
// ends, no trailing spaces, one turn per line as "Label: utterance".
// Positions seen by users are code-point offsets into that text.
package corpus
