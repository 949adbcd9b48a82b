package format

import (
	"slices"
	"testing"
)

func TestRungNames(t *testing.T) {
	cases := []struct {
		name   string
		epochs []int64
		fill   []float64
		want   []string
	}{
		{"one rung an epoch", []int64{-1, 0, 3, 9}, nil, []string{"ind", "0", "3", "9"}},
		{"rungs sharing epochs", []int64{-1, 0, 0, 0, 1, 2, 2, 5}, nil,
			[]string{"ind", "0a", "0b", "0c", "1", "2a", "2b", "5"}},
		{"filled links", []int64{-1, -1, 0, 4, 4, 4, 7}, []float64{0, 0.5, 0, 0, 0.25, 0.75, 0},
			[]string{"ind", "ind+0.50", "0", "4", "4+0.25", "4+0.75", "7"}},
		{"filled rungs do not earn letters", []int64{-1, 2, 2, 3, 3}, []float64{0, 0, 0.5, 0, 0},
			[]string{"ind", "2", "2+0.50", "3a", "3b"}},
		{"fill shorter than the rungs", []int64{-1, 1, 1}, []float64{0}, []string{"ind", "1a", "1b"}},
	}
	for _, c := range cases {
		if got := RungNames(c.epochs, c.fill); !slices.Equal(got, c.want) {
			t.Errorf("%s: RungNames(%v, %v) = %q, want %q", c.name, c.epochs, c.fill, got, c.want)
		}
	}
}

func TestLetters(t *testing.T) {
	for i, want := range map[int]string{0: "a", 1: "b", 25: "z", 26: "aa", 27: "ab", 51: "az", 52: "ba", 701: "zz", 702: "aaa"} {
		if got := letters(i); got != want {
			t.Errorf("letters(%d) = %q, want %q", i, got, want)
		}
	}
}
