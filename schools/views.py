from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from careersite.pagecache import mark_uncacheable
from careersite.query import search_query_parse
from careersite.ratelimits import limit_renders
from careersite.states import STATES, state_name
from schools import selectors
from schools.compare import (
    COMPARE_MAX,
    COMPARE_MIN,
    SHORTLIST_MAX,
    compare_rows,
    programs_from_slugs,
)
from schools.counts import finder_counts
from schools.evidence import program_standing
from schools.forms import FinderForm
from schools.jsonld import (
    finder_breadcrumbs,
    institution_breadcrumbs,
    program_breadcrumbs,
    state_breadcrumbs,
    state_list_breadcrumbs,
)
from schools.maps import state_programs_map, states_off_map, with_accredited
from schools.models import EducationPathway, Program
from schools.names import (
    NAME_MAX_LENGTH,
    NAME_MIN_LENGTH,
    NAME_RESULTS,
    institutions_named_like,
    name_query_problem,
)
from schools.selectors import ONLINE_PLACE

PAGE_SIZE = 20
# The finder's answers, as query parameters.
FINDER_KEYS = ("education", "state", "format", "unstated", "zip", "radius")
STATE_PAGE_SIZE = 60


def _url_with(request, **changes) -> str:
    """The current results URL with some parameters changed (None removes one); always back to page 1."""
    params = QueryDict(mutable=True)
    for key in FINDER_KEYS:
        value = request.GET.get(key, "")
        if value:
            params[key] = value
    for key, value in changes.items():
        params.pop(key, None)
        if value is not None:
            params[key] = value
    return f"{reverse('schools:results')}?{params.urlencode()}"


# Compare carries the reader's answers (and results page) so its links lead back to the same results.
BACK_KEYS = (*FINDER_KEYS, "page")
ANSWER_MAX_LENGTH = 20


def _answers(request) -> QueryDict:
    """The finder answers in the request, as the finder's own links carry them (short values only)."""
    answers = QueryDict(mutable=True)
    for key in BACK_KEYS:
        value = request.GET.get(key, "")
        if 0 < len(value) <= ANSWER_MAX_LENGTH:
            answers[key] = value
    return answers


def finder_back_url(answers: QueryDict) -> str:
    """Where "Back to the finder" leads: the results for these answers, else the finder."""
    if "education" in answers:
        return f"{reverse('schools:results')}?{answers.urlencode()}"
    query = answers.copy()
    query.pop("page", None)
    base = reverse("schools:finder")
    return f"{base}?{query.urlencode()}" if query else base


LEVEL_WORDS = {
    "associate": "associate",
    "baccalaureate": "bachelor's",
    "masters": "master's",
}
FORMAT_WORDS = {
    "online": ("Online only", "are offered online"),
    "campus": ("On campus or hybrid", "are offered on campus or hybrid"),
}


def _level_phrase(levels: list[str]) -> str:
    words = [LEVEL_WORDS.get(level, level) for level in levels] or ["degree"]
    joined = (
        words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    )
    return f"{joined} degree programs"


def _filters(search) -> tuple[list[str], list[str]]:
    """What narrowed the search: a short summary, and the same as reasons for an empty result."""
    summary, why = [], []
    if search.online_place:
        summary.append("Online, from any state")
        why.append("are offered online (from any state)")
    if search.state:
        summary.append(f"In {state_name(search.state)}")
        why.append(f"are based in {state_name(search.state)}")
    if search.format in FORMAT_WORDS and not (
        search.online_place and search.format == "online"
    ):
        summary.append(FORMAT_WORDS[search.format][0])
        why.append(FORMAT_WORDS[search.format][1])
        if search.unstated:
            summary[-1] += ", or format not stated"
            why[-1] += " or do not state their format"
    if search.zip:
        summary.append(f"Within {search.radius} miles of ZIP code {search.zip}")
        why.append(f"are within {search.radius} miles of ZIP code {search.zip}")
    # One line, the parts joined by semicolons: "Online only; within 50 miles of ZIP code 43215".
    summary[1:] = [part[0].lower() + part[1:] for part in summary[1:]]
    return summary, why


