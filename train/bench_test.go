package train

import (
	"context"
	"os"
	"testing"

	"github.com/rbmkit/rbmkit/idx"
	"github.com/rbmkit/rbmkit/internal/mnist"
)

// BenchmarkEpochMNIST trains on MNIST train10k (N=784, batch 100) for one
// epoch per iteration: go test -bench EpochMNIST ./train (add -tags openblas
// with CGO_LDFLAGS=-lopenblas for the fast backend).
func BenchmarkEpochMNIST(b *testing.B) {
	f, err := os.Open(mnist.File(b, "train10k-images-idx3-ubyte.gz"))
	if err != nil {
		b.Fatal(err)
	}
	images, err := idx.ReadImages(f, "train10k")
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	data := &Data{Visible: 784, Count: images.Count, Bits: make([]uint8, len(images.Pixels))}
	for i, p := range images.Pixels {
		if p >= 128 {
			data.Bits[i] = 1
		}
	}
	for _, c := range []struct {
		name   string
		hidden int
		method Method
		k      int
	}{{"M500-CD1", 500, CD, 1}, {"M500-PCD10", 500, PCD, 10}} {
		b.Run(c.name, func(b *testing.B) {
			tr, err := New(Config{Hidden: c.hidden, Method: c.method, K: c.k, BatchSize: 100, LearningRate: 0.05, Momentum: 0.5, InitStd: 0.01, Seed: 1}, data)
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				tr.RunEpoch(context.Background())
			}
		})
	}
}
