"""The web API's ``lang`` choice is the command line's ``--lang``: one language kept, and the
same one-line message for a language it does not support."""

from __future__ import annotations

import pytest


def labels(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [b["label"]["value"] for b in response.json()["results"]["bindings"]]


def test_lang_keeps_one_language(client) -> None:
    # The VESOC page calls it "De VESOC-werkgroep"; the English label translates it.
    url = "/api/body-labels"
    params = {"body_iri": "ggd:vesoc-working-group"}
    assert labels(client.get(url, params=params)) == ["VESOC working group", "VESOC-werkgroep"]
    assert labels(client.get(url, params={**params, "lang": "nl"})) == ["VESOC-werkgroep"]
    assert labels(client.get(url, params={**params, "lang": "EN"})) == ["VESOC working group"]
    assert len(labels(client.get(url, params={**params, "lang": "all"}))) == 2


@pytest.mark.parametrize("lang", ["fr", ""])
def test_an_unsupported_language_is_a_400_with_the_command_line_message(client, lang) -> None:
    r = client.get("/api/body-labels", params={"lang": lang})
    assert r.status_code == 400
    assert f"unsupported language {lang!r} (lang); choose one of: en, nl, all" in r.text
    assert r.text.count("\n") == 1


def test_lang_given_twice_is_a_400(client) -> None:
    r = client.get("/api/body-labels", params=[("lang", "en"), ("lang", "nl")])
    assert r.status_code == 400 and "given more than once" in r.text
