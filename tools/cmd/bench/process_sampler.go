package main

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// processSampler follows every process running exe (Terraform starts the provider more than once per
// command: one process for the plan walk, another for the apply walk) and keeps the largest
// VmHWM, the kernel's own peak resident set size, seen in /proc/<pid>/status, and each process's
// CPU time (user + system) from /proc/<pid>/stat. Both only grow, so the last sample of a process
// is its figure up to that moment; sampling every interval misses at most the final interval of
// each process. The CPU time is the provider's own work, free of Terraform's share of the wall
// time, which is most of it and most of its noise.
//
// The provider is found in /proc by its binary because nothing hands out its PID: Terraform
// starts it, and terraform-exec, which starts Terraform, exposes neither Terraform's process nor
// its children.
type processSampler struct {
	exe      string
	parent   string // Terraform's binary: a child shows it until its exec completes
	interval time.Duration
	stop     chan struct{}
	done     chan struct{}

	mu        sync.Mutex
	peakKiB   int64
	processes map[int]bool
	cpuTicks  map[int]int64 // the latest sample of each process
	ignored   map[int]bool
}

func startProcessSampler(exe, parent string, interval time.Duration) *processSampler {
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	if resolved, err := filepath.EvalSymlinks(parent); err == nil {
		parent = resolved
	}
	s := &processSampler{
		exe: exe, parent: parent, interval: interval,
		stop: make(chan struct{}), done: make(chan struct{}),
		processes: map[int]bool{}, ignored: map[int]bool{}, cpuTicks: map[int]int64{},
	}
	go s.loop()
	return s
}

func (s *processSampler) loop() {
	defer close(s.done)
	ticker := time.NewTicker(s.interval)
	defer ticker.Stop()
	for {
		s.sample()
		select {
		case <-s.stop:
			s.sample()
			return
		case <-ticker.C:
		}
	}
}

// finish stops sampling and returns the peak in KiB, how many provider processes were seen and
// the CPU time they used together.
func (s *processSampler) finish() (peakKiB int64, processes int, cpu time.Duration) {
	close(s.stop)
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	var ticks int64
	for _, t := range s.cpuTicks {
		ticks += t
	}
	return s.peakKiB, len(s.processes), time.Duration(ticks) * time.Second / clockTicksPerSecond
}

func (s *processSampler) sample() {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || s.ignored[pid] {
			continue
		}
		if !s.processes[pid] {
			target, err := os.Readlink("/proc/" + e.Name() + "/exe")
			if err != nil {
				continue // gone, or not ours to read; try again next time
			}
			if target != s.exe {
				if target != s.parent {
					s.ignored[pid] = true
				}
				continue
			}
			s.processes[pid] = true
		}
		if hwm, ok := readVMHWM(pid); ok {
			s.peakKiB = max(s.peakKiB, hwm)
		}
		if ticks, ok := readCPUTicks(pid); ok {
			s.cpuTicks[pid] = ticks
		}
	}
}

// clockTicksPerSecond is USER_HZ, the unit of /proc/<pid>/stat's times: 100 on every Linux
// architecture Go supports (sysconf(_SC_CLK_TCK) is out of reach without cgo).
const clockTicksPerSecond = 100

// readCPUTicks reads utime + stime of pid, fields 14 and 15 of /proc/<pid>/stat, counted after
// the command name, which may hold spaces and ends at the last ')'.
func readCPUTicks(pid int) (int64, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, false
	}
	return parseCPUTicks(b)
}

func parseCPUTicks(b []byte) (int64, bool) {
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, false
	}
	fields := bytes.Fields(b[i+1:]) // fields[0] is field 3, the state
	if len(fields) < 13 {
		return 0, false
	}
	utime, err1 := strconv.ParseInt(string(fields[11]), 10, 64)
	stime, err2 := strconv.ParseInt(string(fields[12]), 10, 64)
	return utime + stime, err1 == nil && err2 == nil
}

// readVMHWM reads the peak resident set size of pid in KiB.
func readVMHWM(pid int) (int64, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, false
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := sc.Bytes()
		if rest, ok := bytes.CutPrefix(line, []byte("VmHWM:")); ok {
			fields := bytes.Fields(rest)
			if len(fields) == 0 {
				return 0, false
			}
			kib, err := strconv.ParseInt(string(fields[0]), 10, 64)
			return kib, err == nil
		}
	}
	return 0, false
}
