"""The words an ablation is compared by (:mod:`generator.analysis.align`): tokens, a small
vocabulary of machine-learning synonyms and abbreviations, and a light stemmer.

Pure and deterministic; everything here is a table or a regular expression a reader can check.

* **Tokens.** Greek letters become their names (``α`` → ``alpha``), CamelCase and acronym
  boundaries split (``VaryLossWeights`` → ``vary loss weights``, ``CNNInput`` → ``cnn input``),
  then the text is lower-cased and cut at anything that is not a letter or a digit
  (``self-knowledge`` → ``self knowledge``).
* **Vocabulary.** A few closed compounds are opened (``pretraining`` → ``pre training``), common
  abbreviations are expanded (``lr`` → ``learning rate``, ``kd`` → ``knowledge distillation``,
  ``cnn`` → ``convolutional neural network``) and near-synonyms share one term
  (``coefficient``, ``factor``, ``weighting`` → ``weight``; ``count``, ``amount`` → ``number``).
  A paper's own acronyms are read from its texts: "Hub Labeling (HL)" makes ``hl`` stand for
  ``hub labeling`` in every ablation of that paper.
* **Stopwords.** English function words and ablation boilerplate ("ablation", "remove",
  "effect", "module", "component", ...) do not count.
* **Stems.** Plurals, ``-ing``/``-ed``, ``-ation``/``-ization``/``-izer``/``-ion``/``-or``, and a
  final ``-e`` are stripped, so "optimizer" and "optimization", "predictor" and "prediction",
  "normalisation" and "normalization" are one term each.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from functools import lru_cache

__all__ = ["ACRONYMS", "STOPWORDS", "collapse", "expand", "heads", "paper_acronyms", "phrases", "stem", "term", "words"]

GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ϵ": "epsilon", "ζ": "zeta",
    "η": "eta", "θ": "theta", "ϑ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu",
    "ξ": "xi", "π": "pi", "ρ": "rho", "σ": "sigma", "ς": "sigma", "τ": "tau", "υ": "upsilon", "φ": "phi",
    "ϕ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega", "Γ": "gamma", "Δ": "delta", "Θ": "theta",
    "Λ": "lambda", "Ξ": "xi", "Π": "pi", "Σ": "sigma", "Φ": "phi", "Ψ": "psi", "Ω": "omega",
}
_GREEK = re.compile("[" + "".join(GREEK) + "]")
# a lower-case letter or digit then a capital (lossWeights), or a capital run then a capital
# starting a word (CNNInput -> CNN Input)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z]{2})")
_WORD = re.compile(r"[^\W_]+")

#: Abbreviations as models write them, and what they stand for (lower case).
ACRONYMS: Mapping[str, tuple[str, ...]] = {
    abbr: tuple(expansion.split())
    for abbr, expansion in {
        "lr": "learning rate", "kd": "knowledge distillation", "mlp": "multilayer perceptron",
        "cnn": "convolutional neural network",
        "rnn": "recurrent neural network", "gnn": "graph neural network", "gcn": "graph convolutional network",
        "gat": "graph attention network", "vae": "variational autoencoder", "gan": "generative adversarial network",
        "llm": "large language model", "lm": "language model",
        "rl": "reinforcement learning", "kl": "kullback leibler", "mse": "mean squared error",
        "bce": "binary cross entropy", "ce": "cross entropy", "sgd": "stochastic gradient descent",
        "peft": "parameter efficient fine tuning", "cot": "chain of thought",
        "rag": "retrieval augmented generation", "bn": "batch normalization", "ln": "layer normalization",
        "pe": "positional encoding", "ssl": "self supervised learning", "mlm": "masked language modeling",
        "ema": "exponential moving average", "moe": "mixture of experts", "vit": "vision transformer",
        "svd": "singular value decomposition", "pca": "principal component analysis", "ood": "out of distribution",
        "lstm": "long short term memory", "gru": "gated recurrent unit", "snr": "signal to noise ratio",
        "nms": "non maximum suppression", "rpn": "region proposal network", "roi": "region of interest",
        "attn": "attention", "aug": "augmentation", "init": "initialization", "dim": "dimension", "norm": "normalization", "hparam": "hyperparameter", "hparams": "hyperparameter",
        "mcts": "monte carlo tree search", "icl": "in context learning", "sft": "supervised fine tuning",
        "dpo": "direct preference optimization", "rlhf": "reinforcement learning human feedback",
        "nerf": "neural radiance field", "sds": "score distillation sampling", "cfg": "classifier free guidance",
        "ipa": "invariant point attention", "fft": "fast fourier transform", "dft": "discrete fourier transform",
        "dct": "discrete cosine transform", "ppo": "proximal policy optimization", "nce": "noise contrastive estimation",
    }.items()
}

#: Closed compounds and spelling variants, opened or mapped to one form (lower case).
SYNONYMS: Mapping[str, tuple[str, ...]] = {
    word: tuple(to.split())
    for word, to in {
        "pretraining": "pre training", "pretrained": "pre trained", "pretrain": "pre train",
        "finetuning": "fine tuning", "finetuned": "fine tuned", "finetune": "fine tune",
        "hyperparameters": "hyperparameter", "hyper": "hyperparameter", "multiscale": "multi scale",
        "coefficient": "weight", "coefficients": "weight", "factor": "weight", "factors": "weight",
        "weighting": "weight", "weightings": "weight", "weighted": "weight",
        "count": "number", "counts": "number", "amount": "number", "quantity": "number", "num": "number",
        "proportion": "ratio", "percentage": "ratio", "fraction": "ratio",
        "positional": "position", "dimensionality": "dimension", "dimensional": "dimension",
        "encoder": "encod", "decoder": "decod",
        "multilayer": "multilayer", "perceptron": "perceptron",
    }.items()
}

STOPWORDS = frozenset(
    """
    a about above after again against all also an and any are as at be been before being below
    between both but by can could did do does doing down during each either etc few for from
    further had has have having how i if in into is it its itself just more most much neither
    nor not of off on once only or other our out over own per same she should so some such than
    that the their them then there these they this those through to too under until up upon
    us versus very via vs was we were what when where whether which while who whom why will
    with within without would yet you your
    ablate ablated ablating ablation ablations ablative analysis analyze alternative
    alternatives approach based baseline change changes changing component components
    compare comparison contribution contributions different effect effects effectiveness
    entire evaluate evaluating evaluation experiment full general impact importance instead
    investigate kind mechanism method module modules non novel omit original part parts
    performance proposed removal remove removed removing replace replaced replacement replacing
    role sensitivity setting simple specific standard strategy study technique test type
    use used uses using variant variants version vary varying way
    applied apply choice configuration currently fixed learnable learned modification modify
    modifying variation current default existing proposal specifically
    """.split()
)

_NOT_INFLECTED = frozenset({"embed", "thing", "string", "bring", "spring", "during"})
# (suffix, replacement, shortest stem left): tried in order, the first that applies wins
_SUFFIXES = (
    ("isations", "iz", 3), ("izations", "iz", 3), ("isation", "iz", 3), ("ization", "iz", 3),
    ("isers", "iz", 3), ("izers", "iz", 3), ("iser", "iz", 3), ("izer", "iz", 3),
    ("ising", "iz", 3), ("izing", "iz", 3), ("ised", "iz", 3), ("ized", "iz", 3), ("ise", "iz", 4), ("ize", "iz", 3),
    ("ational", "", 4), ("ations", "", 4), ("ation", "", 4), ("ators", "", 4), ("ator", "", 4),
    ("ions", "", 4), ("ion", "", 4), ("ors", "", 4), ("or", "", 4), ("ive", "", 4),
)


def stem(word: str) -> str:
    """Light suffix stripping: plurals, -ing/-ed, and a few derivational endings."""
    if len(word) <= 3:
        return word
    for suffix, repl, least in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= least:
            word = word[: -len(suffix)] + repl
            return word[:-1] if word.endswith("at") and len(word) > 5 else word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "ches", "shes", "xes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        root = word[: -len(suffix)]
        if (
            word.endswith(suffix)
            and len(root) >= 3
            and any(c in "aeiouy" for c in root)
            and not word.endswith("eed")  # speed, seed, need
            and word not in _NOT_INFLECTED
        ):
            word = root
            if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "sz":
                word = word[:-1]  # embedd -> embed, modell -> model
            break
    if len(word) >= 7 and word.endswith("ate"):
        word = word[:-3]  # estimate/estimation/estimator -> estim
    elif len(word) >= 4 and word.endswith("e"):
        word = word[:-1]  # encode/encoded/encoding -> encod
    return word


@lru_cache(maxsize=65536)
def term(word: str) -> str:
    """A lower-case word's term, or "" for a word that does not count."""
    if len(word) < 2 or word.isdigit() or word in STOPWORDS:
        return ""
    out = stem(word)
    return "" if out in STOPWORDS else out


