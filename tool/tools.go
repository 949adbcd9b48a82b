package tool

import (
	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/tool/rbmcat"
	"github.com/rbmkit/rbmkit/tool/rbmdata"
	"github.com/rbmkit/rbmkit/tool/rbmexport"
	"github.com/rbmkit/rbmkit/tool/rbmfreeenergy"
	"github.com/rbmkit/rbmkit/tool/rbmimport"
	"github.com/rbmkit/rbmkit/tool/rbmmp"
	"github.com/rbmkit/rbmkit/tool/rbmplot"
	"github.com/rbmkit/rbmkit/tool/rbmreport"
	"github.com/rbmkit/rbmkit/tool/rbmsample"
	"github.com/rbmkit/rbmkit/tool/rbmstack"
	"github.com/rbmkit/rbmkit/tool/rbmsvd"
	"github.com/rbmkit/rbmkit/tool/rbmtrain"
)

// All is every tool, in the order of a study: data, training (or import),
// analysis, then the tools for any stream. A tool under cmd/ that is missing here
// fails the tests.
var All = []*cli.Tool{
	&rbmdata.Tool, &rbmtrain.Tool, &rbmimport.Tool, &rbmsvd.Tool, &rbmmp.Tool, &rbmfreeenergy.Tool,
	&rbmsample.Tool, &rbmplot.Tool, &rbmstack.Tool, &rbmreport.Tool, &rbmcat.Tool, &rbmexport.Tool,
}
