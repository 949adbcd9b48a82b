package main

import (
	"os"

	_ "github.com/rbmkit/rbmkit/backend"
	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/tool/rbmimport"
)

func main() { os.Exit(cli.Main(rbmimport.Tool, os.Args[1:], cli.OSEnv())) }
