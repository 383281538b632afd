"""The answering core: a question (or a chosen place) in, a structured answer out.

Transport-independent: the console, Telegram and any later channel call the same methods.
"""

from __future__ import annotations

import copy

from bot.core.answers import (
    Answer,
    ChoicesAnswer,
    ExplainerAnswer,
    HelpAnswer,
    HelpReason,
    NotFoundAnswer,
    NotFoundReason,
    PlaceAnswer,
    Topic,
    View,
)
from bot.core.facts import Confidence, TimelineEvent
from bot.core.lexicon import Cue, Lexicon
from bot.core.places import Place, PlaceDirectory, PlaceKind
from bot.core.ports import FactsSource
from bot.core.questions import ParsedQuestion, QuestionParser

MAX_CHOICES = 8
# DHS announced the end of Secure Communities on this day (timeline.yaml).
PROGRAM_END_DATE = "2014-11-20"
DEFAULT_LANGUAGE = "en"
_EXPLAINER_CUES = frozenset({Cue.PROGRAM, Cue.DETAINER, Cue.WHAT_IS, Cue.END, Cue.ACTIVATION})


class Answerer:
    def __init__(self, directory: PlaceDirectory, lexicon: Lexicon, facts: FactsSource) -> None:
        self.directory = directory
        self._parser = QuestionParser(directory, lexicon)
        self._facts = facts

    def with_facts(self, facts: FactsSource) -> Answerer:
        """The same answerer over other facts (a maintainer's preview of a change)."""
        clone = copy.copy(self)
        clone._facts = facts
        return clone

    def parse(self, text: str) -> ParsedQuestion:
        return self._parser.parse(text)

    def answer(
        self,
        text: str,
        *,
        language: str | None = None,
        fallback: str | None = None,
        view: View | None = None,
    ) -> Answer:
        """Answer a free-text question, in the user's chosen ``language`` if they chose one,
        else in the question's own language (a Spanish question gets a Spanish answer), else
        in ``fallback`` (their app's language). ``view`` forces which facts to show."""
        parsed = self._parser.parse(text)
        lang = language or parsed.language or _tie(parsed.language_candidates, fallback)
        view = view or _view(parsed)
        if not parsed.text:
            return HelpAnswer(HelpReason.EMPTY, language=lang)
        if parsed.zip_code is not None and parsed.candidates:
            return self.zip_answer(parsed.zip_code, view, lang)
        if len(parsed.candidates) == 1:
            corrected = parsed.place_text if parsed.fuzzy else None
            return self.place_answer(parsed.candidates[0], view, lang, corrected_from=corrected)
        if parsed.candidates:
            return self.choices(parsed.place_text or parsed.text, parsed.candidates, view, lang)
        if parsed.unknown_zip:
            return NotFoundAnswer(parsed.unknown_zip, NotFoundReason.UNKNOWN_ZIP, language=lang)
        if parsed.elsewhere:
            return NotFoundAnswer(
                parsed.place_text or parsed.text,
                NotFoundReason.NOT_IN_STATE,
                suggestions=parsed.elsewhere[:MAX_CHOICES],
                state=parsed.state_filter[0],
                language=lang,
            )
        if parsed.cues & _EXPLAINER_CUES:
            return self.explain(_topic(parsed), lang)
        if parsed.unknown_text:
            return NotFoundAnswer(parsed.unknown_text, NotFoundReason.UNKNOWN_PLACE, language=lang)
        if Cue.HELP in parsed.cues:
            return HelpAnswer(HelpReason.HELP, language=lang)
        if Cue.THANKS in parsed.cues:
            return HelpAnswer(HelpReason.THANKS, language=lang)
        if Cue.GREETING in parsed.cues:
            return HelpAnswer(HelpReason.GREETING, language=lang)
        return HelpAnswer(HelpReason.NOT_UNDERSTOOD, language=lang)

    def answer_place(self, place_id: str, view: View, language: str) -> Answer:
        """Answer for a place chosen by id (a button, a deep link, a numbered choice)."""
        place = self.directory.get(place_id)
        if place is None:
            return NotFoundAnswer(place_id, NotFoundReason.UNKNOWN_PLACE, language=language)
        return self.place_answer(place, view, language)

    def zip_answer(self, code: str, view: View, language: str) -> PlaceAnswer:
        """A ZIP code answers for its town, but with the ZIP's own county: a postal town
        ("Baltimore") can reach into a neighbouring county whose rules differ."""
        found = self.directory.zip_code(code)
        assert found is not None
        town = self.directory.get(found.town_id)
        assert town is not None
        county = self.directory.get(found.county_id) if found.county_id else None
        return self.place_answer(town, view, language, county=county, zip_code=code)

    def place_answer(
        self,
        place: Place,
        view: View,
        language: str,
        *,
        corrected_from: str | None = None,
        county: Place | None = None,
        zip_code: str | None = None,
    ) -> PlaceAnswer:
        state = self.directory.state_of(place)
        home_county = place if place.kind is PlaceKind.COUNTY else self.directory.county_of(place)
        county = county or home_county
        # Outside the town's own county only the county's and the state's rules can apply.
        covered = place if county == home_county else None
        chain = [p.id for p in (covered, county, state) if p is not None]
        facts = self._facts.snapshot()
        return PlaceAnswer(
            place=place,
            state=state,
            county=county,
            view=view,
            activation=facts.state_activation(state.usps),
            county_activation=facts.county_activation(county.id) if county else None,
            policies=tuple(facts.policies_for(list(dict.fromkeys(chain)))),
            corrected_from=corrected_from,
            zip_code=zip_code,
            language=language,
        )

    def choices(
        self, query: str, places: tuple[Place, ...], view: View, language: str
    ) -> ChoicesAnswer:
        shown = tuple(self.directory.rank(places))[:MAX_CHOICES]
        context = {}
        for place in shown:
            county = self.directory.county_of(place)
            if place.kind is PlaceKind.TOWN and county is not None:
                context[place.id] = county.name
        return ChoicesAnswer(query, shown, len(places), view, context, language=language)

    def explain(self, topic: Topic, language: str) -> ExplainerAnswer:
        key = "detainer" if topic is Topic.DETAINER else "secure_communities"
        explainer = self._facts.snapshot().explainer(key)
        assert explainer is not None, f"content has no {key} explainer"
        return ExplainerAnswer(topic, explainer, self._milestones(topic), language=language)

    def _milestones(self, topic: Topic) -> tuple[TimelineEvent, ...]:
        """Confirmed national program milestones: the roll-out for "what was it", the end
        and what came after for "when did it end"."""
        if topic is Topic.DETAINER:
            return ()
        events = [
            e
            for e in self._facts.snapshot().timeline()
            if e.topic == "program"
            and e.scope == "national"
            and e.confidence is not Confidence.UNCERTAIN
        ]
        ended = [e for e in events if e.date >= PROGRAM_END_DATE]
        return tuple(ended if topic is Topic.PROGRAM_END else events[: len(events) - len(ended)])


def _view(parsed: ParsedQuestion) -> View:
    if parsed.wants_activation and not parsed.wants_detainer:
        return View.ACTIVATION
    if parsed.wants_detainer and not parsed.wants_activation:
        return View.DETAINER
    return View.BOTH


def _topic(parsed: ParsedQuestion) -> Topic:
    if Cue.END in parsed.cues and Cue.PROGRAM in parsed.cues:
        return Topic.PROGRAM_END
    if Cue.DETAINER in parsed.cues and Cue.PROGRAM not in parsed.cues:
        return Topic.DETAINER
    return Topic.SECURE_COMMUNITIES


def _tie(candidates: tuple[str, ...], fallback: str | None) -> str:
    """A question whose words fit several languages: the person's app language if it is one
    of them, else the likeliest (the list comes best-first), else the app's or English."""
    if fallback in candidates:
        return fallback or DEFAULT_LANGUAGE
    if candidates and DEFAULT_LANGUAGE not in candidates:
        return candidates[0]
    return fallback or DEFAULT_LANGUAGE
