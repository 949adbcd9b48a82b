package main

import (
	"os"

	_ "github.com/rbmkit/rbmkit/backend"
	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/tool/rbmfreeenergy"
)

func main() { os.Exit(cli.Main(rbmfreeenergy.Tool, os.Args[1:], cli.OSEnv())) }
