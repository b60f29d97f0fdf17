"""The server answers over a real socket: health, metrics, and one annotate cycle."""

from __future__ import annotations

import httpx

from loopline.client import Client


def test_annotate_cycle_over_http(site):
    """An annotator claims, submits with claim_next, and the annotation is stored once."""
    assert httpx.get(site.url + "/healthz").json() == {"status": "ok"}
    with Client(site.url, site.tokens["ann1"]) as api:
        task = api.next_task("alpha")
        assert task is not None and task.project == "alpha"
        assert api.next_task("alpha").id == task.id  # resumes the held task
        n = len(task.record["responses"])
        result = api.submit(task.id, {"rank": list(range(1, n + 1))}, client_key="k1", claim_next=True)
        assert result.created and result.next is not None and result.next.id != task.id
        again = api.submit(task.id, {"rank": list(range(1, n + 1))}, client_key="k1")
        assert again.annotation_id == result.annotation_id and not again.created
        page = api.annotations("alpha")
        assert page.total == 1 and page.items[0].annotator == "ann1"
    text = httpx.get(site.url + "/metrics").text
    assert "loopline_submits_total" in text and 'loopline_queue_open_tasks{project="alpha"}' in text
