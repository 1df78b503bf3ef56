"""An editor's browser over real HTTP, without a browser: cookies, the admin's forms with their CSRF token, and
two-factor sign-in with an authenticator app (TOTP) set up on the admin's own setup page.

Used by tests/perf/test_two_instances.py and test_redis_outage.py against gunicorn; not a test module.
"""

import base64
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from http.cookiejar import CookieJar

from django_otp.oath import TOTP

SKIPPED_INPUTS = {"submit", "button", "image", "reset", "file"}


@dataclass
class Form:
    attrs: dict[str, str]
    fields: list[tuple[str, str]] = field(default_factory=list)

    def names(self) -> set[str]:
        return {name for name, _ in self.fields}


class FormParser(HTMLParser):
    """The fields a browser would submit for each <form> of a page, before any change by the user."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: tuple[str, list[str]] | None = None
        self._select: tuple[str, bool] | None = None
        self._options: list[tuple[str, bool]] = []
        self._option_text: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value if value is not None else "" for name, value in attrs}
        if tag == "form":
            self._form = Form(attrs)
            self.forms.append(self._form)
        if self._form is None or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in SKIPPED_INPUTS:
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._form.fields.append((name, attrs.get("value", "on")))
                return
            self._form.fields.append((name, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = (name, [])
        elif tag == "select" and name:
            self._select = (name, "multiple" in attrs)
            self._options = []
        elif tag == "option" and self._select is not None:
            self._options.append((attrs.get("value"), "selected" in attrs))
            self._option_text = [] if attrs.get("value") is None else None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1].append(data)
        if self._option_text is not None:
            self._option_text.append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            name, parts = self._textarea
            # A browser drops the one newline that may follow <textarea>.
            self._form.fields.append((name, "".join(parts).removeprefix("\n")))
            self._textarea = None
        elif tag == "option" and self._option_text is not None:
            value, selected = self._options[-1]
            self._options[-1] = ("".join(self._option_text).strip(), selected)
            self._option_text = None
        elif tag == "select" and self._select is not None:
            name, multiple = self._select
            chosen = [value for value, selected in self._options if selected]
            if not chosen and not multiple and self._options:
                chosen = [self._options[0][0]]
            self._form.fields.extend((name, value) for value in chosen)
            self._select = None
        elif tag == "form":
            self._form = None


def forms_of(html: str) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def totp_code(secret_text: str, now: float | None = None) -> str:
    """The 6-digit code an authenticator app shows for the key typed from the setup page (RFC 6238 defaults)."""
    secret = secret_text.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    totp = TOTP(key, step=30, t0=0, digits=6)
    totp.time = time.time() if now is None else now
    return f"{totp.token():06d}"


@dataclass
class Page:
    status: int
    url: str
    html: str

    def form(self, *, with_field: str = "", form_id: str = "") -> Form:
        for form in forms_of(self.html):
            if (form_id and form.attrs.get("id") == form_id) or (
                with_field and with_field in form.names()
            ):
                return form
        raise AssertionError(
            f"no form {form_id or with_field!r} on {self.url} ({self.status})"
        )

    def errors(self) -> list[str]:
        """The admin's error notes and field errors, to explain a refused form."""
        notes = re.findall(r'<p class="errornote">(.*?)</p>', self.html, re.S)
        notes += re.findall(
            r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', self.html, re.S
        )
        return [" ".join(unescape(re.sub(r"<[^>]+>", " ", n)).split()) for n in notes]


class EditorBrowser:
    """One editor's cookies on one instance: sign in, then GET and submit forms like a browser (with Origin)."""

    def __init__(
        self, base: str, timeout: float = 15, cookies: CookieJar | None = None
    ):
        self.base = base
        self.timeout = timeout
        self.cookies = CookieJar() if cookies is None else cookies
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies)
        )

    def on(self, base: str) -> "EditorBrowser":
        """The same browser (same cookies) talking to another instance."""
        return EditorBrowser(base, self.timeout, self.cookies)

    def get(self, path: str) -> Page:
        return self._open(urllib.request.Request(urllib.parse.urljoin(self.base, path)))

    def submit(self, page: Page, form: Form, **changes: str) -> Page:
        """Submit `form` of `page` with some fields replaced (a field given as None is left out)."""
        fields = [(name, value) for name, value in form.fields if name not in changes]
        fields += [
            (name, value) for name, value in changes.items() if value is not None
        ]
        action = urllib.parse.urljoin(page.url, form.attrs.get("action") or page.url)
        request = urllib.request.Request(
            action,
            data=urllib.parse.urlencode(fields).encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.base,
            },
        )
        return self._open(request)

    def _open(self, request: urllib.request.Request) -> Page:
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return Page(response.status, response.url, response.read().decode())
        except urllib.error.HTTPError as error:
            return Page(error.code, error.url, error.read().decode(errors="replace"))

    def sign_in_setting_up_an_app(
        self, *, admin_path: str, username: str, password: str
    ) -> str:
        """Sign in with the password, set up an authenticator app on the page the admin sends new staff to
        (two-factor sign-in is required in production), and confirm it with the app's first code; the app's key."""
        login = self.get(f"{admin_path}login/?next={admin_path}")
        page = self.submit(
            login,
            login.form(form_id="login-form"),
            username=username,
            password=password,
            otp_token="",
        )
        assert page.url.endswith(f"{admin_path}two-factor/"), (page.url, page.errors())
        secret = re.search(r'class="two-factor-secret">([A-Z2-7 ]+)<', page.html)
        assert secret, "the setup page shows the key to type into an app"
        page = self.submit(
            page,
            page.form(with_field="code"),
            code=totp_code(secret.group(1)),
            action="confirm",
        )
        assert "Two-factor sign-in is now on" in page.html, page.errors()
        index = self.get(admin_path)
        assert index.status == 200 and index.url.endswith(admin_path), index.url
        return secret.group(1)

    def sign_in_with_app(
        self, *, admin_path: str, username: str, password: str, secret: str
    ):
        """Sign in with the password and a code from the app set up earlier (the key `secret`)."""
        login = self.get(f"{admin_path}login/?next={admin_path}")
        # The code of the next 30-second step: a code already used (the one that confirmed the app) is refused,
        # and the app's clock may be one step ahead.
        page = self.submit(
            login,
            login.form(form_id="login-form"),
            username=username,
            password=password,
            otp_token=totp_code(secret, time.time() + 30),
        )
        assert page.status == 200 and page.url.endswith(admin_path), (
            page.url,
            page.errors(),
        )
