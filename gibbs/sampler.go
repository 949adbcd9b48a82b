package gibbs

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/rbmkit/rbmkit/internal/draw"
	"github.com/rbmkit/rbmkit/internal/fields"
	"github.com/rbmkit/rbmkit/internal/par"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
)

// BlockChains is the number of chains that share one random stream and one
// unit of parallel work. It is fixed, so results do not depend on the
// number of threads.
const BlockChains = 32

// Purpose names the random streams of the sampler (see package rng).
const Purpose = "gibbs-sample"

// Config says how many chains to run and which random streams they use.
type Config struct {
	Chains  int
	Seed    uint64
	Replica int
	// Stream tells apart samplers of one run that must not share random
	// numbers (e.g. one per snapshot of a training run); streams other than
	// 0 draw from purpose "gibbs-sample#<stream>".
	Stream int
}

// purpose returns the random-stream purpose for base and stream.
func purpose(base string, stream int) string {
	if stream == 0 {
		return base
	}
	return fmt.Sprintf("%s#%d", base, stream)
}

// Sampler holds the chains of one model. Its methods are not safe for
// concurrent use.
type Sampler struct {
	model  *rbm.Model
	chains int
	off    float32 // the value of an off unit: 0, or −1 for spins
	spin   bool

	v, h []float32 // states, chains×N and chains×M
	// vW = v·W (chains×M) and hWt = h·Wᵀ (chains×N): the products without
	// biases, so that b + Wᵀv and a + W h cost no extra pass.
	vW, hWt []float32
	beta    []float32
	streams []*rand.Rand

	// The products, by row sums of W or Wᵀ when the states are sparse
	// (package internal/fields).
	fields *fields.Fields

	seed    uint64
	replica int
	sweeps  int
	// fresh: vW matches v (false after SetVisible until the next product);
	// joint: h is the hidden state v was drawn from, so (v, h) is a joint
	// configuration with hWt matching h.
	fresh, joint bool
}

// New returns a sampler of cfg.Chains chains at β = 1, every unit off; call
// InitNoise or SetVisible before sweeping. The model is used, not copied:
// do not change it while sampling.
func New(m *rbm.Model, cfg Config) (*Sampler, error) {
	if err := m.Check(); err != nil {
		return nil, err
	}
	if cfg.Chains <= 0 {
		return nil, fmt.Errorf("gibbs: %d chains: need at least one", cfg.Chains)
	}
	c, n, hid := cfg.Chains, m.Visible, m.Hidden
	s := &Sampler{model: m, chains: c, spin: m.Units == rbm.Spin,
		v: make([]float32, c*n), h: make([]float32, c*hid),
		vW: make([]float32, c*hid), hWt: make([]float32, c*n),
		beta: make([]float32, c), seed: cfg.Seed, replica: cfg.Replica,
		fields: fields.New(m, BlockChains)}
	if s.spin {
		s.off = -1
		for i := range s.v {
			s.v[i] = -1
		}
		for i := range s.h {
			s.h[i] = -1
		}
	}
	for i := range s.beta {
		s.beta[i] = 1
	}
	s.streams = make([]*rand.Rand, s.blocks())
	s.Reseed(cfg.Stream)
	return s, nil
}

// Reseed restarts every block's random stream as that of a sampler made
// with Config.Stream stream (the same seed and replica).
func (s *Sampler) Reseed(stream int) {
	for k := range s.streams {
		s.streams[k] = rng.Derive(s.seed, s.replica, purpose(Purpose, stream), k)
	}
}

// ModelChanged tells the sampler that the model's parameters were changed
// in place (a trainer updates them between its negative phases): the
// products and Wᵀ it keeps are made again before the next sweep.
func (s *Sampler) ModelChanged() {
	s.fields.Changed()
	s.fresh, s.joint = false, false
}

// ShareTransposed hands the sampler wt, the transpose (M×N row-major) of
// its model's current W made elsewhere (such as by a trainer of the same
// weights), read instead of its own until ModelChanged; the bits are the
// same (package internal/fields, Share).
func (s *Sampler) ShareTransposed(wt []float32) { s.fields.Share(wt) }

// Model returns the sampled model.
func (s *Sampler) Model() *rbm.Model { return s.model }

// Chains returns the number of chains.
func (s *Sampler) Chains() int { return s.chains }

// Sweeps returns the number of sweeps made.
func (s *Sampler) Sweeps() int { return s.sweeps }

func (s *Sampler) blocks() int { return (s.chains + BlockChains - 1) / BlockChains }

// InitNoise sets every visible unit of every chain on with probability ½,
// drawn from the chains' block streams.
func (s *Sampler) InitNoise() {
	n := s.model.Visible
	s.forBlocks(func(k, lo, hi int) {
		draw.Noise(s.v[lo*n:hi*n], s.off, s.streams[k])
	})
	s.fresh, s.joint = false, false
}

// SetVisible sets the visible state of one chain: on[i] true is unit i on
// (1, or +1 for spins).
func (s *Sampler) SetVisible(chain int, on []bool) {
	n := s.model.Visible
	row := s.v[chain*n : (chain+1)*n]
	for i := range row {
		row[i] = pick(on[i], s.off)
	}
	s.fresh, s.joint = false, false
}

