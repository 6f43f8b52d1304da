// Package nlp finds the units that agreement statistics and search count in
// a source's stored text, sentences and words, as byte ranges, and guesses
// the language a transcript is written in.
//
// Everything here works on byte offsets into the stored text (see
// docs/DATA.md); callers convert to code-point offsets at the boundary with
// the shared helper before showing positions to anyone.
//
// # Sentences
//
// A sentence never crosses an utterance (the part of a turn after "Label: ")
// nor a line break inside one (a paragraph break in stored text): turns and
// paragraphs are units the transcriber chose, so they always end a
// sentence, punctuated or not. Inside a paragraph the splitter depends on
// the language:
//
//   - "en" uses Punkt with the English model that prose/v2 uses underneath
//     (gopkg.in/neurosnap/sentences.v1), loaded once per [Segmenter] instead
//     of once per prose document (NOTES: ~25 ms each), and run on each
//     paragraph, so that speaker labels and other turns never sway it. Our
//     own word tokenizer gives Punkt byte offsets, so sentences need no
//     mapping back from text. A last pass of transcript rules corrects
//     Punkt and prose: titles ("Mr. Brown", "Dr. Green") never end a
//     sentence; "..." and "…" end one only before a capital; "No." ends one
//     unless a number follows; "etc.", "p.m.", "U.S." end one before a
//     capitalised frequent sentence starter ("We", "Then", "I") and not
//     before a lower-case word.
//   - "es", "fr", "de" and "pt" use a rule-based splitter with an
//     abbreviation table per language. Punkt's English model splits
//     "La Dra. Pérez" after "Dra." and knows nothing of "¿" and "¡".
//   - any other language, "" included, uses the rule-based splitter with
//     every table at once: it is predictable, and Punkt's English
//     statistics say nothing about the words of other languages.
//
// prose itself is not used here (only the tests compare against it): its
// 17 MB tagging model serves only the named-entity suggestions of
// de-identification, in the nested package names.
//
// # Words
//
// A word is a maximal run of letters, digits and combining marks, where an
// apostrophe or hyphen between two such characters joins them (don't,
// well-being, d'accord) and so does a decimal point or comma between two
// digits (3.5, 1,000). See [Words].
package nlp
