// Package tool lists rbmkit's command-line tools, one package each below
// this directory (tool/rbmsvd is rbm-svd, and so on), so that what they
// share can be checked across all of them: the flag conventions of
// package cli (convention_test.go) and the commands' manuals, which
// cmd/<tool>/doc.go holds for go doc and which a test regenerates from the
// tools' own flag sets (go test ./tool -update).
package tool
