package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// mockStats mirrors the JSON of the mock's GET /mock/stats.
type mockStats struct {
	LiveParticipants    int                       `json:"liveParticipants"`
	LiveSessions        int                       `json:"liveSessions"`
	Requests            map[string]map[string]int `json:"requests"`
	ConnectionsAccepted int                       `json:"connectionsAccepted"`
	ParticipantsCreated int                       `json:"participantsCreated"`
	AccessTokensIssued  int                       `json:"accessTokensIssued"`
}

// count adds up the answers with a status accepted by match, over every operation.
func (s mockStats) count(match func(status int) bool) int {
	total := 0
	for _, byStatus := range s.Requests {
		for status, n := range byStatus {
			code, err := strconv.Atoi(status)
			if err == nil && match(code) {
				total += n
			}
		}
	}
	return total
}

// since is the difference of the cumulative counters; the live gauges are kept as they are now.
func (s mockStats) since(before mockStats) mockStats {
	d := s
	d.ConnectionsAccepted -= before.ConnectionsAccepted
	d.ParticipantsCreated -= before.ParticipantsCreated
	d.AccessTokensIssued -= before.AccessTokensIssued
	d.Requests = map[string]map[string]int{}
	for op, byStatus := range s.Requests {
		for status, n := range byStatus {
			if n -= before.Requests[op][status]; n != 0 {
				if d.Requests[op] == nil {
					d.Requests[op] = map[string]int{}
				}
				d.Requests[op][status] = n
			}
		}
	}
	return d
}

// unexpected counts answers no clean run produces: every error status except 404 (a refresh of
// something already gone) and, where the mock is rate limited, 429.
func (s mockStats) unexpected(allow429 bool) int {
	return s.count(func(status int) bool {
		switch {
		case status < 400:
			return false
		case status == http.StatusNotFound, status == http.StatusTooManyRequests && allow429:
			return false
		}
		return true
	})
}

type mockProcess struct {
	cmd  *exec.Cmd
	root string // http://127.0.0.1:PORT
	base string // root + "/v1"
	done chan error
}

// startMock runs the standalone mock on a free loopback port and waits for its ready file.
func startMock(ctx context.Context, binary, dir, name string, ratePerSecond float64) (*mockProcess, error) {
	ready := filepath.Join(dir, name+".url")
	_ = os.Remove(ready)
	logFile, err := os.Create(filepath.Join(dir, name+".log"))
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	args := []string{"-addr", "127.0.0.1:0", "-ready-file", ready}
	if ratePerSecond > 0 {
		args = append(args, "-rate-limit", strconv.FormatFloat(ratePerSecond, 'f', -1, 64))
	}
	cmd := exec.Command(binary, args...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	m := &mockProcess{cmd: cmd, done: make(chan error, 1)}
	go func() { m.done <- cmd.Wait() }()

	deadline := time.Now().Add(15 * time.Second)
	for {
		b, err := os.ReadFile(ready)
		if err == nil && len(strings.TrimSpace(string(b))) > 0 {
			m.base = strings.TrimSpace(string(b))
			m.root = strings.TrimSuffix(m.base, "/v1")
			return m, nil
		}
		select {
		case err := <-m.done:
			m.done <- err
			return nil, fmt.Errorf("the mock exited before it was ready (%w); see %s", err, logFile.Name())
		case <-ctx.Done():
			m.stop()
			return nil, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			m.stop()
			return nil, fmt.Errorf("the mock was not ready within 15s; see %s", logFile.Name())
		}
	}
}

func (m *mockProcess) stats(ctx context.Context) (mockStats, error) {
	var s mockStats
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, m.root+"/mock/stats", nil)
	if err != nil {
		return s, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return s, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return s, fmt.Errorf("GET /mock/stats: HTTP %d", resp.StatusCode)
	}
	return s, json.NewDecoder(resp.Body).Decode(&s)
}

// stop ends the mock this program started (by its pid) and waits for it.
func (m *mockProcess) stop() {
	if m == nil || m.cmd.Process == nil {
		return
	}
	_ = m.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-m.done:
	case <-time.After(5 * time.Second):
		_ = m.cmd.Process.Kill()
		<-m.done
	}
}

var errDrift = errors.New("the plan after apply is not empty")
