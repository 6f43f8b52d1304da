// Package agree computes inter-coder agreement statistics in a form a
// methods reviewer can check: each formula below is the one the code
// computes, and the package's tests compare every statistic with published
// values and with a deliberately naive recomputation.
//
// # Data
//
// Reliability data are units (what was judged: a turn, a sentence, a
// character) by coders. A coder may leave a unit out (missing). Ratings
// holds such data, one row per unit or per run of identical units (a row
// may stand for 5,000 units), and turns into the two forms the statistics
// read:
//
//   - a Table, for two coders: Cells[i][j] counts the units coder A put
//     into category i and coder B into category j. Units that either coder
//     left missing are dropped.
//   - a CountTable, for any number of coders: per unit, r_ik = how many
//     coders put unit i into category k, and r_i = Σ_k r_ik, the number of
//     coders who rated it.
//
// q is the number of categories: the declared ones (Ratings.Categories),
// or else those that occur.
//
// # Two coders
//
// With N units rated by both, p_o = share of units on which they agree.
//
//   - Cohen's kappa = (p_o − p_e)/(1 − p_e), p_e = Σ_k a_k·b_k, where a_k and
//     b_k are the shares of units each coder put into category k.
//   - Scott's pi: the same with p_e = Σ_k π_k², π_k = (a_k + b_k)/2.
//   - Weighted kappa (Cohen 1968) = (p_o(w) − p_e(w))/(1 − p_e(w)),
//     p_o(w) = Σ_ij w_ij p_ij, p_e(w) = Σ_ij w_ij a_i b_j, with linear weights
//     w_ij = 1 − |i−j|/(q−1) or quadratic w_ij = 1 − (i−j)²/(q−1)². i and j
//     are ranks (0 … q−1) of the categories in ascending order, not their
//     numeric values: codes 1, 2, 10 weigh like 1, 2, 3. Unused declared
//     categories change q and therefore the weights.
//
// # Any number of coders, missing values allowed (Gwet 2014)
//
//   - Percent agreement p_a: for each unit rated by r_i ≥ 2 coders, the
//     share of the r_i(r_i−1) ordered pairs of its ratings that agree,
//     Σ_k r_ik(r_ik−1)/(r_i(r_i−1)); p_a is the mean over those units. Units
//     rated by fewer than two coders do not count. For two coders it is p_o.
//   - π_k = mean over units rated by at least one coder of r_ik/r_i.
//   - Fleiss' kappa = (p_a − p_e)/(1 − p_e), p_e = Σ_k π_k². Without missing
//     values this is Fleiss' (1971) kappa; with them it is Gwet's
//     generalisation.
//   - Gwet's AC1 = (p_a − p_e)/(1 − p_e), p_e = Σ_k π_k(1−π_k)/(q−1).
//   - Gwet's AC2 (ordered categories): p_a gives partial credit,
//     Σ_k r_ik(r*_ik − 1)/(r_i(r_i−1)) with r*_ik = Σ_l w_kl r_il, and
//     p_e = T_w/(q(q−1)) · Σ_k π_k(1−π_k), T_w = Σ_kl w_kl (same weights as
//     weighted kappa).
//   - Brennan–Prediger (Bennett's S) = (p_a − 1/q)/(1 − 1/q).
//
// # Krippendorff's alpha
//
// Only units with at least two values (m_u ≥ 2) are pairable. Each adds to
// the coincidence matrix every ordered pair of values from two different
// coders with weight 1/(m_u − 1):
//
//	o_ck = Σ_u (number of ordered c–k pairs in u)/(m_u − 1)
//	n_c = Σ_k o_ck,  n = Σ_c n_c (the number of pairable values)
//	D_o = (1/n) Σ_ck o_ck δ²(c,k)           observed disagreement
//	D_e = (1/(n(n−1))) Σ_ck n_c n_k δ²(c,k)   expected disagreement
//	alpha = 1 − D_o/D_e
//
// with δ² = 1 for different values (nominal); (Σ_{g=c..k} n_g − (n_c+n_k)/2)²
// (ordinal, summing over the categories from c to k); (c−k)² (interval);
// ((c−k)/(c+k))² (ratio, values ≥ 0). With two categories the four levels
// give the same alpha.
//
// # Undefined values
//
// A statistic that is 0/0 is returned as a Value with Defined = false and
// a Reason, never as 0, 1 or NaN, and is null in JSON. This happens when
// no unit has two ratings (nothing to compare), when every rating is one
// and the same category (p_e = 1, D_e = 0; kappa, pi, Fleiss, alpha), and
// when q < 2 (AC1, AC2, Brennan–Prediger, weighted kappa). With declared
// categories 0 and 1 (code presence), AC1 and Brennan–Prediger stay
// defined when every coder left the code out everywhere (both give 1),
// while kappa, pi, Fleiss and alpha are undefined. Other programs differ
// here: NVivo shows kappa = 1 for complete agreement, irrCAC prints 1,
// NLTK returns alpha = 1.
//
// # Bootstrap confidence intervals
//
// Bootstrap.Units and Bootstrap.Pairs resample the units with replacement
// (as many as there are), recompute the statistic, and report the
// (1−c)/2 and (1+c)/2 quantiles of the replicates (percentile method,
// quantiles interpolated as in R's default, type 7). The random numbers
// come from PCG seeded with Bootstrap.Seed, so a stated seed reproduces
// the interval exactly. Replicates on which the statistic is undefined are
// counted and left out. This is not Krippendorff's own bootstrap for alpha,
// which resamples pairs of values. Resampling treats units as independent,
// which neighbouring characters or sentences are not: for such units the
// interval is too narrow. Bootstrap.Clusters resamples clusters of units
// instead (the turns of each source, say), with PresenceByPart giving each
// cluster's presence and Bootstrap.Percentile the interval; focal agree
// uses that.
//
// # Codes on text: presence per unit
//
// For one code in one source, the positions of the text (code points) are
// divided into units: each character (CharacterUnits, optionally only
// inside given ranges such as utterances without speaker labels) or given
// spans (SpanUnits: words, sentences, turns; a unit may consist of several
// separate spans, and positions outside every unit are ignored). A coder
// applied the code to a unit when the union of that coder's codings covers
// at least one non-blank (non-white-space) position of the unit; several
// overlapping codings by one coder count once. Units holding only white
// space are left out and counted as blank (for character units: the white
// space characters themselves). With no Blanks given every position counts,
// which reproduces NVivo's character-level 2 × 2 tables.
//
// Presence reports, for each set of coders, how many units exactly those
// coders applied the code to. From it come the 2 × 2 table of any pair
// (both, only A, only B, neither) and the count table of all coders (units
// grouped by how many coders applied the code); every coder rates every
// unit, so nothing is missing. It is computed by sweeping the sorted ends
// of the codings, counting a stretch of characters with the same coders in
// one step, so the work grows with the number of codings and units, not
// with the length of the text.
package agree
