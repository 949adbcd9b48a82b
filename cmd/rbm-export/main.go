package main

import (
	"os"

	_ "github.com/rbmkit/rbmkit/backend"
	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/tool/rbmexport"
)

func main() { os.Exit(cli.Main(rbmexport.Tool, os.Args[1:], cli.OSEnv())) }
