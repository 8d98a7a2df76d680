// Command fuzzlist prints every fuzz target of the module as "package:FuzzName:budget", one per
// line, so `make fuzz` runs each for a short while without a hand-kept list.
//
// The budget is a count of executions ("20000x"), not a duration: Go's fuzz coordinator up to
// 1.26 can report a spurious "context deadline exceeded" failure when a duration-based -fuzztime
// ends while a worker is busy (go.dev/issue/75804); a count has no deadline to race. Targets whose
// inputs are slow to run say so with a directive line just above the function:
//
//	//affiche:fuzzbudget 300x
package main

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// defaultBudget is about ten seconds of the slowest ordinary target on a 2-core machine.
const defaultBudget = "20000x"

var (
	fuzzFunc  = regexp.MustCompile(`^func (Fuzz\w+)\(\w+ \*testing\.F\)`)
	budgetDir = regexp.MustCompile(`^//affiche:fuzzbudget (\d+x)\s*$`)
)

func main() {
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "node_modules") && path != "." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		budget := ""
		for sc.Scan() {
			line := sc.Text()
			if m := budgetDir.FindStringSubmatch(line); m != nil {
				budget = m[1]
				continue
			}
			if m := fuzzFunc.FindStringSubmatch(line); m != nil {
				b := budget
				if b == "" {
					b = defaultBudget
				}
				fmt.Printf("./%s:%s:%s\n", filepath.Dir(path), m[1], b)
			}
			if !strings.HasPrefix(line, "//") {
				budget = ""
			}
		}
		return sc.Err()
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "fuzzlist:", err)
		os.Exit(1)
	}
}