@require_GET
def finder(request):
    prefill = {
        key: value
        for key in FINDER_KEYS
        if 0 < len(value := request.GET.get(key, "")) <= 20
    }
    form = FinderForm(initial={"format": "any", **prefill})
    return render(
        request,
        "schools/finder.html",
        {"form": form, "breadcrumbs": finder_breadcrumbs()},
    )


@require_GET
@limit_renders
def name_search(request):
    """Institutions whose name is like `q`, misspellings forgiven, best first."""
    query = search_query_parse(request.GET.get("q"))
    problem = name_query_problem(
        text=query.text, problem=query.problem, truncated=query.truncated
    )
    found = (
        []
        if problem
        else institutions_named_like(text=query.text, limit=NAME_RESULTS + 1)
    )
    context = {
        "query": query,
        "problem": problem,
        "asked": "q" in request.GET,
        "institutions": found[:NAME_RESULTS],
        "more": len(found) > NAME_RESULTS,
        "name_min_length": NAME_MIN_LENGTH,
        "name_max_length": NAME_MAX_LENGTH,
        "breadcrumbs": finder_breadcrumbs(("Find a school by name", "")),
    }
    response = render(request, "schools/name_search.html", context)
    # Like a form with errors: input we cannot search for is answered, never stored.
    return mark_uncacheable(response) if problem not in ("", "empty") else response


WIDER_LABELS = {
    "any_state": "Search every state",
    "any_format": "Include every format",
    "radius": "Widen the distance to {radius} miles",
    "online": "See online programs from anywhere",
    "everywhere": "Every program for your level, in any place and format",
}


@require_GET
@limit_renders
def results(request):
    form = FinderForm(
        request.GET, pathways=list(EducationPathway.objects.all()), compact=True
    )
    # The results page's address is the reader's answers: its crumb has no URL of its own.
    context = {"form": form, "breadcrumbs": finder_breadcrumbs(("Results", ""))}
    if not form.is_valid():  # field errors: never stored by the page cache
        return mark_uncacheable(render(request, "schools/results.html", context))
    search = selectors.program_search(**form.search_arguments())
    counts = search.programs.counts()
    paginator = Paginator(search.programs, PAGE_SIZE)
    # already counted with the accredited share, in the same query
    paginator.count = counts["total"]
    try:
        page = paginator.page(form.cleaned_data["page"] or 1)
    except EmptyPage:
        form.add_error(
            "page",
            f"That page does not exist: the results have {paginator.num_pages} page(s).",
        )
        context["first_page_url"] = _url_with(request)
        return mark_uncacheable(render(request, "schools/results.html", context))
    wider = []
    if counts["total"] == 0:
        for option in search.wider():
            label = WIDER_LABELS[option["key"]].format(**option["changes"])
            wider.append(
                {
                    **option,
                    "label": label,
                    "url": _url_with(request, **option["changes"]),
                }
            )
    filters, why = _filters(search)
    context.update(
        {
            "filters": filters,
            "why": why,
            "level_phrase": _level_phrase(search.pathway.levels),
            "search": search,
            "pathway": search.pathway,
            "counts": counts,
            "page_obj": page,
            "state_name": state_name(search.state) if search.state else "",
            "wider": wider,
            "unstated_left_out": search.unstated_left_out(),
            "unused": form.unused_answers(),
            "include_unstated_url": _url_with(request, unstated="on"),
            "compare": counts["total"] > 1,
            "answers": _answers(request),
            "online_url": _url_with(
                request, format="online", state=ONLINE_PLACE, zip=None, radius=None
            ),
            "online_only": search.online_place or search.format == "online",
            "offer_online": not search.online_place
            and (search.format != "online" or search.state or search.zip),
        }
    )
    return render(request, "schools/results.html", context)


@require_GET
def program_detail(request, slug):
    found = selectors.program_with_others(slug=slug)
    if found is None:
        raise Http404("No such program")
    program, others = found
    context = {
        "program": program,
        "institution": program.institution,
        "others": others,
        "standing": program_standing(program, today=timezone.localdate()),
        "state_has_others": finder_counts(state=program.institution.state)["total"] > 1,
        "breadcrumbs": program_breadcrumbs(program),
    }
    return render(request, "schools/program_detail.html", context)