@lru_cache(maxsize=16384)
def words(text: str) -> tuple[str, ...]:
    """The lower-case words of a text, split at case changes and non-letters, Greek named."""
    if not text:
        return ()
    if _GREEK.search(text):
        text = _GREEK.sub(lambda m: f" {GREEK[m.group(0)]} ", text)
    return tuple(_WORD.findall(_CAMEL.sub(" ", text).lower()))


def expand(word: str) -> tuple[str, ...]:
    """A word as the words it stands for in the vocabulary's spelling (one word, or a closed
    compound opened)."""
    return SYNONYMS.get(word) or (word,)


def heads(known: Mapping[tuple[str, ...], str]) -> dict[str, str]:
    """Each abbreviation's head: the last term of what it stands for ("network" for cnn)."""
    return {abbr: key[-1] for key, abbr in known.items()}


def phrases(acronyms: Mapping[str, tuple[str, ...]] = {}) -> dict[tuple[str, ...], str]:
    """What each abbreviation stands for, as terms (stopwords dropped), mapped to its term:
    a text saying "convolutional neural network" and one saying "CNN" share the term ``cnn``."""
    out = _PHRASES.copy()
    for abbr, expansion in acronyms.items():
        key = tuple(t for w in expansion for x in expand(w) if (t := term(x)))
        if len(key) > 1:
            out.setdefault(key, abbr)
    return out


