package provider

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/bandwidth-community/terraform-provider-bandwidth/tools/webrtcmock"
)

// matrixFault is one row of the fault matrix: a fault the mock injects once into every operation
// of the participant, session and membership resources, and what each kind of call comes to.
type matrixFault struct {
	name    string
	fault   webrtcmock.Fault
	timeout string // the provider's request_timeout: short where the fault is a slow answer

	// A create (POST) is retried where the API provably did not act; otherwise it fails with an
	// "outcome unknown" diagnostic whose cause matches createCause.
	createCause string
	// orphan: the POST was carried out although the answer was lost, so the object exists
	// outside state; recovery is by import, or by deleteOrphans outside Terraform.
	orphan, deleteOrphans bool
	// readCause, when set, is the error a read (GET) ends in; otherwise reads are retried.
	// Updates and deletes (PUT, DELETE) are idempotent and retried on every fault of the matrix.
	readCause string
}

const slowAnswer = 3 * time.Second // the mock ends the delay as soon as the provider gives up

var faultMatrix = []matrixFault{
	{name: "429 with Retry-After", fault: webrtcmock.Fault{Status: http.StatusTooManyRequests, RetryAfter: "1"}},
	{name: "500", fault: webrtcmock.Fault{Status: http.StatusInternalServerError}, createCause: `500 Internal Server Error`},
	{name: "502", fault: webrtcmock.Fault{Status: http.StatusBadGateway}, createCause: `502 Bad Gateway`},
	{name: "503", fault: webrtcmock.Fault{Status: http.StatusServiceUnavailable}},
	{name: "504", fault: webrtcmock.Fault{Status: http.StatusGatewayTimeout}, createCause: `504 Gateway Timeout`},
	{
		name: "504 after handling", fault: webrtcmock.Fault{Status: http.StatusGatewayTimeout, AfterHandling: true},
		createCause: `504 Gateway Timeout`, orphan: true,
	},
	{name: "connection reset", fault: webrtcmock.Fault{Reset: true}, createCause: resetCause},
	{
		name: "connection reset after handling", fault: webrtcmock.Fault{Reset: true, AfterHandling: true},
		createCause: resetCause, orphan: true, deleteOrphans: true,
	},
	// A create that was sent waits for its answer beyond request_timeout (up to its create
	// timeout, 10 minutes by default), so a slow answer is no orphan; slow reads are retried.
	{name: "slow answer", fault: webrtcmock.Fault{Delay: slowAnswer}, timeout: "1s"},
	{name: "slow answer after handling", fault: webrtcmock.Fault{Delay: slowAnswer, AfterHandling: true}, timeout: "1s"},
	{
		name: "malformed JSON", fault: webrtcmock.Fault{Malformed: true, AfterHandling: true},
		createCause: `malformed response \(HTTP 200\): invalid JSON`, orphan: true, readCause: `malformed response \(HTTP 200\): invalid JSON`,
	},
}

const resetCause = `(connection reset by peer|EOF)`

const (
	membershipAddr = "bandwidth_webrtc_session_participant.test"
	matrixTag      = "fault-matrix"
)

// The operations each step of a matrix run injects the fault into.
var (
	createOps = []string{webrtcmock.OpCreateSession, webrtcmock.OpCreateParticipant}
	updateOps = []string{webrtcmock.OpAddParticipantToSession, webrtcmock.OpUpdateParticipantSubscriptions}
	readOps   = []string{webrtcmock.OpGetSession, webrtcmock.OpGetParticipant, webrtcmock.OpListSessionParticipants}
	deleteOps = []string{webrtcmock.OpRemoveParticipantFromSession, webrtcmock.OpDeleteParticipant, webrtcmock.OpDeleteSession}
)

// TestAccFaultMatrix injects each fault once into each operation of a session, a participant and
// a membership through their whole life, and proves that every run ends with the objects in
// state and at the API agreeing: no duplicate, no orphan that the diagnostics do not point at.
//
// The rows spend most of their time waiting for the provider's retries (a second and more, by
// design), not on the CPU. So they run side by side, each against its own mock, as concurrent
// subtests: under ParallelTest, -parallel (GOMAXPROCS by default) would hold them to a few at a time.
func TestAccFaultMatrix(t *testing.T) {
	t.Parallel()
	var rows sync.WaitGroup
	for _, f := range faultMatrix {
		rows.Go(func() { t.Run(f.name, func(t *testing.T) { testFaultMatrixRow(t, f) }) })
	}
	rows.Wait()
}

