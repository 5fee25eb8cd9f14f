"""What readers type into the search box, and the pages that answer them.

Written from the reader's side (the questions members, trainers and researchers ask, the
acronyms they use, the typos they make), before looking at the search index, and never
adjusted to what the index holds: a query that fails stays in the set and counts against
the hit rate. Each query lists the pages that answer it: a path alone accepts the page
or any of its sections; a path with `#anchor` accepts only that section of the page.

tests/test_search_quality.py types each query into the built site's search box in
Chromium and counts a hit when one of the pages is among the first three results.
"""

from __future__ import annotations

# Chapter 2 and its records: what a reader asking about training needs analysis wants.
_NEEDS = (
    "chapters/identification-of-needs/",
    "practices/diverse-approaches-to-needs-analysis/",
    "practices/job-analysis-targeted-skill-development/",
    "practices/organizational-and-performance-needs-analysis/",
    "topics/needs-analysis/",
)
_OJT = (
    "chapters/designing-training-course/#building-effective-ojt",
    "topics/on-the-job-training/",
    "practices/ojt-behavior-evaluation-matrix/",
)
_KIRKPATRICK = (
    "chapters/evaluation/#kirkpatrick-four-level-evaluation",
    "topics/kirkpatrick/",
)
_EVALUATION = ("chapters/evaluation/", "topics/evaluation/")
_GEOAT = (
    "sources/wco-geoat/",
    "chapters/gender-equality-and-diversity/#wco-gender-equality-diversity-initiatives",
)
_LMS = ("chapters/facility/#learning-management-system-example",)
_ROI = ("practices/evaluation-by-return-on-investment/",)
_PCA = ("chapters/good-practice-report-29/",)
_FPPCP = ("sources/wco-fppcp-2015/",)
_GED = (
    "chapters/gender-equality-and-diversity/",
    "practices/ged-not-yet-a-priority/",
    "practices/ged-in-process-of-implementation/",
    "practices/ged-strong-commitment/",
    "topics/gender-equality/",
)

