package main

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parindex/parindex/graph"
)

// readmeBlock is a shell block of the README.
var readmeBlock = regexp.MustCompile("(?s)```sh\n(.*?)```")

// namedFile is the file a README command's comment names.
var namedFile = regexp.MustCompile(`#\s*(\S+\.\w+)\s*$`)

// readmeCurlCommands are the curl commands of the README's shell blocks that call the API on
// localhost:8080, each on one line.
func readmeCurlCommands(t *testing.T) []string {
	t.Helper()
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	var commands []string
	for _, block := range readmeBlock.FindAllStringSubmatch(string(readme), -1) {
		for _, cmd := range strings.Split(strings.ReplaceAll(block[1], "\\\n", " "), "\n") {
			if strings.HasPrefix(cmd, "curl ") && strings.Contains(cmd, "localhost:8080") {
				commands = append(commands, cmd)
			}
		}
	}
	return commands
}

// TestReadmeCommands runs the README's curl commands with bash and curl against parindex over the
// default data, so that what a newcomer copies works: each must succeed (curl --fail-with-body),
// a GraphQL answer must hold no errors, and a download must write its file.
func TestReadmeCommands(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err == nil {
		_, err = exec.LookPath("curl")
	}
	if err != nil {
		t.Skipf("the README's commands need bash and curl: %v", err)
	}
	commands := readmeCurlCommands(t)
	if len(commands) < 4 {
		t.Fatalf("found %d curl commands in the README; has its layout changed?", len(commands))
	}
	server := httptest.NewServer(mustRoutes(t, openStore(t), config{limits: graph.DefaultLimits()}))
	t.Cleanup(server.Close)
	host := strings.TrimPrefix(server.URL, "http://")
	for _, command := range commands {
		t.Run(command, func(t *testing.T) {
			dir := t.TempDir()
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			run := "curl --fail-with-body " + strings.ReplaceAll(strings.TrimPrefix(command, "curl "), "localhost:8080", host)
			cmd := exec.CommandContext(ctx, bash, "-c", run)
			cmd.Dir = dir
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%v: %.500s", err, out)
			}
			if strings.Contains(command, "/graphql") && (!strings.HasPrefix(string(out), `{"data":`) || strings.Contains(string(out), `"errors"`)) {
				t.Errorf("the answer is not clean data: %.500s", out)
			}
			if strings.Contains(command, " -OJ ") {
				files, _ := os.ReadDir(dir)
				if len(files) != 1 {
					t.Fatalf("wrote %d files, want 1", len(files))
				}
				if info, err := files[0].Info(); err != nil || info.Size() == 0 {
					t.Errorf("%s is empty", files[0].Name())
				}
				// A comment naming the file says what the download is called.
				if m := namedFile.FindStringSubmatch(command); m != nil && files[0].Name() != m[1] {
					t.Errorf("wrote %s, the README says %s", files[0].Name(), m[1])
				}
			}
		})
	}
}