func testFaultMatrixRow(t *testing.T, f matrixFault) {
	m := startMock(t, webrtcmock.Options{})
	args := m.basicArgs()
	args.MaxRetries, args.RequestTimeout = "2", f.timeout
	r := &matrixRun{t: t, m: m, f: f, provider: args.block()}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             expectStateMatchesMock(m),
		Steps:                    r.steps(),
	})
	r.expectFaultsFired(slices.Concat(createOps, updateOps, readOps, deleteOps))
	wantCreated := 1
	if f.deleteOrphans {
		wantCreated++ // the orphan, then its replacement
	}
	if got := m.Stats().ParticipantsCreated; got != wantCreated {
		t.Errorf("mock created %d participants, want %d: a create was duplicated or lost", got, wantCreated)
	}
}

// matrixRun is one row of the matrix under test.
type matrixRun struct {
	t        *testing.T
	m        *accMock
	f        matrixFault
	provider string
}

func (r *matrixRun) config(participantSubscribes, membership bool) string {
	var b strings.Builder
	b.WriteString(r.provider)
	fmt.Fprintf(&b, "resource \"bandwidth_webrtc_session\" \"test\" { tag = %q }\n", matrixTag)
	b.WriteString("resource \"bandwidth_webrtc_participant\" \"test\" {\n  tag = \"" + matrixTag + "\"\n")
	if participantSubscribes {
		b.WriteString("  subscriptions = { session_id = bandwidth_webrtc_session.test.id }\n")
	}
	b.WriteString("}\n")
	if membership {
		b.WriteString(`resource "bandwidth_webrtc_session_participant" "test" {
  session_id     = bandwidth_webrtc_session.test.id
  participant_id = bandwidth_webrtc_participant.test.id
}
`)
	}
	return b.String()
}

func (r *matrixRun) inject(ops ...string) func() {
	return func() {
		for _, op := range ops {
			r.m.Inject(op, r.f.fault)
		}
	}
}

func (r *matrixRun) steps() []resource.TestStep {
	created := r.config(false, false)
	full := r.config(true, true)
	var steps []resource.TestStep

	// Create: a session and a participant, side by side.
	create := resource.TestStep{PreConfig: r.inject(createOps...), Config: created}
	if r.f.createCause == "" {
		create.Check = expectStateMatchesMock(r.m)
	} else {
		// Each says why the outcome is unknown; the participant's also how to find and import it.
		participant := `Outcome of creating the participant is unknown.*` + r.f.createCause +
			`.*with tag "` + matrixTag + `".*terraform import <address> <id>`
		session := `Outcome of creating the session is unknown.*` + r.f.createCause
		create.ExpectError = terraformError(`(` + participant + `.*` + session + `|` + session + `.*` + participant + `)`)
	}
	steps = append(steps, create)
	steps = append(steps, r.recoverySteps(created)...)

	// Update: the participant subscribes to the session, and a membership adds it there.
	steps = append(steps, resource.TestStep{
		PreConfig: r.inject(updateOps...),
		Config:    full,
		ConfigPlanChecks: resource.ConfigPlanChecks{
			PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(participantAddr, plancheck.ResourceActionUpdate),
				plancheck.ExpectResourceAction(membershipAddr, plancheck.ResourceActionCreate),
			},
			PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
		},
		Check: resource.ComposeTestCheckFunc(expectStateMatchesMock(r.m), r.expectMemberAndSubscribed),
	})

	// Read: a refresh of all three.
	if r.f.readCause == "" {
		steps = append(steps, resource.TestStep{PreConfig: r.inject(readOps...), RefreshState: true, Check: expectStateMatchesMock(r.m)})
	} else {
		// One at a time: a failed refresh stops those that depend on it.
		for _, read := range []struct{ op, failure string }{
			{webrtcmock.OpGetSession, `Cannot read session`},
			{webrtcmock.OpGetParticipant, `Cannot read participant`},
			{webrtcmock.OpListSessionParticipants, `Cannot list the participants of session`},
		} {
			steps = append(steps, resource.TestStep{
				PreConfig:    r.inject(read.op),
				RefreshState: true,
				ExpectError:  terraformError(read.failure + `.*` + r.f.readCause),
			})
		}
	}

	// Delete: everything, membership first.
	steps = append(steps, resource.TestStep{
		PreConfig: r.inject(deleteOps...),
		Config:    r.provider,
		Check:     expectStateMatchesMock(r.m),
	})
	return steps
}