QUERIES: list[tuple[str, str, tuple[str, ...]]] = [
    # (what the query tests, the query, pages that answer it)
    # Acronyms and what they stand for: either finds the pages that use the other.
    ("acronym", "OJT", _OJT),
    ("expansion", "on-the-job training", _OJT),
    ("acronym", "TNA", _NEEDS),
    ("expansion", "training needs analysis", _NEEDS),
    ("acronym", "LMS", _LMS),
    ("expansion", "learning management system", _LMS),
    ("acronym", "ADDIE", ("practices/systematic-learning-addie-model/", "topics/addie/")),
    ("acronym", "GEOAT", _GEOAT),
    ("expansion", "gender equality organizational assessment tool", _GEOAT),
    ("acronym", "GED", _GED),
    ("acronym", "FPPCP", _FPPCP),
    ("expansion", "Framework of Principles and Practices on Customs Professionalism", _FPPCP),
    ("acronym", "PCA", _PCA),
    ("expansion", "post-clearance audit", _PCA),
    ("acronym", "ROI", _ROI),
    ("expansion", "return on investment", _ROI),
    ("acronym", "PDCA", ("practices/pdca-based-annual-training-plan/",)),
    ("acronym", "SWOT", ("chapters/facility/#swot-analysis", "sources/cipd-swot-analysis/")),
    ("acronym", "RTC", ("topics/rtc/", "chapters/events/")),
    ("acronym", "CLiKC", ("practices/using-clikc-and-cen/", "sources/wco-clikc/")),
    ("acronym", "nCEN", ("chapters/good-practice-report-29/", "practices/using-clikc-and-cen/")),
    # Members: their page, or their own record.
    ("member", "Fiji", ("members/fj/",)),
    ("member", "Papua New Guinea", ("members/pg/",)),
    ("member", "Sri Lanka", ("members/lk/",)),
    ("member", "Japan RTC", ("chapters/events/#japan-rtc-ai-tutoring",)),
    (
        "member",
        "Mongolia training centre",
        ("chapters/post-workshop-initiatives/#mongolia-training-center-post-workshop-report",),
    ),
    ("member", "Hong Kong virtual reality", ("chapters/events/#hong-kong-rtc-virtual-reality-enforcement",)),
    # WCO tools, programmes and publications.
    ("WCO tool", "Mercator Programme", ("sources/wco-mercator-programme/",)),
    ("WCO tool", "Career Development Programme", ("sources/wco-career-development-programme/",)),
    ("WCO tool", "fellowship programme", ("sources/wco-fellowship-programme/",)),
    ("WCO tool", "BACUDA", ("sources/wco-bacuda/",)),
    ("WCO tool", "Kirkpatrick", _KIRKPATRICK),
    (
        "WCO tool",
        "leadership and management development",
        ("sources/wco-leadership-management-development-programme/",),
    ),
    ("WCO tool", "competency based human resource management", ("sources/wco-competency-hrm-guide-2019/",)),
    # A chapter's name with a section's: that chapter's section first.
    (
        "chapter section",
        "One Step Forward evaluation",
        ("chapters/evaluation/#one-step-forward", "chapters/evaluation/#evaluation-next-steps"),
    ),
    (
        "chapter section",
        "annual training plan one step forward",
        (
            "chapters/annual-training-plan/#one-step-forward",
            "chapters/annual-training-plan/#annual-training-plan-next-steps",
        ),
    ),
    (
        "chapter section",
        "evaluation survey results",
        ("chapters/evaluation/#survey-results", "chapters/evaluation/#evaluation-challenges-survey-2023"),
    ),
    (
        "chapter section",
        "facility WCO tools",
        (
            "chapters/facility/#wco-tools",
            "chapters/facility/#scope-and-utilisation-of-facility",
            "chapters/facility/#swot-analysis",
        ),
    ),
    (
        "chapter section",
        "training material members' discussion",
        ("chapters/training-material/#members-discussion",),
    ),
    # Typos of one or two letters.
    ("typo", "Kirkpatrik", _KIRKPATRICK),
    ("typo", "evalution", _EVALUATION),
    ("typo", "trainning policy", ("chapters/training-policy/", "topics/training-policy/")),
    ("typo", "facilty", ("chapters/facility/", "topics/facilities/")),
    ("typo", "Mongolai", ("members/mn/", "chapters/post-workshop-initiatives/")),
    ("typo", "gender equallity", _GED),
    ("typo", "pilot testng", ("practices/pilot-testing-continuous-improvement/",)),
    ("typo", "Bangaldesh", ("members/bd/",)),
    # Singular and plural, and other forms of a word.
    ("word form", "trainer pool", ("practices/managing-pool-of-trainers/",)),
    ("word form", "induction trainings", ("topics/induction-training/",)),
    (
        "word form",
        "evaluation matrices",
        ("practices/evaluation-matrix-training-program/", "practices/ojt-behavior-evaluation-matrix/"),
    ),
    (
        "word form",
        "retired trainers",
        ("chapters/training-material/#training-material-quality-and-succession", "topics/retirement/"),
    ),
    # Phrases as readers say them.
    (
        "phrase",
        "gen z",
        (
            "chapters/designing-training-course/#designing-training-for-gen-z",
            "topics/generation-z/",
            "chapters/panel-discussion-notes/#panel-attracting-generation-z-cbic",
        ),
    ),
    ("phrase", "70-20-10", ("practices/seventy-twenty-ten-lifelong-learning/",)),
    (
        "phrase",
        "face to face training",
        ("chapters/facility/#value-of-face-to-face-training", "topics/face-to-face/"),
    ),
    ("phrase", "customs university", ("practices/customs-university-advancing-education/",)),
    ("phrase", "in-house training program", ("practices/first-in-house-training-program/",)),
    ("phrase", "four levels of evaluation", _KIRKPATRICK + ("practices/four-types-of-evaluation/",)),
    ("phrase", "canine", ("chapters/good-practice-report-29/",)),
    ("phrase", "AI tutoring", ("chapters/events/#japan-rtc-ai-tutoring",)),
]
