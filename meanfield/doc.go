// Package meanfield computes the mean-field picture of an RBM: naive
// mean-field and TAP (second-order Plefka) fixed points, their free
// energies and stability, the Landau coefficients of each singular mode and
// slices of the mean-field free energy along the modes (docs/science.md, "Mean
// field and Landau picture").
//
// # Conventions
//
// Magnetizations are in the model's own convention: for a Bernoulli model
// mv_i = ⟨v_i⟩ ∈ [0,1] and mh_j = ⟨h_j⟩ ∈ [0,1]; for a spin model they lie
// in [−1,1]. With var(q) = q − q² (Bernoulli) or 1 − q² (spin) and −S(q)
// the negative entropy of one unit of mean q,
//
//	F_MF(mv,mh)  = −aᵀmv − bᵀmh − mvᵀW mh − S(mv) − S(mh)
//	F_TAP(mv,mh) = F_MF − ½ Σ_ij W_ij² var(mv_i) var(mh_j)
//
// Both approximate −log Z at their minima; naive mean field is a
// variational bound, −F_MF ≤ log Z at every point. The fixed-point
// equations are mv_i = mean(a_i + (W mh)_i + ½ var'(mv_i) Σ_j W_ij² var(mh_j))
// and the same for mh (the Onsager term only for TAP), where mean is σ or
// tanh; Solve iterates them with damping, updating the visible layer and
// then the hidden one.
//
// The symmetric (paramagnetic) point is the zero spin magnetization: mv =
// mh = ½ for Bernoulli units. Displaced starts and slices use spin
// magnetizations along a singular mode (an rbm.Mode, as package spectral
// decomposes and signs it: this package does no SVD of W), s_v = z·u_α,
// s_h = z·v_α (so for Bernoulli units mv = (1 + z·u_α)/2), which is where
// the Landau expansion
//
//	F(z) − F(0) = (1 − σ_α^J) z² + (Σ_i u_iα⁴ + Σ_j v_jα⁴) z⁴/12 + …
//
// holds for a model with zero spin fields, with σ^J = σ(W)/4 for Bernoulli
// units and σ(W) for spin units: the symmetric point loses stability along
// mode α when σ_α(W) crosses Threshold (4 or 1).
//
// Stability of a stationary point is read off the Hessian of F in (mv, mh):
// with D_v, D_h its diagonal blocks and C its coupling block, the Hessian
// is positive definite iff every singular value of D_v^{−½} C D_h^{−½} is
// below one, and the number of singular values above one is the number of
// descending directions (Sylvester's law of inertia on the Schur
// complement). Everything here is float64.
package meanfield