@require_GET
def institution_detail(request, slug):
    found = selectors.institution_with_programs(slug=slug)
    if found is None:
        raise Http404("No such institution")
    institution, programs = found
    context = {
        "institution": institution,
        "programs": programs,
        "has_candidacy": any(p.status == Program.Status.CANDIDACY for p in programs),
        "breadcrumbs": institution_breadcrumbs(institution),
    }
    return render(request, "schools/institution_detail.html", context)


@require_GET
def state_list(request):
    states = with_accredited(selectors.state_program_counts())
    listed = {s["code"] for s in states}
    others = [
        {"code": code, "name": name}
        for code, name in sorted(STATES.items(), key=lambda item: item[1])
        if code not in listed
    ]
    context = {
        "states": states,
        "others": others,
        "map": state_programs_map(states=states),
        "off_map": states_off_map(states),
        "breadcrumbs": state_list_breadcrumbs(),
    }
    return render(request, "schools/state_list.html", context)


@require_GET
def state_detail(request, code):
    if code.upper() not in STATES or len(code) != 2:
        raise Http404("No such state")
    if code != code.lower():
        return redirect("schools:state", code=code.lower(), permanent=True)
    upper = code.upper()
    programs = selectors.programs_in_state(upper)
    paginator = Paginator(programs, STATE_PAGE_SIZE)
    paginator.count = programs.counts()["total"]
    page = paginator.get_page(request.GET.get("page"))
    candidacy = Program.Status.CANDIDACY
    context = {
        "code": upper,
        "state_name": state_name(upper),
        "counts": programs.counts(),
        "programs": [p for p in page.object_list if p.status != candidacy],
        "candidacy": [p for p in page.object_list if p.status == candidacy],
        "page_obj": page,
        "compare": page.paginator.count > 1,
        "breadcrumbs": state_breadcrumbs(upper),
    }
    return render(request, "schools/state_detail.html", context)


# The compare and shortlist pages explain their limits in words.
LIMITS = {
    "compare_min": COMPARE_MIN,
    "compare_max": COMPARE_MAX,
    "shortlist_max": SHORTLIST_MAX,
}


@require_GET
@limit_renders
def compare(request):
    """Two to four programs side by side, named in the URL (`?p=slug&p=slug`)."""
    chosen = programs_from_slugs(values=request.GET.getlist("p"), limit=SHORTLIST_MAX)
    programs, slugs = chosen.programs, chosen.slugs
    fits = COMPARE_MIN <= len(programs) <= COMPARE_MAX
    answers = _answers(request)
    context = {
        "chosen": chosen,
        "asked": "p" in request.GET,
        "fits": fits,
        "too_many": len(programs) > COMPARE_MAX,
        "columns": [
            {
                "program": program,
                "remove_url": _compare_url(
                    [s for s in slugs if s != program.slug], answers
                ),
            }
            for program in programs
        ],
        "rows": compare_rows(programs=programs) if fits else [],
        "answers": answers,
        "back_url": finder_back_url(answers),
        "shortlist_url": f"{reverse('schools:shortlist')}?{_slug_query(slugs)}",
        **LIMITS,
        "breadcrumbs": finder_breadcrumbs(("Compare programs", "")),
    }
    return render(request, "schools/compare.html", context)


@require_GET
@limit_renders
def shortlist(request):
    """The programs a reader saved in their browser, named in the URL so it can be bookmarked."""
    chosen = programs_from_slugs(values=request.GET.getlist("p"), limit=SHORTLIST_MAX)
    context = {
        "chosen": chosen,
        "asked": "p" in request.GET,
        "compare_url": _compare_url(chosen.slugs),
        # Ticks to compare part of the list; two programs compare with the one link.
        "compare": len(chosen.programs) > COMPARE_MIN,
        **LIMITS,
        "breadcrumbs": finder_breadcrumbs(("Shortlist", "")),
    }
    return render(request, "schools/shortlist.html", context)


def _slug_query(slugs: list[str], answers: QueryDict | None = None) -> str:
    query = answers.copy() if answers else QueryDict(mutable=True)
    query.setlist("p", slugs)
    return query.urlencode()


def _compare_url(slugs: list[str], answers: QueryDict | None = None) -> str:
    return f"{reverse('schools:compare')}?{_slug_query(slugs, answers)}"
