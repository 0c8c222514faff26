package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The deploy/ folder holds what runs parindex on servers. What cannot run here (containers,
// Kubernetes, systemd) is checked against the binary it deploys.

// k8sObject is the part of a Kubernetes manifest these tests read.
type k8sObject struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metadata   struct {
		Name   string            `yaml:"name"`
		Labels map[string]string `yaml:"labels"`
	} `yaml:"metadata"`
	Spec struct {
		Replicas *int `yaml:"replicas"`
		Selector struct {
			MatchLabels map[string]string `yaml:"matchLabels"`
		} `yaml:"selector"`
		Template struct {
			Metadata struct {
				Labels map[string]string `yaml:"labels"`
			} `yaml:"metadata"`
			Spec struct {
				Containers []k8sContainer `yaml:"containers"`
				Volumes    []struct {
					Name string `yaml:"name"`
				} `yaml:"volumes"`
			} `yaml:"spec"`
		} `yaml:"template"`
		VolumeClaimTemplates []struct {
			Metadata struct {
				Name string `yaml:"name"`
			} `yaml:"metadata"`
		} `yaml:"volumeClaimTemplates"`
		// Service
		Selector2 map[string]string `yaml:"-"`
		Ports     []struct {
			Name       string `yaml:"name"`
			Port       int    `yaml:"port"`
			TargetPort any    `yaml:"targetPort"`
		} `yaml:"ports"`
	} `yaml:"spec"`
}

type k8sContainer struct {
	Name  string   `yaml:"name"`
	Image string   `yaml:"image"`
	Args  []string `yaml:"args"`
	Ports []struct {
		Name          string `yaml:"name"`
		ContainerPort int    `yaml:"containerPort"`
	} `yaml:"ports"`
	ReadinessProbe *k8sProbe `yaml:"readinessProbe"`
	LivenessProbe  *k8sProbe `yaml:"livenessProbe"`
	VolumeMounts   []struct {
		Name string `yaml:"name"`
	} `yaml:"volumeMounts"`
}

type k8sProbe struct {
	HTTPGet *struct {
		Path string `yaml:"path"`
		Port any    `yaml:"port"`
	} `yaml:"httpGet"`
}

// readManifests decodes every document of every deploy/k8s/*.yaml file.
func readManifests(t *testing.T) map[string][]k8sObject {
	t.Helper()
	files, err := filepath.Glob("deploy/k8s/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no manifests in deploy/k8s (%v)", err)
	}
	byKind := map[string][]k8sObject{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(false)
		for i := 0; ; i++ {
			var raw yaml.Node
			if err := dec.Decode(&raw); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				t.Fatalf("%s document %d: %v", f, i, err)
			}
			var obj k8sObject
			if err := raw.Decode(&obj); err != nil {
				t.Fatalf("%s document %d: %v", f, i, err)
			}
			if obj.APIVersion == "" || obj.Kind == "" || obj.Metadata.Name == "" {
				t.Fatalf("%s document %d: apiVersion, kind and metadata.name are required, got %q %q %q", f, i, obj.APIVersion, obj.Kind, obj.Metadata.Name)
			}
			if obj.Kind == "Service" {
				// A Service's selector is a plain map, a workload's holds matchLabels.
				var svc struct {
					Spec struct {
						Selector map[string]string `yaml:"selector"`
					} `yaml:"spec"`
				}
				if err := raw.Decode(&svc); err != nil {
					t.Fatal(err)
				}
				obj.Spec.Selector2 = svc.Spec.Selector
			}
			byKind[obj.Kind] = append(byKind[obj.Kind], obj)
		}
	}
	return byKind
}

// argValue is the value after flag in args, or "".
func argValue(args []string, flag string) string {
	if i := slices.Index(args, flag); i >= 0 && i+1 < len(args) {
		return args[i+1]
	}
	return ""
}

