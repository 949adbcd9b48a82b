package main

import (
	"os"

	_ "github.com/rbmkit/rbmkit/backend"
	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/tool/rbmcat"
)

func main() { os.Exit(cli.Main(rbmcat.Tool, os.Args[1:], cli.OSEnv())) }
