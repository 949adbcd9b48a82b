// Package gibbs samples an RBM by block Gibbs sampling of many chains at
// once, and by parallel tempering (replica exchange over a ladder of
// inverse temperatures β).
//
// # One sweep
//
// A sweep updates every chain's hidden layer given its visible layer, then
// its visible layer given the new hidden layer:
//
//	h ~ p_β(h|v):  p(h_j = 1) = σ(β (b + Wᵀv)_j)
//	v ~ p_β(v|h):  p(v_i = 1) = σ(β (a + W h)_i)
//
// (for spin units p(+1) = σ(2β·field)). Chains are the rows of two float32
// matrices, so each half-sweep is one matrix product followed by an
// element-wise pass that adds the biases and draws the units (eight at a
// time, package internal/draw). The product (package internal/fields, the
// engine of the trainer and of AIS too) is a sum of the rows of W (or of
// Wᵀ, copied once) that the states' ones select when few enough units
// are on (binprod.SparseBelow: under 40% with OpenBLAS, such as a trained
// model's chains near digits; always with the pure-Go BLAS, whose GEMM is
// slower than the sums at any density), and a GEMM through gonum's blas32
// interface otherwise; both use both cores. After a sweep the pair (v, h) — h the hidden state v
// was drawn from — is a sample of the joint distribution p_β(v, h) once the
// chain has mixed, and the products Wᵀv and W h are kept, so the energy
// E(v,h) = −vᵀ(a + W h) − bᵀh and the free energy F(v) = −aᵀv −
// Σ_j softplus(b + Wᵀv)_j of every chain cost no further product. Energies
// and free energies are those of the model itself (β = 1) whatever a
// chain's β, and are accumulated in float64; the free energies' softplus
// (log 2cosh for spins) is rbm.SumHidden's fast kernel, within 2 ulp of the
// exact value and about 3× faster than math.Log1p(math.Exp(x)), so they
// may differ from rbm.Model.FreeEnergy's in the last bits.
//
// # Reproducibility
//
// Chains are split into fixed blocks of BlockChains rows. Block k draws
// from its own stream rng.Derive(seed, replica, "gibbs-sample", k) (purpose
// "gibbs-sample#s" for Config.Stream s ≠ 0) and only
// for its own rows, in row order; the blocks' element-wise work runs on
// GOMAXPROCS goroutines, and the matrix products partition their output,
// never a sum. So the same model, seed, replica and number of chains give
// the same states bit for bit at any GOMAXPROCS.
//
// # Parallel tempering
//
// Tempering runs S independent systems of K replicas each, replica k at
// β_k (β_0 = 1 the target, decreasing). After every sweep, neighbouring
// replicas (k, k+1) of each system, for k of the sweep's parity
// (even/odd alternation), exchange temperatures with the Metropolis
// probability min(1, exp((β_k − β_{k+1})(E_k − E_{k+1}))), E the joint
// energies of their current (v, h). Exchanging temperatures rather than
// states moves no data; Row says where each (system, β) lives. A caller
// that changes the model between runs of sweeps (package train's tempered
// negative phase) carries the replicas as plain states: States writes them
// in (system, β) order, and Restart lays them out again with the streams
// of a given stream number and re-reads the model (Sampler.ModelChanged).
//
// # Parallel trajectory tempering
//
// Trajectory exchanges states between different models all at β = 1 —
// snapshots of one training run, in order — above an independent-site
// bottom rung (W = 0, see Independent and IndependentLogZ) that one sweep
// samples exactly, so a state that climbs from the bottom carries a fresh,
// exact draw up the training trajectory (the method of Béreux, Decelle,
// Furtlehner, Rosset, Seoane, "Fast training and sampling of Restricted
// Boltzmann Machines", ICLR 2025). A round proposes, link by link from the
// bottom up and column by column, to exchange the states x_k, x_{k+1} of
// neighbouring rungs with probability min(1, e^Δ), Δ = F_k(x_k) −
// F_k(x_{k+1}) + F_{k+1}(x_{k+1}) − F_{k+1}(x_k), then sweeps every rung
// once with its own Sampler (SetRoundSweeps: k times, the exact bottom
// once, to give each rung's state time to decorrelate between exchanges;
// SetSwapOrder(SwapDEO): the even links on even rounds and the odd ones on
// odd rounds, the deterministic even–odd schedule of non-reversible
// tempering, in place of every link bottom up).
// It counts the accepted exchanges per link and
// follows each column's walkers (a state through its exchanges): the rung
// each is at and its round trips bottom → top → bottom. IntegratedTime
// estimates the integrated autocorrelation time of any recorded observable
// (a walker's rung, a rung's free energy) with Sokal's automatic window.
// The exchanges draw from one stream in column order and each rung's sweeps
// from its own block streams, so the states are the same at any GOMAXPROCS.
//
// Any model is a valid rung, so a link that accepts too rarely is mended by
// putting models on the straight line between its two rungs (rbm.Between):
// FillCounts derives from measured acceptances how many per link, by the
// rule that log-acceptance adds along a path of rungs, and Trajectory.Fill
// builds the filled trajectory, carrying every rung's states over.
package gibbs
