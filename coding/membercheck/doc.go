// Package membercheck holds the rules of member checking that do not depend
// on a file format: the answers a participant may give and how they are
// read in any language (Sí/Yes, Parcialmente/Partly, Quitar/Remove), the
// fixed wording of packets per language, and the signed keys that tie each
// row of a returned packet to its participant, theme and coding.
//
// Packets themselves (workbook, printable page) are written and read in
// export/membercheck; the store keeps answers.
package membercheck
