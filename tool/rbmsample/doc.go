// Package rbmsample is the rbm-sample command: it samples the models of a
// checkpoint stream and shows, mode by mode, where the Gaussian diffusion
// picture of reciprocal space holds.
//
// -method gibbs runs block Gibbs sampling of many chains (package gibbs) and
// -method pt parallel tempering over a β ladder; both write a samples stream
// (bit-packed visible states with chain, sweep, β, energy and free energy)
// and, with -trace FILE, a trace stream of every chain's energy and free
// energy after every sweep, burn-in included, with the tempering exchanges.
// Chains start from random units, from examples of a dataset stream
// (-init data -data FILE), or from the persistent chains stored in the
// snapshot's resume state by rbm-train -method pcd (-init chains).
//
// -method diffusion writes a diffusion stream (package diffusion): for each
// snapshot and each of the leading modes, the Euler–Maruyama simulation of
// the Langevin diffusion of the Gaussian limit beside its exact variances,
// and the same statistics of x_α = u_α·v, y_α = v_α·h over Gibbs chains of
// the binary model, with per-mode verdicts (converges or diverges).
//
// Everything random derives from -seed and -replica (by default the
// checkpoint's), the purpose of each stream and the snapshot's row number,
// so the output is the same bytes at any GOMAXPROCS.
package rbmsample
