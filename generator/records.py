"""The data model shared by every stage: small, frozen, typed.

Stages pass these objects along; none of them knows about files on disk,
Markdown pages or MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path


@dataclass(frozen=True)
class SourceFile:
    """One input file as found on disk (the *read* stage's output)."""

    path: Path  # absolute path on disk
    source: str  # path relative to the SOURCE folder it was found under, '/'-separated
    data: bytes


@dataclass(frozen=True)
class RepairStep:
    """One step that changed the text, replayable by name.

    ``fixer`` names an entry of the one registry, ``generator.pipeline.fixers.FIXERS``;
    ``args`` are the positional arguments that replay it (``fixers.replay``).
    """

    fixer: str
    args: tuple[str, ...] = ()
    detail: str = ""  # what a person reads: "UTF-8 read as Mac Roman, whole document"

    def describe(self) -> str:
        return self.detail or self.fixer


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # e.g. "utf-8", "utf-8-sig", "utf-16", "windows-1252"
    steps: tuple[RepairStep, ...] = ()  # decode-level facts worth reporting (BOM, CRLF, legacy codec)


@dataclass(frozen=True)
class Repaired:
    text: str
    steps: tuple[RepairStep, ...] = ()


@dataclass(frozen=True)
class Ablation:
    """One proposed ablation: the fields of AblationBench's ``AblationSuggestion``."""

    name: str
    ablated_part: str
    action: str  # REMOVE | REPLACE | ADD (or whatever the model wrote, upper-cased)
    replacement: tuple[str, ...] | None
    metrics: tuple[str, ...]
    line: str = ""  # the JSONL line it was read from, verbatim ("" when read from Markdown)

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "name": self.name,
            "ablated_part": self.ablated_part,
            "action": self.action,
            "replacement": list(self.replacement) if self.replacement is not None else None,
            "metrics": list(self.metrics),
        }
        if self.line:
            out["line"] = self.line
        return out


AUTHOR_TASK = "AuthorAblation"
REVIEWER_TASK = "ReviewerAblation"


@dataclass(frozen=True)
class Parsed:
    """What the *parse* stage gets out of one document's text."""

    planner: str
    model: str  # as written in the heading (may be an alias)
    paper: str
    reasoning: str  # Markdown, without the HTML box
    ablations: tuple[Ablation, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class AgentStep:
    """One step of an agent's run (a SWE-agent ``trajectory`` entry)."""

    thought: str  # model text
    action: str  # the command it ran (model text)
    observation: str  # what the environment answered (tool output, shown as text only)
    execution_time: float | None = None  # seconds


@dataclass(frozen=True)
class Trajectory:
    """A parsed, repaired trajectory with its provenance.

    Trajectories read from AblationBench's run folders (``origin`` ``"lm-run"`` or
    ``"agent-run"``) also carry what those hold: cost and token counts, and for an agent
    its steps and exit status; a Markdown export has none of them (``None``, ``()``)."""

    source: str
    planner: str
    model: str  # canonical model id
    paper: str
    reasoning: str
    ablations: tuple[Ablation, ...]
    repairs: tuple[RepairStep, ...] = ()
    warnings: tuple[str, ...] = ()
    digest: str = ""  # content hash of the repaired text (dedup, caching)
    origin: str = "markdown"  # "markdown" (an exported page), "lm-run" or "agent-run" (a run folder)
    task: str | None = None  # from the run folder's path (AuthorAblation / ReviewerAblation)
    inputs: tuple[str, ...] = ()  # the other files of a run folder read into it (sources)
    steps: tuple[AgentStep, ...] = ()
    exit_status: str | None = None
    cost: float | None = None  # US dollars, as the run recorded it
    tokens_sent: int | None = None
    tokens_received: int | None = None
    api_calls: int | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.planner, self.model, self.paper)


@dataclass(frozen=True)
class Reference:
    """A paper's ground truth, from a benchmark dataset row (one row per paper).

    Author task (``researcher-ablation-bench``): ``ablations`` are the ablations the paper's
    authors ran (``ablations_in_paper``), in the dataset's order. Reviewer task
    (``reviewer-ablation-bench``): ``reviews`` are the reviews' texts and ``suggestions`` the
    number of missing ablations they ask for (``num_ablation_suggestions``).
    """

    paper: str
    task: str | None  # AUTHOR_TASK | REVIEWER_TASK | None (the row does not say)
    title: str = ""
    abstract: str = ""
    ablations: tuple[Ablation, ...] = ()
    reviews: tuple[str, ...] = ()
    suggestions: int | None = None
    source: str = ""  # the dataset file


