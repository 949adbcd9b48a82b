package spectral

import "math"

// assign solves the assignment problem for the n×n cost matrix (row-major):
// it returns the permutation col (row i gets column col[i]) minimizing
// Σ_i cost[i][col[i]]. It is the Hungarian algorithm in its O(n³)
// shortest-augmenting-path form (Kuhn–Munkres with Jonker–Volgenant
// potentials): rows are added one at a time and each is routed along the
// cheapest alternating path in reduced costs.
func assign(cost []float64, n int) []int {
	inf := math.Inf(1)
	// 1-based: index 0 is the virtual source row/column.
	u := make([]float64, n+1)    // row potentials
	v := make([]float64, n+1)    // column potentials
	rowOf := make([]int, n+1)    // rowOf[j]: row assigned to column j (0: none)
	way := make([]int, n+1)      // previous column on the shortest path
	minv := make([]float64, n+1) // shortest reduced distance to each column
	used := make([]bool, n+1)
	for i := 1; i <= n; i++ {
		rowOf[0] = i
		j0 := 0
		for j := range minv {
			minv[j] = inf
			used[j] = false
		}
		for {
			used[j0] = true
			i0 := rowOf[j0]
			delta, j1 := inf, 0
			row := cost[(i0-1)*n : i0*n]
			for j := 1; j <= n; j++ {
				if used[j] {
					continue
				}
				if cur := row[j-1] - u[i0] - v[j]; cur < minv[j] {
					minv[j], way[j] = cur, j0
				}
				if minv[j] < delta {
					delta, j1 = minv[j], j
				}
			}
			for j := 0; j <= n; j++ {
				if used[j] {
					u[rowOf[j]] += delta
					v[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			j0 = j1
			if rowOf[j0] == 0 {
				break
			}
		}
		for j0 != 0 {
			j1 := way[j0]
			rowOf[j0] = rowOf[j1]
			j0 = j1
		}
	}
	col := make([]int, n)
	for j := 1; j <= n; j++ {
		col[rowOf[j]-1] = j - 1
	}
	return col
}