func TestKubernetesManifests(t *testing.T) {
	byKind := readManifests(t)
	for _, kind := range []string{"Deployment", "StatefulSet", "Service", "PersistentVolumeClaim", "Ingress"} {
		if len(byKind[kind]) == 0 {
			t.Errorf("no %s in deploy/k8s", kind)
		}
	}
	// Every path a probe asks for must be answered by the binary (a replica's /readyz is checked
	// with the replica's routes in the end-to-end test).
	healthz := httptest.NewRecorder()
	mustRoutes(t, openStore(t), config{}).ServeHTTP(healthz, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if healthz.Code != http.StatusOK {
		t.Fatalf("GET /healthz: got %d, want 200", healthz.Code)
	}

	workloads := append(slices.Clone(byKind["Deployment"]), byKind["StatefulSet"]...)
	for _, w := range workloads {
		t.Run(w.Kind+"/"+w.Metadata.Name, func(t *testing.T) {
			for k, v := range w.Spec.Selector.MatchLabels {
				if w.Spec.Template.Metadata.Labels[k] != v {
					t.Errorf("selector %s=%s does not select the pod template (labels %v)", k, v, w.Spec.Template.Metadata.Labels)
				}
			}
			isReplica := w.Kind == "Deployment"
			if w.Kind == "StatefulSet" && (w.Spec.Replicas == nil || *w.Spec.Replicas != 1) {
				t.Errorf("the writer must run alone: replicas %v, want 1", w.Spec.Replicas)
			}
			if w.Kind == "StatefulSet" && len(w.Spec.VolumeClaimTemplates) == 0 {
				t.Error("the writer has no volume claim for its database")
			}
			volumes := map[string]bool{}
			for _, v := range w.Spec.Template.Spec.Volumes {
				volumes[v.Name] = true
			}
			for _, v := range w.Spec.VolumeClaimTemplates {
				volumes[v.Metadata.Name] = true
			}
			for _, c := range w.Spec.Template.Spec.Containers {
				if isReplica != (argValue(c.Args, "-replica-of") != "") {
					t.Errorf("container %s: a Deployment runs replicas (-replica-of), the StatefulSet the writer; args %q", c.Name, c.Args)
				}
				addr := argValue(c.Args, "-addr")
				_, port, _ := strings.Cut(addr, ":")
				ports := map[string]string{} // name -> number
				for _, p := range c.Ports {
					ports[p.Name] = strconv.Itoa(p.ContainerPort)
				}
				if !slices.Contains(mapValues(ports), port) {
					t.Errorf("container %s listens on -addr %q, which no containerPort (%v) exposes", c.Name, addr, ports)
				}
				wantReady := "/healthz"
				if isReplica {
					wantReady = "/readyz"
				}
				for _, probe := range []struct {
					name string
					p    *k8sProbe
					want string
				}{{"readinessProbe", c.ReadinessProbe, wantReady}, {"livenessProbe", c.LivenessProbe, "/healthz"}} {
					if probe.p == nil || probe.p.HTTPGet == nil {
						t.Errorf("container %s has no HTTP %s", c.Name, probe.name)
						continue
					}
					if probe.p.HTTPGet.Path != probe.want {
						t.Errorf("container %s %s: path %q, want %q", c.Name, probe.name, probe.p.HTTPGet.Path, probe.want)
					}
					if got := probePort(probe.p.HTTPGet.Port, ports); got != port {
						t.Errorf("container %s %s: port %v is %q, the server listens on %q", c.Name, probe.name, probe.p.HTTPGet.Port, got, port)
					}
				}
				for _, m := range c.VolumeMounts {
					if !volumes[m.Name] {
						t.Errorf("container %s mounts %q, which is no volume of the pod", c.Name, m.Name)
					}
				}
			}
		})
	}
	for _, svc := range byKind["Service"] {
		t.Run("Service/"+svc.Metadata.Name, func(t *testing.T) {
			var selected []k8sObject
			for _, w := range workloads {
				if len(svc.Spec.Selector2) > 0 && labelsMatch(svc.Spec.Selector2, w.Spec.Template.Metadata.Labels) {
					selected = append(selected, w)
				}
			}
			if len(selected) != 1 {
				t.Fatalf("selector %v selects %d workloads, want 1", svc.Spec.Selector2, len(selected))
			}
			for _, p := range svc.Spec.Ports {
				found := false
				for _, c := range selected[0].Spec.Template.Spec.Containers {
					for _, cp := range c.Ports {
						found = found || p.TargetPort == cp.Name || p.TargetPort == cp.ContainerPort
					}
				}
				if !found {
					t.Errorf("port %s: targetPort %v is no port of %s", p.Name, p.TargetPort, selected[0].Metadata.Name)
				}
			}
		})
	}
}

func mapValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func probePort(port any, named map[string]string) string {
	switch p := port.(type) {
	case string:
		return named[p]
	case int:
		return strconv.Itoa(p)
	}
	return ""
}

func labelsMatch(selector, labels map[string]string) bool {
	for k, v := range selector {
		if labels[k] != v {
			return false
		}
	}
	return true
}

// dockerfileInstructions returns the Dockerfile's instructions, continuation lines joined.
func dockerfileInstructions(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	var cur strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if cur.Len() == 0 && (line == "" || strings.HasPrefix(line, "#")) {
			continue
		}
		if strings.HasPrefix(line, "#") {
			continue
		}
		if rest, ok := strings.CutSuffix(line, `\`); ok {
			cur.WriteString(rest + " ")
			continue
		}
		cur.WriteString(line)
		out = append(out, cur.String())
		cur.Reset()
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// The image is built by the script that CI (make build, the end-to-end test) builds with.
func TestDockerfileBuildsWithTheCIScript(t *testing.T) {
	instr := dockerfileInstructions(t, "deploy/Dockerfile")
	var stages, runs []string
	for _, in := range instr {
		word, rest, _ := strings.Cut(in, " ")
		switch strings.ToUpper(word) {
		case "FROM":
			stages = append(stages, rest)
		case "RUN":
			runs = append(runs, rest)
			if strings.Contains(rest, "go build") || strings.Contains(rest, "go mod download") {
				t.Errorf("RUN %s: build with deploy/build.sh, not go itself", rest)
			}
		}
	}
	if len(stages) < 2 {
		t.Errorf("%d stages, want a build stage and a runtime stage", len(stages))
	}
	if !slices.ContainsFunc(runs, func(r string) bool { return regexp.MustCompile(`(^|\s)deploy/build\.sh(\s|$)`).MatchString(r) }) {
		t.Errorf("no RUN line calls deploy/build.sh: %q", runs)
	}
	if len(stages) > 0 && !strings.Contains(stages[len(stages)-1], "debian") {
		t.Errorf("runtime stage %q: want Debian slim (DuckDB needs glibc)", stages[len(stages)-1])
	}
	if !slices.ContainsFunc(instr, func(in string) bool {
		return strings.HasPrefix(in, "COPY --from=") && strings.Contains(in, "/usr/local/bin/parindex")
	}) {
		t.Error("the runtime stage does not copy the built binary to /usr/local/bin/parindex")
	}
	makefile, err := os.ReadFile("Makefile")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^build:.*\n\t.*deploy/build\.sh`).Match(makefile) {
		t.Error("make build does not call deploy/build.sh")
	}
}

// The systemd units load without a warning (systemd-analyze verify), or at least parse.
func TestSystemdUnits(t *testing.T) {
	units := map[string]string{ // file -> name verified (a template needs an instance)
		"parindex-writer.service":   "parindex-writer.service",
		"parindex-replica@.service": "parindex-replica@8081.service",
	}
	dir := t.TempDir()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for file, name := range units {
		data, err := os.ReadFile(filepath.Join("deploy/systemd", file))
		if err != nil {
			t.Fatal(err)
		}
		checkUnitSyntax(t, file, string(data))
		// systemd-analyze checks that the program exists: point it at one that does.
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, bytes.ReplaceAll(data, []byte("/usr/local/bin/parindex"), []byte(exe)), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Log("systemd-analyze not installed: units checked for syntax only")
		return
	}
	cmd := exec.Command(analyze, append([]string{"verify"}, paths...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, stderr.String())
	}
}

// checkUnitSyntax checks the sections and keys a unit of parindex needs.
func checkUnitSyntax(t *testing.T, file, unit string) {
	t.Helper()
	section := ""
	keys := map[string]string{}
	for i, line := range strings.Split(unit, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			section = line
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok || section == "" {
				t.Errorf("%s:%d: %q is no key=value inside a section", file, i+1, line)
				continue
			}
			keys[section+k] = v
		}
	}
	for _, k := range []string{"[Service]ExecStart", "[Service]Restart", "[Service]EnvironmentFile", "[Service]ProtectSystem", "[Install]WantedBy"} {
		if keys[k] == "" {
			t.Errorf("%s: %s is missing", file, k)
		}
	}
	if keys["[Service]ProtectSystem"] != "strict" || keys["[Service]Restart"] != "on-failure" {
		t.Errorf("%s: want ProtectSystem=strict and Restart=on-failure", file)
	}
	if keys["[Service]DynamicUser"] != "yes" && keys["[Service]User"] == "" {
		t.Errorf("%s: runs as root (no DynamicUser or User)", file)
	}
}