@dataclass(frozen=True)
class Evaluation:
    """One judge's verdict on one plan: ``evaluations.json``'s row and ``<paper>.jsonl``.

    The scores are exactly as the judge wrote them. ``matches`` (author task) is the match
    map: ``(name_in_paper, names_in_plan)`` per reference ablation, ``()`` when unmatched;
    ``in_review`` (reviewer task): ``(name_in_plan, appears_in_review)`` per proposal. Both
    are None without a verdict file. ``marks`` and ``missed`` are filled in when the
    evaluation is attached to its trajectory: per plan ablation, in plan order, the
    reference names it was matched to (author) or whether the reviews asked for it
    (reviewer), None when the verdict does not name it; ``missed``: the references no
    ablation of the plan matched.
    """

    planner: str
    model: str  # canonical model id
    paper: str
    task: str | None
    judge: str  # the judge's folder below the model's, e.g. "majority_vote", "openai/gpt-4o"
    precision: float
    recall: float
    f1: float
    ndcg: float | None = None
    cost: float | None = None
    source: str = ""  # the evaluations.json
    verdicts: str | None = None  # the <paper>.jsonl
    matches: tuple[tuple[str, tuple[str, ...]], ...] | None = None
    in_review: tuple[tuple[str, bool], ...] | None = None
    marks: tuple[tuple[str, ...] | bool | None, ...] = ()
    missed: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.planner, self.model, self.paper)


@dataclass(frozen=True)
class ModelInfo:
    id: str  # canonical id, e.g. "claude-35-sonnet"
    name: str  # display name, e.g. "Claude 3.5 Sonnet"
    aliases: tuple[str, ...] = ()
    slug: str = ""  # file-name-safe, unique among models


@dataclass(frozen=True)
class PaperInfo:
    id: str
    title: str
    url: str | None = None
    task: str | None = None
    slug: str = ""  # file-name-safe, unique among papers


@dataclass(frozen=True)
class Issue:
    """A reported problem with one input file."""

    source: str
    message: str


@dataclass(frozen=True)
class Duplicate:
    source: str
    kept: str
    reason: str


@dataclass(frozen=True)
class Report:
    files: int
    trajectories: int
    errors: tuple[Issue, ...] = ()
    duplicates: tuple[Duplicate, ...] = ()
    warnings: tuple[Issue, ...] = ()
    skipped: tuple[Issue, ...] = ()  # files read by no reader (what they are, and why)

    def as_dict(self) -> dict[str, object]:
        return {
            "files": self.files,
            "trajectories": self.trajectories,
            "errors": [{"source": e.source, "error": e.message} for e in self.errors],
            "duplicates": [
                {"source": d.source, "kept": d.kept, "reason": d.reason} for d in self.duplicates
            ],
            "warnings": [{"source": w.source, "warning": w.message} for w in self.warnings],
            "skipped": [{"source": s.source, "reason": s.message} for s in self.skipped],
        }


@dataclass(frozen=True)
class Catalog:
    """Everything the renderer needs, already sorted and cross-referenced."""

    trajectories: tuple[Trajectory, ...]  # sorted by model, then paper title
    models: tuple[ModelInfo, ...]  # only models with at least one trajectory, by name
    papers: tuple[PaperInfo, ...]  # only papers with at least one trajectory, by title
    report: Report
    # (planner, model, paper) -> page path relative to the output folder
    pages: dict[tuple[str, str, str], str] = field(default_factory=dict)
    planner_slugs: dict[str, str] = field(default_factory=dict)  # planner id -> its folder name
    # judge verdicts attached to their trajectories: (planner, model, paper) -> Evaluation
    evaluations: dict[tuple[str, str, str], Evaluation] = field(default_factory=dict)
    references: dict[str, Reference] = field(default_factory=dict)  # paper id -> its ground truth

    def model(self, model_id: str) -> ModelInfo:
        return self._models_by_id[model_id]

    def paper(self, paper_id: str) -> PaperInfo:
        return self._papers_by_id[paper_id]

    @cached_property
    def _models_by_id(self) -> dict[str, ModelInfo]:
        return {m.id: m for m in self.models}

    @cached_property
    def _papers_by_id(self) -> dict[str, PaperInfo]:
        return {p.id: p for p in self.papers}
