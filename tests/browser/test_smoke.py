from django.urls import reverse


def test_home_renders_in_chromium(live_server, page, phone_page, db):
    for p in (page, phone_page):
        response = p.goto(live_server.url + reverse("home"))
        assert response.status == 200
        assert p.locator("h1").count() == 1
