package main

import (
	"os"

	_ "github.com/rbmkit/rbmkit/backend"
	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/tool/rbmsvd"
)

func main() { os.Exit(cli.Main(rbmsvd.Tool, os.Args[1:], cli.OSEnv())) }
