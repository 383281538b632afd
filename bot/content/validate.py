"""The content rules beyond the schema: every fact sourced and dated, every place reference
resolving, no duplicates. ``jurisbot content validate`` and CI run them."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from bot.content.files import ContentBundle
from bot.content.resolve import resolve_place, resolve_target
from bot.core.dates import parse_partial_date
from bot.core.facts import LocalizedText, Source
from bot.core.places import PlaceDirectory, PlaceKind
from bot.core.text import normalize_name
from bot.i18n.locales import available_languages
from bot.places.states import STATES, TERRITORIES

MAX_SUMMARY = 1000
MAX_DETAILS = 600


@dataclass
class ValidationReport:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    counted: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        counts = ", ".join(f"{n} {what}" for what, n in sorted(self.counted.items()))
        verdict = "valid" if not self.errors else f"{len(self.errors)} error(s)"
        return f"content {verdict}: {counts}; {len(self.warnings)} warning(s)"


def validate_bundle(
    bundle: ContentBundle, directory: PlaceDirectory, *, today: date | None = None
) -> ValidationReport:
    report = ValidationReport()
    today = today or date.today()
    _states(bundle, directory, report, today)
    _local(bundle, directory, report, today)
    _timeline(bundle, report, today)
    _aliases(bundle, directory, report)
    if bundle.explainers is not None:
        for name in ("secure_communities", "detainer"):
            explainer = getattr(bundle.explainers, name)
            _translations(f"explainers.{name}.title", explainer.title, report)
            _translations(f"explainers.{name}", explainer.body, report)
            _not_future(f"explainers.{name}.as_of", explainer.as_of, today, report)
    return report


def _not_future(where: str, value: str, today: date, report: ValidationReport) -> None:
    if parse_partial_date(value).earliest > today:
        report.errors.append(f"{where}: {value} is in the future")


def _sources(where: str, sources: list[Source], report: ValidationReport) -> None:
    urls = [s.url for s in sources if s.url]
    for url, count in Counter(urls).items():
        if count > 1:
            report.errors.append(f"{where}: source {url} is listed {count} times")


_NUMBERS = re.compile(r"\d+(?:[-.,]\d+)*")


def _numbers(text: str) -> Counter[str]:
    # Dates, bill numbers, counts: a translation must carry exactly the same ones.
    return Counter(n.replace(",", "").replace(".", "") for n in _NUMBERS.findall(text))


def _translations(where: str, text: LocalizedText, report: ValidationReport) -> None:
    missing = [lang for lang in available_languages() if not text.has(lang)]
    if missing:
        report.warnings.append(f"{where}: no translation for {', '.join(missing)}")
    expected = _numbers(text.en)
    for lang in text.languages()[1:]:
        translated = text.get(lang)
        if _numbers(translated) != expected:
            report.errors.append(
                f"{where}: the {lang} text does not carry the same numbers and dates as the "
                f"English ({sorted(expected.elements())} vs "
                f"{sorted(_numbers(translated).elements())})"
            )


def _states(
    bundle: ContentBundle, directory: PlaceDirectory, report: ValidationReport, today: date
) -> None:
    for usps, name in STATES.items():
        state = bundle.states.get(usps)
        if state is None:
            report.errors.append(f"states/{usps}.yaml: missing")
            continue
        where = f"states/{usps}.yaml"
        if state.name != name:
            report.errors.append(f"{where}: name {state.name!r} should be {name!r}")
        expected = "territory" if usps in TERRITORIES else "district" if usps == "DC" else "state"
        if state.kind != expected:
            report.errors.append(f"{where}: kind should be {expected}")
        activation = state.activation
        report.counted["states"] += 1
        dated = activation.statewide.date or (activation.first and activation.first.date)
        if dated and not activation.sources:
            report.errors.append(f"{where}: activation dates need sources")
        _sources(f"{where} activation", activation.sources, report)
        _not_future(f"{where} activation.as_of", activation.as_of, today, report)
        first, statewide = activation.first, activation.statewide
        for label, text in (
            ("first.where", first.where if first else None),
            ("first.reported_by", first.reported_by if first else None),
            ("statewide.reported_by", statewide.reported_by),
        ):
            if text is not None:
                _translations(f"{where} activation.{label}", text, report)
        if activation.details is not None:
            _translations(f"{where} activation.details", activation.details, report)
            if len(activation.details.en) > MAX_DETAILS:
                report.errors.append(f"{where}: details longer than {MAX_DETAILS} characters")
        seen: Counter[str] = Counter()
        for row in activation.counties:
            report.counted["county dates"] += 1
            place = resolve_place(directory, usps, PlaceKind.COUNTY, row.county)
            if place is None:
                report.errors.append(f"{where}: county {row.county!r} is not a county of {usps}")
            else:
                seen[place.id] += 1
            _sources(f"{where} {row.county}", row.sources, report)
            if row.note is not None:
                _translations(f"{where} {row.county} note", row.note, report)
            if row.reported_by is not None:
                _translations(f"{where} {row.county} reported_by", row.reported_by, report)
            _not_future(f"{where} {row.county}", row.date, today, report)
        for place_id, count in seen.items():
            if count > 1:
                report.errors.append(f"{where}: county {place_id} has {count} rows")
        if state.detainer is not None:
            report.counted["state policies"] += 1
            _policy(f"{where} detainer", state.detainer, report, today)


def _policy(where: str, policy: object, report: ValidationReport, today: date) -> None:
    from bot.core.facts import DetainerPolicy, Stance

    assert isinstance(policy, DetainerPolicy)
    if len(policy.summary.en) > MAX_SUMMARY:
        report.errors.append(f"{where}: summary longer than {MAX_SUMMARY} characters")
    if policy.stance is Stance.UNCERTAIN and policy.where_to_ask is None:
        report.warnings.append(f"{where}: an uncertain policy should say where_to_ask")
    _sources(where, policy.sources, report)
    _not_future(f"{where}.as_of", policy.as_of, today, report)
    _translations(f"{where}.summary", policy.summary, report)
    for name, text in (
        ("where_to_ask", policy.where_to_ask),
        ("law", policy.law),
        ("effective", policy.effective),
    ):
        if text is not None:
            _translations(f"{where}.{name}", text, report)


def _local(
    bundle: ContentBundle, directory: PlaceDirectory, report: ValidationReport, today: date
) -> None:
    claimed: dict[str, str] = {}
    for key, local in bundle.local.items():
        where = f"places/{key}.yaml"
        report.counted["local policies"] += 1
        if local.state not in STATES or local.state in TERRITORIES:
            report.errors.append(f"{where}: {local.state} is not a state or DC")
            continue
        for ref in local.applies_to:
            place = resolve_place(directory, local.state, PlaceKind(ref.kind), ref.name)
            if place is None:
                report.errors.append(
                    f"{where}: applies_to {ref.kind} {ref.name!r} is not in {local.state}"
                )
            elif place.id in claimed and claimed[place.id] != key:
                report.errors.append(
                    f"{where}: {place.id} is already covered by places/{claimed[place.id]}.yaml"
                )
            else:
                claimed[place.id] = key
        _policy(where, local.detainer, report, today)


def _timeline(bundle: ContentBundle, report: ValidationReport, today: date) -> None:
    if bundle.timeline is None:
        return
    seen: Counter[tuple[str, str]] = Counter()
    for event in bundle.timeline.events:
        report.counted["timeline events"] += 1
        # Event dates may lie ahead (a law taking effect); only as_of dates may not.
        seen[(event.date, normalize_name(event.event.en))] += 1
        _sources(f"timeline {event.date}", event.sources, report)
        _translations(f"timeline {event.date}", event.event, report)
        if event.scope != "national" and event.scope not in STATES:
            report.errors.append(f"timeline {event.date}: unknown scope {event.scope}")
    for (when, _), count in seen.items():
        if count > 1:
            report.errors.append(f"timeline: an event of {when} is listed {count} times")


def _aliases(bundle: ContentBundle, directory: PlaceDirectory, report: ValidationReport) -> None:
    if bundle.aliases is None:
        return
    seen: Counter[tuple[str, str]] = Counter()
    for alias in bundle.aliases.aliases:
        report.counted["aliases"] += 1
        seen[(normalize_name(alias.name), alias.target)] += 1
        if resolve_target(directory, alias.target) is None:
            report.errors.append(f"aliases: {alias.name!r} -> {alias.target} does not resolve")
    for (name, target), count in seen.items():
        if count > 1:
            report.errors.append(f"aliases: {name!r} -> {target} is listed {count} times")
