package main

import (
	"os"
	"strings"
	"testing"
	"time"
)

func TestParseGoBench(t *testing.T) {
	out := `goos: linux
pkg: github.com/x/y/internal/transport
BenchmarkRedactBody/json-2         	   20718	     17202 ns/op	    4216 B/op	     126 allocs/op
BenchmarkClientLoopbackParallel-2  	    4129	     65873 ns/op	        17.00 conns	    8891 B/op	      96 allocs/op
PASS
`
	got := parseGoBench(strings.NewReader(out))
	if len(got) != 2 {
		t.Fatalf("parsed %d benchmarks, want 2: %+v", len(got), got)
	}
	if b := got[0]; b.pkg != "github.com/x/y/internal/transport" || b.name != "RedactBody/json" || b.nsPerOp != 17202 || b.bytesOp != 4216 || b.allocsOp != 126 {
		t.Errorf("first = %+v", b)
	}
	if b := got[1]; b.name != "ClientLoopbackParallel" || len(b.extra) != 1 || b.extra[0] != "17.00 conns" || b.allocsOp != 96 {
		t.Errorf("second = %+v", b)
	}
}

func TestMockStatsSince(t *testing.T) {
	before := mockStats{ConnectionsAccepted: 3, ParticipantsCreated: 5,
		Requests: map[string]map[string]int{"createParticipant": {"200": 5}}}
	after := mockStats{LiveParticipants: 7, ConnectionsAccepted: 10, ParticipantsCreated: 12,
		Requests: map[string]map[string]int{"createParticipant": {"200": 12, "429": 4}, "getParticipant": {"404": 1}, "deleteParticipant": {"500": 1}}}
	d := after.since(before)
	if d.ConnectionsAccepted != 7 || d.ParticipantsCreated != 7 || d.LiveParticipants != 7 {
		t.Errorf("since = %+v", d)
	}
	if n := d.count(func(int) bool { return true }); n != 13 {
		t.Errorf("count = %d, want 13", n)
	}
	if n := d.unexpected(true); n != 1 { // the 500; the 404 and the 429s are allowed
		t.Errorf("unexpected(429 allowed) = %d, want 1", n)
	}
	if n := d.unexpected(false); n != 5 {
		t.Errorf("unexpected(429 not allowed) = %d, want 5", n)
	}
}

func TestMedianAndRound(t *testing.T) {
	if m := median([]time.Duration{3, 1, 2}); m != 2 {
		t.Errorf("odd median = %v", m)
	}
	if m := median([]time.Duration{4, 1, 2, 3}); m != 2 {
		t.Errorf("even median = %v", m) // (2+3)/2 in integer nanoseconds
	}
	if r := round2(3.2049); r != 3.2 {
		t.Errorf("round2 = %v", r)
	}
}

func TestParseFlagsQuick(t *testing.T) {
	env := map[string]string{"BENCH_QUICK": "1"}
	o, err := parseFlags([]string{"-provider", "p"}, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if !o.quick || o.runs != 1 || len(o.sizes) != 1 || o.sizes[0] != 50 || o.rateN != 100 {
		t.Errorf("quick options = %+v", o)
	}
	o, err = parseFlags([]string{"-provider", "p", "-n", "10,20", "-runs", "5"}, func(string) string { return "" })
	if err != nil || o.quick || o.runs != 5 || len(o.sizes) != 2 || o.rateN != 300 {
		t.Errorf("full options = %+v, %v", o, err)
	}
	if _, err := parseFlags(nil, func(string) string { return "" }); err == nil {
		t.Error("no -provider accepted")
	}
}

func TestParseCPUTicks(t *testing.T) {
	// A command name may hold spaces and parentheses; the fields count from the last ')'.
	stat := []byte("4242 (terraform (x) y) S 1 4242 4242 0 -1 4194560 2100 0 0 0 157 43 0 0 20 0 9 0 1234 0 0\n")
	if got, ok := parseCPUTicks(stat); !ok || got != 200 {
		t.Errorf("parseCPUTicks = %d, %v; want 200 (utime 157 + stime 43)", got, ok)
	}
	if _, ok := parseCPUTicks([]byte("4242 (cut short) S 1 2")); ok {
		t.Error("a truncated stat line parsed")
	}
}

func TestReadCPUTicksOfThisProcess(t *testing.T) {
	deadline := time.Now().Add(50 * time.Millisecond)
	for time.Now().Before(deadline) { // burn a few ticks
	}
	if got, ok := readCPUTicks(os.Getpid()); !ok || got < 1 {
		t.Errorf("readCPUTicks(self) = %d, %v; want at least one tick", got, ok)
	}
}