// SetVisibleValues sets the visible state of one chain from unit values
// (0/1, or ±1 for spins); a value above the midpoint of the two is on.
func (s *Sampler) SetVisibleValues(chain int, v []float32) {
	n := s.model.Visible
	row := s.v[chain*n : (chain+1)*n]
	mid := (1 + s.off) / 2
	for i := range row {
		row[i] = pick(v[i] > mid, s.off)
	}
	s.fresh, s.joint = false, false
}

// Visible returns chain's visible state (unit values 0/1 or ±1), a view
// valid until the next call that changes the chains.
func (s *Sampler) Visible(chain int) []float32 {
	n := s.model.Visible
	return s.v[chain*n : (chain+1)*n : (chain+1)*n]
}

// Hidden returns chain's hidden state: the one its visible state was drawn
// from (all off before the first sweep).
func (s *Sampler) Hidden(chain int) []float32 {
	m := s.model.Hidden
	return s.h[chain*m : (chain+1)*m : (chain+1)*m]
}

// VisibleStates returns all visible states, chains×N row-major (a view).
func (s *Sampler) VisibleStates() []float32 { return s.v }

// HiddenStates returns all hidden states, chains×M row-major (a view).
func (s *Sampler) HiddenStates() []float32 { return s.h }

// Beta returns chain's inverse temperature.
func (s *Sampler) Beta(chain int) float64 { return float64(s.beta[chain]) }

// SetBeta sets chain's inverse temperature: it samples p_β ∝ e^{−βE}.
func (s *Sampler) SetBeta(chain int, beta float64) error {
	if !(beta >= 0) || math.IsInf(beta, 0) {
		return fmt.Errorf("gibbs: β = %v: want a finite β ≥ 0", beta)
	}
	s.beta[chain] = float32(beta)
	return nil
}

// Sweep updates every chain once: h given v, then v given h.
func (s *Sampler) Sweep() {
	m := s.model
	n, hid := m.Visible, m.Hidden
	if !s.fresh {
		s.product(false)
	}
	scale := float32(1)
	if s.spin {
		scale = 2
	}
	s.forBlocks(func(k, lo, hi int) {
		for r := lo; r < hi; r++ {
			draw.Units(s.h[r*hid:(r+1)*hid], s.vW[r*hid:(r+1)*hid], m.B, scale*s.beta[r], s.off, s.streams[k])
		}
	})
	s.product(true)
	s.forBlocks(func(k, lo, hi int) {
		for r := lo; r < hi; r++ {
			draw.Units(s.v[r*n:(r+1)*n], s.hWt[r*n:(r+1)*n], m.A, scale*s.beta[r], s.off, s.streams[k])
		}
	})
	s.product(false)
	s.fresh, s.joint = true, true
	s.sweeps++
}

// product computes hWt = h·Wᵀ (hidden true) or vW = v·W.
func (s *Sampler) product(hidden bool) {
	if hidden {
		s.fields.Visible(s.hWt, s.h, s.chains)
		return
	}
	s.fields.Hidden(s.vW, s.v, s.chains)
}

// ErrNoJointState is returned by Energies before the first sweep after the
// visible states were set: there is no hidden state yet.
var ErrNoJointState = errors.New("gibbs: no joint state before the first sweep")

// Energies writes E(v,h) of every chain's current joint state into dst
// (length Chains; allocated if nil), in the model's convention at β = 1.
func (s *Sampler) Energies(dst []float64) ([]float64, error) {
	if !s.joint {
		return nil, ErrNoJointState
	}
	dst = sized(dst, s.chains)
	m := s.model
	n, hid := m.Visible, m.Hidden
	s.forBlocks(func(_, lo, hi int) {
		for r := lo; r < hi; r++ {
			v, hw, h := s.v[r*n:(r+1)*n], s.hWt[r*n:(r+1)*n], s.h[r*hid:(r+1)*hid]
			e := 0.0
			for i, vi := range v {
				e -= float64(vi) * (float64(m.A[i]) + float64(hw[i]))
			}
			for j, hj := range h {
				e -= float64(m.B[j]) * float64(hj)
			}
			dst[r] = e
		}
	})
	return dst, nil
}

// FreeEnergies writes F(v) of every chain's visible state into dst (length
// Chains; allocated if nil), in the model's convention at β = 1. The
// hidden sums go through rbm.SumHidden's fast kernel: within a few ulp of
// rbm.Model.FreeEnergy, not bit-identical to it.
func (s *Sampler) FreeEnergies(dst []float64) []float64 {
	if !s.fresh {
		s.product(false)
		s.fresh = true
	}
	dst = sized(dst, s.chains)
	m := s.model
	n, hid := m.Visible, m.Hidden
	s.forBlocks(func(_, lo, hi int) {
		for r := lo; r < hi; r++ {
			v, vw := s.v[r*n:(r+1)*n], s.vW[r*hid:(r+1)*hid]
			f := 0.0
			for i, vi := range v {
				f -= float64(m.A[i]) * float64(vi)
			}
			dst[r] = f - rbm.SumHidden(m.Units, m.B, vw)
		}
	})
	return dst
}

func sized(dst []float64, n int) []float64 {
	if cap(dst) < n {
		return make([]float64, n)
	}
	return dst[:n]
}

// forBlocks runs work on every block of chains [lo, hi) in parallel.
// Blocks are independent, so the schedule does not matter.
func (s *Sampler) forBlocks(work func(block, lo, hi int)) {
	par.Blocks(s.chains, BlockChains, work)
}

func pick(on bool, off float32) float32 {
	if on {
		return 1
	}
	return off
}
