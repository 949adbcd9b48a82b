package main

import (
	"os"

	_ "github.com/rbmkit/rbmkit/backend"
	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/tool/rbmsample"
)

func main() { os.Exit(cli.Main(rbmsample.Tool, os.Args[1:], cli.OSEnv())) }
