"""`ProcessWide`: the first caller in applies a setting, the last out undoes it, once."""

from __future__ import annotations

from loopline.core.process_wide import ProcessWide


def test_first_in_applies_last_out_undoes_whatever_the_order():
    events: list[str] = []

    def apply():
        events.append("apply")
        return lambda: events.append("undo")

    setting = ProcessWide(apply, after_last=lambda: events.append("after"))
    first, second = setting.held(), setting.held()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)  # not the last: nothing is undone yet
    assert events == ["apply"]
    second.__exit__(None, None, None)
    assert events == ["apply", "undo", "after"]
    with setting.held():  # a later use applies it afresh
        assert events[-1] == "apply"
    assert events[-2:] == ["undo", "after"]
