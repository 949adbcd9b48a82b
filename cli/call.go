package cli

import "bytes"

// Call runs the tool in process, as a shell would run it, on the given
// stdin and in directory dir ("" is the working directory), and returns
// its exit status, stdout and stderr. It is the harness of the tools'
// tests (as gojq's in-process CLI tests) and of in-process pipelines.
func Call(t Tool, stdin []byte, dir string, args ...string) (code int, stdout []byte, stderr string) {
	var out, errOut bytes.Buffer
	code = Main(t, args, Env{Stdin: bytes.NewReader(stdin), Stdout: &out, Stderr: &errOut, Dir: dir})
	return code, out.Bytes(), errOut.String()
}