// envExample reads deploy/systemd/parindex.env.example: the variables of each file it shows
// (writer.env, replica.env).
func envExample(t *testing.T) map[string]map[string]string {
	t.Helper()
	data, err := os.ReadFile("deploy/systemd/parindex.env.example")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]map[string]string{}
	file := ""
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if name, ok := strings.CutPrefix(line, "# /etc/parindex/"); ok {
			file = name
			files[file] = map[string]string{}
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok || file == "" {
			t.Fatalf("parindex.env.example: %q is no KEY=value under a file's name", line)
		}
		files[file][k] = v
	}
	return files
}

// Every command line deploy/ runs parindex with is one parindex accepts.
func TestDeployedCommandLines(t *testing.T) {
	env := envExample(t)
	type commandLine struct {
		where string
		args  []string
		env   map[string]string
	}
	var lines []commandLine
	for file, envFile := range map[string]string{"parindex-writer.service": "writer.env", "parindex-replica@.service": "replica.env"} {
		data, err := os.ReadFile(filepath.Join("deploy/systemd", file))
		if err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(`(?m)^ExecStart=(\S+)(.*)$`).FindStringSubmatch(string(data))
		if m == nil || m[1] != "/usr/local/bin/parindex" {
			t.Fatalf("%s: no ExecStart=/usr/local/bin/parindex", file)
		}
		if env[envFile] == nil {
			t.Fatalf("parindex.env.example shows no %s", envFile)
		}
		lines = append(lines, commandLine{file, strings.Fields(strings.ReplaceAll(m[2], "%i", "8081")), env[envFile]})
	}
	for _, objs := range readManifests(t) {
		for _, o := range objs {
			for _, c := range o.Spec.Template.Spec.Containers {
				lines = append(lines, commandLine{o.Kind + "/" + o.Metadata.Name, c.Args, nil})
			}
		}
	}
	for _, in := range dockerfileInstructions(t, "deploy/Dockerfile") {
		if rest, ok := strings.CutPrefix(in, "CMD "); ok {
			var args []string
			if err := json.Unmarshal([]byte(rest), &args); err != nil {
				t.Fatalf("Dockerfile CMD %s: %v", rest, err)
			}
			lines = append(lines, commandLine{"Dockerfile CMD", args, nil})
		}
	}
	for _, l := range lines {
		if _, err := parseConfig(l.args, func(k string) string { return l.env[k] }); err != nil {
			t.Errorf("%s: parindex %s: %v", l.where, strings.Join(l.args, " "), err)
		}
	}
}
