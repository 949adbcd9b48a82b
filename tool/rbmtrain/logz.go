package rbmtrain

import (
	"errors"
	"fmt"

	"github.com/rbmkit/rbmkit/ais"
	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/train"
	"github.com/rbmkit/rbmkit/trajectory"
)

// logZ is a run's log Z estimator (package trajectory) and the datasets
// whose log-likelihood each snapshot records. A nil *logZ does nothing.
type logZ struct {
	cfg         trajectory.Config
	est         *trajectory.Estimator
	train, test [][]bool
	r           *cli.Run
	failed      bool // the run has warned that an estimate fell below its floor
}

func newLogZ(r *cli.Run, set settings, data *train.Data, testPath string) (*logZ, error) {
	l := &logZ{cfg: trajectory.Config{Chains: set.LogZChains, Sweeps: set.LogZSweeps, Stride: set.LogZStride, LineSteps: set.LogZLineSteps, Seed: set.Seed, Replica: set.Replica}, train: rows(data), r: r}
	if testPath != "" {
		in, name, err := r.Input(testPath)
		if err != nil {
			return nil, fmt.Errorf("-test-data: %v", err)
		}
		defer in.Close()
		test, _, err := readData(in, name)
		if err != nil {
			return nil, fmt.Errorf("-test-data: %v", err)
		}
		if test.Visible != data.Visible {
			return nil, fmt.Errorf("-test-data %s: %d visible units, the training data %d", name, test.Visible, data.Visible)
		}
		l.test = rows(test)
	}
	return l, nil
}

// rows returns the examples as configurations (true = on).
func rows(d *train.Data) [][]bool {
	out := make([][]bool, d.Count)
	for e := range out {
		v := make([]bool, d.Visible)
		for i, x := range d.Row(e) {
			v[i] = x == 1
		}
		out[e] = v
	}
	return out
}

// start anchors the estimator at the trainer's initial model and has it
// follow every update.
func (l *logZ) start(tr *train.Trainer) error {
	if l == nil {
		return nil
	}
	var err error
	if l.est, err = trajectory.New(tr.Model, l.cfg); err != nil {
		return err
	}
	l.follow(tr)
	return nil
}

// restore takes up the estimator of a resumed run.
func (l *logZ) restore(tr *train.Trainer, state []byte) error {
	if l == nil {
		return nil
	}
	if len(state) == 0 {
		return errors.New("the last snapshot holds no log Z state")
	}
	var err error
	if l.est, err = trajectory.Restore(tr.Model, l.cfg, state); err != nil {
		return err
	}
	l.follow(tr)
	return nil
}

// follow has the estimator follow every update of tr, reading the
// trainer's transpose of the weights before the update.
func (l *logZ) follow(tr *train.Trainer) {
	tr.AfterUpdate = func(m *rbm.Model) { l.est.UpdateShared(m, tr.PreviousTransposed()) }
}

// estimator returns the estimator (nil when the run tracks no log Z).
func (l *logZ) estimator() *trajectory.Estimator {
	if l == nil {
		return nil
	}
	return l.est
}

// fill writes the estimate and the log-likelihoods at model m into s.
func (l *logZ) fill(s *format.Snapshot, m *rbm.Model, state bool) error {
	if l == nil {
		return nil
	}
	e := l.est.Estimate()
	if e.Failed() && !l.failed {
		l.failed = true
		l.r.Logf("warning: at epoch %d the trajectory log Z %.2f lies below %.2f, −F of one of its own chains and so a lower bound of log Z: "+
			"the chains lost the model's mass and the estimates from here on are too low (try -logz-stride, more -logz-chains or -logz-sweeps; "+
			"package trajectory's doc, Limits)", s.Epoch, e.LogZ, e.Floor)
	}
	s.LogZ, s.LogZStdErr, s.ESS, s.Resamplings, s.VarLogW = e.LogZ, e.StdErr, e.ESS, int64(e.Resamplings), e.VarLogW
	s.Energy, s.EnergyStdErr, s.Entropy, s.EntropyStdErr = e.Energy, e.EnergyStdErr, e.Entropy, e.EntropyStdErr
	var err error
	if s.TrainLogLik, err = logLik(m, l.train, e); err != nil {
		return err
	}
	if l.test != nil {
		if s.TestLogLik, err = logLik(m, l.test, e); err != nil {
			return err
		}
	}
	if state {
		s.LogZState, err = l.est.MarshalBinary()
	}
	return err
}

// logLik is the average log-likelihood −⟨F⟩ − log Z of data.
func logLik(m *rbm.Model, data [][]bool, e trajectory.Estimate) (float64, error) {
	f, err := ais.FreeEnergies(m, data)
	if err != nil {
		return 0, err
	}
	ll, _ := ais.AverageLogLikelihood(f, e.LogZ, e.StdErr)
	return ll, nil
}
