package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-testing/plancheck"
)

// beforeApply is a plan check that runs event between a step's saved plan and its apply, as when
// a plan is applied an hour after it was made and the world has moved on.
func beforeApply(event func()) plancheck.PlanCheck { return eventBeforeApply(event) }

type eventBeforeApply func()

func (e eventBeforeApply) CheckPlan(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) {
	e()
}
