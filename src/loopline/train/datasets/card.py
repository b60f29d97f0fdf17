"""The dataset card (README.md) that travels with a version folder.

Someone who finds a version folder without Loopline at hand should still learn what it holds,
where it came from, how rows were aggregated, and the exact line that loads it for training.
"""

from __future__ import annotations

from loopline.train.datasets.builders import TRAINERS
from loopline.train.datasets.manifest import DatasetManifest

_POLICY_TEXT: dict[str, str] = {
    "mean_rank": "rankings averaged per response across annotators; every pair with a strictly "
    "lower mean rank is one (chosen, rejected) row; equal mean ranks are left out",
    "majority_vote": "the choice with strictly the most votes wins; ties (by vote or by choice) "
    "are left out",
    "mean_vs_midpoint": "mean rating above the scale midpoint is desirable, below is "
    "undesirable, exactly on it is left out",
    "thumbs_majority": "more thumbs up than down is desirable, fewer is undesirable, even is "
    "left out",
    "all_demonstrations": "every submitted text answer is one example",
    "one_row_per_annotation": "every annotation as stored, answers and record as JSON strings",
    "dawid_skene": "Dawid-Skene EM over every annotator's confusion matrix picks each answer "
    "(a rating is then compared with the scale midpoint); ties are left out",
    "mace": "MACE EM (annotator competence vs spamming) picks each answer (a rating is then "
    "compared with the scale midpoint); ties are left out",
    "bradley_terry": "Bradley-Terry strengths fitted over every annotator's comparisons order "
    "the responses; margin is the log-strength gap; equal strengths are left out",
}

_MARGIN_TEXT = (
    "`margin` is the mean rank gap (rejected minus chosen) for rankings; for pairwise questions "
    "it is 1.0 plus the mean strength index of the winning votes (1.0 without strengths)."
)


def render_card(manifest: DatasetManifest) -> str:
    """Markdown text of the card."""
    m = manifest
    lines = [
        f"# Loopline dataset {m.id}",
        "",
        (
            f"- **Format:** `{m.format}` ({'conversational' if m.conversational else 'standard'}), "
            f"for {TRAINERS.get(m.format, 'any trainer')}"
        ),
        f"- **Rows:** {m.row_count:,}",
        f"- **Projects:** {', '.join(m.projects) or '-'}",
        f"- **Source:** {m.task_count:,} tasks, {m.annotation_count:,} annotations",
        f"- **Questions used:** {', '.join(m.questions) or '-'}",
        f"- **Created:** {m.created_at} with loopline {m.loopline_version}",
    ]
    if m.parent:
        lines.append(f"- **Parent version:** {m.parent}")
    lines += ["", "## Policy", ""]
    for qtype, policy in m.policy.items():
        lines.append(f"- `{qtype}`: `{policy}`: {_POLICY_TEXT.get(policy, policy)}")
    if m.format == "reward" and (m.aggregation or {}).get("policy") != "bradley-terry":
        lines += ["", _MARGIN_TEXT]
    if m.aggregation:
        lines += ["", f"Aggregated with `{m.aggregation['policy']}`"
                  f"{' (annotators weighted by trust)' if m.aggregation.get('trust_weighted') else ''}; "
                  "`agreement` is the share of annotators' votes behind each row and `confidence` "
                  "the model's posterior probability of it."]
    counted = {k: v for k, v in m.stats.items() if k != "rows_per_question"}
    if counted:
        lines += ["", "## Stats", ""]
        lines += [f"- {key}: {value}" for key, value in sorted(counted.items())]
    lines += [
        "",
        "## Columns",
        "",
        *[f"- `{c}`" for c in m.columns],
        "",
        "`lineage.parquet` maps each row (by index) to its task, record, annotations and question.",
        "",
        "## Load",
        "",
        "From the folder that holds this version:",
        "",
        "```python",
        "from datasets import load_dataset",
        "",
        f'ds = load_dataset("parquet", data_files="{m.id}/data.parquet", split="train")',
        "```",
        "",
    ]
    return "\n".join(lines)
