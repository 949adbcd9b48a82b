// Package bar estimates differences of log partition functions by
// Bennett's acceptance ratio from samples of two neighbouring models, and
// chains them along a ladder of models anchored at one whose log Z is
// exact: with the independent-site bottom rung of parallel trajectory
// tempering (package gibbs), log Z of every rung. The estimator is
// Bennett's (1976) in the maximum-likelihood form of Shirts, Bair, Hooker
// and Pande (Phys. Rev. Lett. 91, 140601, 2003).
//
// For models p_0 ∝ e^{−F_0} and p_1 ∝ e^{−F_1}, samples x_i ~ p_0 give the
// forward works w_i = F_1(x_i) − F_0(x_i) and samples y_j ~ p_1 the reverse
// works u_j = F_0(y_j) − F_1(y_j). BAR's estimate of d = log Z_1 − log Z_0
// is the root of
//
//	Σ_i 1/(1 + e^{M + w_i + d}) = Σ_j 1/(1 + e^{−M + u_j − d}),
//	M = log(n_0/n_1),
//
// whose left side falls and right side rises with d, so the root is unique
// (found by bracketed Newton steps). It uses both sides and has the least
// variance of the estimators built from the works; the one-sided
// exponential averages (Zwanzig) d_F = log⟨e^{−w}⟩_0 and
// d_R = −log⟨e^{−u}⟩_1 are returned beside it, and their difference, the
// hysteresis, says how little the two models overlap: near 0 when they
// overlap well, large when one side's estimate rests on rare samples.
//
// The standard error comes from a bootstrap over groups (for PTT: the
// columns, whose states are exchanged along the ladder and correlated in
// time): each replicate draws groups with replacement, weights every
// sample by its group's multiplicity, and redoes every link, so the
// correlation between links that share a rung's samples and between
// successive rounds is in the spread of the cumulative log Z.
package bar