// recoverySteps follow a create whose outcome is unknown, as its diagnostic advises: find the
// objects Bandwidth may have made, import or delete them, and apply again.
func (r *matrixRun) recoverySteps(config string) []resource.TestStep {
	if r.f.createCause == "" {
		return nil
	}
	applyAgain := resource.TestStep{Config: config, Check: expectStateMatchesMock(r.m)}
	if !r.f.orphan {
		applyAgain.PreConfig = func() { r.expectOrphans(0) }
		return []resource.TestStep{applyAgain}
	}
	var sessionID, participantID string
	if r.f.deleteOrphans {
		applyAgain.PreConfig = func() {
			sessionID, participantID = r.expectOrphans(1)
			api := r.m.apiClient(r.t)
			if err := api.DeleteSession(context.Background(), sessionID); err != nil {
				r.t.Fatal(err)
			}
			if err := api.DeleteParticipant(context.Background(), participantID); err != nil {
				r.t.Fatal(err)
			}
		}
		return []resource.TestStep{applyAgain}
	}
	importOrphan := func(address string, id *string) resource.TestStep {
		return resource.TestStep{
			Config:             config,
			ResourceName:       address,
			ImportState:        true,
			ImportStatePersist: true,
			ImportStateIdFunc:  func(*terraform.State) (string, error) { return *id, nil },
			ImportStateCheck: func(states []*terraform.InstanceState) error {
				for _, s := range states {
					if s.ID == *id {
						return nil
					}
				}
				return fmt.Errorf("the orphan %s was not imported", *id)
			},
		}
	}
	first := importOrphan(sessionAddr, &sessionID)
	first.PreConfig = func() { sessionID, participantID = r.expectOrphans(1) }
	return []resource.TestStep{first, importOrphan(participantAddr, &participantID), applyAgain}
}

// expectOrphans checks how many sessions and participants the failed create left at the mock
// (there is no state yet) and returns their ids.
func (r *matrixRun) expectOrphans(want int) (sessionID, participantID string) {
	sessions, participants := r.m.SessionIDs(), r.m.ParticipantIDs()
	if len(sessions) != want || len(participants) != want {
		r.t.Fatalf("after the failed create the mock holds sessions %v and participants %v, want %d of each", sessions, participants, want)
	}
	if want == 0 {
		return "", ""
	}
	return sessions[0], participants[0]
}

func (r *matrixRun) expectMemberAndSubscribed(s *terraform.State) error {
	var sessionID, participantID string
	if err := captureID(sessionAddr, &sessionID)(s); err != nil {
		return err
	}
	if err := captureID(participantAddr, &participantID)(s); err != nil {
		return err
	}
	api := r.m.apiClient(r.t)
	if err := expectMembers(api, sessionID, participantID); err != nil {
		return err
	}
	return expectWholeSession(api, sessionID, participantID)
}

// expectFaultsFired checks that the mock used the fault on every operation, so a cell cannot pass
// by never meeting it.
func (r *matrixRun) expectFaultsFired(ops []string) {
	r.t.Helper()
	if n := r.m.PendingFaults(); n != 0 {
		r.t.Errorf("%d injected faults never fired", n)
	}
	requests := r.m.Stats().Requests
	for _, op := range ops {
		if slices.Contains(createOps, op) && firedStatus(r.f.fault) == webrtcmock.StatusClientGone {
			continue // a create waits out a slow answer, which the mock records as answered
		}
		if requests[op][firedStatus(r.f.fault)] == 0 {
			r.t.Errorf("%s never met the fault: the mock answered %v", op, requests[op])
		}
	}
}

// firedStatus is how the mock records a request it applied f to.
func firedStatus(f webrtcmock.Fault) int {
	switch {
	case f.Status != 0:
		return f.Status
	case f.Reset:
		return 0
	case f.Malformed:
		return http.StatusOK // where the operation answers 204, this tells the fault apart
	default:
		return webrtcmock.StatusClientGone // the provider gave up during the delay
	}
}
