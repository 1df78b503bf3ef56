import re

import pytest

from articles.sanitize import sanitize_html
from tests.factories import make_article

ALLOWED_MARKUP = [
    '<h2 id="why">Why</h2>',
    "<h3>Detail</h3>",
    "<p>Plain <strong>bold</strong> and <em>italic</em>.<br>Next line.</p>",
    "<ul><li>One</li><li>Two</li></ul>",
    '<ol start="3"><li>Three</li></ol>',
    "<blockquote><p>Quoted.</p></blockquote>",
    '<table><thead><tr><th colspan="2">Head</th></tr></thead><tbody><tr><td rowspan="1">A</td><td>B</td></tr></tbody></table>',
    '<p><a href="/guides/ccs-exam/">internal link</a></p>',
    '<p><a href="mailto:editors@example.org">mail</a></p>',
    '<p><a href="https://www.bls.gov/ooh/" title="BLS" rel="noopener noreferrer">external</a></p>',
]

XSS_VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><script>alert(1)</script></mtext></math>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<object data=javascript:alert(1)></object>",
    "<embed src=javascript:alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="//evil.example/">x</a>',
    '<p onclick="alert(1)">x</p>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<style>@import 'javascript:alert(1)';</style>",
    '<link rel="stylesheet" href="javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    '<input autofocus onfocus="alert(1)">',
    "<marquee onstart=alert(1)>x</marquee>",
    '<div onmouseover="alert(1)">x</div>',
    "<!--<img src=x onerror=alert(1)>-->",
    '<base href="javascript:/">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<h2 onmouseover="alert(1)" id="x">x</h2>',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    "<scr<script>ipt>alert(1)</script>",
    "%3Cscript%3Ealert(1)%3C/script%3E<script>alert(1)</script>",
    '<a href="https://example.org" target="_blank" onclick="alert(1)">x</a>',
    "<template><script>alert(1)</script></template>",
    "<xss><script>alert(1)</script></xss>",
]
DANGEROUS = re.compile(
    r"<\s*(script|style|iframe|object|embed|svg|math|img|link|meta|form|input|button|base|video|source|"
    r"details|marquee|template|body|noscript)\b|\son\w+\s*=|javascript:|vbscript:|data:|\sstyle=|\starget=|"
    r'href="//',
    re.IGNORECASE,
)


@pytest.mark.parametrize("html", ALLOWED_MARKUP)
def test_allowed_markup_survives(html):
    assert sanitize_html(html) == html


@pytest.mark.parametrize("html", XSS_VECTORS)
def test_xss_vectors_are_neutralised(html):
    cleaned = sanitize_html(html)
    assert DANGEROUS.search(cleaned) is None, cleaned


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            '<a href="https://www.ahima.org/">x</a>',
            '<a href="https://www.ahima.org/" rel="noopener noreferrer">x</a>',
        ),
        (
            '<a href="http://example.org" rel="opener">x</a>',
            '<a href="http://example.org" rel="noopener noreferrer">x</a>',
        ),
        ('<a href="/guides/x/" rel="nofollow">x</a>', '<a href="/guides/x/">x</a>'),
        ('<a href="#sources">x</a>', '<a href="#sources">x</a>'),
        (
            '<a href="http://127.0.0.1:8000/guides/">x</a>',
            '<a href="http://127.0.0.1:8000/guides/">x</a>',
        ),
    ],
)
def test_only_external_links_get_noopener(html, expected, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert sanitize_html(html) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<h1>Title</h1>", "Title"),
        ("<h4>Minor</h4>", "Minor"),
        ('<p class="lead" id="p1">x</p>', "<p>x</p>"),
        ("<div><span>x</span></div>", "x"),
        ("<pre><code>x</code></pre>", "x"),
        ('<td align="left">x</td>', "x"),
    ],
)
def test_markup_beyond_the_editor_is_stripped_but_text_kept(html, expected):
    assert sanitize_html(html) == expected


@pytest.mark.django_db
def test_body_is_sanitized_on_every_save_not_only_in_forms():
    article = make_article(
        body='<h2 onclick="x()">Costs</h2><script>alert(1)</script><p>ok</p>'
    )
    article.refresh_from_db()
    assert article.body == '<h2 id="costs">Costs</h2><p>ok</p>'
