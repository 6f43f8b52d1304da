// Package coding is the analysis of a study: coders and their roles, the
// inductive codebook and its versions, codings of transcript spans, memos,
// themes and the rules that connect them (blinding, re-anchoring through
// corrections). It holds the logic that does not need a database;
// coding/store persists it.
package coding
