// Package rbmcat is the rbm-cat command: any rbmkit stream to text, for awk,
// gnuplot, spreadsheets and eyes.
//
// Scalar columns print as they are. A list column (a weight matrix, a
// visible configuration, a singular vector) prints as a summary in five
// columns, NAME.shape, NAME.min, NAME.max, NAME.mean and NAME.norm
// (Euclidean), unless -full asks for the values: then a JSON array (JSON
// lines) or the values joined by spaces (TSV/CSV), with booleans as 0/1
// digits. Binary columns print their length in bytes. -meta prints the
// header and the schema instead of the rows.
package rbmcat
