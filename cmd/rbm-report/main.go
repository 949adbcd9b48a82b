package main

import (
	"os"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/tool/rbmreport"
)

func main() { os.Exit(cli.Main(rbmreport.Tool, os.Args[1:], cli.OSEnv())) }
