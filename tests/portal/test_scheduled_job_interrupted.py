"""A scheduled job whose worker was killed half way: the next run of the clock says so in the jobs'
history, instead of leaving the killed run « en cours » for ever."""

import pytest

from jura_portal import schedule
from jura_portal.models import JobRun

pytestmark = pytest.mark.django_db(transaction=True)  # the task closes old connections


def test_the_next_run_by_the_clock_marks_the_killed_one_interrupted_and_leaves_a_staff_run_alone(staff):
    killed = JobRun.objects.create(job="clearsessions")  # its worker died: « en cours » for ever
    by_hand = JobRun.objects.create(job="clearsessions", started_by=staff)  # queued by staff, not started
    other_job = JobRun.objects.create(job="dues_renew")

    schedule.TASKS["clearsessions"].func(timestamp=0)

    killed.refresh_from_db()
    assert killed.outcome == JobRun.Outcome.FAILED
    assert "interrompu" in killed.output
    assert killed.finished_at is not None
    by_hand.refresh_from_db()
    other_job.refresh_from_db()
    assert by_hand.outcome == other_job.outcome == JobRun.Outcome.RUNNING
    assert JobRun.objects.filter(job="clearsessions", outcome=JobRun.Outcome.SUCCEEDED).count() == 1
