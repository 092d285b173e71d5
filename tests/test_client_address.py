"""The client address every lockout, rate limit and audit row uses: not spoofable through headers."""

from django.test import RequestFactory

from partybuild.client_address import client_address


def _request(remote: str, forwarded: str | None = None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_it_ignores_a_forwarded_header_when_no_proxy_is_trusted(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(_request("10.0.0.9", "1.2.3.4")) == "10.0.0.9"


def test_it_takes_the_address_our_proxy_saw_not_what_the_client_wrote(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client forged "6.6.6.6"; our proxy appended the real peer 172.16.0.5.
    assert client_address(_request("10.0.0.2", "6.6.6.6, 172.16.0.5")) == "172.16.0.5"


def test_it_falls_back_to_the_peer_when_the_proxy_sent_no_header(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(_request("10.0.0.2", "172.16.0.5")) == "10.0.0.2"
