// Command ladderthin copies a ladder stream (rbm-train -ladder) keeping
// rung 0, every n-th rung after it and the last, renumbered 0, 1, …, for
// bench/ptt.sh's thinned-ladder runs (rbm-sample -method ptt -rungs).
// PTT is correct over any sequence of models (the exchanges keep every
// rung's distribution); which models decides only how well it mixes:
// thinning trades rungs, and so the cost of a round, against the
// acceptance of each link, and filling in models trades the other way.
//
//	go run ./bench/ladderthin -every n [-from step] [-since step] [-upto step] [-fill m] < ladder.arrows > thin.arrows
//
// -from keeps every rung (no thinning) up to that step, n-th ones after it;
// -since and -upto drop the rungs before and past those steps (a segment,
// whose first rung is kept); -fill m puts m models between
// neighbouring kept rungs, on the straight line between their parameters
// (W, a, b at fractions 1/(m+1), …, m/(m+1), by rbm.Lerp), with the
// earlier rung's epoch and step. rbm-sample -method ptt -fill-below does
// the same per link, with a count derived from the link's acceptance.
package main