def collapse(pairs: list[tuple[str, str]], known: Mapping[tuple[str, ...], str],
             head: Mapping[str, str], starts: Collection[str] | None = None) -> list[tuple[str, str]]:
    """(term, surface) pairs with every run of terms that spells out an abbreviation, and
    the abbreviation itself, as two terms: the abbreviation and its head ("knowledge
    distillation" and "KD" both give ``kd`` and ``distil``; "distillation" alone still
    shares ``distil``). ``head`` is :func:`heads` of ``known``; ``starts``, if given, the
    first terms of ``known``'s keys."""
    if starts is None:
        starts = {key[0] for key in known}
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(pairs):
        for size in (5, 4, 3, 2) if pairs[i][0] in starts else ():
            run = tuple(t for t, _ in pairs[i:i + size])
            if len(run) == size and run in known:
                abbr = known[run]
                out += [(abbr, " ".join(w for _, w in pairs[i:i + size])), (run[-1], pairs[i + size - 1][1])]
                i += size
                break
        else:
            t, w = pairs[i]
            out.append(pairs[i])
            if t in head and w in (t, t + "s"):  # (the abbreviation as written, not a word stemmed to it)
                out.append((head[t], w))
            i += 1
    return out


_PAREN = re.compile(r"([^\W\d_][\w\- ]{2,80}?)\s*\(\s*([A-Za-z][A-Za-z0-9\-]{1,11})\s*\)")


def paper_acronyms(texts: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Acronyms a paper's ablations define: "Hub Labeling (HL)" gives ``{"hl": ("hub", "labeling")}``.

    The acronym's capitals must be the initials of the words just before it (its lower-case
    letters may continue a word: "Batch Normalization Simulation (BNSim)"). The first
    definition of an acronym wins; one that is a common English word is ignored."""
    found: dict[str, tuple[str, ...]] = {}
    for text in texts:
        if "(" not in text:
            continue
        for m in _PAREN.finditer(text):
            acronym = m.group(2)
            key = acronym.lower().replace("-", "")
            if key in found or key in STOPWORDS or len(key) < 2:
                continue
            capitals = [c for c in acronym if c.isupper()]
            if len(capitals) < 2:
                continue
            before = _WORD.findall(m.group(1).replace("-", " "))
            if len(before) < len(capitals):
                continue
            tail = before[-len(capitals):]
            if all(w[0].upper() == c for w, c in zip(tail, capitals)):
                found[key] = tuple(w.lower() for w in tail)
    return found


SYNONYMS = {**SYNONYMS, **{abbr: words for abbr, words in ACRONYMS.items() if len(words) == 1}}
_PHRASES = {key: abbr for abbr, expansion in ACRONYMS.items()
            if len(key := tuple(t for w in expansion for x in expand(w) if (t := term(x)))) > 1}
